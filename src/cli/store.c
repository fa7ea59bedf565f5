/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store of closes: one SQLite file (WAL, foreign keys, FULL sync) that
 * keeps every monthly close of record — the actuals, the budget version in
 * force, every forecast issued, the what-ifs run, the reconciliation items,
 * the spend requests and the pack as it was printed. The schema is
 * docs/store.md; it carries its version in PRAGMA user_version and is
 * migrated forward on opening; a store of a newer version is refused. A
 * close is one transaction: a killed or failed close leaves the store at
 * the previous close. The library itself does no I/O: the store belongs to
 * the program. */
#include "input.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct cli_store {
    sqlite3 *db;
    char *path;
};

/* Version 1 is the first schema; each later entry migrates from the one
 * before (docs/store.md lists them). Closed months are immutable: the
 * triggers refuse to change a row of a month whose close is 'closed'. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE close(month TEXT PRIMARY KEY, status TEXT NOT NULL CHECK(status IN "
    "('closing','closed','reopened')), closed_at TEXT NOT NULL, program TEXT NOT NULL, library TEXT NOT "
    "NULL, budget_version TEXT, pack TEXT NOT NULL);"
    "CREATE TABLE reopen(month TEXT NOT NULL REFERENCES close(month), reopened_at TEXT NOT NULL,"
    " reason TEXT NOT NULL);"
    "CREATE TABLE line(close_month TEXT NOT NULL REFERENCES close(month), id TEXT NOT NULL, "
    "parent TEXT, nature TEXT NOT NULL, name TEXT, PRIMARY KEY(close_month, id));"
    "CREATE TABLE actual(close_month TEXT NOT NULL REFERENCES close(month), line TEXT NOT NULL, "
    "month TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY(close_month, line, month));"
    "CREATE TABLE budget(version TEXT NOT NULL, line TEXT NOT NULL, month TEXT NOT NULL, "
    "value REAL NOT NULL, PRIMARY KEY(version, line, month));"
    "CREATE TABLE balance(close_month TEXT NOT NULL REFERENCES close(month), name TEXT NOT "
    "NULL, month TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY(close_month, name, month));"
    "CREATE TABLE forecast(close_month TEXT NOT NULL REFERENCES close(month), line TEXT NOT "
    "NULL, kind TEXT NOT NULL, target_month TEXT NOT NULL, horizon INTEGER NOT NULL, model "
    "TEXT, mean REAL, lower_80 REAL, upper_80 REAL, lower_95 REAL, upper_95 REAL, "
    "PRIMARY KEY(close_month, line, kind, target_month));"
    "CREATE TABLE scenario_run(close_month TEXT NOT NULL REFERENCES close(month), name TEXT "
    "NOT NULL, changes TEXT NOT NULL, ending_cash REAL, min_cash REAL, PRIMARY "
    "KEY(close_month, name));"
    "CREATE TABLE recon_item(close_month TEXT NOT NULL REFERENCES close(month), id TEXT NOT "
    "NULL, account TEXT NOT NULL, amount_cents INTEGER NOT NULL, owner TEXT, opened TEXT NOT "
    "NULL, due TEXT, PRIMARY KEY(close_month, id));",
    /* 1 -> 2: spend requests, the Monte Carlo figures of the what-ifs, and
       the index a notebook needs for forecast against actual */
    "CREATE TABLE spend_request(close_month TEXT NOT NULL REFERENCES close(month), id TEXT "
    "NOT NULL, cost_centre TEXT NOT NULL, amount REAL NOT NULL, requester TEXT, raised TEXT, "
    "PRIMARY KEY(close_month, id));"
    "ALTER TABLE scenario_run ADD COLUMN cash_at_risk_95 REAL;"
    "ALTER TABLE scenario_run ADD COLUMN breach_probability REAL;"
    "CREATE INDEX forecast_target ON forecast(line, target_month, horizon);"
    "CREATE INDEX actual_line ON actual(line, month);",
};
enum { SCHEMA_VERSION = sizeof migrations / sizeof *migrations };

/* The tables of a close, for the immutability triggers and for replacing a
 * reopened month. */
static const char *const close_tables[] = {"line", "actual", "balance", "forecast",
                                           "scenario_run", "recon_item", "spend_request"};
enum { NCLOSE_TABLES = sizeof close_tables / sizeof *close_tables };

int cli_store_fail(const cli_store *s, const char *what)
{
    int code = sqlite3_extended_errcode(s->db) & 0xff;
    const char *why = sqlite3_errmsg(s->db);
    if (code == SQLITE_FULL) why = "the disk is full; nothing was changed";
    else if (code == SQLITE_READONLY) why = "the store is read-only; nothing was changed";
    else if (code == SQLITE_IOERR) why = "a write failed (disk full?); nothing was changed";
    return cli_fail_at(code == SQLITE_BUSY ? CLI_EOUTPUT : code == SQLITE_CORRUPT ||
                       code == SQLITE_NOTADB ? CLI_EINPUT : CLI_EOUTPUT, s->path, 0, 0,
                       "%s: %s", what, why);
}

int cli_store_exec(cli_store *s, const char *sql, const char *what)
{
    char *err = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &err) == SQLITE_OK) return 0;
    sqlite3_free(err);
    return cli_store_fail(s, what);
}

static int user_version(cli_store *s, int *out)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return cli_store_fail(s, "reading the schema version");
    int rc = sqlite3_step(st) == SQLITE_ROW ? 0 : cli_store_fail(s, "reading the schema version");
    *out = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc;
}

/* A close is written with status 'closing' and marked 'closed' last, in
 * the same transaction; from then on its rows cannot change, and the close
 * itself only becomes 'reopened' (fpa close --reopen). */
static int add_triggers(cli_store *s)
{
    int rc = cli_store_exec(s, "CREATE TRIGGER IF NOT EXISTS close_update BEFORE UPDATE ON "
                            "close WHEN OLD.status = 'closed' AND (NEW.status <> 'reopened' OR "
                            "NEW.pack IS NOT OLD.pack) BEGIN SELECT RAISE(ABORT, 'the month is "
                            "closed'); END; CREATE TRIGGER IF NOT EXISTS close_delete BEFORE "
                            "DELETE ON close WHEN OLD.status = 'closed' BEGIN SELECT "
                            "RAISE(ABORT, 'the month is closed'); END;", "the schema");
    for (size_t k = 0; k < NCLOSE_TABLES && !rc; k++)
        for (int op = 0; op < 3 && !rc; op++) {
            static const char *const ops[3] = {"INSERT", "UPDATE", "DELETE"};
            const char *row = op == 0 ? "NEW" : "OLD";
            char *sql = cli_fmt("CREATE TRIGGER IF NOT EXISTS %s_%s_closed BEFORE %s ON %s "
                                "WHEN (SELECT status FROM close WHERE month = %s.close_month) = "
                                "'closed' BEGIN SELECT RAISE(ABORT, 'the month is closed'); END;",
                                close_tables[k], ops[op], ops[op], close_tables[k], row);
            rc = cli_store_exec(s, sql, "the schema");
            free(sql);
        }
    return rc;
}

/* Forward from the store's version to ours, in one transaction. */
static int migrate(cli_store *s, int from)
{
    if (from > (int)SCHEMA_VERSION)
        return cli_fail_at(CLI_EINPUT, s->path, 0, 0, "written by a newer fpa (store schema "
                           "%d; this fpa reads up to %d): upgrade fpa", from, (int)SCHEMA_VERSION);
    if (from == (int)SCHEMA_VERSION) return 0;
    int rc = cli_store_exec(s, "BEGIN IMMEDIATE", "migrating the schema");
    for (int v = from; v < (int)SCHEMA_VERSION && !rc; v++)
        rc = cli_store_exec(s, migrations[v], "migrating the schema");
    if (!rc) rc = add_triggers(s);
    if (!rc) {
        char *sql = cli_fmt("PRAGMA user_version = %d; INSERT OR REPLACE INTO meta VALUES"
                            "('schema_version', '%d')", (int)SCHEMA_VERSION, (int)SCHEMA_VERSION);
        rc = cli_store_exec(s, sql, "migrating the schema");
        free(sql);
    }
    if (!rc) rc = cli_store_exec(s, "COMMIT", "migrating the schema");
    if (rc) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int cli_store_open(cli_store **out, const char *path, bool create)
{
    *out = NULL;
    cli_store *s = cli_calloc(1, sizeof *s);
    s->path = cli_strdup(path);
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = 0, version = 0;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK)
        rc = s->db ? cli_store_fail(s, "opening the store")
                   : cli_fail_at(CLI_EINPUT, path, 0, 0, "cannot open the store");
    if (!rc) sqlite3_busy_timeout(s->db, 10000);
    if (!rc) rc = cli_store_exec(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL",
                                 "opening the store");
    if (!rc) rc = user_version(s, &version);
    if (!rc && version == 0 && !create)
        rc = cli_fail_at(CLI_EINPUT, path, 0, 0, "not a store of closes (fpa close creates "
                         "one)");
    if (!rc && version < (int)SCHEMA_VERSION)
        rc = cli_store_exec(s, "PRAGMA journal_mode = WAL", "opening the store");
    if (!rc) rc = migrate(s, version);
    if (rc) {
        cli_store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void cli_store_close(cli_store *s)
{
    if (!s) return;
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

/* ---- statements ------------------------------------------------------------------ */

int cli_store_prepare(cli_store *s, sqlite3_stmt **out, const char *sql)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, out, NULL) == SQLITE_OK) return 0;
    return cli_store_fail(s, "preparing a statement");
}

/* Run an INSERT (or any statement without rows) with its bound values,
 * then reset it for the next row. */
int cli_store_step(cli_store *s, sqlite3_stmt *st, const char *what)
{
    int r = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return r == SQLITE_DONE || r == SQLITE_ROW ? 0 : cli_store_fail(s, what);
}

sqlite3 *cli_store_db(cli_store *s) { return s->db; }

const char *cli_store_path(const cli_store *s) { return s->path; }

/* The status of a month's close: 0 none, 1 closed, 2 reopened. */
int cli_store_status(cli_store *s, const char *month, int *out)
{
    sqlite3_stmt *st;
    int rc = cli_store_prepare(s, &st, "SELECT status FROM close WHERE month = ?");
    if (rc) return rc;
    sqlite3_bind_text(st, 1, month, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    *out = r == SQLITE_ROW ? strcmp((const char *)sqlite3_column_text(st, 0), "closed") ? 2 : 1
                           : 0;
    sqlite3_finalize(st);
    return r == SQLITE_ROW || r == SQLITE_DONE ? 0 : cli_store_fail(s, "reading the closes");
}

/* A reopened month's rows go, in the close's transaction, before the new
 * ones come. */
int cli_store_clear(cli_store *s, const char *month)
{
    int rc = 0;
    for (size_t k = 0; k < NCLOSE_TABLES && !rc; k++) {
        char *sql = cli_fmt("DELETE FROM %s WHERE close_month = ?", close_tables[k]);
        sqlite3_stmt *st;
        rc = cli_store_prepare(s, &st, sql);
        free(sql);
        if (rc) break;
        sqlite3_bind_text(st, 1, month, -1, SQLITE_STATIC);
        rc = cli_store_step(s, st, "replacing the reopened close");
        sqlite3_finalize(st);
    }
    return rc;
}

/* The pack of a close (the latest closed one when `month` is empty). */
int cli_store_pack(cli_store *s, char month[16], char **out)
{
    sqlite3_stmt *st;
    int rc = cli_store_prepare(s, &st, month[0]
        ? "SELECT month, pack, status FROM close WHERE month = ?"
        : "SELECT month, pack, status FROM close WHERE status = 'closed' ORDER BY month DESC "
          "LIMIT 1");
    if (rc) return rc;
    if (month[0]) sqlite3_bind_text(st, 1, month, -1, SQLITE_STATIC);
    int r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        snprintf(month, 16, "%s", (const char *)sqlite3_column_text(st, 0));
        *out = cli_strdup((const char *)sqlite3_column_text(st, 1));
    } else if (r == SQLITE_DONE) {
        rc = cli_fail_at(CLI_EINPUT, s->path, 0, 0, "%s%s", month[0] ? "no close of " :
                         "no close yet", month);
    } else {
        rc = cli_store_fail(s, "reading the pack");
    }
    sqlite3_finalize(st);
    return rc;
}
