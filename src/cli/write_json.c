/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The JSON writer (jansson): every section, its notes and its tables, each
 * number at full precision (17 significant digits, read back exactly). */
#include "report.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>

#ifndef FPA_CLI_VERSION
#define FPA_CLI_VERSION FPA_VERSION_STRING
#endif

static json_t *must(json_t *j)
{
    if (!j) cli_oom();
    return j;
}

static json_t *json_cell(const cli_cell *c)
{
    if (c->null) return json_null();
    switch (c->kind) {
    case CLI_TEXT: return must(json_string(c->text));
    case CLI_BOOL: return json_boolean(c->num != 0);
    case CLI_COUNT:
        if (fabs(c->num) < 9007199254740992.0 && c->num == floor(c->num))
            return must(json_integer((json_int_t)c->num));
        return must(json_real(c->num));
    default: return must(json_real(c->num));
    }
}

static void put(json_t *o, const char *k, json_t *v) { json_object_set_new(o, k, must(v)); }

static json_t *json_rows(const cli_table *t)
{
    json_t *rows = must(json_array());
    for (size_t i = 0; i < t->nrows; i++) {
        json_t *o = must(json_object());
        for (size_t j = 0; j < t->ncols; j++)
            if (!(t->col[j].flags & CLI_HIDE_MACHINE))
                put(o, t->col[j].name, json_cell(cli_cell_at(t, i, j)));
        json_array_append_new(rows, o);
    }
    return rows;
}

static json_t *json_section(const cli_section *sec)
{
    json_t *o = must(json_object()), *notes = must(json_array()), *tabs = must(json_object());
    put(o, "title", json_string(sec->title));
    for (size_t n = 0; n < sec->nnotes; n++)
        json_array_append_new(notes, must(json_string(sec->note[n])));
    put(o, "notes", notes);
    for (size_t t = 0; t < sec->ntables; t++)
        if (!(sec->table[t]->flags & CLI_HIDE_MACHINE))
            put(tabs, sec->table[t]->name, json_rows(sec->table[t]));
    put(o, "tables", tabs);
    return o;
}

static json_t *json_report(const cli_report *r)
{
    json_t *root = must(json_object()), *gen = must(json_object());
    json_t *params = must(json_object()), *secs = must(json_object());
    put(root, "report", json_string(r->name));
    put(root, "title", json_string(r->title));
    put(gen, "program", json_string("fpa"));
    put(gen, "version", json_string(FPA_CLI_VERSION));
    put(gen, "library", json_string(fpa_version_string()));
    put(root, "generator", gen);
    for (size_t i = 0; i < r->nparams; i++) put(params, r->param_key[i], json_cell(&r->param[i]));
    put(root, "parameters", params);
    for (size_t s = 0; s < r->nsections; s++)
        put(secs, r->section[s]->name, json_section(r->section[s]));
    put(root, "sections", secs);
    return root;
}

int cli_write_json(FILE *f, const cli_report *r, const cli_table *only)
{
    errno = 0;
    json_t *j = only ? json_rows(only) : json_report(r);
    int rc = json_dumpf(j, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    json_decref(j);
    if (rc != 0) return errno ? errno : EIO;
    fputc('\n', f);
    return ferror(f) ? (errno ? errno : EIO) : 0;
}
