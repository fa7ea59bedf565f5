/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The company's data: monthly series (long or wide CSV), the chart of lines
 * (CSV or JSON), customer cohort rows, and the manifest tying them together.
 * Every check that can point at a cell does: file:line:column. */
#include "input.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- ids ------------------------------------------------------------------------- */

static int by_idref(const void *a, const void *b)
{
    const cli_idref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

bool cli_idref_find(const cli_idref *r, size_t n, const char *id, size_t *out)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(r[mid].id, id) < 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo < n && strcmp(r[lo].id, id) == 0) {
        *out = r[lo].index;
        return true;
    }
    return false;
}

void cli_idref_sort(cli_idref *r, size_t n) { qsort(r, n, sizeof *r, by_idref); }

/* ---- series ------------------------------------------------------------------ */

typedef struct entry {
    const char *name;
    int64_t period;
    double value;
    size_t line, col, seq; /* seq: file order, breaks ties */
    size_t name_col;       /* where the series is named */
} entry;

static int by_name_period(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    if (x->period != y->period) return x->period < y->period ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int by_seq(const void *a, const void *b)
{
    const cli_series *x = a, *y = b;
    return x->line < y->line ? -1 : x->line > y->line ? 1
         : x->col < y->col ? -1 : x->col > y->col;
}

static int check_fields(const cli_csv *c, const cli_row *r, size_t want)
{
    if (r->n == want) return 0;
    return cli_fail_at(CLI_EINPUT, c->file, r->line, r->n < want ? r->n + 1 : want + 1,
                       "expected %zu fields like the header, found %zu", want, r->n);
}

static int bad_number(const cli_csv *c, const cli_row *r, size_t col)
{
    const char *s = r->f[col];
    if (!*s) return cli_fail_at(CLI_EINPUT, c->file, r->line, col + 1, "empty value");
    return cli_fail_at(CLI_EINPUT, c->file, r->line, col + 1, "\"%s\" is not a number", s);
}

static int bad_period(const cli_csv *c, const cli_row *r, size_t col)
{
    return cli_fail_at(CLI_EINPUT, c->file, r->line, col + 1,
                       "\"%s\" is not a period (YYYY-MM)", r->f[col]);
}

/* Entries sorted by name then period become series; duplicates and gaps are
 * reported at the later row. */
static int build_series(cli_panel *out, const char *file, entry *e, size_t n,
                        bool wide)
{
    qsort(e, n, sizeof *e, by_name_period);
    size_t cap = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && strcmp(e[j].name, e[i].name) == 0) j++;
        size_t first = i;
        for (size_t k = i + 1; k < j; k++) {
            const entry *a = &e[k - 1], *b = &e[k];
            char pa[16], pb[16];
            cli_period_str(pa, a->period);
            cli_period_str(pb, b->period);
            if (a->period == b->period) {
                const entry *late = a->seq > b->seq ? a : b, *early = a->seq > b->seq ? b : a;
                if (wide)
                    return cli_fail_at(CLI_EINPUT, file, late->line, 1, "period %s repeats "
                                       "line %zu", pa, early->line);
                return cli_fail_at(CLI_EINPUT, file, late->line, late->col,
                                   "period %s of \"%s\" repeats line %zu", pa,
                                   a->name, early->line);
            }
            if (b->period != a->period + 1) {
                char gap[16];
                cli_period_str(gap, a->period + 1);
                if (wide)
                    return cli_fail_at(CLI_EINPUT, file, b->line, 1, "no row for %s: the "
                                       "months jump from %s to %s", gap, pa, pb);
                return cli_fail_at(CLI_EINPUT, file, b->line, b->col,
                                   "\"%s\" has no value for %s: the months jump from "
                                   "%s to %s", a->name, gap, pa, pb);
            }
            if (b->seq < e[first].seq) first = k;
        }
        out->s = cli_grow(out->s, &cap, out->count + 1, sizeof *out->s);
        cli_series *s = &out->s[out->count++];
        s->name = cli_strdup(e[i].name);
        s->start = e[i].period;
        s->n = j - i;
        s->v = cli_alloc(s->n * sizeof *s->v);
        for (size_t k = i; k < j; k++) s->v[k - i] = e[k].value;
        s->line = e[first].line;
        s->col = e[first].name_col;
        i = j;
    }
    qsort(out->s, out->count, sizeof *out->s, by_seq);
    return 0;
}

static int load_long(cli_panel *out, const cli_csv *c)
{
    size_t n = c->nrows - 1;
    entry *e = cli_calloc(n, sizeof *e);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        const cli_row *r = &c->rows[i + 1];
        if ((rc = check_fields(c, r, 3))) break;
        if (!r->f[0][0]) rc = cli_fail_at(CLI_EINPUT, c->file, r->line, 1, "empty series name");
        else if (!cli_parse_period(&e[i].period, r->f[1])) rc = bad_period(c, r, 1);
        else if (!cli_parse_number(&e[i].value, r->f[2])) rc = bad_number(c, r, 2);
        e[i].name = r->f[0];
        e[i].line = r->line;
        e[i].col = 2;
        e[i].name_col = 1;
        e[i].seq = i;
    }
    if (!rc && n == 0)
        rc = cli_fail_at(CLI_EINPUT, c->file, c->rows[0].line, 1, "no data rows");
    if (!rc) rc = build_series(out, c->file, e, n, false);
    free(e);
    return rc;
}

/* Wide: one column per series; empty cells before a series' first value
 * and after its last are months it does not exist (a product launched
 * later); an empty cell in between is a gap. */
static int load_wide(cli_panel *out, const cli_csv *c)
{
    const cli_row *h = &c->rows[0];
    size_t cols = h->n, rows = c->nrows - 1;
    cli_idref *names = cli_alloc(cols * sizeof *names);
    for (size_t j = 0; j < cols; j++) names[j] = (cli_idref){h->f[j], j};
    cli_idref_sort(names + 1, cols - 1);
    int bad = 0;
    for (size_t j = 1; j < cols && !bad; j++) {
        if (!names[j].id[0])
            bad = cli_fail_at(CLI_EINPUT, c->file, h->line, names[j].index + 1,
                              "empty series name in the header");
        else if (j > 1 && strcmp(names[j - 1].id, names[j].id) == 0)
            bad = cli_fail_at(CLI_EINPUT, c->file, h->line, names[j].index + 1,
                              "series \"%s\" repeats column %zu", names[j].id,
                              names[j - 1].index + 1);
    }
    free(names);
    if (bad) return bad;
    if (cols < 2)
        return cli_fail_at(CLI_EINPUT, c->file, h->line, 2, "no series columns after \"period\"");
    if (rows == 0) return cli_fail_at(CLI_EINPUT, c->file, h->line, 1, "no data rows");
    /* periods first: sorted, no repeats, no gaps (one entry per row) */
    entry *p = cli_calloc(rows, sizeof *p);
    int rc = 0;
    for (size_t i = 0; i < rows && !rc; i++) {
        const cli_row *r = &c->rows[i + 1];
        if ((rc = check_fields(c, r, cols))) break;
        if (!cli_parse_period(&p[i].period, r->f[0])) rc = bad_period(c, r, 0);
        p[i].name = "period";
        p[i].line = r->line;
        p[i].col = p[i].name_col = 1;
        p[i].seq = i;
    }
    cli_panel rowsp = {0};
    if (!rc) rc = build_series(&rowsp, c->file, p, rows, true);
    cli_panel_free(&rowsp);
    /* p is now in period order: collect each column's span */
    entry *e = rc ? NULL : cli_calloc(rows * (cols - 1), sizeof *e);
    size_t n = 0;
    for (size_t j = 1; j < cols && !rc; j++) {
        size_t lo = rows, hi = 0;
        for (size_t i = 0; i < rows; i++)
            if (c->rows[p[i].seq + 1].f[j][0]) {
                if (lo == rows) lo = i;
                hi = i;
            }
        if (lo == rows) {
            rc = cli_fail_at(CLI_EINPUT, c->file, h->line, j + 1, "series \"%s\" has no values",
                             h->f[j]);
            break;
        }
        for (size_t i = lo; i <= hi && !rc; i++) {
            const cli_row *r = &c->rows[p[i].seq + 1];
            if (!r->f[j][0]) {
                char per[16];
                cli_period_str(per, p[i].period);
                rc = cli_fail_at(CLI_EINPUT, c->file, r->line, j + 1,
                                 "\"%s\" has no value for %s (an empty cell between its "
                                 "first and last values)", h->f[j], per);
            } else if (!cli_parse_number(&e[n].value, r->f[j])) {
                rc = bad_number(c, r, j);
            }
            e[n].name = h->f[j];
            e[n].period = p[i].period;
            e[n].line = r->line;
            e[n].col = e[n].name_col = j + 1;
            e[n].seq = n;
            n++;
        }
    }
    if (!rc) rc = build_series(out, c->file, e, n, false);
    /* a wide series is named in the header: point there, keep column order */
    for (size_t i = 0; !rc && i < out->count; i++) out->s[i].line = h->line;
    if (!rc) qsort(out->s, out->count, sizeof *out->s, by_seq);
    free(e);
    free(p);
    return rc;
}

int cli_panel_load(cli_panel *out, const cli_text *t)
{
    memset(out, 0, sizeof *out);
    cli_csv c;
    int rc = cli_csv_parse(&c, t);
    if (rc) return rc;
    out->file = cli_strdup(t->name);
    const cli_row *h = &c.rows[0];
    if (h->n == 3 && !strcasecmp(h->f[0], "series") && !strcasecmp(h->f[1], "period") &&
        !strcasecmp(h->f[2], "value"))
        rc = load_long(out, &c);
    else if (!strcasecmp(h->f[0], "period"))
        rc = load_wide(out, &c);
    else
        rc = cli_fail_at(CLI_EINPUT, c.file, h->line, 1,
                         "unexpected header \"%s\": expected \"series,period,value\" (long) "
                         "or \"period,<series>,...\" (wide)%s", h->f[0],
                         strchr(h->f[0], ';') ? "; fields are separated by commas" : "");
    cli_csv_free(&c);
    if (!rc) {
        out->byname = cli_alloc(out->count * sizeof *out->byname);
        for (size_t i = 0; i < out->count; i++) out->byname[i] = (cli_idref){out->s[i].name, i};
        cli_idref_sort(out->byname, out->count);
    }
    if (rc) cli_panel_free(out);
    return rc;
}

void cli_panel_free(cli_panel *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->s[i].name);
        free(p->s[i].v);
    }
    free(p->s);
    free(p->byname);
    free(p->file);
    memset(p, 0, sizeof *p);
}

const cli_series *cli_panel_find(const cli_panel *p, const char *name)
{
    size_t i;
    return cli_idref_find(p->byname, p->count, name, &i) ? &p->s[i] : NULL;
}

double cli_series_at(const cli_series *s, int64_t period)
{
    if (!s || period < s->start || period - s->start >= (int64_t)s->n) return 0;
    return s->v[period - s->start];
}

bool cli_panel_span(const cli_panel *p, int64_t *first, int64_t *last)
{
    if (!p->count) return false;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < p->count; i++) {
        if (p->s[i].start < lo) lo = p->s[i].start;
        if (p->s[i].start + (int64_t)p->s[i].n - 1 > hi) hi = p->s[i].start + (int64_t)p->s[i].n - 1;
    }
    *first = lo;
    *last = hi;
    return true;
}

/* ---- the chart of lines ------------------------------------------------------------ */

static const struct { const char *name; cli_nature n; } natures[] = {
    {"revenue", CLI_NAT_REVENUE}, {"cogs", CLI_NAT_COGS}, {"opex", CLI_NAT_OPEX},
    {"sm", CLI_NAT_SM}, {"da", CLI_NAT_DA}, {"cost", CLI_NAT_OPEX},
};

const char *cli_nature_name(cli_nature n)
{
    switch (n) {
    case CLI_NAT_REVENUE: return "revenue";
    case CLI_NAT_COGS: return "cogs";
    case CLI_NAT_OPEX: return "opex";
    case CLI_NAT_SM: return "sm";
    case CLI_NAT_DA: return "da";
    case CLI_NAT_MIXED: return "income";
    default: return "";
    }
}

bool cli_nature_is_cost(cli_nature n)
{
    return n == CLI_NAT_COGS || n == CLI_NAT_OPEX || n == CLI_NAT_SM || n == CLI_NAT_DA;
}

static bool parse_nature(cli_nature *out, const char *s)
{
    if (!*s) {
        *out = CLI_NAT_NONE;
        return true;
    }
    for (size_t i = 0; i < sizeof natures / sizeof *natures; i++)
        if (!strcasecmp(s, natures[i].name)) {
            *out = natures[i].n;
            return true;
        }
    return false;
}

#define NATURE_LIST "revenue, cogs, opex (or cost), sm, da"

enum { F_ID, F_PARENT, F_NATURE, F_NAME, F_COUNT };
static const char *const chart_fields[F_COUNT] = {"id", "parent", "nature", "name"};

typedef struct chart_src {
    bool json;
    size_t col[F_COUNT]; /* CSV: column of each field (1-based), 0 if absent */
} chart_src;

static int node_fail(const cli_chart *c, const chart_src *src, size_t i, int field,
                     const char *msg)
{
    const cli_node *n = &c->node[i];
    if (src->json)
        return cli_fail_at(CLI_EINPUT, c->file, 0, 0, "nodes[%zu].%s: %s", i,
                           chart_fields[field], msg);
    return cli_fail_at(CLI_EINPUT, c->file, n->line, src->col[field] ? src->col[field] : 1,
                       "%s", msg);
}

static void add_node(cli_chart *c, size_t *cap, const char *id, const char *parent,
                     const char *name, cli_nature nat, size_t line)
{
    c->node = cli_grow(c->node, cap, c->n + 1, sizeof *c->node);
    cli_node *n = &c->node[c->n++];
    n->id = cli_strdup(id);
    n->parent = parent && *parent ? cli_strdup(parent) : NULL;
    n->name = name && *name ? cli_strdup(name) : NULL;
    n->nature = nat;
    n->line = line;
}

static int chart_csv(cli_chart *c, chart_src *src, const cli_text *t)
{
    cli_csv csv;
    int rc = cli_csv_parse(&csv, t);
    if (rc) return rc;
    const cli_row *h = &csv.rows[0];
    for (size_t j = 0; j < h->n && !rc; j++) {
        int f = -1;
        for (int k = 0; k < F_COUNT; k++)
            if (!strcasecmp(h->f[j], chart_fields[k])) f = k;
        if (f < 0)
            rc = cli_fail_at(CLI_EINPUT, csv.file, h->line, j + 1, "unexpected column \"%s\": "
                             "expected id, parent, nature, name", h->f[j]);
        else if (src->col[f])
            rc = cli_fail_at(CLI_EINPUT, csv.file, h->line, j + 1, "column \"%s\" repeats "
                             "column %zu", h->f[j], src->col[f]);
        else src->col[f] = j + 1;
    }
    if (!rc && !src->col[F_ID])
        rc = cli_fail_at(CLI_EINPUT, csv.file, h->line, 1, "unexpected header: the chart of "
                         "lines needs an \"id\" column (id,parent,nature,name)");
    size_t cap = 0;
    for (size_t i = 1; i < csv.nrows && !rc; i++) {
        const cli_row *r = &csv.rows[i];
        if ((rc = check_fields(&csv, r, h->n))) break;
        const char *f[F_COUNT] = {0};
        for (int k = 0; k < F_COUNT; k++) f[k] = src->col[k] ? r->f[src->col[k] - 1] : "";
        cli_nature nat;
        if (!f[F_ID][0])
            rc = cli_fail_at(CLI_EINPUT, csv.file, r->line, src->col[F_ID], "empty id");
        else if (!parse_nature(&nat, f[F_NATURE]))
            rc = cli_fail_at(CLI_EINPUT, csv.file, r->line, src->col[F_NATURE],
                             "unknown nature \"%s\": expected " NATURE_LIST, f[F_NATURE]);
        else add_node(c, &cap, f[F_ID], f[F_PARENT], f[F_NAME], nat, r->line);
    }
    if (!rc && c->n == 0)
        rc = cli_fail_at(CLI_EINPUT, csv.file, h->line, 1, "no lines");
    cli_csv_free(&csv);
    return rc;
}

static int json_str(const char **out, json_t *v, const cli_chart *c, size_t i,
                    const char *key)
{
    if (!v || json_is_null(v)) {
        *out = "";
        return 0;
    }
    if (!json_is_string(v))
        return cli_fail_at(CLI_EINPUT, c->file, 0, 0, "nodes[%zu].%s: expected a string", i, key);
    *out = json_string_value(v);
    return 0;
}

static int chart_json(cli_chart *c, chart_src *src, const cli_text *t)
{
    src->json = true;
    json_error_t err;
    json_t *root = json_loadb(t->data, t->size, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return cli_fail_at(CLI_EINPUT, c->file, (size_t)(err.line > 0 ? err.line : 1),
                           (size_t)(err.column > 0 ? err.column : 1), "invalid JSON: %s", err.text);
    json_t *nodes = root;
    int rc = 0;
    if (json_is_object(root)) {
        const char *key;
        json_t *v;
        json_object_foreach(root, key, v)
            if (strcmp(key, "nodes") != 0 && strcmp(key, "comment") != 0 && !rc)
                rc = cli_fail_at(CLI_EINPUT, c->file, 0, 0, "unexpected key \"%s\": "
                                 "expected \"nodes\" (and \"comment\")", key);
        nodes = json_object_get(root, "nodes");
    }
    if (!rc && !json_is_array(nodes))
        rc = cli_fail_at(CLI_EINPUT, c->file, 0, 0, "expected an array of nodes, or an "
                         "object with one (\"nodes\": [...])");
    size_t cap = 0;
    for (size_t i = 0; !rc && i < json_array_size(nodes); i++) {
        json_t *o = json_array_get(nodes, i), *v;
        const char *key, *f[F_COUNT] = {0};
        if (!json_is_object(o)) {
            rc = cli_fail_at(CLI_EINPUT, c->file, 0, 0, "nodes[%zu]: expected an object", i);
            break;
        }
        json_object_foreach(o, key, v) {
            int k = -1;
            for (int m = 0; m < F_COUNT; m++)
                if (!strcmp(key, chart_fields[m])) k = m;
            if (k < 0) {
                rc = cli_fail_at(CLI_EINPUT, c->file, 0, 0, "nodes[%zu]: unexpected key \"%s\": "
                                 "expected id, parent, nature, name", i, key);
                break;
            }
        }
        for (int k = 0; k < F_COUNT && !rc; k++)
            rc = json_str(&f[k], json_object_get(o, chart_fields[k]), c, i, chart_fields[k]);
        cli_nature nat = CLI_NAT_NONE;
        if (rc) break;
        if (!f[F_ID][0])
            rc = cli_fail_at(CLI_EINPUT, c->file, 0, 0, "nodes[%zu].id: missing or empty", i);
        else if (!parse_nature(&nat, f[F_NATURE]))
            rc = cli_fail_at(CLI_EINPUT, c->file, 0, 0, "nodes[%zu].nature: unknown nature "
                             "\"%s\": expected " NATURE_LIST, i, f[F_NATURE]);
        else add_node(c, &cap, f[F_ID], f[F_PARENT], f[F_NAME], nat, 0);
    }
    if (!rc && c->n == 0) rc = cli_fail_at(CLI_EINPUT, c->file, 0, 0, "no nodes");
    json_decref(root);
    return rc;
}

bool cli_chart_find(const cli_chart *c, const char *id, size_t *out)
{
    return cli_idref_find(c->byid, c->n, id, out);
}

static cli_nature combine(cli_nature a, cli_nature b)
{
    if (a == CLI_NAT_NONE) return b;
    if (b == CLI_NAT_NONE || a == b) return a;
    if (cli_nature_is_cost(a) && cli_nature_is_cost(b)) return CLI_NAT_OPEX;
    return CLI_NAT_MIXED;
}

static int chart_cycles(cli_chart *c, const chart_src *src)
{
    size_t n = c->n, *stamp = cli_calloc(n, sizeof *stamp);
    unsigned char *done = cli_calloc(n, 1);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t j = i;
        while (j != SIZE_MAX && !done[j] && stamp[j] != i + 1) {
            stamp[j] = i + 1;
            j = c->parent[j];
        }
        if (j != SIZE_MAX && !done[j]) { /* back at a node of this walk */
            char path[512] = "";
            size_t k = j, len = 0;
            do {
                int w = snprintf(path + len, sizeof path - len, "%s -> ", c->node[k].id);
                if (w < 0 || (size_t)w >= sizeof path - len) {
                    len = sizeof path - 1;
                    break;
                }
                len += (size_t)w;
                k = c->parent[k];
            } while (k != j);
            if (len < sizeof path - 1)
                snprintf(path + len, sizeof path - len, "%s", c->node[j].id);
            char *msg = cli_fmt("the parents form a cycle: %s", path);
            rc = node_fail(c, src, j, F_PARENT, msg);
            free(msg);
        }
        for (j = i; j != SIZE_MAX && !done[j]; j = c->parent[j]) done[j] = 1;
    }
    free(stamp);
    free(done);
    return rc;
}

static int chart_index(cli_chart *c, const chart_src *src)
{
    size_t n = c->n;
    c->byid = cli_alloc(n * sizeof *c->byid);
    for (size_t i = 0; i < n; i++) c->byid[i] = (cli_idref){c->node[i].id, i};
    qsort(c->byid, n, sizeof *c->byid, by_idref);
    for (size_t i = 1; i < n; i++)
        if (strcmp(c->byid[i - 1].id, c->byid[i].id) == 0) {
            size_t a = c->byid[i - 1].index, b = c->byid[i].index;
            char *msg = src->json ? cli_fmt("id \"%s\" repeats nodes[%zu]", c->node[b].id, a)
                                  : cli_fmt("id \"%s\" repeats line %zu", c->node[b].id,
                                            c->node[a].line);
            int rc = node_fail(c, src, b, F_ID, msg);
            free(msg);
            return rc;
        }
    c->parent = cli_alloc(n * sizeof *c->parent);
    c->nchildren = cli_calloc(n, sizeof *c->nchildren);
    for (size_t i = 0; i < n; i++) {
        c->parent[i] = SIZE_MAX;
        if (c->node[i].parent && !cli_chart_find(c, c->node[i].parent, &c->parent[i])) {
            char *msg = cli_fmt("parent \"%s\" is not a line id", c->node[i].parent);
            int rc = node_fail(c, src, i, F_PARENT, msg);
            free(msg);
            return rc;
        }
        if (c->parent[i] != SIZE_MAX) c->nchildren[c->parent[i]]++;
    }
    return 0;
}

/* Pre-order, children in file order under their parent: a P&L reading
 * order, and parents before children for the walks below (each linear, so
 * a chain a million levels deep costs no more than a flat chart). */
static void chart_preorder(cli_chart *c)
{
    size_t n = c->n;
    size_t *first = cli_calloc(n + 1, sizeof *first), *kids = cli_alloc(n * sizeof *kids);
    size_t *fill = cli_calloc(n, sizeof *fill), *stack = cli_alloc(n * sizeof *stack);
    for (size_t i = 0; i < n; i++) first[i + 1] = first[i] + c->nchildren[i];
    for (size_t i = 0; i < n; i++)
        if (c->parent[i] != SIZE_MAX) kids[first[c->parent[i]] + fill[c->parent[i]]++] = i;
    c->order = cli_alloc(n * sizeof *c->order);
    size_t top = 0, k = 0;
    for (size_t i = n; i-- > 0;)
        if (c->parent[i] == SIZE_MAX) stack[top++] = i;
    while (top) {
        size_t v = stack[--top];
        c->order[k++] = v;
        for (size_t m = first[v + 1]; m-- > first[v];) stack[top++] = kids[m];
    }
    /* post-order (children in file order, then their parent): the reverse of
       a pre-order that visits children last to first */
    c->post = cli_alloc(n * sizeof *c->post);
    for (size_t i = 0; i < n; i++)
        if (c->parent[i] == SIZE_MAX) stack[top++] = i;
    for (k = n; top;) {
        size_t v = stack[--top];
        c->post[--k] = v;
        for (size_t m = first[v]; m < first[v + 1]; m++) stack[top++] = kids[m];
    }
    free(first);
    free(kids);
    free(fill);
    free(stack);
}

/* Levels and inherited natures top down; group natures bottom up. */
static int chart_natures(cli_chart *c, const chart_src *src)
{
    size_t n = c->n;
    c->effective = cli_alloc(n * sizeof *c->effective);
    c->level = cli_calloc(n, sizeof *c->level);
    for (size_t m = 0; m < n; m++) {
        size_t i = c->order[m], up = c->parent[i];
        c->level[i] = up == SIZE_MAX ? 0 : c->level[up] + 1;
        c->effective[i] = c->node[i].nature != CLI_NAT_NONE || up == SIZE_MAX
                        ? c->node[i].nature : c->effective[up];
    }
    for (size_t i = 0; i < n; i++)
        if (!c->nchildren[i] && c->effective[i] == CLI_NAT_NONE) {
            char *msg = cli_fmt("line \"%s\" has no nature: give it, or one of its parents, "
                                "one of " NATURE_LIST, c->node[i].id);
            int rc = node_fail(c, src, i, F_NATURE, msg);
            free(msg);
            return rc;
        }
    c->group = cli_alloc(n * sizeof *c->group);
    for (size_t i = 0; i < n; i++)
        c->group[i] = c->nchildren[i] ? c->node[i].nature : c->effective[i];
    for (size_t m = n; m-- > 0;) { /* children before parents */
        size_t v = c->order[m];
        if (c->parent[v] != SIZE_MAX)
            c->group[c->parent[v]] = combine(c->group[c->parent[v]], c->group[v]);
    }
    return 0;
}

static int chart_finish(cli_chart *c, const chart_src *src)
{
    int rc = chart_index(c, src);
    if (!rc) rc = chart_cycles(c, src);
    if (rc) return rc;
    chart_preorder(c);
    return chart_natures(c, src);
}

int cli_chart_load(cli_chart *out, const cli_text *t)
{
    memset(out, 0, sizeof *out);
    out->file = cli_strdup(t->name);
    chart_src src = {0};
    size_t i = 0;
    while (i < t->size && strchr(" \t\r\n", t->data[i])) i++;
    bool json = i < t->size && (t->data[i] == '{' || t->data[i] == '[');
    int rc = json ? chart_json(out, &src, t) : chart_csv(out, &src, t);
    if (!rc) rc = chart_finish(out, &src);
    if (rc) cli_chart_free(out);
    return rc;
}

void cli_chart_free(cli_chart *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->node[i].id);
        free(c->node[i].parent);
        free(c->node[i].name);
    }
    free(c->node);
    free(c->parent);
    free(c->effective);
    free(c->group);
    free(c->level);
    free(c->order);
    free(c->post);
    free(c->nchildren);
    free(c->byid);
    free(c->file);
    memset(c, 0, sizeof *c);
}

/* ---- cohorts ------------------------------------------------------------------ */

enum { C_CUSTOMER, C_COHORT, C_PERIOD, C_REVENUE, C_COUNT };
static const char *const cohort_fields[C_COUNT] = {"customer", "cohort", "period", "revenue"};

int cli_cohorts_load(cli_cohort_rows *out, const cli_text *t)
{
    memset(out, 0, sizeof *out);
    cli_csv c;
    int rc = cli_csv_parse(&c, t);
    if (rc) return rc;
    out->file = cli_strdup(t->name);
    const cli_row *h = &c.rows[0];
    size_t col[C_COUNT] = {0};
    for (size_t j = 0; j < h->n && !rc; j++) {
        int f = -1;
        for (int k = 0; k < C_COUNT; k++)
            if (!strcasecmp(h->f[j], cohort_fields[k])) f = k;
        if (f < 0 || col[f])
            rc = cli_fail_at(CLI_EINPUT, c.file, h->line, j + 1, "unexpected header \"%s\": "
                             "expected \"customer,cohort,period,revenue\"", h->f[j]);
        else col[f] = j + 1;
    }
    for (int k = 0; k < C_COUNT && !rc; k++)
        if (!col[k])
            rc = cli_fail_at(CLI_EINPUT, c.file, h->line, 1, "unexpected header: column "
                             "\"%s\" is missing (customer,cohort,period,revenue)",
                             cohort_fields[k]);
    size_t n = c.nrows - 1;
    if (!rc && n == 0) rc = cli_fail_at(CLI_EINPUT, c.file, h->line, 1, "no data rows");
    cli_idref *ref = rc ? NULL : cli_alloc(n * sizeof *ref);
    if (!rc) {
        out->n = n;
        out->customer = cli_alloc(n * sizeof *out->customer);
        out->cohort = cli_alloc(n * sizeof *out->cohort);
        out->period = cli_alloc(n * sizeof *out->period);
        out->revenue = cli_alloc(n * sizeof *out->revenue);
    }
    for (size_t i = 0; i < n && !rc; i++) {
        const cli_row *r = &c.rows[i + 1];
        if ((rc = check_fields(&c, r, h->n))) break;
        const char *cust = r->f[col[C_CUSTOMER] - 1];
        if (!*cust)
            rc = cli_fail_at(CLI_EINPUT, c.file, r->line, col[C_CUSTOMER], "empty customer");
        else if (!cli_parse_period(&out->cohort[i], r->f[col[C_COHORT] - 1]))
            rc = bad_period(&c, r, col[C_COHORT] - 1);
        else if (!cli_parse_period(&out->period[i], r->f[col[C_PERIOD] - 1]))
            rc = bad_period(&c, r, col[C_PERIOD] - 1);
        else if (!cli_parse_number(&out->revenue[i], r->f[col[C_REVENUE] - 1]))
            rc = bad_number(&c, r, col[C_REVENUE] - 1);
        else if (out->period[i] < out->cohort[i])
            rc = cli_fail_at(CLI_EINPUT, c.file, r->line, col[C_PERIOD], "period %s is before "
                             "the customer's cohort %s", r->f[col[C_PERIOD] - 1],
                             r->f[col[C_COHORT] - 1]);
        ref[i] = (cli_idref){cust, i};
    }
    /* customers become numbers (their rank by id); one cohort each */
    if (!rc) {
        qsort(ref, n, sizeof *ref, by_idref);
        int64_t id = -1;
        size_t head = 0;
        for (size_t i = 0; i < n && !rc; i++) {
            if (i == 0 || strcmp(ref[i - 1].id, ref[i].id) != 0) {
                id++;
                head = ref[i].index;
            } else if (out->cohort[ref[i].index] != out->cohort[head]) {
                const cli_row *r = &c.rows[ref[i].index + 1];
                rc = cli_fail_at(CLI_EINPUT, c.file, r->line, col[C_COHORT], "customer \"%s\" "
                                 "has cohort %s here but %s on line %zu", ref[i].id,
                                 r->f[col[C_COHORT] - 1],
                                 c.rows[head + 1].f[col[C_COHORT] - 1], c.rows[head + 1].line);
            }
            out->customer[ref[i].index] = id;
        }
    }
    free(ref);
    cli_csv_free(&c);
    if (rc) cli_cohorts_free(out);
    return rc;
}

void cli_cohorts_free(cli_cohort_rows *c)
{
    free(c->customer);
    free(c->cohort);
    free(c->period);
    free(c->revenue);
    free(c->file);
    memset(c, 0, sizeof *c);
}
