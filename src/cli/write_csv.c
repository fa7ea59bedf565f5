/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CSV writer: one table, RFC 4180 quoting (libcsv), the documented
 * column names; money to the cent, fractions to 6 decimals, numbers to 4,
 * an empty field for a value the library did not define. */
#include "report.h"

#include <csv.h>
#include <errno.h>
#include <string.h>

static void field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' ')))
        csv_fwrite(f, s, strlen(s));
    else
        fputs(s, f);
}

int cli_write_csv(FILE *f, const cli_table *t)
{
    errno = 0;
    const char *sep = "";
    for (size_t j = 0; j < t->ncols; j++) {
        if (t->col[j].flags & CLI_HIDE_MACHINE) continue;
        fputs(sep, f);
        sep = ",";
        field(f, t->col[j].name);
    }
    fputc('\n', f);
    char buf[CLI_CELL_MAX];
    for (size_t i = 0; i < t->nrows; i++) {
        sep = "";
        for (size_t j = 0; j < t->ncols; j++) {
            if (t->col[j].flags & CLI_HIDE_MACHINE) continue;
            const cli_cell *c = cli_cell_at(t, i, j);
            fputs(sep, f);
            sep = ",";
            if (c->null) continue;
            if (c->kind == CLI_TEXT) {
                field(f, c->text);
            } else if (c->kind == CLI_BOOL) {
                fputs(c->num != 0 ? "true" : "false", f);
            } else {
                cli_cell_csv(buf, sizeof buf, c);
                fputs(buf, f);
            }
        }
        fputc('\n', f);
    }
    return ferror(f) ? (errno ? errno : EIO) : 0;
}
