/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Input text: files and the embedded sample; CSV through libcsv, with the
 * line of every row kept for the error messages. */
#include "input.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void strip_bom(cli_text *t)
{
    if (t->size >= 3 && memcmp(t->data, "\xef\xbb\xbf", 3) == 0) {
        t->data += 3;
        t->size -= 3;
    }
}

int cli_text_file(cli_text *out, const char *path)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f) return cli_fail_at(CLI_EINPUT, path, 0, 0, "%s", strerror(errno));
    size_t cap = 0, n = 0;
    char *buf = NULL;
    for (;;) {
        buf = cli_grow(buf, &cap, n + 65536 + 1, 1);
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (err) {
        free(buf);
        return cli_fail_at(CLI_EINPUT, path, 0, 0, "%s", strerror(err));
    }
    buf[n] = '\0';
    out->name = cli_strdup(path);
    out->owned = buf;
    out->data = buf;
    out->size = n;
    strip_bom(out);
    return 0;
}

bool cli_text_sample(cli_text *out, const char *name)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < cli_sample_count; i++) {
        if (strcmp(cli_sample_files[i].name, name) != 0) continue;
        out->name = cli_fmt("sample:%s", name);
        out->data = (const char *)cli_sample_files[i].data;
        out->size = cli_sample_files[i].size;
        strip_bom(out);
        return true;
    }
    return false;
}

void cli_text_free(cli_text *t)
{
    free(t->name);
    free(t->owned);
    memset(t, 0, sizeof *t);
}

/* ---- CSV ------------------------------------------------------------------- */

typedef struct parse {
    cli_csv *csv;
    size_t cap_rows, cap_f;
    cli_row cur;
    size_t line, row_start;
    int err;
    const char *why;
} parse;

static void on_field(void *s, size_t len, void *data)
{
    parse *p = data;
    if (p->err) return;
    const char *str = s ? s : "";
    if (!p->row_start) p->row_start = p->line;
    if (memchr(str, '\0', len)) p->why = "contains a NUL byte";
    else if (!cli_utf8_valid(str, len)) p->why = "is not valid UTF-8";
    if (p->why) {
        p->err = cli_fail_at(CLI_EINPUT, p->csv->file, p->row_start, p->cur.n + 1,
                             "the field %s", p->why);
        return;
    }
    char *f = cli_alloc(len + 1);
    memcpy(f, str, len);
    f[len] = '\0';
    p->cur.f = cli_grow(p->cur.f, &p->cap_f, p->cur.n + 1, sizeof *p->cur.f);
    p->cur.f[p->cur.n++] = f;
}

static void drop_row(cli_row *r)
{
    for (size_t i = 0; i < r->n; i++) free(r->f[i]);
    free(r->f);
    memset(r, 0, sizeof *r);
}

static void on_row(int c, void *data)
{
    parse *p = data;
    (void)c;
    if (p->err) return;
    /* a line holding only "" is as blank as an empty one */
    if (p->cur.n == 1 && !p->cur.f[0][0]) {
        drop_row(&p->cur);
        p->cap_f = 0;
    }
    if (p->cur.n) {
        cli_csv *csv = p->csv;
        p->cur.line = p->row_start;
        csv->rows = cli_grow(csv->rows, &p->cap_rows, csv->nrows + 1, sizeof *csv->rows);
        csv->rows[csv->nrows++] = p->cur;
        memset(&p->cur, 0, sizeof p->cur);
        p->cap_f = 0;
    }
    p->row_start = 0;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(" \t\r\n", s[i])) return false;
    return true;
}

/* Fed one physical line at a time, so that every row knows the line it
 * starts on (a quoted field may span lines). */
int cli_csv_parse(cli_csv *out, const cli_text *t)
{
    memset(out, 0, sizeof *out);
    out->file = t->name;
    struct csv_parser cp;
    if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return cli_fail(CLI_ECOMPUTE, "out of memory");
    parse p = {.csv = out};
    const char *s = t->data, *end = t->data + t->size;
    while (s < end && !p.err) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t len = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
        p.line++;
        size_t lead = strspn(s, " \t");
        if (!p.row_start && lead < len && !strncmp(s + lead, "//", 2)) {
            p.err = cli_fail_at(CLI_EINPUT, out->file, p.line, lead + 1, "a comment line "
                                "(\"%.2s...\"): CSV has no comments; remove the line",
                                s + lead);
            break;
        }
        if (!p.row_start && !blank(s, len)) p.row_start = p.line;
        if (csv_parse(&cp, s, len, on_field, on_row, &p) != len && !p.err) {
            int e = csv_error(&cp);
            p.err = e == CSV_EPARSE
                ? cli_fail_at(CLI_EINPUT, out->file, p.row_start ? p.row_start : p.line,
                              p.cur.n + 1, "malformed CSV: a quote inside an unquoted "
                              "field, or text after a closing quote")
                : cli_fail(CLI_ECOMPUTE, "%s: %s", out->file, csv_strerror(e));
        }
        s += len;
    }
    if (!p.err && csv_fini(&cp, on_field, on_row, &p) != 0 && !p.err)
        p.err = cli_fail_at(CLI_EINPUT, out->file, p.row_start ? p.row_start : p.line,
                            p.cur.n + 1, "malformed CSV: a quoted field is not closed");
    csv_free(&cp);
    drop_row(&p.cur);
    if (!p.err && out->nrows == 0)
        p.err = cli_fail_at(CLI_EINPUT, out->file, 0, 0, "the file is empty (no header)");
    if (p.err) cli_csv_free(out);
    return p.err;
}

void cli_csv_free(cli_csv *c)
{
    for (size_t i = 0; i < c->nrows; i++) drop_row(&c->rows[i]);
    free(c->rows);
    c->rows = NULL;
    c->nrows = 0;
}
