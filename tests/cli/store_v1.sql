-- SPDX-License-Identifier: GPL-3.0-or-later
-- The store of closes as schema version 1 wrote it (docs/store.md): the fixture of the
-- migration test (tests/cli/test_cli_store.py).
PRAGMA journal_mode = WAL;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE close(month TEXT PRIMARY KEY, status TEXT NOT NULL CHECK(status IN ('closing','closed','reopened')), closed_at TEXT NOT NULL, program TEXT NOT NULL, library TEXT NOT NULL, budget_version TEXT, pack TEXT NOT NULL);
CREATE TABLE reopen(month TEXT NOT NULL REFERENCES close(month), reopened_at TEXT NOT NULL, reason TEXT NOT NULL);
CREATE TABLE line(close_month TEXT NOT NULL REFERENCES close(month), id TEXT NOT NULL, parent TEXT, nature TEXT NOT NULL, name TEXT, PRIMARY KEY(close_month, id));
CREATE TABLE actual(close_month TEXT NOT NULL REFERENCES close(month), line TEXT NOT NULL, month TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY(close_month, line, month));
CREATE TABLE budget(version TEXT NOT NULL, line TEXT NOT NULL, month TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY(version, line, month));
CREATE TABLE balance(close_month TEXT NOT NULL REFERENCES close(month), name TEXT NOT NULL, month TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY(close_month, name, month));
CREATE TABLE forecast(close_month TEXT NOT NULL REFERENCES close(month), line TEXT NOT NULL, kind TEXT NOT NULL, target_month TEXT NOT NULL, horizon INTEGER NOT NULL, model TEXT, mean REAL, lower_80 REAL, upper_80 REAL, lower_95 REAL, upper_95 REAL, PRIMARY KEY(close_month, line, kind, target_month));
CREATE TABLE scenario_run(close_month TEXT NOT NULL REFERENCES close(month), name TEXT NOT NULL, changes TEXT NOT NULL, ending_cash REAL, min_cash REAL, PRIMARY KEY(close_month, name));
CREATE TABLE recon_item(close_month TEXT NOT NULL REFERENCES close(month), id TEXT NOT NULL, account TEXT NOT NULL, amount_cents INTEGER NOT NULL, owner TEXT, opened TEXT NOT NULL, due TEXT, PRIMARY KEY(close_month, id));
CREATE TRIGGER close_update BEFORE UPDATE ON close WHEN OLD.status = 'closed' AND (NEW.status <> 'reopened' OR NEW.pack IS NOT OLD.pack) BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER close_delete BEFORE DELETE ON close WHEN OLD.status = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER line_INSERT_closed BEFORE INSERT ON line WHEN (SELECT status FROM close WHERE month = NEW.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER line_UPDATE_closed BEFORE UPDATE ON line WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER line_DELETE_closed BEFORE DELETE ON line WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER actual_INSERT_closed BEFORE INSERT ON actual WHEN (SELECT status FROM close WHERE month = NEW.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER actual_UPDATE_closed BEFORE UPDATE ON actual WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER actual_DELETE_closed BEFORE DELETE ON actual WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER balance_INSERT_closed BEFORE INSERT ON balance WHEN (SELECT status FROM close WHERE month = NEW.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER balance_UPDATE_closed BEFORE UPDATE ON balance WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER balance_DELETE_closed BEFORE DELETE ON balance WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER forecast_INSERT_closed BEFORE INSERT ON forecast WHEN (SELECT status FROM close WHERE month = NEW.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER forecast_UPDATE_closed BEFORE UPDATE ON forecast WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER forecast_DELETE_closed BEFORE DELETE ON forecast WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER scenario_run_INSERT_closed BEFORE INSERT ON scenario_run WHEN (SELECT status FROM close WHERE month = NEW.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER scenario_run_UPDATE_closed BEFORE UPDATE ON scenario_run WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER scenario_run_DELETE_closed BEFORE DELETE ON scenario_run WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER recon_item_INSERT_closed BEFORE INSERT ON recon_item WHEN (SELECT status FROM close WHERE month = NEW.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER recon_item_UPDATE_closed BEFORE UPDATE ON recon_item WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
CREATE TRIGGER recon_item_DELETE_closed BEFORE DELETE ON recon_item WHEN (SELECT status FROM close WHERE month = OLD.close_month) = 'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;
INSERT INTO meta VALUES('schema_version', '1');
PRAGMA user_version = 1;
