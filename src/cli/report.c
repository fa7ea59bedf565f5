/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reports: sections of named tables, rendered as aligned text for a person,
 * or as CSV (one table) and JSON (everything) for a machine. Column names
 * are the stable interface documented in docs/cli.md. Files named with
 * --output are written beside their destination and renamed into place
 * only when complete, so a failed run never leaves a partial file. */
#include "cli.h"

#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FPA_CLI_VERSION
#define FPA_CLI_VERSION FPA_VERSION_STRING
#endif

/* ---- building --------------------------------------------------------------- */

cli_report *cli_report_new(const char *name, const char *title)
{
    cli_report *r = cli_calloc(1, sizeof *r);
    r->name = cli_strdup(name);
    r->title = cli_strdup(title);
    return r;
}

static void cell_free(cli_cell *c) { free(c->text); }

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
    if (!r->param_key || !r->param) {
        fputs("fpa: out of memory\n", stderr);
        exit(CLI_ECOMPUTE);
    }
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

/* ---- text --------------------------------------------------------------------- */

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

static void fmt_fixed(char *buf, size_t n, double v, int decimals)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, v);
    if (!strcmp(raw, "-0") || !strcmp(raw, "-0.0") || !strcmp(raw, "-0.00"))
        memmove(raw, raw + 1, strlen(raw));
    group_digits(buf, n, raw);
}

static const char *fmt_text(char *buf, size_t n, const cli_cell *c)
{
    if (c->null) return "n/a";
    switch (c->kind) {
    case CLI_TEXT: return c->text;
    case CLI_AMOUNT: fmt_fixed(buf, n, c->num, 0); break;
    case CLI_COUNT: fmt_fixed(buf, n, c->num, 0); break;
    case CLI_NUMBER: fmt_fixed(buf, n, c->num, 2); break;
    case CLI_FRACTION:
        fmt_fixed(buf, n, 100 * c->num, 1);
        strncat(buf, "%", n - strlen(buf) - 1);
        break;
    case CLI_BOOL: return c->num != 0 ? "yes" : "no";
    default: snprintf(buf, n, "%.10g", c->num); break;
    }
    return buf;
}

static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

static void pad(FILE *f, size_t n)
{
    while (n--) fputc(' ', f);
}

static bool visible(const cli_table *t, size_t j)
{
    return !(t->col[j].flags & CLI_HIDE_TEXT) && (int)j != t->group_col &&
           (int)j != t->level_col;
}

static size_t indent_of(const cli_table *t, size_t i, size_t j)
{
    if ((int)j != t->indent_col || t->level_col < 0) return 0;
    const cli_cell *l = &t->cell[i * t->ncols + (size_t)t->level_col];
    return l->null ? 0 : 2 * (size_t)l->num;
}

static void text_table_raw(FILE *f, const cli_table *t, bool title);

/* A table is laid out in memory first, so that no line ends in spaces
 * (an empty last column would leave the padding of the ones before it). */
static void text_table(FILE *out, const cli_table *t, bool title)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        text_table_raw(out, t, title);
        return;
    }
    text_table_raw(f, t, title);
    if (fclose(f) != 0 || !buf) {
        fputs("fpa: out of memory\n", stderr);
        exit(CLI_ECOMPUTE);
    }
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

static void text_table_raw(FILE *f, const cli_table *t, bool title)
{
    size_t first = t->text_tail && t->nrows > t->text_tail ? t->nrows - t->text_tail : 0;
    size_t *w = cli_calloc(t->ncols, sizeof *w);
    char buf[128];
    for (size_t j = 0; j < t->ncols; j++) {
        w[j] = width(t->col[j].name);
        for (size_t i = first; i < t->nrows; i++) {
            size_t cw = width(fmt_text(buf, sizeof buf, &t->cell[i * t->ncols + j])) +
                        indent_of(t, i, j);
            if (cw > w[j]) w[j] = cw;
        }
    }
    size_t lastvis = 0;
    for (size_t j = 0; j < t->ncols; j++)
        if (visible(t, j)) lastvis = j;
    if (title) fprintf(f, "\n%s\n", t->title);
    char *group = NULL;
    for (size_t i = first; i <= t->nrows; i++) {
        const char *g = t->group_col >= 0 && i < t->nrows
                      ? fmt_text(buf, sizeof buf, &t->cell[i * t->ncols + (size_t)t->group_col])
                      : NULL;
        bool head = i == first || (g && group && strcmp(g, group) != 0);
        if (i == t->nrows) break;
        if (head) {
            if (g) fprintf(f, "%s%s\n", i == first ? "" : "\n", g);
            free(group);
            group = g ? cli_strdup(g) : NULL;
            for (int pass = 0; pass < 2; pass++) {
                const char *sep = "";
                for (size_t j = 0; j < t->ncols; j++) {
                    if (!visible(t, j)) continue;
                    size_t cw = width(t->col[j].name);
                    bool right = t->col[j].kind != CLI_TEXT;
                    fputs(sep, f);
                    sep = "  ";
                    if (pass) {
                        for (size_t k = 0; k < w[j]; k++) fputc('-', f);
                    } else {
                        if (right) pad(f, w[j] - cw);
                        fputs(t->col[j].name, f);
                        if (!right && j < lastvis) pad(f, w[j] - cw);
                    }
                }
                fputc('\n', f);
            }
        }
        const char *sep = "";
        for (size_t j = 0; j < t->ncols; j++) {
            if (!visible(t, j)) continue;
            const cli_cell *c = &t->cell[i * t->ncols + j];
            const char *s = fmt_text(buf, sizeof buf, c);
            size_t ind = indent_of(t, i, j), cw = width(s) + ind;
            fputs(sep, f);
            sep = "  ";
            if (t->col[j].kind != CLI_TEXT) pad(f, w[j] - cw);
            pad(f, ind);
            fputs(s, f);
            if (t->col[j].kind == CLI_TEXT && j < lastvis) pad(f, w[j] - cw);
        }
        fputc('\n', f);
    }
    free(group);
    free(w);
}

static void text_report(FILE *f, const cli_report *r, const cli_table *only)
{
    if (only || r->bare) {
        for (size_t s = 0; !only && s < r->nsections; s++)
            for (size_t t = 0; t < r->section[s]->ntables; t++)
                if (!(r->section[s]->table[t]->flags & CLI_HIDE_TEXT))
                    text_table(f, r->section[s]->table[t], false);
        if (only) text_table(f, only, !r->bare);
        return;
    }
    fprintf(f, "%s\n", r->title);
    char buf[128];
    for (size_t i = 0; i < r->nparams; i++)
        fprintf(f, "  %s: %s\n", r->param_key[i], fmt_text(buf, sizeof buf, &r->param[i]));
    for (size_t s = 0; s < r->nsections; s++) {
        const cli_section *sec = r->section[s];
        fprintf(f, "\n== %s ==\n", sec->title);
        for (size_t n = 0; n < sec->nnotes; n++) fprintf(f, "note: %s\n", sec->note[n]);
        for (size_t t = 0; t < sec->ntables; t++)
            if (!(sec->table[t]->flags & CLI_HIDE_TEXT)) text_table(f, sec->table[t], true);
    }
}

/* ---- CSV ------------------------------------------------------------------------ */

/* The shortest decimal that reads back as the same double. */
static void fmt_exact(char *buf, size_t n, double v)
{
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, v);
        if (strtod(buf, NULL) == v) return;
    }
}

static void csv_text(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' ')))
        csv_fwrite(f, s, strlen(s));
    else
        fputs(s, f);
}

static void csv_table(FILE *f, const cli_table *t)
{
    const char *sep = "";
    for (size_t j = 0; j < t->ncols; j++) {
        if (t->col[j].flags & CLI_HIDE_MACHINE) continue;
        fputs(sep, f);
        sep = ",";
        csv_text(f, t->col[j].name);
    }
    fputc('\n', f);
    char buf[64];
    for (size_t i = 0; i < t->nrows; i++) {
        sep = "";
        for (size_t j = 0; j < t->ncols; j++) {
            if (t->col[j].flags & CLI_HIDE_MACHINE) continue;
            const cli_cell *c = &t->cell[i * t->ncols + j];
            fputs(sep, f);
            sep = ",";
            if (c->null) continue;
            if (c->kind == CLI_TEXT) csv_text(f, c->text);
            else if (c->kind == CLI_BOOL) fputs(c->num != 0 ? "true" : "false", f);
            else {
                fmt_exact(buf, sizeof buf, c->num);
                fputs(buf, f);
            }
        }
        fputc('\n', f);
    }
}

/* ---- JSON ----------------------------------------------------------------------- */

static json_t *must(json_t *j)
{
    if (!j) {
        fputs("fpa: out of memory\n", stderr);
        exit(CLI_ECOMPUTE);
    }
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
                put(o, t->col[j].name, json_cell(&t->cell[i * t->ncols + j]));
        json_array_append_new(rows, o);
    }
    return rows;
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
    for (size_t s = 0; s < r->nsections; s++) {
        const cli_section *sec = r->section[s];
        json_t *o = must(json_object()), *notes = must(json_array()), *tabs = must(json_object());
        put(o, "title", json_string(sec->title));
        for (size_t n = 0; n < sec->nnotes; n++)
            json_array_append_new(notes, must(json_string(sec->note[n])));
        put(o, "notes", notes);
        for (size_t t = 0; t < sec->ntables; t++)
            if (!(sec->table[t]->flags & CLI_HIDE_MACHINE))
                put(tabs, sec->table[t]->name, json_rows(sec->table[t]));
        put(o, "tables", tabs);
        put(secs, sec->name, o);
    }
    put(root, "sections", secs);
    return root;
}

/* ---- output ----------------------------------------------------------------------- */

static int find_table(const cli_table **out, const cli_report *r, const char *name, bool machine)
{
    const cli_table *found = NULL;
    size_t hits = 0;
    for (size_t s = 0; s < r->nsections; s++)
        for (size_t t = 0; t < r->section[s]->ntables; t++) {
            const cli_table *tab = r->section[s]->table[t];
            if (machine && (tab->flags & CLI_HIDE_MACHINE)) continue;
            char *full = cli_fmt("%s.%s", r->section[s]->name, tab->name);
            bool hit = name ? !strcmp(full, name) || !strcmp(tab->name, name) : !found;
            free(full);
            if (hit && (name || !found)) {
                found = tab;
                hits++;
            }
        }
    if (found && hits == 1) {
        *out = found;
        return 0;
    }
    if (!name) return cli_fail(CLI_EUSAGE, "this report has no table");
    char list[1024] = "";
    size_t len = 0;
    for (size_t s = 0; s < r->nsections; s++)
        for (size_t t = 0; t < r->section[s]->ntables && len < sizeof list; t++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s.%s", len ? ", " : "",
                                    r->section[s]->name, r->section[s]->table[t]->name);
    return cli_fail(CLI_EUSAGE, "--table: %s \"%s\"; the tables are: %s",
                    hits > 1 ? "ambiguous name" : "no table", name, list);
}

int cli_format_of(cli_format *out, const cli_args *a)
{
    const char *f = cli_args_get(a, OPT_FORMAT);
    if (!f || !strcmp(f, "table")) *out = CLI_FMT_TABLE;
    else if (!strcmp(f, "csv")) *out = CLI_FMT_CSV;
    else if (!strcmp(f, "json")) *out = CLI_FMT_JSON;
    else return cli_fail(CLI_EUSAGE, "--format: \"%s\" is not table, csv or json", f);
    return 0;
}

static char *pending; /* a temporary output file to remove if we stop early */

static void remove_pending(void)
{
    if (pending) unlink(pending);
}

/* Returns errno of a failed write, 0 when everything was written. */
static int render(FILE *f, const cli_report *r, cli_format fmt, const cli_table *only)
{
    errno = 0;
    if (fmt == CLI_FMT_TABLE) {
        text_report(f, r, only);
    } else if (fmt == CLI_FMT_CSV) {
        csv_table(f, only);
    } else {
        json_t *j = only ? json_rows(only) : json_report(r);
        int rc = json_dumpf(j, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
        json_decref(j);
        if (rc != 0) return errno ? errno : EIO;
        fputc('\n', f);
    }
    if (fflush(f) != 0 || ferror(f)) return errno ? errno : EIO;
    return 0;
}

int cli_report_write(const cli_report *r, const cli_args *a)
{
    cli_format fmt = CLI_FMT_TABLE;
    int rc = cli_format_of(&fmt, a);
    if (rc) return rc;
    const char *tname = cli_args_get(a, OPT_TABLE);
    const cli_table *only = NULL;
    if ((tname || fmt == CLI_FMT_CSV) && (rc = find_table(&only, r, tname, fmt != CLI_FMT_TABLE)))
        return rc;
    const char *path = cli_args_get(a, OPT_OUTPUT);
    if (!path || !strcmp(path, "-")) {
        int err = render(stdout, r, fmt, only);
        return err ? cli_fail(CLI_EOUTPUT, "standard output: %s", strerror(err)) : 0;
    }
    char *tmp = cli_fmt("%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rc = cli_fail_at(CLI_EOUTPUT, path, 0, 0, "cannot create a file beside it: %s",
                         strerror(errno));
        free(tmp);
        return rc;
    }
    pending = tmp;
    static bool registered;
    if (!registered) registered = atexit(remove_pending) == 0;
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask); /* as if created by fopen(), not mkstemp()'s 0600 */
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        rc = cli_fail_at(CLI_EOUTPUT, path, 0, 0, "%s", strerror(errno));
    } else {
        int err = render(f, r, fmt, only);
        if (fclose(f) != 0 && !err) err = errno ? errno : EIO;
        if (!err && rename(tmp, path) != 0) err = errno;
        else if (!err) pending = NULL;
        if (err) rc = cli_fail_at(CLI_EOUTPUT, path, 0, 0, "%s", strerror(err ? err : EIO));
    }
    if (pending) unlink(pending);
    pending = NULL;
    free(tmp);
    return rc;
}
