/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The text writer: aligned tables for a person, with the report's title,
 * parameters, sections and notes. A table is laid out in memory first, so
 * that no line ends in spaces (an empty last column would leave the
 * padding of the ones before it). */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void pad(FILE *f, size_t n)
{
    while (n--) fputc(' ', f);
}

static size_t *column_widths(const cli_table *t, size_t first)
{
    size_t *w = cli_calloc(t->ncols, sizeof *w);
    char buf[CLI_CELL_MAX];
    for (size_t j = 0; j < t->ncols; j++) {
        w[j] = cli_text_width(t->col[j].name);
        for (size_t i = first; i < t->nrows; i++) {
            size_t cw = cli_text_width(cli_cell_text(buf, sizeof buf, cli_cell_at(t, i, j))) +
                        cli_table_indent(t, i, j);
            if (cw > w[j]) w[j] = cw;
        }
    }
    return w;
}

static void header(FILE *f, const cli_table *t, const size_t *w, size_t lastvis)
{
    for (int pass = 0; pass < 2; pass++) {
        const char *sep = "";
        for (size_t j = 0; j < t->ncols; j++) {
            if (!cli_table_visible(t, j)) continue;
            size_t cw = cli_text_width(t->col[j].name);
            bool right = t->col[j].kind != CLI_TEXT;
            fputs(sep, f);
            sep = "  ";
            if (pass) {
                for (size_t k = 0; k < w[j]; k++) fputc('-', f);
                continue;
            }
            if (right) pad(f, w[j] - cw);
            fputs(t->col[j].name, f);
            if (!right && j < lastvis) pad(f, w[j] - cw);
        }
        fputc('\n', f);
    }
}

static void row(FILE *f, const cli_table *t, size_t i, const size_t *w, size_t lastvis)
{
    char buf[CLI_CELL_MAX];
    const char *sep = "";
    for (size_t j = 0; j < t->ncols; j++) {
        if (!cli_table_visible(t, j)) continue;
        const char *s = cli_cell_text(buf, sizeof buf, cli_cell_at(t, i, j));
        size_t ind = cli_table_indent(t, i, j), cw = cli_text_width(s) + ind;
        fputs(sep, f);
        sep = "  ";
        if (t->col[j].kind != CLI_TEXT) pad(f, w[j] - cw);
        pad(f, ind);
        fputs(s, f);
        if (t->col[j].kind == CLI_TEXT && j < lastvis) pad(f, w[j] - cw);
    }
    fputc('\n', f);
}

static void table_raw(FILE *f, const cli_table *t, bool title)
{
    size_t first = t->text_tail && t->nrows > t->text_tail ? t->nrows - t->text_tail : 0;
    size_t *w = column_widths(t, first), lastvis = 0;
    for (size_t j = 0; j < t->ncols; j++)
        if (cli_table_visible(t, j)) lastvis = j;
    if (title) fprintf(f, "\n%s\n", t->title);
    char buf[CLI_CELL_MAX], *group = NULL;
    for (size_t i = first; i < t->nrows; i++) {
        const char *g = t->group_col >= 0
                      ? cli_cell_text(buf, sizeof buf, cli_cell_at(t, i, (size_t)t->group_col))
                      : NULL;
        if (i == first || (g && group && strcmp(g, group) != 0)) {
            if (g) fprintf(f, "%s%s\n", i == first ? "" : "\n", g);
            free(group);
            group = g ? cli_strdup(g) : NULL;
            header(f, t, w, lastvis);
        }
        row(f, t, i, w, lastvis);
    }
    free(group);
    free(w);
}

static void table(FILE *out, const cli_table *t, bool title)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) cli_oom();
    table_raw(f, t, title);
    if (fclose(f) != 0 || !buf) cli_oom();
    for (char *line = buf, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (!nl) nl = line + strlen(line);
        char *end = nl;
        while (end > line && end[-1] == ' ') end--;
        fwrite(line, 1, (size_t)(end - line), out);
        if (!*nl) break;
        fputc('\n', out);
    }
    free(buf);
}

int cli_write_text(FILE *f, const cli_report *r, const cli_table *only)
{
    errno = 0;
    if (only || r->bare) {
        for (size_t s = 0; !only && s < r->nsections; s++)
            for (size_t t = 0; t < r->section[s]->ntables; t++)
                if (!(r->section[s]->table[t]->flags & CLI_HIDE_TEXT))
                    table(f, r->section[s]->table[t], false);
        if (only) table(f, only, !r->bare);
        return ferror(f) ? (errno ? errno : EIO) : 0;
    }
    fprintf(f, "%s\n", r->title);
    char buf[CLI_CELL_MAX];
    for (size_t i = 0; i < r->nparams; i++)
        fprintf(f, "  %s: %s\n", r->param_key[i], cli_cell_text(buf, sizeof buf, &r->param[i]));
    for (size_t s = 0; s < r->nsections; s++) {
        const cli_section *sec = r->section[s];
        fprintf(f, "\n== %s ==\n", sec->title);
        for (size_t n = 0; n < sec->nnotes; n++) fprintf(f, "note: %s\n", sec->note[n]);
        for (size_t t = 0; t < sec->ntables; t++)
            if (!(sec->table[t]->flags & CLI_HIDE_TEXT)) table(f, sec->table[t], true);
    }
    return ferror(f) ? (errno ? errno : EIO) : 0;
}
