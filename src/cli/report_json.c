/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report model as JSON and back, exactly (17 significant digits, every
 * column's kind and flags, every cell's kind, the figures): the close of
 * record keeps the pack it printed in this form, so that `fpa review
 * --store` renders it again byte for byte in any format. */
#include "report.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *must(json_t *j)
{
    if (!j) cli_oom();
    return j;
}

static void put(json_t *o, const char *k, json_t *v) { json_object_set_new(o, k, must(v)); }

static json_t *num(double v) { return isfinite(v) ? must(json_real(v)) : json_null(); }

/* A cell: [kind, value] with value null, a number or a string. */
static json_t *cell_out(const cli_cell *c)
{
    json_t *a = must(json_array());
    json_array_append_new(a, must(json_integer(c->kind)));
    json_array_append_new(a, c->null ? json_null() : c->kind == CLI_TEXT
                                     ? must(json_string(c->text)) : num(c->num));
    return a;
}

static json_t *table_out(const cli_table *t)
{
    json_t *o = must(json_object()), *cols = must(json_array()), *cells = must(json_array());
    put(o, "name", json_string(t->name));
    put(o, "title", json_string(t->title));
    put(o, "flags", json_integer(t->flags));
    put(o, "group", json_integer(t->group_col));
    put(o, "indent", json_integer(t->indent_col));
    put(o, "level", json_integer(t->level_col));
    put(o, "tail", json_integer((json_int_t)t->text_tail));
    for (size_t j = 0; j < t->ncols; j++) {
        json_t *c = must(json_array());
        json_array_append_new(c, must(json_string(t->col[j].name)));
        json_array_append_new(c, must(json_integer(t->col[j].kind)));
        json_array_append_new(c, must(json_integer(t->col[j].flags)));
        json_array_append_new(cols, c);
    }
    put(o, "cols", cols);
    for (size_t i = 0; i < t->nrows * t->ncols; i++) json_array_append_new(cells, cell_out(&t->cell[i]));
    put(o, "cells", cells);
    return o;
}

static json_t *figure_out(const cli_figure *f)
{
    json_t *o = must(json_object()), *x = must(json_array()), *tr = must(json_array());
    put(o, "name", json_string(f->name));
    put(o, "title", json_string(f->title));
    put(o, "unit", json_string(f->unit));
    put(o, "kind", json_integer(f->kind));
    for (size_t i = 0; i < f->n; i++) json_array_append_new(x, f->x[i] ? must(json_string(f->x[i])) : json_null());
    put(o, "x", x);
    for (size_t k = 0; k < f->nseries; k++) {
        json_t *s = must(json_object()), *v = must(json_array()), *tone = must(json_array());
        put(s, "name", json_string(f->s[k].name));
        put(s, "role", json_integer(f->s[k].role));
        for (size_t i = 0; i < f->n; i++) {
            json_array_append_new(v, num(f->s[k].v[i]));
            if (f->s[k].tone) json_array_append_new(tone, must(json_integer(f->s[k].tone[i])));
        }
        put(s, "v", v);
        put(s, "tone", tone);
        json_array_append_new(tr, s);
    }
    put(o, "traces", tr);
    return o;
}

char *cli_report_serialize(const cli_report *r)
{
    json_t *o = must(json_object()), *params = must(json_array()), *secs = must(json_array());
    put(o, "name", json_string(r->name));
    put(o, "title", json_string(r->title));
    put(o, "bare", json_boolean(r->bare));
    for (size_t i = 0; i < r->nparams; i++) {
        json_t *p = must(json_array());
        json_array_append_new(p, must(json_string(r->param_key[i])));
        json_array_append_new(p, cell_out(&r->param[i]));
        json_array_append_new(params, p);
    }
    put(o, "params", params);
    for (size_t s = 0; s < r->nsections; s++) {
        const cli_section *sec = r->section[s];
        json_t *so = must(json_object()), *notes = must(json_array());
        json_t *tabs = must(json_array()), *figs = must(json_array());
        put(so, "name", json_string(sec->name));
        put(so, "title", json_string(sec->title));
        for (size_t n = 0; n < sec->nnotes; n++) json_array_append_new(notes, must(json_string(sec->note[n])));
        for (size_t t = 0; t < sec->ntables; t++) json_array_append_new(tabs, table_out(sec->table[t]));
        for (size_t f = 0; f < sec->nfigures; f++) json_array_append_new(figs, figure_out(sec->figure[f]));
        put(so, "notes", notes);
        put(so, "tables", tabs);
        put(so, "figures", figs);
        json_array_append_new(secs, so);
    }
    put(o, "sections", secs);
    char *text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17));
    json_decref(o);
    if (!text) cli_oom();
    char *copy = cli_strdup(text);
    free(text);
    return copy;
}

/* ---- back ---------------------------------------------------------------------------- */

static const char *str(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static long long integer(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static double value(json_t *v) { return json_is_number(v) ? json_number_value(v) : NAN; }

static void cell_in(cli_cell *c, json_t *a)
{
    json_t *v = json_array_get(a, 1);
    c->kind = (cli_kind)json_integer_value(json_array_get(a, 0));
    c->null = json_is_null(v);
    c->text = c->kind == CLI_TEXT && !c->null ? cli_strdup(json_string_value(v)) : NULL;
    c->num = c->kind != CLI_TEXT ? value(v) : 0;
}

static void table_in(cli_section *s, json_t *o)
{
    json_t *cols = json_object_get(o, "cols"), *cells = json_object_get(o, "cells");
    size_t nc = json_array_size(cols);
    cli_col *col = cli_calloc(nc, sizeof *col);
    for (size_t j = 0; j < nc; j++) {
        json_t *c = json_array_get(cols, j);
        col[j] = (cli_col){json_string_value(json_array_get(c, 0)),
                           (cli_kind)json_integer_value(json_array_get(c, 1)),
                           (unsigned)json_integer_value(json_array_get(c, 2))};
    }
    cli_table *t = cli_table_add(s, str(o, "name"), str(o, "title"), col, nc);
    free(col);
    t->flags = (unsigned)integer(o, "flags");
    t->group_col = (int)integer(o, "group");
    t->indent_col = (int)integer(o, "indent");
    t->level_col = (int)integer(o, "level");
    t->text_tail = (size_t)integer(o, "tail");
    size_t n = nc ? json_array_size(cells) / nc : 0;
    for (size_t i = 0; i < n; i++) {
        cli_row_add(t);
        for (size_t j = 0; j < nc; j++) {
            cli_cell *c = &t->cell[i * nc + j];
            cell_in(c, json_array_get(cells, i * nc + j));
        }
    }
}

static void figure_in(cli_section *s, json_t *o)
{
    json_t *x = json_object_get(o, "x"), *tr = json_object_get(o, "traces");
    size_t n = json_array_size(x);
    cli_figure *f = cli_figure_add(s, str(o, "name"), str(o, "title"),
                                   (cli_figure_kind)integer(o, "kind"), str(o, "unit"), n);
    for (size_t i = 0; i < n; i++)
        if (json_is_string(json_array_get(x, i))) cli_figure_x(f, i, json_string_value(json_array_get(x, i)));
    for (size_t k = 0; k < json_array_size(tr); k++) {
        json_t *so = json_array_get(tr, k), *v = json_object_get(so, "v");
        json_t *tone = json_object_get(so, "tone");
        cli_trace *t = cli_figure_trace(f, str(so, "name"), (cli_role)integer(so, "role"));
        for (size_t i = 0; i < n; i++) {
            t->v[i] = value(json_array_get(v, i));
            if (t->tone) t->tone[i] = (unsigned char)json_integer_value(json_array_get(tone, i));
        }
    }
}

cli_report *cli_report_deserialize(const char *text)
{
    json_error_t err;
    json_t *o = json_loads(text, 0, &err);
    if (!json_is_object(o)) {
        json_decref(o);
        return NULL;
    }
    cli_report *r = cli_report_new(str(o, "name"), str(o, "title"));
    r->bare = json_is_true(json_object_get(o, "bare"));
    json_t *params = json_object_get(o, "params"), *secs = json_object_get(o, "sections");
    for (size_t i = 0; i < json_array_size(params); i++) {
        json_t *p = json_array_get(params, i);
        cli_report_param_text(r, json_string_value(json_array_get(p, 0)), "");
        cli_cell *c = &r->param[r->nparams - 1];
        free(c->text);
        cell_in(c, json_array_get(p, 1));
    }
    for (size_t k = 0; k < json_array_size(secs); k++) {
        json_t *so = json_array_get(secs, k), *a;
        cli_section *s = cli_section_add(r, str(so, "name"), str(so, "title"));
        a = json_object_get(so, "notes");
        for (size_t n = 0; n < json_array_size(a); n++)
            cli_section_note(s, "%s", json_string_value(json_array_get(a, n)));
        a = json_object_get(so, "tables");
        for (size_t t = 0; t < json_array_size(a); t++) table_in(s, json_array_get(a, t));
        a = json_object_get(so, "figures");
        for (size_t f = 0; f < json_array_size(a); f++) figure_in(s, json_array_get(a, f));
    }
    json_decref(o);
    return r;
}
