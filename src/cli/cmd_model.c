/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fpa model run MODEL.json [--scenarios S.json]: the integrated planning
 * model of fpa/model.h read from its JSON file (docs/model.md), the three
 * statements per period, the balance checks, and every scenario compared
 * with the base. The program reads, calls the library and formats: every
 * figure is a value of fpa_model_evaluate() or fpa_model_compare(). */
#include "cmd.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { M_PERIODS = 100, M_SCENARIO, M_LINE, M_ROWS, M_COLS, M_VARY, M_PATHS, M_PERCENTILES,
       M_BELOW };

static const cli_opt model_opts[] = {
    {"sample", NULL, OPT_SAMPLE, "the sample company's model (model.json) and, without "
                                 "--scenarios, its what-ifs (model_scenarios.json)"},
    {"scenarios", "FILE", OPT_SCENARIOS, "what-ifs to compare with the base (JSON, "
                                         "docs/model.md)"},
    {"periods", "FROM:TO", M_PERIODS, "run: only the periods from FROM to TO (YYYY-MM or "
                                      "YYYY-MM-DD; either side may be left out)"},
    {"scenario", "NAME", M_SCENARIO, "table, mc: start from this scenario of --scenarios"},
    {"line", "NAME", M_LINE, "table: the output line (its last period); mc: a line to keep "
                             "(repeatable)"},
    {"rows", "LEVER", M_ROWS, "table: the rows' change and its values (below)"},
    {"cols", "LEVER", M_COLS, "table: the columns' change (a two-way table)"},
    {"vary", "VAR", M_VARY, "mc: a random change of an input (below; repeatable)"},
    {"paths", "N", M_PATHS, "mc: number of paths (default 10000; --set seed=N)"},
    {"percentiles", "P,...", M_PERCENTILES, "mc: percentiles shown (default 5,50,95)"},
    {"below", "X", M_BELOW, "mc: also the share of paths below X in each period"},
    {0},
};

/* ---- reading JSON: a wrong value is named by its path in the document ---- */

typedef struct reader {
    const char *file;
    int rc;
} reader;

CLI_PRINTF(3, 4) static int bad(reader *r, const char *where, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!r->rc) r->rc = cli_fail_at(CLI_EINPUT, r->file, 0, 0, "%s: %s", where, msg);
    return r->rc;
}

/* The library refused what the file says: its detail names the line. */
static int refused(reader *r, fpa_status st, const char *where)
{
    if (st == FPA_OK) return 0;
    if (st == FPA_ENOMEM) cli_oom();
    return bad(r, where, "%s", fpa_error_last());
}

static json_t *parse(reader *r, const cli_text *t)
{
    json_error_t err;
    json_t *root = json_loadb(t->data, t->size, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        r->rc = cli_fail_at(CLI_EINPUT, t->name, (size_t)(err.line > 0 ? err.line : 1),
                            (size_t)(err.column > 0 ? err.column : 1), "invalid JSON: %s",
                            err.text);
    else if (!json_is_object(root))
        bad(r, "(top)", "expected an object");
    return root;
}

static bool only_keys(reader *r, json_t *o, const char *where, const char *const *keys)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        bool known = false;
        char list[256] = "";
        for (size_t i = 0, len = 0; keys[i]; i++) {
            known |= !strcmp(key, keys[i]);
            if (len < sizeof list)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
                                        keys[i]);
        }
        if (!known) {
            bad(r, where, "unexpected key \"%s\": expected %s", key, list);
            return false;
        }
    }
    return true;
}

/* The index of a string among `names` (NULL-terminated), or -1 (reported). */
static int choice(reader *r, json_t *v, const char *where, const char *const *names)
{
    char list[512] = "";
    for (size_t i = 0, len = 0; names[i]; i++) {
        if (json_is_string(v) && !strcmp(json_string_value(v), names[i])) return (int)i;
        if (len < sizeof list)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
                                    names[i]);
    }
    if (!json_is_string(v)) bad(r, where, "expected a string: one of %s", list);
    else bad(r, where, "unknown value \"%s\": expected %s", json_string_value(v), list);
    return -1;
}

static bool number(reader *r, json_t *v, const char *where, double *out)
{
    if (json_is_number(v) && isfinite(json_number_value(v))) {
        *out = json_number_value(v);
        return true;
    }
    bad(r, where, "expected a finite number");
    return false;
}

/* An array of numbers (or one number: n = 1); NULL when reported. */
static double *numbers(reader *r, json_t *v, const char *where, size_t *n)
{
    if (json_is_number(v)) v = json_pack("[O]", v);
    else if (json_is_array(v)) json_incref(v);
    else {
        bad(r, where, "expected a number or an array of numbers");
        return NULL;
    }
    *n = json_array_size(v);
    double *x = cli_alloc((*n ? *n : 1) * sizeof *x);
    for (size_t k = 0; k < *n && !r->rc; k++) {
        char *at = cli_fmt("%s[%zu]", where, k);
        number(r, json_array_get(v, k), at, &x[k]);
        free(at);
    }
    json_decref(v);
    if (r->rc) free(x);
    return r->rc ? NULL : x;
}

/* "YYYY-MM" (its first day) or "YYYY-MM-DD": a day number. */
static bool day_of(int64_t *out, const char *s, bool *month)
{
    int64_t p;
    *month = strlen(s) == 7;
    if (*month)
        return cli_parse_period(&p, s) &&
               fpa_date_from_ymd(out, (int)(p / 12), (int)(p % 12) + 1, 1) == FPA_OK;
    return strlen(s) == 10 && cli_parse_date(out, s);
}

/* ---- the model file ------------------------------------------------------ */

static const char *const calendar_names[] = {"month", "quarter", "week", NULL};
static const char *const basis_names[] = {"actual", "30/360", "365", NULL};
static const char *const nature_names[] = {"revenue", "cost", NULL};
/* in fpa_model_rel and fpa_model_role order */
static const char *const rel_names[] = {
    "sum", "diff", "product", "ratio", "pct_of", "lag", "lead", "cumsum", "delta", "balance",
    "step", "ramp", "min", "max", "clamp", "running_min", "running_max", NULL};
static const char *const role_names[] = {
    "revenue", "cogs", "opex", "depreciation", "tax_rate", "debt_rate", "revolver_rate",
    "cash_rate", "receivables", "inventory", "payables", "other_assets", "other_liabilities",
    "capex", "debt_draw", "debt_repayment", "equity_issue", "dividend", "cash_floor",
    "revolver_limit", NULL};

typedef struct model_file {
    fpa_model *m;
    fpa_calendar calendar;
    size_t periods;
    int64_t *bounds; /* periods + 1 first days */
} model_file;

static void model_file_free(model_file *f)
{
    fpa_model_free(f->m);
    free(f->bounds);
    memset(f, 0, sizeof *f);
}

/* fpa_model_new() with the calendar, start, periods and option keys. */
static void model_new(reader *r, model_file *f, json_t *root, fpa_opts *opts)
{
    json_t *cal = json_object_get(root, "calendar"), *start = json_object_get(root, "start"),
           *np = json_object_get(root, "periods"), *basis = json_object_get(root, "day_basis"),
           *dec = json_object_get(root, "decimals");
    int c = cal ? choice(r, cal, "calendar", calendar_names) : 0;
    int b = basis ? choice(r, basis, "day_basis", basis_names) : 0;
    int64_t day = 0;
    bool month;
    if (r->rc) return;
    if (!json_is_integer(np) || json_integer_value(np) < 1)
        bad(r, "periods", "expected a whole number of periods >= 1");
    else if (!json_is_string(start) || !day_of(&day, json_string_value(start), &month))
        bad(r, "start", "expected the first period as \"YYYY-MM\" or \"YYYY-MM-DD\"");
    else if (dec && (!json_is_integer(dec) ||
                     fpa_opts_set(opts, FPA_OPT_MODEL_DECIMALS,
                                  (double)json_integer_value(dec)) != FPA_OK))
        bad(r, "decimals", "expected a whole number of decimals, 0 to 6");
    if (r->rc) return;
    fpa_opts_set(opts, FPA_OPT_MODEL_DAY_BASIS, b);
    f->calendar = (fpa_calendar)c;
    f->periods = (size_t)json_integer_value(np);
    refused(r, fpa_model_new(&f->m, f->calendar, day, f->periods, opts), "(top)");
}

static const char **names_of(reader *r, json_t *of, const char *where, size_t *n)
{
    if (json_is_string(of)) {
        const char **v = cli_alloc(sizeof *v);
        v[0] = json_string_value(of);
        *n = 1;
        return v;
    }
    if (of && !json_is_array(of)) {
        bad(r, where, "expected a line's name or an array of names");
        return NULL;
    }
    *n = json_array_size(of);
    const char **v = cli_alloc((*n ? *n : 1) * sizeof *v);
    for (size_t k = 0; k < *n && !r->rc; k++)
        if (!json_is_string(json_array_get(of, k)))
            bad(r, where, "item %zu: expected a line's name", k);
        else v[k] = json_string_value(json_array_get(of, k));
    if (r->rc) free(v);
    return r->rc ? NULL : v;
}

static void line_add(reader *r, fpa_model *m, json_t *o, const char *where)
{
    static const char *const keys[] = {"name", "input", "rel", "of", "params", "opening",
                                       "floor", "nature", "comment", NULL};
    if (!json_is_object(o)) {
        bad(r, where, "expected an object {\"name\", \"input\"} or {\"name\", \"rel\", ...}");
        return;
    }
    json_t *name = json_object_get(o, "name"), *in = json_object_get(o, "input"),
           *rel = json_object_get(o, "rel");
    if (!only_keys(r, o, where, keys)) return;
    if (!json_is_string(name)) {
        bad(r, where, "expected \"name\": a string");
        return;
    }
    const char *nm = json_string_value(name);
    char *at = cli_fmt("%s (%s)", where, nm);
    size_t n = 0, np = 0;
    if (!in == !rel) {
        bad(r, at, "give either \"input\" or \"rel\"");
    } else if (in) {
        double *v = numbers(r, in, at, &n);
        if (v) refused(r, fpa_model_input(m, nm, v, n), at);
        free(v);
    } else {
        int k = choice(r, rel, at, rel_names);
        const char **of = k < 0 ? NULL : names_of(r, json_object_get(o, "of"), at, &n);
        json_t *params = json_object_get(o, "params");
        double *p = of && params ? numbers(r, params, at, &np) : NULL;
        if (of && (p || !params))
            refused(r, fpa_model_relation(m, nm, (fpa_model_rel)k, of, n, p, np), at);
        free(of);
        free(p);
    }
    free(at);
}

/* Openings, floors and natures, once every line exists. */
static void line_extras(reader *r, fpa_model *m, json_t *o, const char *where)
{
    const char *nm = json_string_value(json_object_get(o, "name"));
    json_t *open = json_object_get(o, "opening"), *fl = json_object_get(o, "floor"),
           *nat = json_object_get(o, "nature");
    char *at = cli_fmt("%s (%s)", where, nm);
    double x;
    if (open && number(r, open, at, &x)) refused(r, fpa_model_set_opening(m, nm, x), at);
    if (!r->rc && fl && number(r, fl, at, &x)) refused(r, fpa_model_set_floor(m, nm, x), at);
    int k = !r->rc && nat ? choice(r, nat, at, nature_names) : -1;
    if (k >= 0)
        refused(r, fpa_model_set_nature(m, nm, k ? FPA_NATURE_COST : FPA_NATURE_REVENUE), at);
    free(at);
}

static void links_add(reader *r, fpa_model *m, json_t *links)
{
    const char *role;
    json_t *v;
    if (links && !json_is_object(links)) {
        bad(r, "links", "expected an object: role -> line or lines");
        return;
    }
    json_object_foreach(links, role, v) {
        char *at = cli_fmt("links.%s", role);
        json_t *key = json_string(role);
        int k = choice(r, key, at, role_names);
        json_decref(key);
        size_t n = 0;
        const char **names = k < 0 ? NULL : names_of(r, v, at, &n);
        for (size_t i = 0; names && i < n && !r->rc; i++)
            refused(r, fpa_model_link(m, (fpa_model_role)k, names[i]), at);
        free(names);
        free(at);
        if (r->rc) return;
    }
}

static void openings_set(reader *r, fpa_model *m, json_t *open)
{
    const char *name;
    json_t *v;
    if (open && !json_is_object(open)) {
        bad(r, "openings", "expected an object: statement line -> value");
        return;
    }
    json_object_foreach(open, name, v) {
        char *at = cli_fmt("openings.%s", name);
        double x;
        if (number(r, v, at, &x)) refused(r, fpa_model_set_opening(m, name, x), at);
        free(at);
        if (r->rc) return;
    }
}

static int model_load(model_file *f, const cli_text *t, fpa_opts *opts)
{
    static const char *const keys[] = {"comment", "calendar", "start", "periods", "day_basis",
                                       "decimals", "lines", "links", "openings", NULL};
    memset(f, 0, sizeof *f);
    reader r = {t->name, 0};
    json_t *root = parse(&r, t), *lines = NULL;
    if (!r.rc && only_keys(&r, root, "(top)", keys)) model_new(&r, f, root, opts);
    if (!r.rc && !json_is_array(lines = json_object_get(root, "lines")))
        bad(&r, "lines", "expected an array of lines");
    for (size_t i = 0; !r.rc && i < json_array_size(lines); i++) {
        char where[32];
        snprintf(where, sizeof where, "lines[%zu]", i);
        line_add(&r, f->m, json_array_get(lines, i), where);
    }
    for (size_t i = 0; !r.rc && i < json_array_size(lines); i++) {
        char where[32];
        snprintf(where, sizeof where, "lines[%zu]", i);
        line_extras(&r, f->m, json_array_get(lines, i), where);
    }
    if (!r.rc) links_add(&r, f->m, json_object_get(root, "links"));
    if (!r.rc) openings_set(&r, f->m, json_object_get(root, "openings"));
    if (!r.rc) refused(&r, fpa_model_build(f->m), "the model");
    if (!r.rc) {
        f->bounds = cli_alloc((f->periods + 1) * sizeof *f->bounds);
        fpa_model_period_bounds(f->bounds, f->periods + 1, f->m);
    }
    json_decref(root);
    if (r.rc) model_file_free(f);
    return r.rc;
}

/* ---- the scenario file ---------------------------------------------------- */

typedef struct scenario_list {
    size_t n;
    char **name;
    fpa_model_scenario **s;
} scenario_list;

static void scenario_list_free(scenario_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->name[i]);
        fpa_model_scenario_free(l->s[i]);
    }
    free(l->name);
    free(l->s);
    memset(l, 0, sizeof *l);
}

/* A first period: a 0-based number, or the first day of a period
 * ("YYYY-MM"); past the end, none (the periods' count). */
static bool period_of(size_t *out, const model_file *f, const char *s)
{
    int64_t day;
    bool month;
    size_t k = 0;
    if (cli_parse_size(out, s)) return true;
    if (!day_of(&day, s, &month)) return false;
    if (day >= f->bounds[f->periods]) {
        *out = f->periods;
        return true;
    }
    while (k < f->periods && f->bounds[k] < day) k++;
    *out = k;
    return f->bounds[k] == day;
}

static bool from_period(reader *r, const model_file *f, json_t *v, const char *where,
                        size_t *out)
{
    *out = 0;
    if (!v) return true;
    if (json_is_integer(v) && json_integer_value(v) >= 0) {
        *out = (size_t)json_integer_value(v);
        return true;
    }
    if (json_is_string(v) && period_of(out, f, json_string_value(v))) return true;
    bad(r, where, "\"from\": expected the first day of a period of the model (\"YYYY-MM\") "
        "or a 0-based period");
    return false;
}

static void change_add(reader *r, const model_file *f, fpa_model_scenario *s, json_t *o,
                       const char *where)
{
    static const char *const keys[] = {"line", "op", "value", "from", "comment", NULL};
    static const char *const ops[] = {"set", "add", "mul", NULL};
    if (!json_is_object(o)) {
        bad(r, where, "expected an object {\"line\", \"op\", \"value\", \"from\"}");
        return;
    }
    json_t *line = json_object_get(o, "line");
    double value;
    size_t from;
    if (!only_keys(r, o, where, keys)) return;
    if (!json_is_string(line)) {
        bad(r, where, "expected \"line\": an input line's name");
        return;
    }
    char *at = cli_fmt("%s (%s)", where, json_string_value(line));
    int op = choice(r, json_object_get(o, "op"), at, ops);
    if (op >= 0 && number(r, json_object_get(o, "value"), at, &value) &&
        from_period(r, f, json_object_get(o, "from"), at, &from))
        refused(r, fpa_model_scenario_add(s, json_string_value(line), (fpa_scenario_op)op,
                                          value, from), at);
    free(at);
}

static void series_set(reader *r, fpa_model_scenario *s, json_t *series, const char *where)
{
    const char *line;
    json_t *v;
    if (series && !json_is_object(series)) {
        bad(r, where, "\"series\": expected an object: input line -> values");
        return;
    }
    json_object_foreach(series, line, v) {
        char *at = cli_fmt("%s.series.%s", where, line);
        size_t n;
        double *x = numbers(r, v, at, &n);
        if (x) refused(r, fpa_model_scenario_set_series(s, line, x, n), at);
        free(x);
        free(at);
        if (r->rc) return;
    }
}

static void scenario_add(reader *r, const model_file *f, scenario_list *l, json_t *o,
                         const char *where)
{
    static const char *const keys[] = {"name", "changes", "series", "comment", NULL};
    if (!json_is_object(o)) {
        bad(r, where, "expected an object {\"name\", \"changes\", \"series\"}");
        return;
    }
    json_t *name = json_object_get(o, "name"), *ch = json_object_get(o, "changes");
    if (!only_keys(r, o, where, keys)) return;
    if (!json_is_string(name) || !json_string_value(name)[0]) {
        bad(r, where, "expected \"name\": a non-empty string");
        return;
    }
    if (ch && !json_is_array(ch)) {
        bad(r, where, "\"changes\": expected an array of changes");
        return;
    }
    fpa_model_scenario *s;
    if (refused(r, fpa_model_scenario_new(&s, f->m, NULL), where)) return;
    l->name[l->n] = cli_strdup(json_string_value(name));
    l->s[l->n++] = s;
    series_set(r, s, json_object_get(o, "series"), where);
    for (size_t k = 0; k < json_array_size(ch) && !r->rc; k++) {
        char *at = cli_fmt("%s.changes[%zu]", where, k);
        change_add(r, f, s, json_array_get(ch, k), at);
        free(at);
    }
}

static int scenarios_load(scenario_list *l, const cli_text *t, const model_file *f)
{
    static const char *const keys[] = {"comment", "scenarios", NULL};
    memset(l, 0, sizeof *l);
    reader r = {t->name, 0};
    json_t *root = parse(&r, t), *sc = NULL;
    if (!r.rc && only_keys(&r, root, "(top)", keys) &&
        !json_is_array(sc = json_object_get(root, "scenarios")))
        bad(&r, "scenarios", "expected an array of scenarios");
    if (!r.rc) {
        l->name = cli_calloc(json_array_size(sc) + 1, sizeof *l->name);
        l->s = cli_calloc(json_array_size(sc) + 1, sizeof *l->s);
    }
    for (size_t i = 0; !r.rc && i < json_array_size(sc); i++) {
        char where[32];
        snprintf(where, sizeof where, "scenarios[%zu]", i);
        scenario_add(&r, f, l, json_array_get(sc, i), where);
    }
    json_decref(root);
    if (r.rc) scenario_list_free(l);
    return r.rc;
}

/* ---- the report ------------------------------------------------------------ */

typedef struct view {
    const model_file *f;
    size_t nsel, *sel;   /* the periods shown */
    char (*label)[16];   /* of every period */
    size_t nstmt, *stmt; /* the statement lines, in the model's order */
} view;

static void view_free(view *v)
{
    free(v->sel);
    free(v->label);
    free(v->stmt);
}

static int periods_arg(view *v, const char *arg)
{
    const model_file *f = v->f;
    int64_t lo = INT64_MIN, hi = INT64_MAX;
    bool month;
    v->sel = cli_alloc(f->periods * sizeof *v->sel);
    if (arg) {
        char *copy = cli_strdup(arg), *colon = strchr(copy, ':');
        if (colon) *colon++ = '\0';
        bool ok = !copy[0] || day_of(&lo, copy, &month);
        const char *to = colon ? colon : copy;
        if (ok && to[0] && (ok = day_of(&hi, to, &month))) {
            int y, m, d;
            fpa_date_to_ymd(&y, &m, &d, hi);
            if (month && m == 12) fpa_date_from_ymd(&hi, y + 1, 1, 1);
            else if (month) fpa_date_from_ymd(&hi, y, m + 1, 1);
            else hi++;
        }
        free(copy);
        if (!ok)
            return cli_fail(CLI_EUSAGE, "model: --periods: \"%s\" is not FROM:TO (YYYY-MM or "
                            "YYYY-MM-DD)", arg);
    }
    for (size_t t = 0; t < f->periods; t++)
        if (f->bounds[t] >= lo && f->bounds[t] < hi) v->sel[v->nsel++] = t;
    if (!v->nsel)
        return cli_fail(CLI_EUSAGE, "model: --periods \"%s\": no period of the model (%s to "
                        "%s)", arg, v->label[0], v->label[f->periods - 1]);
    return 0;
}

static void view_init(view *v, const model_file *f)
{
    memset(v, 0, sizeof *v);
    v->f = f;
    v->label = cli_alloc(f->periods * sizeof *v->label);
    for (size_t t = 0; t < f->periods; t++) {
        int y, m, d;
        fpa_date_to_ymd(&y, &m, &d, f->bounds[t]);
        if (f->calendar == FPA_CAL_WEEK) snprintf(v->label[t], 16, "%04d-%02d-%02d", y, m, d);
        else snprintf(v->label[t], 16, "%04d-%02d", y, m);
    }
    size_t L = fpa_model_lines(f->m);
    v->stmt = cli_alloc(L * sizeof *v->stmt);
    for (size_t i = 0; i < L; i++) {
        const char *n = fpa_model_line_name(f->m, i);
        if (!strncmp(n, "is.", 3) || !strncmp(n, "bs.", 3) || !strncmp(n, "cf.", 3))
            v->stmt[v->nstmt++] = i;
    }
}

/* A wide table: the lines of a statement (by prefix) x the periods shown. */
static cli_table *wide(cli_section *s, const view *v, const char *name, const char *title,
                       const char *prefix, const double *x)
{
    cli_col *cols = cli_alloc((v->nsel + 1) * sizeof *cols);
    cols[0] = (cli_col){"line", CLI_TEXT, 0};
    for (size_t k = 0; k < v->nsel; k++) cols[k + 1] = (cli_col){v->label[v->sel[k]],
                                                                 CLI_AMOUNT, 0};
    cli_table *t = cli_table_add(s, name, title, cols, v->nsel + 1);
    free(cols);
    size_t P = v->f->periods;
    for (size_t j = 0; j < v->nstmt; j++) {
        size_t i = v->stmt[j];
        const char *n = fpa_model_line_name(v->f->m, i);
        if (prefix && strncmp(n, prefix, 3)) continue;
        cli_row_add(t);
        cli_put_text(t, 0, n);
        for (size_t k = 0; k < v->nsel; k++) cli_put_num(t, k + 1, x[i * P + v->sel[k]]);
    }
    return t;
}

static size_t line_at(const model_file *f, const char *name)
{
    size_t i = SIZE_MAX;
    fpa_model_line_find(&i, f->m, name);
    return i;
}

static const cli_col check_cols[] = {
    {"period", CLI_TEXT, 0}, {"total_assets", CLI_AMOUNT, 0},
    {"total_liabilities_equity", CLI_AMOUNT, 0}, {"balance_check", CLI_VALUE, 0},
    {"net_cash_flow", CLI_AMOUNT, 0}, {"change_in_cash", CLI_AMOUNT, 0},
    {"cash_check", CLI_VALUE, 0}};

static void checks(cli_section *s, const view *v, const double *x)
{
    static const char *const lines[] = {"bs.total_assets", "bs.total_liabilities_equity",
                                        "bs.check", "cf.net_change", "cf.change_in_cash",
                                        "cf.check"};
    cli_table *t = cli_table_add(s, "checks", "Assets = liabilities + equity, cash flow = "
                                 "change in cash", check_cols, 7);
    size_t at[6], P = v->f->periods;
    for (size_t c = 0; c < 6; c++) at[c] = line_at(v->f, lines[c]);
    for (size_t k = 0; k < v->nsel; k++) {
        cli_row_add(t);
        cli_put_text(t, 0, v->label[v->sel[k]]);
        for (size_t c = 0; c < 6; c++) cli_put_num(t, c + 1, x[at[c] * P + v->sel[k]]);
    }
}

static const cli_col compare_cols[] = {
    {"scenario", CLI_TEXT, 0}, {"line", CLI_TEXT, 0}, {"period", CLI_TEXT, 0},
    {"base", CLI_AMOUNT, 0}, {"value", CLI_AMOUNT, 0}, {"variance", CLI_AMOUNT, 0},
    {"pct", CLI_FRACTION, 0}, {"favourable", CLI_TEXT, 0}};

static void compare_rows(cli_table *t, const view *v, const char *scenario, const double *base,
                         const double *x, const double *var, const double *pct,
                         const uint32_t *flags)
{
    size_t P = v->f->periods;
    for (size_t j = 0; j < v->nstmt; j++)
        for (size_t k = 0; k < v->nsel; k++) {
            size_t at = v->stmt[j] * P + v->sel[k];
            cli_row_add(t);
            cli_put_text(t, 0, scenario);
            cli_put_text(t, 1, fpa_model_line_name(v->f->m, v->stmt[j]));
            cli_put_text(t, 2, v->label[v->sel[k]]);
            cli_put_num(t, 3, base[at]);
            cli_put_num(t, 4, x[at]);
            cli_put_num(t, 5, var[at]);
            cli_put_num(t, 6, pct[at]);
            cli_put_text(t, 7, flags[at] & FPA_VAR_FAVOURABLE ? "favourable"
                               : flags[at] & FPA_VAR_UNFAVOURABLE ? "unfavourable" : "");
        }
}

/* Every scenario: evaluated (for its value) and compared with the base by
 * the library's version comparison (variance, percentage, favourable). */
static int scenarios(cli_report *r, const view *v, const scenario_list *l, const double *base,
                     const fpa_opts *opts)
{
    size_t N = fpa_model_lines(v->f->m) * v->f->periods;
    cli_section *s = cli_section_add(r, "scenarios", "Scenarios against the base");
    cli_table *all = cli_table_add(s, "compare", "Statement lines: scenario against the base",
                                   compare_cols, 8);
    all->flags = CLI_HIDE_TEXT;
    double *x = cli_alloc(N * sizeof *x), *var = cli_alloc(N * sizeof *var),
           *pct = cli_alloc(N * sizeof *pct);
    uint32_t *flags = cli_alloc(N * sizeof *flags);
    int rc = 0;
    for (size_t i = 0; i < l->n && !rc; i++) {
        char *what = cli_fmt("model: scenario \"%s\"", l->name[i]);
        fpa_status st = fpa_model_evaluate(x, N, v->f->m, l->s[i]);
        if (st == FPA_OK) st = fpa_model_compare(var, pct, flags, v->f->m, NULL, l->s[i], opts);
        if (st != FPA_OK) rc = cli_fail_lib(st, what);
        free(what);
        if (rc) break;
        compare_rows(all, v, l->name[i], base, x, var, pct, flags);
        char *name = cli_fmt("variance_%zu", i + 1), *title = cli_fmt("%s: scenario - base",
                                                                      l->name[i]);
        wide(s, v, name, title, NULL, var)->flags = CLI_HIDE_MACHINE;
        free(name);
        free(title);
    }
    free(x);
    free(var);
    free(pct);
    free(flags);
    return rc;
}

static int report(cli_report **out, const model_file *f, const scenario_list *l,
                  const char *periods, const fpa_opts *opts)
{
    view v;
    view_init(&v, f);
    int rc = periods_arg(&v, periods);
    size_t N = fpa_model_lines(f->m) * f->periods;
    double *x = cli_alloc(N * sizeof *x);
    fpa_status st = rc ? FPA_OK : fpa_model_evaluate(x, N, f->m, NULL);
    if (!rc && st != FPA_OK) rc = cli_fail_lib(st, "model: base");
    if (!rc) {
        cli_report *r = *out = cli_report_new("model", "The planning model: three statements");
        cli_section *s = cli_section_add(r, "statements", "Base: the three statements");
        wide(s, &v, "income", "Income statement", "is.", x);
        wide(s, &v, "balance", "Balance sheet", "bs.", x);
        wide(s, &v, "cash_flow", "Cash-flow statement (indirect)", "cf.", x);
        s = cli_section_add(r, "checks", "Balance checks");
        checks(s, &v, x);
        cli_section_note(s, "fpa_model_evaluate() checked every period to half a minor unit "
                         "(plus 1e-12 of the largest amount); a failure would have stopped "
                         "the run.");
        if (l->n) rc = scenarios(r, &v, l, x, opts);
    }
    free(x);
    view_free(&v);
    return rc;
}

/* ---- the inputs of every subcommand ----------------------------------------- */

static int read_text(cli_text *t, const char *path, const char *sample)
{
    if (path) return cli_text_file(t, path);
    if (!cli_text_sample(t, sample)) return cli_fail(CLI_EINPUT, "no sample file %s", sample);
    return 0;
}

typedef struct inputs {
    cli_text mt, st;
    model_file f;
    scenario_list l;
    const fpa_model_scenario *on; /* --scenario: what the what-if starts from */
} inputs;

static void inputs_free(inputs *in)
{
    scenario_list_free(&in->l);
    model_file_free(&in->f);
    if (in->st.name) cli_text_free(&in->st);
    if (in->mt.name) cli_text_free(&in->mt);
}

/* MODEL or --sample; --scenarios (with --sample, the sample's by default);
 * --scenario NAME, one of them, for mc and table. */
static int inputs_load(inputs *in, cli_ctx *c, const char *sub, bool sample_scenarios)
{
    const cli_args *a = c->a;
    memset(in, 0, sizeof *in);
    bool sample = cli_args_has(a, OPT_SAMPLE);
    const char *path = a->npos > 1 ? a->pos[1] : NULL, *spath = cli_args_get(a, OPT_SCENARIOS),
               *on = cli_args_get(a, M_SCENARIO);
    if (a->npos > 2)
        return cli_fail(CLI_EUSAGE, "model %s: unexpected argument \"%s\"", sub, a->pos[2]);
    if (sample == (path != NULL))
        return cli_fail(CLI_EUSAGE, "model %s: give a model file (JSON) or --sample", sub);
    if (on && !spath && !sample)
        return cli_fail(CLI_EUSAGE, "model %s: --scenario needs --scenarios FILE", sub);
    int rc = read_text(&in->mt, path, "model.json");
    if (!rc) rc = model_load(&in->f, &in->mt, c->opts);
    if (!rc && (spath || (sample && (sample_scenarios || on)))) {
        rc = read_text(&in->st, spath, "model_scenarios.json");
        if (!rc) rc = scenarios_load(&in->l, &in->st, &in->f);
    }
    for (size_t i = 0; !rc && on && i < in->l.n; i++)
        if (!strcmp(in->l.name[i], on)) in->on = in->l.s[i];
    if (!rc && on && !in->on)
        rc = cli_fail(CLI_EUSAGE, "model %s: --scenario \"%s\" is not in %s", sub, on,
                      in->st.name);
    if (rc) inputs_free(in);
    return rc;
}

static void inputs_params(cli_report *r, const inputs *in, const cli_args *a)
{
    cli_report_param_text(r, "model", in->mt.name);
    if (in->st.name) cli_report_param_text(r, "scenarios", in->st.name);
    if (in->on) cli_report_param_text(r, "scenario", cli_args_get(a, M_SCENARIO));
}

static int build_run(cli_report **out, cli_ctx *c)
{
    inputs in;
    int rc = inputs_load(&in, c, "run", true);
    if (rc) return rc;
    rc = report(out, &in.f, &in.l, cli_args_get(c->a, M_PERIODS), c->opts);
    if (!rc) inputs_params(*out, &in, c->a);
    inputs_free(&in);
    return rc;
}

/* ---- fpa model table: one- and two-way sensitivity ---------------------------- */

static const char *const op_names[] = {"set", "add", "mul", NULL};
static const char *const dist_names[] = {"normal", "lognormal", "uniform", "triangular",
                                         "pert", NULL};

static int name_index(const char *const *names, const char *s)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(names[i], s)) return i;
    return -1;
}

/* "a,b,c": numbers; NULL on a bad one. */
static double *number_list(const char *s, size_t *n)
{
    char *copy = cli_strdup(s);
    double *x = NULL;
    size_t cap = 0;
    bool ok = true;
    *n = 0;
    for (char *tok = copy, *end; tok && ok; tok = end) {
        end = strchr(tok, ',');
        if (end) *end++ = '\0';
        x = cli_grow(x, &cap, *n + 1, sizeof *x);
        ok = cli_parse_number(&x[(*n)++], tok);
    }
    free(copy);
    if (!ok) free(x);
    return ok ? x : NULL;
}

/* Split "a:b:c" in place into at most `max` fields. */
static size_t fields(char **f, size_t max, char *s)
{
    size_t n = 0;
    for (char *tok = s, *end; tok && n < max + 1; tok = end) {
        end = strchr(tok, ':');
        if (end) *end++ = '\0';
        if (n < max) f[n] = tok;
        n++;
    }
    return n;
}

typedef struct lever {
    char *text;        /* the fields point into it */
    const char *line;
    int op;
    size_t n, from;
    double *v;
} lever;

/* LINE:OP:V1,V2,...[:FROM] */
static int lever_parse(lever *l, const char *opt, const char *arg, const model_file *f)
{
    char *fl[4];
    memset(l, 0, sizeof *l);
    l->text = cli_strdup(arg);
    size_t n = fields(fl, 4, l->text);
    if (n < 3 || n > 4)
        return cli_fail(CLI_EUSAGE, "model table: --%s: \"%s\" is not LINE:OP:V1,V2,...[:FROM]",
                        opt, arg);
    l->line = fl[0];
    if ((l->op = name_index(op_names, fl[1])) < 0)
        return cli_fail(CLI_EUSAGE, "model table: --%s: \"%s\" is not set, add or mul", opt,
                        fl[1]);
    if (!(l->v = number_list(fl[2], &l->n)))
        return cli_fail(CLI_EUSAGE, "model table: --%s: \"%s\" is not a list of numbers", opt,
                        fl[2]);
    if (n == 4 && !period_of(&l->from, f, fl[3]))
        return cli_fail(CLI_EUSAGE, "model table: --%s: \"%s\" is not the first month of a "
                        "period of the model, nor a 0-based period", opt, fl[3]);
    return 0;
}

static void lever_free(lever *l)
{
    free(l->text);
    free(l->v);
}

static int output_line(size_t *out, const model_file *f, const cli_args *a, const char *sub)
{
    const char *name = cli_args_get(a, M_LINE);
    if (!name) return cli_fail(CLI_EUSAGE, "model %s: --line NAME (the output) is required", sub);
    if (fpa_model_line_find(out, f->m, name) != FPA_OK)
        return cli_fail(CLI_EUSAGE, "model %s: --line: %s", sub, fpa_error_last());
    return 0;
}

static void table_report(cli_report **out, const inputs *in, const lever *ax, size_t naxes,
                         const double *cells, size_t output)
{
    const model_file *f = &in->f;
    char last[16];
    int y, m, d;
    fpa_date_to_ymd(&y, &m, &d, f->bounds[f->periods - 1]);
    snprintf(last, sizeof last, f->calendar == FPA_CAL_WEEK ? "%04d-%02d-%02d" : "%04d-%02d",
             y, m, d);
    const char *oname = fpa_model_line_name(f->m, output);
    size_t nc = naxes == 2 ? ax[1].n : 1;
    cli_col *cols = cli_alloc((nc + 1) * sizeof *cols);
    char **names = cli_alloc((nc + 1) * sizeof *names);
    names[0] = cli_fmt("%s %s", ax[0].line, op_names[ax[0].op]);
    for (size_t j = 0; j < nc; j++)
        names[j + 1] = naxes == 2 ? cli_fmt("%s %s %.10g", ax[1].line, op_names[ax[1].op],
                                            ax[1].v[j])
                                  : cli_strdup(oname);
    for (size_t j = 0; j <= nc; j++) cols[j] = (cli_col){names[j], CLI_VALUE, 0};
    *out = cli_report_new("model", "The planning model: sensitivity table");
    cli_section *s = cli_section_add(*out, "sensitivity", "Sensitivity");
    char *title = cli_fmt("%s in %s", oname, last);
    cli_table *t = cli_table_add(s, "table", title, cols, nc + 1);
    for (size_t i = 0; i < ax[0].n; i++) {
        cli_row_add(t);
        cli_put_num(t, 0, ax[0].v[i]);
        for (size_t j = 0; j < nc; j++) cli_put_num(t, j + 1, cells[i * nc + j]);
    }
    cli_report_param_text(*out, "output", oname);
    cli_report_param_text(*out, "period", last);
    for (size_t j = 0; j <= nc; j++) free(names[j]);
    free(names);
    free(cols);
    free(title);
}

static int build_table(cli_report **out, cli_ctx *c)
{
    inputs in;
    lever ax[2] = {{0}, {0}};
    size_t naxes = cli_args_has(c->a, M_COLS) ? 2 : 1, output = 0;
    int rc = inputs_load(&in, c, "table", false);
    if (rc) return rc;
    if (!cli_args_has(c->a, M_ROWS))
        rc = cli_fail(CLI_EUSAGE, "model table: --rows LINE:OP:V1,V2,... is required");
    if (!rc) rc = output_line(&output, &in.f, c->a, "table");
    if (!rc) rc = lever_parse(&ax[0], "rows", cli_args_get(c->a, M_ROWS), &in.f);
    if (!rc && naxes == 2) rc = lever_parse(&ax[1], "cols", cli_args_get(c->a, M_COLS), &in.f);
    fpa_model_levers *lv = NULL;
    fpa_status st = rc ? FPA_OK : fpa_model_levers_new(&lv, in.f.m, c->opts);
    for (size_t k = 0; !rc && st == FPA_OK && k < naxes; k++)
        st = fpa_model_levers_add(lv, ax[k].line, (fpa_scenario_op)ax[k].op, ax[k].from,
                                  ax[k].v, ax[k].n);
    if (!rc && st != FPA_OK) rc = cli_fail(CLI_EUSAGE, "model table: %s", fpa_error_last());
    size_t ncells = rc ? 0 : ax[0].n * (naxes == 2 ? ax[1].n : 1);
    double *cells = cli_alloc((ncells ? ncells : 1) * sizeof *cells);
    if (!rc) {
        cli_progress_label_set("sensitivity table");
        st = fpa_model_table(cells, ncells, in.f.m, in.on, lv, output, c->opts);
        if (st != FPA_OK) rc = cli_fail_lib(st, "model table");
    }
    if (!rc) {
        table_report(out, &in, ax, naxes, cells, output);
        inputs_params(*out, &in, c->a);
    }
    free(cells);
    fpa_model_levers_free(lv);
    lever_free(&ax[0]);
    lever_free(&ax[1]);
    inputs_free(&in);
    return rc;
}

/* ---- fpa model mc: Monte Carlo percentiles of any line ------------------------ */

/* LINE:OP:DIST:P1,P2[,P3][:FROM][:once|each] */
static int vary_add(fpa_model_mc *mc, const char *arg, const model_file *f)
{
    char *fl[6], *text = cli_strdup(arg);
    size_t n = fields(fl, 6, text), np = 0, from = 0;
    int op = -1, dist = -1, rc = 0, when = FPA_DRAW_EACH_PERIOD;
    double *p = NULL;
    if (n < 4 || n > 6)
        rc = cli_fail(CLI_EUSAGE, "model mc: --vary: \"%s\" is not LINE:OP:DIST:PARAMS[:FROM]"
                      "[:once]", arg);
    else if ((op = name_index(op_names, fl[1])) < 0)
        rc = cli_fail(CLI_EUSAGE, "model mc: --vary: \"%s\" is not set, add or mul", fl[1]);
    else if ((dist = name_index(dist_names, fl[2])) < 0)
        rc = cli_fail(CLI_EUSAGE, "model mc: --vary: \"%s\" is not normal, lognormal, uniform, "
                      "triangular or pert", fl[2]);
    else if (!(p = number_list(fl[3], &np)))
        rc = cli_fail(CLI_EUSAGE, "model mc: --vary: \"%s\" is not a list of numbers", fl[3]);
    for (size_t k = 4; !rc && k < n; k++) {
        if (!strcmp(fl[k], "once") || !strcmp(fl[k], "each"))
            when = !strcmp(fl[k], "once") ? FPA_DRAW_ONCE : FPA_DRAW_EACH_PERIOD;
        else if (k == 5 || !period_of(&from, f, fl[k]))
            rc = cli_fail(CLI_EUSAGE, "model mc: --vary: \"%s\" is neither a first period "
                          "(YYYY-MM, 0-based number) nor once or each", fl[k]);
    }
    if (!rc) {
        fpa_status st = fpa_model_mc_add(mc, fl[0], (fpa_scenario_op)op, (fpa_scenario_dist)dist,
                                         p, np, from, (fpa_scenario_draw)when);
        if (st != FPA_OK) rc = cli_fail(CLI_EUSAGE, "model mc: --vary %s: %s", arg,
                                        fpa_error_last());
    }
    free(p);
    free(text);
    return rc;
}

typedef struct mc_args {
    size_t paths, nlines, *lines, np;
    double *p, below;
} mc_args;

static int mc_args_read(mc_args *m, const cli_args *a, const model_file *f)
{
    const char *paths = cli_args_get(a, M_PATHS), *pc = cli_args_get(a, M_PERCENTILES),
               *below = cli_args_get(a, M_BELOW);
    m->paths = 10000;
    m->below = NAN;
    if (paths && (!cli_parse_size(&m->paths, paths) || m->paths == 0))
        return cli_fail(CLI_EUSAGE, "model mc: --paths: \"%s\" is not a count >= 1", paths);
    if (!(m->p = number_list(pc ? pc : "5,50,95", &m->np)))
        return cli_fail(CLI_EUSAGE, "model mc: --percentiles: \"%s\" is not a list of numbers",
                        pc);
    for (size_t k = 0; k < m->np; k++)
        if (!(m->p[k] >= 0 && m->p[k] <= 100))
            return cli_fail(CLI_EUSAGE, "model mc: --percentiles: %g is not within 0..100",
                            m->p[k]);
    if (below && !cli_parse_number(&m->below, below))
        return cli_fail(CLI_EUSAGE, "model mc: --below: \"%s\" is not a number", below);
    m->lines = cli_alloc((a->nvals + 1) * sizeof *m->lines);
    for (size_t i = 0; i < a->nvals; i++)
        if (a->vals[i].id == M_LINE) {
            if (fpa_model_line_find(&m->lines[m->nlines], f->m, a->vals[i].val) != FPA_OK)
                return cli_fail(CLI_EUSAGE, "model mc: --line: %s", fpa_error_last());
            for (size_t k = 0; k < m->nlines; k++)
                if (m->lines[k] == m->lines[m->nlines])
                    return cli_fail(CLI_EUSAGE, "model mc: --line %s is given twice",
                                    a->vals[i].val);
            m->nlines++;
        }
    if (!m->nlines) return cli_fail(CLI_EUSAGE, "model mc: --line NAME (an output) is required");
    return 0;
}

static int mc_report(cli_report **out, const inputs *in, const mc_args *m,
                     const fpa_model_mc_result *res)
{
    const model_file *f = &in->f;
    view v;
    view_init(&v, f);
    size_t nc = 3 + m->np + (isnan(m->below) ? 0u : 1u);
    cli_col *cols = cli_alloc(nc * sizeof *cols);
    char **names = cli_alloc(nc * sizeof *names);
    names[0] = cli_strdup("line");
    names[1] = cli_strdup("period");
    names[2] = cli_strdup("mean");
    for (size_t k = 0; k < m->np; k++) names[3 + k] = cli_fmt("p%g", m->p[k]);
    if (!isnan(m->below)) names[nc - 1] = cli_strdup("share_below");
    for (size_t j = 0; j < nc; j++)
        cols[j] = (cli_col){names[j], j < 2 ? CLI_TEXT : j == nc - 1 && !isnan(m->below)
                                                           ? CLI_FRACTION : CLI_VALUE, 0};
    *out = cli_report_new("model", "The planning model: Monte Carlo");
    cli_section *s = cli_section_add(*out, "monte_carlo", "Monte Carlo");
    cli_table *t = cli_table_add(s, "percentiles", "Percentiles of the paths", cols, nc);
    double *share = cli_alloc(f->periods * sizeof *share);
    int rc = 0;
    for (size_t i = 0; i < m->nlines && !rc; i++) {
        fpa_status st = isnan(m->below) ? FPA_OK
                                        : fpa_model_mc_below(share, f->periods, res, m->lines[i]);
        for (size_t p = 0; p < f->periods && st == FPA_OK; p++) {
            cli_row_add(t);
            cli_put_text(t, 0, fpa_model_line_name(f->m, m->lines[i]));
            cli_put_text(t, 1, v.label[p]);
            double q;
            st = fpa_model_mc_quantile(&q, res, m->lines[i], p, NAN);
            cli_put_num(t, 2, q);
            for (size_t k = 0; k < m->np && st == FPA_OK; k++) {
                st = fpa_model_mc_quantile(&q, res, m->lines[i], p, m->p[k] / 100);
                cli_put_num(t, 3 + k, q);
            }
            if (!isnan(m->below)) cli_put_num(t, nc - 1, share[p]);
        }
        if (st != FPA_OK) rc = cli_fail_lib(st, "model mc");
    }
    cli_section_note(s, "%zu paths; %llu draws set to an input's floor (or relation values "
                     "below theirs).", fpa_model_mc_paths(res),
                     (unsigned long long)fpa_model_mc_clamped(res));
    for (size_t j = 0; j < nc; j++) free(names[j]);
    free(names);
    free(cols);
    free(share);
    view_free(&v);
    return rc;
}

static int build_mc(cli_report **out, cli_ctx *c)
{
    inputs in;
    mc_args m = {0};
    int rc = inputs_load(&in, c, "mc", false);
    if (rc) return rc;
    fpa_model_mc *mc = NULL;
    fpa_model_mc_result *res = NULL;
    rc = mc_args_read(&m, c->a, &in.f);
    fpa_status st = rc ? FPA_OK : fpa_model_mc_new(&mc, in.f.m, c->opts);
    if (st != FPA_OK) rc = cli_fail_lib(st, "model mc");
    for (size_t i = 0; !rc && i < c->a->nvals; i++)
        if (c->a->vals[i].id == M_VARY) rc = vary_add(mc, c->a->vals[i].val, &in.f);
    if (!rc && !fpa_model_mc_count(mc))
        rc = cli_fail(CLI_EUSAGE, "model mc: --vary LINE:OP:DIST:PARAMS is required");
    for (size_t i = 0; !rc && i < m.nlines; i++)
        if ((st = fpa_model_mc_output(mc, m.lines[i], 1, m.below)) != FPA_OK)
            rc = cli_fail_lib(st, "model mc");
    if (!rc) {
        cli_progress_label_set("Monte Carlo");
        st = fpa_model_mc_run(&res, mc, in.on, m.paths, c->opts);
        if (st != FPA_OK) rc = cli_fail_lib(st, "model mc");
    }
    if (!rc) rc = mc_report(out, &in, &m, res);
    if (!rc) inputs_params(*out, &in, c->a);
    fpa_model_mc_result_free(res);
    fpa_model_mc_free(mc);
    free(m.lines);
    free(m.p);
    inputs_free(&in);
    return rc;
}

/* ---- the command -------------------------------------------------------------- */

static int build_model(cli_report **out, cli_ctx *c)
{
    const cli_args *a = c->a;
    static const struct { const char *name; int (*build)(cli_report **, cli_ctx *); } subs[] = {
        {"run", build_run}, {"table", build_table}, {"mc", build_mc}};
    if (a->npos == 0)
        return cli_fail(CLI_EUSAGE, "model: name a subcommand (run, table, mc); see \"fpa "
                        "model --help\"");
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++)
        if (!strcmp(a->pos[0], subs[i].name)) return subs[i].build(out, c);
    return cli_fail(CLI_EUSAGE, "model: no subcommand \"%s\"; see \"fpa model --help\"",
                    a->pos[0]);
}

const cli_command cli_cmd_model = {
    "model", "run|table|mc (MODEL.json | --sample) [OPTIONS]",
    "The integrated planning model (docs/model.md), read from its JSON model file:\n"
    "  run    the income statement, balance sheet and cash-flow statement of every\n"
    "         period, the balance checks, and each scenario (--scenarios) against the\n"
    "         base, line by line;\n"
    "  table  a one- or two-way sensitivity table of a line's last-period value\n"
    "         (--line, --rows, --cols);\n"
    "  mc     Monte Carlo: mean and percentiles of lines in every period (--vary,\n"
    "         --line, --paths).",
    "LEVER is LINE:OP:V1,V2,...[:FROM], e.g. dso:add:-10,-5,0,5,10 or\n"
    "price.sensors:mul:0.97,1,1.03:2027-01 (OP set, add or mul; FROM a period's first\n"
    "month or a 0-based period, default the first). VAR is LINE:OP:DIST:PARAMS[:FROM]\n"
    "[:once], e.g. dso:add:normal:0,3 or units.cloud.emea:mul:pert:0.8,1,1.1:once\n"
    "(normal mean,sd; lognormal mu,sigma; uniform lo,hi; triangular and pert\n"
    "lo,mode,hi; drawn each period, or once per path).\n\n"
    "Tables: run: statements.income, statements.balance, statements.cash_flow (a row\n"
    "per line, a column per period), checks.checks, and with scenarios\n"
    "scenarios.compare (machine formats: scenario, line, period, base, value,\n"
    "variance, pct, favourable) or a variance table per scenario (text and HTML);\n"
    "table: sensitivity.table; mc: monte_carlo.percentiles. A model that cannot be\n"
    "built (an unknown line, a cycle, a wrong number of inputs) exits with 3 and the\n"
    "library's message naming the line.\n",
    (const cli_opt *const[]){model_opts, cli_output_opts, NULL},
    true, build_model, NULL,
};
