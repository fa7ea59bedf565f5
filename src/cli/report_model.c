/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report model: sections of named tables, notes and figures, filled
 * by the section builders and read by every writer; and the formatting of
 * a cell that the writers share (text and HTML show the same figures). */
#include "report.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- building --------------------------------------------------------------- */

cli_report *cli_report_new(const char *name, const char *title)
{
    cli_report *r = cli_calloc(1, sizeof *r);
    r->name = cli_strdup(name);
    r->title = cli_strdup(title);
    return r;
}

static void cell_free(cli_cell *c) { free(c->text); }

static void figure_free(cli_figure *f)
{
    for (size_t i = 0; i < f->n; i++) free(f->x[i]);
    for (size_t k = 0; k < f->nseries; k++) {
        free(f->s[k].name);
        free(f->s[k].v);
        free(f->s[k].tone);
    }
    free(f->x);
    free(f->s);
    free(f->name);
    free(f->title);
    free(f->unit);
    free(f);
}

static void table_free(cli_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++) cell_free(&t->cell[i]);
    for (size_t j = 0; j < t->ncols; j++) free((void *)(uintptr_t)t->col[j].name);
    free(t->cell);
    free(t->col);
    free(t->name);
    free(t->title);
    free(t);
}

void cli_report_free(cli_report *r)
{
    if (!r) return;
    for (size_t s = 0; s < r->nsections; s++) {
        cli_section *sec = r->section[s];
        for (size_t t = 0; t < sec->ntables; t++) table_free(sec->table[t]);
        for (size_t n = 0; n < sec->nnotes; n++) free(sec->note[n]);
        for (size_t f = 0; f < sec->nfigures; f++) figure_free(sec->figure[f]);
        free(sec->figure);
        free(sec->table);
        free(sec->note);
        free(sec->name);
        free(sec->title);
        free(sec);
    }
    for (size_t i = 0; i < r->nparams; i++) {
        free(r->param_key[i]);
        cell_free(&r->param[i]);
    }
    free(r->param_key);
    free(r->param);
    free(r->section);
    free(r->name);
    free(r->title);
    free(r);
}

static cli_cell *param_add(cli_report *r, const char *key)
{
    r->param_key = realloc(r->param_key, (r->nparams + 1) * sizeof *r->param_key);
    r->param = realloc(r->param, (r->nparams + 1) * sizeof *r->param);
    if (!r->param_key || !r->param) cli_oom();
    r->param_key[r->nparams] = cli_strdup(key);
    cli_cell *c = &r->param[r->nparams++];
    memset(c, 0, sizeof *c);
    return c;
}

void cli_report_param_text(cli_report *r, const char *key, const char *val)
{
    cli_cell *c = param_add(r, key);
    c->kind = CLI_TEXT;
    c->text = cli_strdup(val);
}

cli_section *cli_section_add(cli_report *r, const char *name, const char *title)
{
    size_t cap = r->nsections;
    r->section = cli_grow(r->section, &cap, r->nsections + 1, sizeof *r->section);
    cli_section *s = cli_calloc(1, sizeof *s);
    s->name = cli_strdup(name);
    s->title = cli_strdup(title);
    r->section[r->nsections++] = s;
    return s;
}

void cli_section_note(cli_section *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = cli_alloc(n > 0 ? (size_t)n + 1 : 1);
    va_start(ap, fmt);
    vsnprintf(text, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    va_end(ap);
    size_t cap = s->nnotes;
    s->note = cli_grow(s->note, &cap, s->nnotes + 1, sizeof *s->note);
    s->note[s->nnotes++] = text;
}

cli_table *cli_table_add(cli_section *s, const char *name, const char *title,
                         const cli_col *cols, size_t ncols)
{
    cli_table *t = cli_calloc(1, sizeof *t);
    t->name = cli_strdup(name);
    t->title = cli_strdup(title);
    t->ncols = ncols;
    t->col = cli_alloc(ncols * sizeof *t->col);
    for (size_t j = 0; j < ncols; j++) { /* names may be built at run time */
        t->col[j] = cols[j];
        t->col[j].name = cli_strdup(cols[j].name);
    }
    t->group_col = t->indent_col = t->level_col = -1;
    size_t cap = s->ntables;
    s->table = cli_grow(s->table, &cap, s->ntables + 1, sizeof *s->table);
    s->table[s->ntables++] = t;
    return t;
}

size_t cli_row_add(cli_table *t)
{
    t->cell = cli_grow(t->cell, &t->cap, (t->nrows + 1) * t->ncols, sizeof *t->cell);
    cli_cell *row = &t->cell[t->nrows * t->ncols];
    for (size_t j = 0; j < t->ncols; j++)
        row[j] = (cli_cell){.kind = t->col[j].kind, .null = true};
    return t->nrows++;
}

static cli_cell *cur(cli_table *t, size_t col)
{
    cli_cell *c = &t->cell[(t->nrows - 1) * t->ncols + col];
    free(c->text);
    c->text = NULL;
    c->null = false;
    return c;
}

void cli_put_text(cli_table *t, size_t col, const char *s)
{
    cli_cell *c = cur(t, col);
    c->kind = CLI_TEXT;
    c->text = cli_strdup(s);
}

void cli_put_kind(cli_table *t, size_t col, cli_kind k, double v)
{
    cli_cell *c = cur(t, col);
    c->kind = k;
    c->num = v;
    c->null = !isfinite(v); /* never printed: the library returns none */
}

void cli_put_num(cli_table *t, size_t col, double v) { cli_put_kind(t, col, t->col[col].kind, v); }

void cli_put_null(cli_table *t, size_t col) { cur(t, col)->null = true; }

void cli_put_bool(cli_table *t, size_t col, bool v) { cli_put_kind(t, col, CLI_BOOL, v); }

void cli_put_period(cli_table *t, size_t col, int64_t period)
{
    char p[16];
    cli_period_str(p, period);
    cli_put_text(t, col, p);
}

const cli_cell *cli_cell_at(const cli_table *t, size_t row, size_t col)
{
    return &t->cell[row * t->ncols + col];
}

/* ---- figures ---------------------------------------------------------------- */

cli_figure *cli_figure_add(cli_section *s, const char *name, const char *title,
                           cli_figure_kind kind, const char *unit, size_t n)
{
    cli_figure *f = cli_calloc(1, sizeof *f);
    f->name = cli_strdup(name);
    f->title = cli_strdup(title);
    f->unit = cli_strdup(unit);
    f->kind = kind;
    f->n = n;
    f->x = cli_calloc(n, sizeof *f->x);
    size_t cap = s->nfigures;
    s->figure = cli_grow(s->figure, &cap, s->nfigures + 1, sizeof *s->figure);
    s->figure[s->nfigures++] = f;
    return f;
}

void cli_figure_x(cli_figure *f, size_t i, const char *label)
{
    free(f->x[i]);
    f->x[i] = cli_strdup(label);
}

void cli_figure_x_period(cli_figure *f, size_t i, int64_t period)
{
    char p[16];
    cli_period_str(p, period);
    cli_figure_x(f, i, p);
}

cli_trace *cli_figure_trace(cli_figure *f, const char *name, cli_role role)
{
    f->s = cli_grow(f->s, &f->cap, f->nseries + 1, sizeof *f->s);
    cli_trace *t = &f->s[f->nseries++];
    t->name = cli_strdup(name);
    t->role = role;
    t->v = cli_alloc(f->n * sizeof *t->v);
    for (size_t i = 0; i < f->n; i++) t->v[i] = NAN;
    t->tone = role == CLI_ROLE_STEP ? cli_calloc(f->n, 1) : NULL;
    return t;
}

/* ---- cells as the writers show them ---------------------------------------------- */

static void group_digits(char *out, size_t cap, const char *num)
{
    const char *s = num, *dot;
    size_t o = 0;
    if (*s == '-') out[o++] = *s++;
    dot = strchr(s, '.');
    size_t ilen = dot ? (size_t)(dot - s) : strlen(s);
    for (size_t i = 0; i < ilen && o + 2 < cap; i++) {
        out[o++] = s[i];
        if ((ilen - i - 1) % 3 == 0 && i + 1 < ilen) out[o++] = ',';
    }
    snprintf(out + o, cap - o, "%s", dot ? dot : "");
}

/* Fixed decimals without "-0", never cut: text (grouped) shows a figure of
 * 1e21 or more in exponent notation, CSV every digit (callers give CSV
 * CLI_CELL_MAX bytes: DBL_MAX has 309 digits). */
static void fixed(char *buf, size_t n, double v, int decimals, bool grouped)
{
    char raw[CLI_CELL_MAX];
    if (grouped && fabs(v) >= 1e21) {
        snprintf(buf, n, "%.6e", v);
        return;
    }
    snprintf(raw, sizeof raw, "%.*f", decimals, v);
    if (raw[0] == '-' && strspn(raw + 1, "0.") == strlen(raw + 1))
        memmove(raw, raw + 1, strlen(raw));
    if (grouped) group_digits(buf, n, raw);
    else snprintf(buf, n, "%s", raw);
}

/* Control characters of a name from the input (an escape sequence could
 * repaint a terminal) shown as \xNN. */
static const char *printable(char *buf, size_t n, const char *s)
{
    const char *c = s;
    while (*c && (unsigned char)*c >= 0x20 && *c != 0x7f) c++;
    if (!*c) return s;
    size_t o = 0;
    for (c = s; *c && o + 5 < n; c++) {
        unsigned char u = (unsigned char)*c;
        if (u < 0x20 || u == 0x7f) o += (size_t)snprintf(buf + o, n - o, "\\x%02x", u);
        else buf[o++] = *c;
    }
    buf[o] = '\0';
    return buf;
}

const char *cli_cell_text(char *buf, size_t n, const cli_cell *c)
{
    if (c->null) return "n/a";
    switch (c->kind) {
    case CLI_TEXT: return printable(buf, n, c->text);
    case CLI_AMOUNT:
    case CLI_COUNT: fixed(buf, n, c->num, 0, true); break;
    case CLI_NUMBER: fixed(buf, n, c->num, 2, true); break;
    case CLI_FRACTION:
        fixed(buf, n, 100 * c->num, 1, true);
        strncat(buf, "%", n - strlen(buf) - 1);
        break;
    case CLI_BOOL: return c->num != 0 ? "yes" : "no";
    default: snprintf(buf, n, "%.10g", c->num); break;
    }
    return buf;
}

void cli_cell_csv(char *buf, size_t n, const cli_cell *c)
{
    switch (c->kind) {
    case CLI_AMOUNT: fixed(buf, n, c->num, 2, false); break;
    case CLI_FRACTION: fixed(buf, n, c->num, 6, false); break;
    case CLI_NUMBER: fixed(buf, n, c->num, 4, false); break;
    case CLI_COUNT: fixed(buf, n, c->num, 0, false); break;
    default: snprintf(buf, n, "%.10g", c->num); break;
    }
}

size_t cli_text_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

bool cli_table_visible(const cli_table *t, size_t j)
{
    return !(t->col[j].flags & CLI_HIDE_TEXT) && (int)j != t->group_col &&
           (int)j != t->level_col;
}

/* Two spaces a level, at most 40: a deep chart stays readable and its
 * table linear in size. */
size_t cli_table_indent(const cli_table *t, size_t i, size_t j)
{
    enum { MAX_LEVEL = 20 };
    if ((int)j != t->indent_col || t->level_col < 0) return 0;
    const cli_cell *l = &t->cell[i * t->ncols + (size_t)t->level_col];
    if (l->null) return 0;
    return 2 * (l->num > MAX_LEVEL ? MAX_LEVEL : (size_t)l->num);
}

bool cli_format_parse(cli_format *out, const char *f)
{
    static const char *const names[] = {"table", "csv", "json", "html", "xlsx"};
    for (int k = 0; k < 5; k++)
        if (!strcmp(f, names[k])) {
            *out = (cli_format)k;
            return true;
        }
    return false;
}
