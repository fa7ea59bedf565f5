/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The budget variance report: every line and group of the chart over the
 * chosen windows, flagged favourable/unfavourable and material; then the
 * drill-down of every material group into what explains it, and the
 * largest gaps among the lines.
 *
 * Groups mix revenue and cost lines, so the hierarchy is rolled up in the
 * signs of an income statement (revenue positive, cost negative), as
 * fpa_variance_rollup() asks; each node is then shown in its natural sign:
 * a revenue or mixed group (operating income) as income, a cost group as
 * cost, so that its variance reads as the variance module defines it. */
#include "sections.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name, *label;
    fpa_window w;
} windows[] = {
    {"period", "Month", FPA_WINDOW_PERIOD}, {"qtd", "Quarter to date", FPA_WINDOW_QTD},
    {"ytd", "Year to date", FPA_WINDOW_YTD}, {"t3", "Trailing 3 months", FPA_WINDOW_TRAILING3},
    {"t12", "Trailing 12 months", FPA_WINDOW_TRAILING12},
    {"outlook", "Full-year outlook", FPA_WINDOW_OUTLOOK},
};
enum { NWINDOWS = sizeof windows / sizeof *windows };

static const char *window_name(fpa_window w)
{
    for (size_t i = 0; i < NWINDOWS; i++)
        if (windows[i].w == w) return windows[i].name;
    return "?";
}

static const char *window_label(fpa_window w)
{
    for (size_t i = 0; i < NWINDOWS; i++)
        if (windows[i].w == w) return windows[i].label;
    return "?";
}

bool cli_window_parse(fpa_window *out, const char *s, size_t len)
{
    for (size_t i = 0; i < NWINDOWS; i++)
        if (strlen(windows[i].name) == len && !strncmp(windows[i].name, s, len)) {
            *out = windows[i].w;
            return true;
        }
    return false;
}

/* ---- the hierarchy the report walks ------------------------------------------- */

typedef struct vtree {
    size_t n;            /* nodes; lines are nodes 0 .. nlines-1 */
    const char **id, **parent, **name;
    size_t *level, *order, *parent_ix;
    cli_nature *group;
    bool *leaf;
    fpa_tree *tree;
} vtree;

static void vtree_free(vtree *t)
{
    free(t->id);
    free(t->parent);
    free(t->name);
    free(t->level);
    free(t->order);
    free(t->parent_ix);
    free(t->group);
    free(t->leaf);
    fpa_variance_tree_free(t->tree);
}

/* The chart, or (without one) every line under one synthetic total. */
static int vtree_build(vtree *t, const cli_dataset *d, const fpa_opts *opts)
{
    memset(t, 0, sizeof *t);
    size_t n = d->has_chart ? d->chart.n : d->nlines + 1;
    t->n = n;
    t->id = cli_calloc(n, sizeof *t->id);
    t->parent = cli_calloc(n, sizeof *t->parent);
    t->name = cli_calloc(n, sizeof *t->name);
    t->level = cli_calloc(n, sizeof *t->level);
    t->order = cli_calloc(n, sizeof *t->order);
    t->parent_ix = cli_calloc(n, sizeof *t->parent_ix);
    t->group = cli_calloc(n, sizeof *t->group);
    t->leaf = cli_calloc(n, sizeof *t->leaf);
    if (d->has_chart) {
        const cli_chart *c = &d->chart;
        for (size_t i = 0; i < n; i++) {
            t->id[i] = c->node[i].id;
            t->parent[i] = c->node[i].parent;
            t->name[i] = c->node[i].name ? c->node[i].name : c->node[i].id;
            t->level[i] = c->level[i];
            t->order[i] = c->order[i];
            t->parent_ix[i] = c->parent[i];
            t->group[i] = c->group[i];
            t->leaf[i] = c->nchildren[i] == 0;
        }
    } else {
        const char *root = "(total)";
        t->id[n - 1] = t->name[n - 1] = root;
        t->parent_ix[n - 1] = SIZE_MAX;
        t->order[0] = n - 1;
        cli_nature g = CLI_NAT_NONE;
        for (size_t i = 0; i + 1 < n; i++) {
            t->id[i] = t->name[i] = d->line[i];
            t->parent[i] = root;
            t->parent_ix[i] = n - 1;
            t->level[i] = 1;
            t->order[i + 1] = i;
            t->group[i] = d->nature[i];
            t->leaf[i] = true;
            g = g == CLI_NAT_NONE || g == d->nature[i] ? d->nature[i]
              : cli_nature_is_cost(g) && cli_nature_is_cost(d->nature[i]) ? CLI_NAT_OPEX
              : CLI_NAT_MIXED;
        }
        t->group[n - 1] = g;
        for (size_t i = 0; i + 1 < n; i++)
            if (!strcmp(d->line[i], root))
                return cli_fail(CLI_EINPUT, "a line may not be called \"%s\" without --lines",
                                root);
    }
    fpa_status st = fpa_variance_tree_new(&t->tree, t->id, t->parent, n, opts);
    return st == FPA_OK ? 0 : cli_fail_lib(st, "variance: hierarchy");
}

/* +1 for revenue and income, -1 for cost: natural sign = sign * income sign */
static double sign_of(cli_nature n) { return cli_nature_is_cost(n) ? -1 : 1; }

/* ---- amounts ------------------------------------------------------------------ */

typedef struct vdata {
    int64_t p0, last;     /* first period of the matrices; the last closed month */
    size_t periods, at;
    double *budget, *actual; /* nlines x periods, natural sign */
    double *forecast;        /* likewise, after the last closed month; or NULL */
    double *prior;           /* likewise, the actuals twelve months before */
    int64_t a0;              /* the first month of actuals */
} vdata;

static void vdata_free(vdata *v)
{
    free(v->budget);
    free(v->actual);
    free(v->forecast);
    free(v->prior);
}

static int vdata_build(vdata *v, const cli_dataset *d, const cli_linefc *fc)
{
    memset(v, 0, sizeof *v);
    int64_t b0, b1, a0, a1;
    char s1[16], s2[16], s3[16];
    if (d->as_of == INT64_MIN) return cli_fail(CLI_EINPUT, "variance: no month to report on");
    v->last = d->as_of - 1;
    cli_panel_span(&d->budget, &b0, &b1);
    cli_panel_span(&d->actuals, &a0, &a1);
    cli_period_str(s1, v->last);
    if (v->last > a1) {
        cli_period_str(s2, a1);
        return cli_fail_at(CLI_EINPUT, d->actuals.file, 0, 0, "the actuals end in %s: a review "
                           "as of %s needs them to %s", s2, (cli_period_str(s3, d->as_of), s3),
                           s1);
    }
    if (v->last < b0) {
        cli_period_str(s2, b0);
        return cli_fail_at(CLI_EINPUT, d->budget.file, 0, 0, "the budget starts in %s, after "
                           "the last closed month %s", s2, s1);
    }
    v->p0 = b0;
    v->periods = (size_t)((b1 > v->last ? b1 : v->last) - b0 + 1);
    v->at = (size_t)(v->last - b0);
    size_t n = d->nlines * v->periods;
    v->budget = cli_calloc(n, sizeof *v->budget);
    v->actual = cli_calloc(n, sizeof *v->actual);
    v->forecast = fc ? cli_calloc(n, sizeof *v->forecast) : NULL;
    v->prior = cli_calloc(n, sizeof *v->prior);
    v->a0 = a0;
    for (size_t i = 0; i < d->nlines; i++) {
        const cli_series *bs = cli_panel_find(&d->budget, d->line[i]);
        const cli_series *as = cli_panel_find(&d->actuals, d->line[i]);
        for (size_t t = 0; t < v->periods; t++) {
            int64_t p = v->p0 + (int64_t)t;
            v->budget[i * v->periods + t] = cli_series_at(bs, p);
            v->actual[i * v->periods + t] = p <= v->last ? cli_series_at(as, p) : 0;
            if (fc && p > v->last) v->forecast[i * v->periods + t] = cli_linefc_at(fc, i, p);
            v->prior[i * v->periods + t] = p - 12 <= v->last ? cli_series_at(as, p - 12) : 0;
        }
    }
    return 0;
}

/* Why the full-year outlook cannot be reported on these data, or NULL:
 * for the review, which shows it when it can. */
char *cli_variance_outlook_misfit(const cli_dataset *d, const fpa_opts *opts)
{
    int64_t b0, b1, a0, a1, last = d->as_of - 1;
    if (!d->has_budget || !d->has_actuals) return cli_strdup("needs --actuals and --budget");
    cli_panel_span(&d->budget, &b0, &b1);
    cli_panel_span(&d->actuals, &a0, &a1);
    if (d->as_of == INT64_MIN || last > a1 || last < b0)
        return cli_strdup("the budget and actuals do not meet at the last closed month");
    size_t first, lastw, periods = (size_t)((b1 > last ? b1 : last) - b0 + 1);
    if (fpa_variance_window_range(&first, &lastw, periods, cli_period_month(b0),
                                  (size_t)(last - b0), FPA_WINDOW_OUTLOOK, opts) != FPA_OK)
        return cli_fmt("the budget does not cover the fiscal year: %s", fpa_error_last());
    return NULL;
}

typedef struct vwin {
    size_t first, last;
    double *leaf_b, *leaf_a;   /* per node, income sign, not rolled up */
    double *b, *a, *var, *pct; /* per node, natural sign, rolled up */
    double *prior;             /* the same window's actuals a year before, or NULL */
    uint32_t *flags;
} vwin;

static void vwin_free(vwin *w)
{
    free(w->leaf_b);
    free(w->leaf_a);
    free(w->b);
    free(w->a);
    free(w->var);
    free(w->pct);
    free(w->flags);
    free(w->prior);
}

/* A difference below one unit of the currency is never material, whatever
 * the rule: the library's absolute test at (just under) one unit, on top
 * of the configured rule. */
static fpa_status unit_floor(vwin *w, size_t n, const int *nature)
{
    double *floor = cli_alloc(n * sizeof *floor);
    int *rule = cli_alloc(n * sizeof *rule);
    uint32_t *flags = cli_alloc(n * sizeof *flags);
    for (size_t i = 0; i < n; i++) floor[i] = nextafter(1.0, 0), rule[i] = FPA_MATERIAL_ABS_ONLY;
    fpa_status st = fpa_variance_compute(NULL, NULL, flags, w->b, w->a, n, 1, nature, floor,
                                         NULL, rule, NULL);
    for (size_t i = 0; i < n && st == FPA_OK; i++)
        if (!(flags[i] & FPA_VAR_MATERIAL)) w->flags[i] &= ~(uint32_t)FPA_VAR_MATERIAL;
    free(floor);
    free(rule);
    free(flags);
    return st;
}

/* The window a year before, when the actuals reach back that far: the
 * same window on the actuals shifted by twelve months, rolled up. */
static fpa_status prior_year(vwin *w, const cli_dataset *d, const vtree *t, const vdata *v,
                             fpa_window win, const fpa_opts *opts)
{
    size_t nl = d->nlines, n = t->n;
    if (v->p0 + (int64_t)w->first - 12 < v->a0) return FPA_OK;
    double *wb = cli_alloc(nl * sizeof *wb), *wa = cli_alloc(nl * sizeof *wa);
    double *leaf = cli_calloc(n, sizeof *leaf), *up = cli_alloc(n * sizeof *up);
    double *scratch = cli_alloc(n * sizeof *scratch);
    fpa_status st = fpa_variance_window(wb, wa, v->prior, v->prior, v->prior, nl, v->periods,
                                        cli_period_month(v->p0), v->at, win, opts);
    for (size_t i = 0; i < nl; i++) leaf[i] = sign_of(d->nature[i]) * wa[i];
    if (st == FPA_OK) st = fpa_variance_rollup(up, scratch, NULL, t->tree, leaf, leaf, 1, opts);
    free(scratch);
    for (size_t i = 0; st == FPA_OK && i < n; i++) up[i] *= sign_of(t->group[i]);
    if (st == FPA_OK) w->prior = up;
    else free(up);
    free(wb);
    free(wa);
    free(leaf);
    return st;
}

static int vwin_compute(vwin *w, const cli_dataset *d, const vtree *t, const vdata *v,
                        fpa_window win, const fpa_opts *opts)
{
    memset(w, 0, sizeof *w);
    size_t nl = d->nlines, n = t->n;
    int month = cli_period_month(v->p0);
    char what[64];
    snprintf(what, sizeof what, "variance: window %s", window_name(win));
    fpa_status st = fpa_variance_window_range(&w->first, &w->last, v->periods, month, v->at,
                                              win, opts);
    if (st == FPA_EDOM) {
        char b0[16], b1[16];
        cli_period_str(b0, v->p0);
        cli_period_str(b1, v->p0 + (int64_t)v->periods - 1);
        return cli_fail_at(CLI_EINPUT, d->budget.file, 0, 0, "the %s window does not fit the "
                           "budget's months %s..%s: %s", window_name(win), b0, b1,
                           fpa_error_last());
    }
    if (st != FPA_OK) return cli_fail_lib(st, what);
    if (win == FPA_WINDOW_OUTLOOK && !v->forecast)
        return cli_fail(CLI_ECOMPUTE, "%s: no forecast", what);
    double *wb = cli_alloc(nl * sizeof *wb), *wa = cli_alloc(nl * sizeof *wa);
    st = fpa_variance_window(wb, wa, v->budget, v->actual, v->forecast, nl, v->periods, month,
                             v->at, win, opts);
    w->leaf_b = cli_calloc(n, sizeof *w->leaf_b);
    w->leaf_a = cli_calloc(n, sizeof *w->leaf_a);
    for (size_t i = 0; i < nl && st == FPA_OK; i++) {
        w->leaf_b[i] = sign_of(d->nature[i]) * wb[i];
        w->leaf_a[i] = sign_of(d->nature[i]) * wa[i];
    }
    free(wb);
    free(wa);
    w->b = cli_alloc(n * sizeof *w->b);
    w->a = cli_alloc(n * sizeof *w->a);
    w->var = cli_alloc(n * sizeof *w->var);
    w->pct = cli_alloc(n * sizeof *w->pct);
    w->flags = cli_alloc(n * sizeof *w->flags);
    if (st == FPA_OK)
        st = fpa_variance_rollup(w->b, w->a, NULL, t->tree, w->leaf_b, w->leaf_a, 1, opts);
    int *nature = cli_alloc(n * sizeof *nature);
    for (size_t i = 0; i < n; i++) {
        double s = sign_of(t->group[i]);
        w->b[i] *= s;
        w->a[i] *= s;
        nature[i] = cli_nature_is_cost(t->group[i]) ? FPA_NATURE_COST : FPA_NATURE_REVENUE;
    }
    if (st == FPA_OK)
        st = fpa_variance_compute(w->var, w->pct, w->flags, w->b, w->a, n, 1, nature, NULL,
                                  NULL, NULL, opts);
    if (st == FPA_OK) st = unit_floor(w, n, nature);
    if (st == FPA_OK) st = prior_year(w, d, t, v, win, opts);
    free(nature);
    return st == FPA_OK ? 0 : cli_fail_lib(st, what);
}

/* ---- the report ----------------------------------------------------------------- */

static const char *direction(uint32_t f)
{
    return f & FPA_VAR_FAVOURABLE ? "favourable" : f & FPA_VAR_UNFAVOURABLE ? "unfavourable"
                                                                           : "on budget";
}

static const char *flag_text(uint32_t f)
{
    bool m = f & FPA_VAR_MATERIAL;
    if (f & FPA_VAR_FAVOURABLE) return m ? "F *" : "F";
    if (f & FPA_VAR_UNFAVOURABLE) return m ? "U *" : "U";
    return "";
}

enum { L_WINDOW, L_FROM, L_TO, L_LINE, L_NAME, L_PARENT, L_LEVEL, L_NATURE, L_BUDGET, L_ACTUAL,
       L_VARIANCE, L_PCT, L_PRIOR, L_DIRECTION, L_MATERIAL, L_FLAG, L_LABEL, L_NCOLS };
static const cli_col line_cols[L_NCOLS] = {
    {"window", CLI_TEXT, CLI_HIDE_TEXT}, {"from", CLI_TEXT, CLI_HIDE_TEXT},
    {"to", CLI_TEXT, CLI_HIDE_TEXT}, {"line", CLI_TEXT, CLI_HIDE_TEXT},
    {"name", CLI_TEXT, 0}, {"parent", CLI_TEXT, CLI_HIDE_TEXT},
    {"level", CLI_COUNT, CLI_HIDE_TEXT}, {"nature", CLI_TEXT, CLI_HIDE_TEXT},
    {"budget", CLI_AMOUNT, 0}, {"actual", CLI_AMOUNT, 0}, {"variance", CLI_AMOUNT, 0},
    {"variance_pct", CLI_FRACTION, 0}, {"prior_year", CLI_AMOUNT, 0},
    {"direction", CLI_TEXT, CLI_HIDE_TEXT},
    {"material", CLI_BOOL, CLI_HIDE_TEXT}, {"flag", CLI_TEXT, CLI_HIDE_MACHINE},
    {"window_label", CLI_TEXT, CLI_HIDE_MACHINE},
};

static void put_node(cli_table *tab, const vtree *t, size_t i, int c_line, int c_name)
{
    cli_put_text(tab, (size_t)c_line, t->id[i]);
    cli_put_text(tab, (size_t)c_name, t->name[i]);
}

static void lines_rows(cli_table *tab, const vtree *t, const vdata *v, const vwin *w,
                       fpa_window win)
{
    char from[16], to[16], label[96];
    cli_period_str(from, v->p0 + (int64_t)w->first);
    cli_period_str(to, v->p0 + (int64_t)w->last);
    if (w->first == w->last) snprintf(label, sizeof label, "%s %s", window_label(win), to);
    else snprintf(label, sizeof label, "%s, %s .. %s", window_label(win), from, to);
    if (win == FPA_WINDOW_OUTLOOK) {
        char last[16];
        cli_period_str(last, v->last);
        size_t len = strlen(label);
        snprintf(label + len, sizeof label - len, " (actual to %s, then forecast)", last);
    }
    for (size_t k = 0; k < t->n; k++) {
        size_t i = t->order[k];
        cli_row_add(tab);
        cli_put_text(tab, L_WINDOW, window_name(win));
        cli_put_text(tab, L_FROM, from);
        cli_put_text(tab, L_TO, to);
        put_node(tab, t, i, L_LINE, L_NAME);
        if (t->parent[i]) cli_put_text(tab, L_PARENT, t->parent[i]);
        cli_put_num(tab, L_LEVEL, (double)t->level[i]);
        cli_put_text(tab, L_NATURE, cli_nature_name(t->group[i]));
        cli_put_num(tab, L_BUDGET, w->b[i]);
        cli_put_num(tab, L_ACTUAL, w->a[i]);
        cli_put_num(tab, L_VARIANCE, w->var[i]);
        if (!(w->flags[i] & FPA_VAR_NO_BUDGET)) cli_put_num(tab, L_PCT, w->pct[i]);
        if (w->prior) cli_put_num(tab, L_PRIOR, w->prior[i]);
        cli_put_text(tab, L_DIRECTION, direction(w->flags[i]));
        cli_put_bool(tab, L_MATERIAL, w->flags[i] & FPA_VAR_MATERIAL);
        cli_put_text(tab, L_FLAG, flag_text(w->flags[i]));
        cli_put_text(tab, L_LABEL, label);
    }
}

enum { DRILL_SHARE_PCT = 20 };
#define DRILL_SHARE (DRILL_SHARE_PCT / 100.0)

enum { D_NODE, D_NODE_NAME, D_RANK, D_LINE, D_NAME, D_BUDGET, D_ACTUAL, D_CONTRIB, D_SHARE,
       D_MATERIAL, D_FLAG, D_LABEL, D_NCOLS };
static const cli_col drill_cols[D_NCOLS] = {
    {"node", CLI_TEXT, CLI_HIDE_TEXT}, {"node_name", CLI_TEXT, CLI_HIDE_TEXT},
    {"rank", CLI_COUNT, 0}, {"line", CLI_TEXT, CLI_HIDE_TEXT}, {"name", CLI_TEXT, 0},
    {"budget", CLI_AMOUNT, 0}, {"actual", CLI_AMOUNT, 0}, {"contribution", CLI_AMOUNT, 0},
    {"share", CLI_FRACTION, 0}, {"material", CLI_BOOL, CLI_HIDE_TEXT},
    {"flag", CLI_TEXT, CLI_HIDE_MACHINE}, {"node_label", CLI_TEXT, CLI_HIDE_MACHINE},
};

static unsigned char tone_of(uint32_t flags)
{
    return flags & FPA_VAR_FAVOURABLE ? CLI_TONE_GOOD
         : flags & FPA_VAR_UNFAVOURABLE ? CLI_TONE_BAD : CLI_TONE_NONE;
}

/* One drilled group's contributors as bars, coloured by their flags. */
static void drill_figure(cli_section *s, const vtree *t, const vwin *w, size_t v,
                         const size_t *nodes, const double *contrib, size_t count)
{
    char *name = cli_fmt("drill.%s", t->id[v]);
    char *title = cli_fmt("%s: what explains its variance", t->name[v]);
    cli_figure *g = cli_figure_add(s, name, title, CLI_FIG_BARS, "currency", count);
    cli_trace *bar = cli_figure_trace(g, "contribution", CLI_ROLE_STEP);
    double sp = sign_of(t->group[v]);
    for (size_t j = 0; j < count; j++) {
        size_t c = nodes[j];
        cli_figure_x(g, j, c == v ? "(its own postings)" : t->name[c]);
        bar->v[j] = sp * contrib[j];
        bar->tone[j] = c == v ? CLI_TONE_NONE : tone_of(w->flags[c]);
    }
    free(name);
    free(title);
}

/* The bridge from budget to actual of each root: its budget, the
 * contribution of every child, its actual. */
static int bridge_figure(cli_section *s, const vtree *t, const vwin *w, const fpa_opts *opts)
{
    for (size_t root = 0; root < t->n; root++) {
        if (t->parent_ix[root] != SIZE_MAX || t->leaf[root]) continue;
        size_t count = 0, avail = 0;
        fpa_status st = fpa_variance_drilldown(NULL, NULL, NULL, &count, &avail, t->tree,
                                               w->leaf_b, w->leaf_a, root, FPA_DRILL_CHILDREN,
                                               0, opts);
        size_t *nodes = cli_alloc((avail + 1) * sizeof *nodes);
        double *contrib = cli_alloc((avail + 1) * sizeof *contrib);
        if (st == FPA_OK)
            st = fpa_variance_drilldown(nodes, contrib, NULL, &count, NULL, t->tree, w->leaf_b,
                                        w->leaf_a, root, FPA_DRILL_CHILDREN, avail, opts);
        if (st != FPA_OK) {
            free(nodes);
            free(contrib);
            return cli_fail_lib(st, "variance: bridge");
        }
        char *name = cli_fmt("bridge.%s", t->id[root]);
        char *title = cli_fmt("%s: budget to actual", t->name[root]);
        cli_figure *g = cli_figure_add(s, name, title, CLI_FIG_WATERFALL, "currency", count + 2);
        cli_trace *bar = cli_figure_trace(g, "bridge", CLI_ROLE_STEP);
        double sp = sign_of(t->group[root]);
        cli_figure_x(g, 0, "budget");
        bar->v[0] = w->b[root], bar->tone[0] = CLI_TONE_TOTAL;
        for (size_t j = 0; j < count; j++) {
            cli_figure_x(g, j + 1, nodes[j] == root ? "(own postings)" : t->name[nodes[j]]);
            bar->v[j + 1] = sp * contrib[j];
            bar->tone[j + 1] = nodes[j] == root ? CLI_TONE_NONE : tone_of(w->flags[nodes[j]]);
        }
        cli_figure_x(g, count + 1, "actual");
        bar->v[count + 1] = w->a[root], bar->tone[count + 1] = CLI_TONE_TOTAL;
        free(name);
        free(title);
        free(nodes);
        free(contrib);
    }
    return 0;
}

/* Drill-downs are bounded, so that a chart thousands of levels deep costs
 * linear time: the first MAX_DRILLS groups in reading order, the first
 * MAX_DRILL_FIGURES of them drawn. */
enum { MAX_DRILLS = 50, MAX_DRILL_FIGURES = 8 };

static int drill_rows(cli_section *s, cli_table *tab, const vtree *t, const vwin *w,
                      size_t top, const fpa_opts *opts)
{
    size_t drills = 0;
    size_t *nodes = cli_alloc(top * sizeof *nodes), count;
    double *contrib = cli_alloc(top * sizeof *contrib), *share = cli_alloc(top * sizeof *share);
    int rc = 0;
    /* Drilled: the roots, the material groups, and the groups that explain
     * at least DRILL_SHARE of a drilled parent's variance (pre-order visits
     * parents first). */
    bool *drilled = cli_calloc(t->n, sizeof *drilled);
    for (size_t k = 0; k < t->n && !rc; k++) {
        size_t v = t->order[k], up = t->parent_ix[v];
        double iv = sign_of(t->group[v]) * w->var[v];
        double ip = up == SIZE_MAX ? 0 : sign_of(t->group[up]) * w->var[up];
        drilled[v] = !t->leaf[v] &&
                     (up == SIZE_MAX || (w->flags[v] & FPA_VAR_MATERIAL) ||
                      (drilled[up] && ip != 0 && fabs(iv / ip) >= DRILL_SHARE));
        if (!drilled[v]) continue;
        if (drills++ == MAX_DRILLS) {
            cli_section_note(s, "drill-down: the first %d groups only", MAX_DRILLS);
            break;
        }
        fpa_status st = fpa_variance_drilldown(nodes, contrib, share, &count, NULL, t->tree,
                                               w->leaf_b, w->leaf_a, v, FPA_DRILL_CHILDREN, top,
                                               opts);
        if (st != FPA_OK) {
            rc = cli_fail_lib(st, "variance: drill-down");
            break;
        }
        if (drills <= MAX_DRILL_FIGURES) drill_figure(s, t, w, v, nodes, contrib, count);
        char label[256];
        snprintf(label, sizeof label, "%s: %s %s", t->name[v],
                 cli_nature_is_cost(t->group[v]) ? "cost" : "income", direction(w->flags[v]));
        for (size_t j = 0; j < count; j++) {
            size_t c = nodes[j];
            cli_row_add(tab);
            cli_put_text(tab, D_NODE, t->id[v]);
            cli_put_text(tab, D_NODE_NAME, t->name[v]);
            cli_put_num(tab, D_RANK, (double)(j + 1));
            put_node(tab, t, c, D_LINE, D_NAME);
            /* the contributor's own rolled-up amounts (natural sign of the
               parent, so that the contributions add up to its variance) */
            double sp = sign_of(t->group[v]), sc = sign_of(t->group[c]);
            bool self = c == v;
            cli_put_num(tab, D_BUDGET, self ? sp * w->leaf_b[c] : sp * sc * w->b[c]);
            cli_put_num(tab, D_ACTUAL, self ? sp * w->leaf_a[c] : sp * sc * w->a[c]);
            cli_put_num(tab, D_CONTRIB, sp * contrib[j]);
            cli_put_num(tab, D_SHARE, share[j]);
            cli_put_bool(tab, D_MATERIAL, !self && (w->flags[c] & FPA_VAR_MATERIAL));
            cli_put_text(tab, D_FLAG, self ? "" : flag_text(w->flags[c]));
            cli_put_text(tab, D_LABEL, label);
        }
    }
    free(drilled);
    free(nodes);
    free(contrib);
    free(share);
    return rc;
}

enum { G_ROOT, G_RANK, G_LINE, G_NAME, G_NATURE, G_BUDGET, G_ACTUAL, G_VARIANCE, G_PCT,
       G_IMPACT, G_SHARE, G_MATERIAL, G_FLAG, G_NCOLS };
static const cli_col gap_cols[G_NCOLS] = {
    {"root", CLI_TEXT, CLI_HIDE_TEXT}, {"rank", CLI_COUNT, 0}, {"line", CLI_TEXT, CLI_HIDE_TEXT},
    {"name", CLI_TEXT, 0}, {"nature", CLI_TEXT, 0}, {"budget", CLI_AMOUNT, 0},
    {"actual", CLI_AMOUNT, 0}, {"variance", CLI_AMOUNT, 0},
    {"variance_pct", CLI_FRACTION, 0}, {"impact", CLI_AMOUNT, 0}, {"share", CLI_FRACTION, 0},
    {"material", CLI_BOOL, CLI_HIDE_TEXT}, {"flag", CLI_TEXT, CLI_HIDE_MACHINE},
};

static int gap_rows(cli_table *tab, const vtree *t, const vwin *w, size_t top,
                    const fpa_opts *opts)
{
    size_t *nodes = cli_alloc(top * sizeof *nodes), count;
    double *contrib = cli_alloc(top * sizeof *contrib), *share = cli_alloc(top * sizeof *share);
    int rc = 0;
    for (size_t root = 0; root < t->n && !rc; root++) {
        if (t->parent_ix[root] != SIZE_MAX || t->leaf[root]) continue;
        fpa_status st = fpa_variance_drilldown(nodes, contrib, share, &count, NULL, t->tree,
                                               w->leaf_b, w->leaf_a, root, FPA_DRILL_LEAVES, top,
                                               opts);
        if (st != FPA_OK) {
            rc = cli_fail_lib(st, "variance: largest gaps");
            break;
        }
        for (size_t j = 0; j < count; j++) {
            size_t c = nodes[j];
            double s = sign_of(t->group[c]); /* a line's own postings, natural sign */
            double b = s * w->leaf_b[c], a = s * w->leaf_a[c];
            cli_row_add(tab);
            cli_put_text(tab, G_ROOT, t->id[root]);
            cli_put_num(tab, G_RANK, (double)(j + 1));
            put_node(tab, t, c, G_LINE, G_NAME);
            cli_put_text(tab, G_NATURE, cli_nature_name(t->group[c]));
            cli_put_num(tab, G_BUDGET, b);
            cli_put_num(tab, G_ACTUAL, a);
            cli_put_num(tab, G_VARIANCE, a - b);
            if (t->leaf[c]) {
                if (!(w->flags[c] & FPA_VAR_NO_BUDGET)) cli_put_num(tab, G_PCT, w->pct[c]);
                cli_put_bool(tab, G_MATERIAL, w->flags[c] & FPA_VAR_MATERIAL);
                cli_put_text(tab, G_FLAG, flag_text(w->flags[c]));
            }
            cli_put_num(tab, G_IMPACT, contrib[j]);
            cli_put_num(tab, G_SHARE, share[j]);
        }
    }
    free(nodes);
    free(contrib);
    free(share);
    return rc;
}

int cli_section_variance(cli_report *r, const cli_dataset *d, const cli_variance_params *p)
{
    vtree t;
    vdata v;
    int rc = vtree_build(&t, d, p->opts);
    if (!rc) rc = vdata_build(&v, d, p->fc);
    else memset(&v, 0, sizeof v);
    cli_section *s = NULL;
    cli_table *lines = NULL;
    if (!rc) {
        s = cli_section_add(r, "variance", "Budget variance");
        lines = cli_table_add(s, "lines", "Budget against actual, by line", line_cols, L_NCOLS);
        lines->group_col = L_LABEL;
        lines->indent_col = L_NAME;
        lines->level_col = L_LEVEL;
    }
    /* the review shows the outlook when the data allow it */
    char *misfit = NULL;
    if (!rc && p->outlook_optional && cli_variance_wants_outlook(p)) {
        misfit = p->fc ? cli_variance_outlook_misfit(d, p->opts) : cli_strdup("no forecast");
        if (misfit) cli_section_note(s, "outlook window left out: %s", misfit);
    }
    cli_progress pr;
    cli_progress_start(&pr, "variance windows", rc ? 0 : p->nwindows * t.n);
    for (size_t k = 0; k < p->nwindows && !rc; k++) {
        vwin w;
        if (misfit && p->windows[k] == FPA_WINDOW_OUTLOOK) continue;
        rc = vwin_compute(&w, d, &t, &v, p->windows[k], p->opts);
        if (!rc) lines_rows(lines, &t, &v, &w, p->windows[k]);
        vwin_free(&w);
        cli_progress_step(&pr, (k + 1) * t.n);
    }
    cli_progress_end(&pr);
    if (!rc) {
        vwin w;
        rc = vwin_compute(&w, d, &t, &v, p->drill_window, p->opts);
        char title[160];
        snprintf(title, sizeof title, "Drill-down of the largest gaps, %s",
                 window_label(p->drill_window));
        cli_table *dt = cli_table_add(s, "drilldown", title, drill_cols, D_NCOLS);
        dt->group_col = D_LABEL;
        snprintf(title, sizeof title, "Largest gaps among the lines, %s (impact on operating "
                 "income)", window_label(p->drill_window));
        cli_table *gt = cli_table_add(s, "largest_gaps", title, gap_cols, G_NCOLS);
        if (!rc) rc = bridge_figure(s, &t, &w, p->opts);
        if (!rc) rc = drill_rows(s, dt, &t, &w, p->top, p->opts);
        if (!rc) rc = gap_rows(gt, &t, &w, p->top, p->opts);
        vwin_free(&w);
        cli_section_note(s, "variance = actual - budget, each line in its natural sign; groups "
                         "of revenue and cost lines (operating income) read as income. "
                         "Flags: F favourable, U unfavourable, * material.");
        double abs_t, pct_t, rule;
        fpa_opts_get(&abs_t, p->opts, FPA_OPT_VARIANCE_MATERIAL_ABS);
        fpa_opts_get(&pct_t, p->opts, FPA_OPT_VARIANCE_MATERIAL_PCT);
        fpa_opts_get(&rule, p->opts, FPA_OPT_VARIANCE_MATERIAL_RULE);
        static const char *const rules[] = {"either test", "both tests", "the amount alone",
                                            "the share alone"};
        cli_section_note(s, "drill-down: from the top, every group that is material or "
                         "explains at least %d%% of its parent's variance, into its "
                         "children; contributions in the sign of the group drilled",
                         DRILL_SHARE_PCT);
        cli_section_note(s, "material: |variance| above %.15g and above %.15g%% of budget "
                         "(%s), and never below one unit of the currency", abs_t, 100 * pct_t,
                         rules[(int)rule & 3]);
        if (cli_variance_wants_outlook(p) && !misfit)
            cli_section_note(s, "outlook: the fiscal year's actuals to the last closed month "
                             "plus each line's forecast for the rest of the year, against the "
                             "full-year budget");
    }
    free(misfit);
    vtree_free(&t);
    vdata_free(&v);
    return rc;
}

/* The full-year outlook of the top of the chart, for the forecast section:
 * the year's budget, its actuals to date, the forecast of the rest and
 * their sum, against the budget (the variance report's outlook window). */
enum { O_LINE, O_NAME, O_LEVEL, O_NATURE, O_BUDGET, O_ACTUAL, O_FORECAST, O_OUTLOOK,
       O_VARIANCE, O_PCT, O_PRIOR, O_DIRECTION, O_MATERIAL, O_FLAG, O_NCOLS };
static const cli_col outlook_cols[O_NCOLS] = {
    {"line", CLI_TEXT, CLI_HIDE_TEXT}, {"name", CLI_TEXT, 0}, {"level", CLI_COUNT, CLI_HIDE_TEXT},
    {"nature", CLI_TEXT, CLI_HIDE_TEXT}, {"budget", CLI_AMOUNT, 0}, {"actual", CLI_AMOUNT, 0},
    {"forecast", CLI_AMOUNT, 0}, {"outlook", CLI_AMOUNT, 0}, {"variance", CLI_AMOUNT, 0},
    {"variance_pct", CLI_FRACTION, 0}, {"prior_year", CLI_AMOUNT, 0},
    {"direction", CLI_TEXT, CLI_HIDE_TEXT}, {"material", CLI_BOOL, CLI_HIDE_TEXT},
    {"flag", CLI_TEXT, CLI_HIDE_MACHINE},
};

int cli_variance_outlook(cli_section *s, const cli_dataset *d, const cli_linefc *fc,
                         const fpa_opts *opts, size_t max_level)
{
    vtree t;
    vdata v;
    vwin o = {0}, y = {0};
    int rc = vtree_build(&t, d, opts);
    if (!rc) rc = vdata_build(&v, d, fc);
    else memset(&v, 0, sizeof v);
    if (!rc) rc = vwin_compute(&o, d, &t, &v, FPA_WINDOW_OUTLOOK, opts);
    if (!rc) rc = vwin_compute(&y, d, &t, &v, FPA_WINDOW_YTD, opts);
    if (!rc) {
        char from[16], to[16], last[16], title[128];
        cli_period_str(from, v.p0 + (int64_t)o.first);
        cli_period_str(to, v.p0 + (int64_t)o.last);
        cli_period_str(last, v.last);
        snprintf(title, sizeof title, "Full-year outlook against budget, %s .. %s (actual to "
                 "%s, then forecast)", from, to, last);
        cli_table *tab = cli_table_add(s, "outlook", title, outlook_cols, O_NCOLS);
        tab->indent_col = O_NAME;
        tab->level_col = O_LEVEL;
        for (size_t k = 0; k < t.n; k++) {
            size_t i = t.order[k];
            if (t.level[i] > max_level) continue;
            cli_row_add(tab);
            put_node(tab, &t, i, O_LINE, O_NAME);
            cli_put_num(tab, O_LEVEL, (double)t.level[i]);
            cli_put_text(tab, O_NATURE, cli_nature_name(t.group[i]));
            cli_put_num(tab, O_BUDGET, o.b[i]);
            cli_put_num(tab, O_ACTUAL, y.a[i]);
            cli_put_num(tab, O_FORECAST, o.a[i] - y.a[i]);
            cli_put_num(tab, O_OUTLOOK, o.a[i]);
            cli_put_num(tab, O_VARIANCE, o.var[i]);
            if (!(o.flags[i] & FPA_VAR_NO_BUDGET)) cli_put_num(tab, O_PCT, o.pct[i]);
            if (o.prior) cli_put_num(tab, O_PRIOR, o.prior[i]);
            cli_put_text(tab, O_DIRECTION, direction(o.flags[i]));
            cli_put_bool(tab, O_MATERIAL, o.flags[i] & FPA_VAR_MATERIAL);
            cli_put_text(tab, O_FLAG, flag_text(o.flags[i]));
        }
    }
    vwin_free(&o);
    vwin_free(&y);
    vtree_free(&t);
    vdata_free(&v);
    return rc;
}

/* Parameters every data report states: whose data, which month. */
void cli_report_dataset_params(cli_report *r, const cli_dataset *d)
{
    char p[16];
    if (*d->company) cli_report_param_text(r, "company", d->company);
    if (*d->currency) cli_report_param_text(r, "currency", d->currency);
    if (d->as_of != INT64_MIN) {
        cli_period_str(p, d->as_of);
        cli_report_param_text(r, "as_of", p);
        cli_period_str(p, d->as_of - 1);
        cli_report_param_text(r, "last_closed", p);
    }
}

bool cli_variance_wants_outlook(const cli_variance_params *p)
{
    bool any = p->drill_window == FPA_WINDOW_OUTLOOK;
    for (size_t k = 0; k < p->nwindows; k++) any |= p->windows[k] == FPA_WINDOW_OUTLOOK;
    return any;
}

