/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The model object: calendar, lines, relations, links and their setters.
 * Checks that need the whole model are the build's (build.c). */
#include "model_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const rel_names[] = {
    "sum", "diff", "product", "ratio", "pct_of", "lag", "lead", "cumsum", "delta",
    "balance", "step", "ramp", "min", "max", "clamp", "running_min", "running_max"};

const char *mdl__rel_name(int kind)
{
    if (kind >= 0 && kind <= FPA_REL_RUNNING_MAX) return rel_names[kind];
    return kind == MDL_INPUT ? "input" : "statement link";
}

/* ---- names ----------------------------------------------------------------- */

static size_t hash_of(const char *s)
{
    uint64_t h = 1469598103934665603u;  /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

static fpa_status check_name(const char *name, const char *what)
{
    TRY(fpa__check_ptr(name, what));
    size_t len = strlen(name);
    if (len == 0 || len > MDL_NAME_MAX)
        return fpa__fail(FPA_EINVAL, "%s \"%.80s\" has %zu bytes; a line's name has 1 .. %d",
                         what, name, len, MDL_NAME_MAX);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return fpa__fail(FPA_EINVAL, "%s has a control character at byte %zu", what, i);
    return FPA_OK;
}

bool mdl__has(size_t *out, const fpa_model *m, const char *name)
{
    if (m->hcap)
        for (size_t h = hash_of(name) & (m->hcap - 1);; h = (h + 1) & (m->hcap - 1)) {
            size_t k = m->hash[h];
            if (!k) break;
            if (!strcmp(m->line[k - 1].name, name)) {
                *out = k - 1;
                return true;
            }
        }
    return false;
}

fpa_status mdl__find(size_t *out, const fpa_model *m, const char *name)
{
    if (mdl__has(out, m, name)) return FPA_OK;
    return fpa__fail(FPA_EINVAL, "the model has no line \"%s\"", name);
}

static fpa_status rehash(fpa_model *m, size_t need)
{
    if (2 * need <= m->hcap) return FPA_OK;
    size_t cap = m->hcap ? 2 * m->hcap : 64;
    while (cap < 2 * need) cap *= 2;
    size_t *h = fpa__alloc(&m->mem, cap, sizeof *h, true);
    if (!h) return FPA_ENOMEM;
    for (size_t i = 0; i < m->nlines; i++) {
        size_t k = hash_of(m->line[i].name) & (cap - 1);
        while (h[k]) k = (k + 1) & (cap - 1);
        h[k] = i + 1;
    }
    fpa__free(&m->mem, m->hash, m->hcap, sizeof *m->hash);
    m->hash = h;
    m->hcap = cap;
    return FPA_OK;
}

static char *dup_name(const fpa_mem *mem, const char *s)
{
    size_t len = strlen(s) + 1;
    char *d = fpa__alloc(mem, len, 1, false);
    if (d) memcpy(d, s, len);
    return d;
}

static void free_name(const fpa_mem *mem, char *s)
{
    if (s) fpa__free(mem, s, strlen(s) + 1, 1);
}

/* ---- the object ---------------------------------------------------------------- */

static int64_t add_months(int64_t day, int months, fpa_status *st)
{
    int y, mo, d;
    int64_t out = 0;
    *st = fpa_date_to_ymd(&y, &mo, &d, day);
    if (*st != FPA_OK) return 0;
    long total = (long)y * 12 + (mo - 1) + months;
    long yy = total >= 0 ? total / 12 : -((-total + 11) / 12);
    *st = fpa_date_from_ymd(&out, (int)yy, (int)(total - yy * 12) + 1, d);
    return out;
}

static fpa_status calendar_bounds(int64_t *b, int cal, int64_t start, size_t n)
{
    int y, mo, d;
    TRY(fpa_date_to_ymd(&y, &mo, &d, start));
    if (cal != FPA_CAL_WEEK && d != 1)
        return fpa__fail(FPA_EDOM, "start %04d-%02d-%02d is not the first of a month; "
                         "month and quarter periods start on the first", y, mo, d);
    b[0] = start;
    for (size_t t = 1; t <= n; t++) {
        fpa_status st = FPA_OK;
        if (cal == FPA_CAL_WEEK) {
            if (b[t - 1] > ((int64_t)1 << 40)) st = FPA_EDOM;
            b[t] = b[t - 1] + 7;
        } else {
            b[t] = add_months(start, (int)(t * (cal == FPA_CAL_QUARTER ? 3 : 1)), &st);
        }
        if (st != FPA_OK)
            return fpa__fail(FPA_EDOM, "period %zu of the calendar is past the supported "
                             "dates", t - 1);
    }
    return FPA_OK;
}

fpa_status fpa_model_new(fpa_model **out, fpa_calendar calendar, int64_t start,
                         size_t periods, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(out, "out"));
    *out = NULL;
    if ((int)calendar < FPA_CAL_MONTH || (int)calendar > FPA_CAL_WEEK)
        return fpa__fail(FPA_EINVAL, "calendar %d is not an fpa_calendar", (int)calendar);
    if (periods < 1 || periods > MDL_MAX_PERIODS)
        return fpa__fail(FPA_EINVAL, "periods is %zu; must be 1 .. %d", periods,
                         MDL_MAX_PERIODS);
    fpa_mem mem = fpa__mem_of(opts);
    fpa_model *m = fpa__alloc(&mem, 1, sizeof *m, true);
    if (!m) return FPA_ENOMEM;
    m->mem = mem;
    m->calendar = (int)calendar;
    m->n = periods;
    m->bounds = fpa__alloc(&mem, periods + 1, sizeof *m->bounds, false);
    m->days = fpa__alloc(&mem, 2 * periods, sizeof *m->days, false);
    if (!m->bounds || !m->days) {
        fpa_model_free(m);
        return FPA_ENOMEM;
    }
    m->per_day = m->days + periods;
    fpa_status st = calendar_bounds(m->bounds, (int)calendar, start, periods);
    if (st == FPA_OK)
        st = fpa_wc_period_days(m->days, m->bounds, periods,
                                (fpa_wc_basis)fpa__opt_int(opts, FPA_OPT_MODEL_DAY_BASIS));
    if (st != FPA_OK) {
        fpa_model_free(m);
        return st;
    }
    for (size_t t = 0; t < periods; t++) m->per_day[t] = 1 / m->days[t];
    m->half_unit = 0.5 * pow(10, -fpa__opt(opts, FPA_OPT_MODEL_DECIMALS));
    *out = m;
    return FPA_OK;
}

static void free_line(const fpa_model *m, mdl_line *l)
{
    free_name(&m->mem, l->name);
    for (size_t k = 0; l->in_names && k < l->nin; k++) free_name(&m->mem, l->in_names[k]);
    fpa__free(&m->mem, l->in_names, l->nin, sizeof *l->in_names);
    fpa__free(&m->mem, l->in, l->nin, sizeof *l->in);
    fpa__free(&m->mem, l->par, l->npar, sizeof *l->par);
    fpa__free(&m->mem, l->values, m->n, sizeof *l->values);
}

void fpa_model_free(fpa_model *m)
{
    if (!m) return;
    fpa_mem mem = m->mem;
    for (size_t i = 0; i < m->nlines; i++) free_line(m, &m->line[i]);
    for (size_t i = 0; i < m->nlinks; i++) free_name(&mem, m->link[i].name);
    fpa__free(&mem, m->link, m->link_cap, sizeof *m->link);
    fpa__free(&mem, m->line, m->cap, sizeof *m->line);
    fpa__free(&mem, m->hash, m->hcap, sizeof *m->hash);
    fpa__free(&mem, m->order, m->nlines, sizeof *m->order);
    fpa__free(&mem, m->step, m->nlines, sizeof *m->step);
    fpa__free(&mem, m->inputs, m->nlines, sizeof *m->inputs);
    fpa__free(&mem, m->bounds, m->n + 1, sizeof *m->bounds);
    fpa__free(&mem, m->days, 2 * m->n, sizeof *m->days);
    fpa__free(&mem, m, 1, sizeof *m);
}

void mdl__truncate(fpa_model *m, size_t nlines)
{
    for (size_t i = nlines; i < m->nlines; i++) free_line(m, &m->line[i]);
    m->nlines = nlines;
    for (size_t h = 0; h < m->hcap; h++) m->hash[h] = 0;
    for (size_t i = 0; i < nlines; i++) {
        size_t h = hash_of(m->line[i].name) & (m->hcap - 1);
        while (m->hash[h]) h = (h + 1) & (m->hcap - 1);
        m->hash[h] = i + 1;
    }
}

fpa_status mdl__check_built(const fpa_model *m)
{
    TRY(fpa__check_ptr(m, "model"));
    if (!m->built) return fpa__fail(FPA_EINVAL, "the model is not built (fpa_model_build)");
    return FPA_OK;
}

static fpa_status check_unbuilt(const fpa_model *m)
{
    TRY(fpa__check_ptr(m, "model"));
    if (m->built)
        return fpa__fail(FPA_EINVAL, "the model is built: its lines and links are fixed");
    return FPA_OK;
}

/* A new line (kind, inputs by name, parameters copied); *out its index. */
fpa_status mdl__add_line(size_t *out, fpa_model *m, const char *name, int kind,
                         const char *const *inputs, size_t nin, const double *par,
                         size_t npar)
{
    size_t idx;
    if (mdl__has(&idx, m, name))
        return fpa__fail(FPA_EINVAL, "the model already has a line \"%s\"", name);
    if (m->nlines == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 32;
        mdl_line *l = fpa__realloc(&m->mem, m->line, m->cap, cap, sizeof *l);
        if (!l) return FPA_ENOMEM;
        m->line = l;
        m->cap = cap;
    }
    TRY(rehash(m, m->nlines + 1));
    mdl_line l = {.kind = kind, .nin = nin, .npar = npar, .floor = -INFINITY,
                  .nature = FPA_NATURE_REVENUE};
    l.name = dup_name(&m->mem, name);
    bool ok = l.name != NULL;
    if (ok && nin) {
        l.in_names = fpa__alloc(&m->mem, nin, sizeof *l.in_names, true);
        l.in = fpa__alloc(&m->mem, nin, sizeof *l.in, false);
        ok = l.in_names && l.in;
        for (size_t k = 0; ok && k < nin; k++) {  /* a NULL name: an absent input */
            l.in_names[k] = inputs[k] ? dup_name(&m->mem, inputs[k]) : NULL;
            ok = !inputs[k] || l.in_names[k] != NULL;
        }
    }
    if (ok && npar) {
        l.par = fpa__alloc(&m->mem, npar, sizeof *l.par, false);
        if ((ok = l.par != NULL)) memcpy(l.par, par, npar * sizeof *par);
    }
    if (ok && kind == MDL_INPUT) ok = (l.values = fpa__alloc(&m->mem, m->n, sizeof *l.values,
                                                             true)) != NULL;
    if (!ok) {
        free_line(m, &l);
        return FPA_ENOMEM;
    }
    size_t h = hash_of(name) & (m->hcap - 1);
    while (m->hash[h]) h = (h + 1) & (m->hcap - 1);
    m->hash[h] = m->nlines + 1;
    m->line[m->nlines] = l;
    *out = m->nlines++;
    return FPA_OK;
}

const char *const mdl__opening_names[MDL_NOPENINGS] = {
    "bs.cash", "bs.fixed_assets", "bs.debt", "bs.revolver", "bs.equity"};

static bool reserved(const char *name)
{
    return !strncmp(name, "is.", 3) || !strncmp(name, "bs.", 3) || !strncmp(name, "cf.", 3);
}

fpa_status fpa_model_input(fpa_model *m, const char *name, const double *values, size_t n)
{
    TRY(fpa__check_ptr(m, "model"));
    TRY(check_name(name, "name"));
    TRY(fpa__check_ptr(values, "values"));
    if (n != 1 && n != m->n)
        return fpa__fail(FPA_EINVAL, "line \"%s\": %zu values; the model has %zu periods "
                         "(or give 1 value for all)", name, n, m->n);
    for (size_t t = 0; t < n; t++)
        if (!fpa__finite(values[t]))
            return fpa__fail(FPA_EDOM, "line \"%s\": values[%zu] is %s", name, t,
                             isnan(values[t]) ? "NaN" : "infinite");
    size_t i;
    if (mdl__has(&i, m, name)) {
        if (m->line[i].kind != MDL_INPUT)
            return fpa__fail(FPA_EINVAL, "line \"%s\" is a relation, not an input", name);
    } else {
        TRY(check_unbuilt(m));
        if (reserved(name))
            return fpa__fail(FPA_EINVAL, "line \"%s\": the prefixes is., bs. and cf. are the "
                             "statements'", name);
        TRY(mdl__add_line(&i, m, name, MDL_INPUT, NULL, 0, NULL, 0));
    }
    for (size_t t = 0; t < m->n; t++) m->line[i].values[t] = values[n == 1 ? 0 : t];
    return FPA_OK;
}

fpa_status fpa_model_input_forecast(fpa_model *m, const char *name,
                                    const fpa_forecast_model *forecast, const fpa_opts *opts)
{
    TRY(fpa__check_ptr(m, "model"));
    TRY(fpa__check_ptr(forecast, "forecast"));
    double *mean = fpa__alloc(&m->mem, m->n, sizeof *mean, false);
    if (!mean) return FPA_ENOMEM;
    fpa_status st = fpa_forecast_predict(mean, NULL, NULL, forecast, m->n, NULL, 0, opts);
    if (st == FPA_OK) st = fpa_model_input(m, name, mean, m->n);
    fpa__free(&m->mem, mean, m->n, sizeof *mean);
    return st;
}

/* Inputs and parameters a relation takes: [min, max] of each (max SIZE_MAX:
 * any number), and whether the parameters are one weight per input. */
typedef struct {
    size_t in_lo, in_hi, par_lo, par_hi;
    bool weights;
} arity;

static arity arity_of(int rel)
{
    switch (rel) {
    case FPA_REL_SUM:
    case FPA_REL_CUMSUM: return (arity){1, SIZE_MAX, 0, SIZE_MAX, true};
    case FPA_REL_DIFF: return (arity){2, SIZE_MAX, 0, 0, false};
    case FPA_REL_PRODUCT: return (arity){2, SIZE_MAX, 0, 0, false};
    case FPA_REL_RATIO:
    case FPA_REL_BALANCE: return (arity){2, 2, 0, 0, false};
    case FPA_REL_PCT_OF: return (arity){1, 2, 0, 1, false};
    case FPA_REL_LAG:
    case FPA_REL_LEAD: return (arity){1, 1, 1, 1, false};
    case FPA_REL_DELTA: return (arity){1, 1, 0, 1, false};
    case FPA_REL_STEP: return (arity){0, 1, 2, 2, false};
    case FPA_REL_RAMP: return (arity){0, 1, 3, 3, false};
    case FPA_REL_MIN:
    case FPA_REL_MAX: return (arity){1, SIZE_MAX, 0, SIZE_MAX, false};
    case FPA_REL_CLAMP: return (arity){1, 1, 2, 2, false};
    default: return (arity){1, 1, 0, 0, false};  /* running min, max */
    }
}

static fpa_status count_error(const char *name, int rel, const char *what, size_t got,
                              size_t lo, size_t hi)
{
    char need[64];
    if (lo == hi) snprintf(need, sizeof need, "%zu", lo);
    else if (hi == SIZE_MAX) snprintf(need, sizeof need, "at least %zu", lo);
    else snprintf(need, sizeof need, "%zu to %zu", lo, hi);
    return fpa__fail(FPA_EINVAL, "line \"%s\": %s takes %s %s, %zu given", name,
                     mdl__rel_name(rel), need, what, got);
}

static fpa_status check_params(const char *name, int rel, const double *p, size_t np,
                               size_t nin)
{
    for (size_t k = 0; k < np; k++)
        if (!fpa__finite(p[k]))
            return fpa__fail(FPA_EDOM, "line \"%s\": params[%zu] is not finite", name, k);
    bool whole = true;
    if (rel == FPA_REL_LAG || rel == FPA_REL_LEAD || rel == FPA_REL_STEP || rel == FPA_REL_RAMP)
        for (size_t k = 0; k < (rel == FPA_REL_RAMP ? 2u : 1u); k++)
            whole = whole && p[k] >= 0 && p[k] == floor(p[k]) && p[k] <= MDL_MAX_PERIODS;
    if (!whole)
        return fpa__fail(FPA_EDOM, "line \"%s\": %s's period parameters must be whole "
                         "numbers >= 0", name, mdl__rel_name(rel));
    if ((rel == FPA_REL_LAG || rel == FPA_REL_LEAD) && p[0] < 1)
        return fpa__fail(FPA_EDOM, "line \"%s\": %s 0; k must be >= 1", name, mdl__rel_name(rel));
    if (rel == FPA_REL_RAMP && p[1] < p[0])
        return fpa__fail(FPA_EDOM, "line \"%s\": ramp from period %.0f to %.0f; the end "
                         "must not precede the start", name, p[0], p[1]);
    if (rel == FPA_REL_CLAMP && p[0] > p[1])
        return fpa__fail(FPA_EDOM, "line \"%s\": clamp to [%.17g, %.17g]; lo exceeds hi",
                         name, p[0], p[1]);
    if (rel == FPA_REL_PCT_OF && np + nin != 2)
        return fpa__fail(FPA_EINVAL, "line \"%s\": pct_of takes the share as a parameter "
                         "or as a second input, not both or neither", name);
    return FPA_OK;
}

fpa_status fpa_model_relation(fpa_model *m, const char *name, fpa_model_rel rel,
                              const char *const *inputs, size_t ninputs, const double *params,
                              size_t nparams)
{
    TRY(check_unbuilt(m));
    TRY(check_name(name, "name"));
    if (reserved(name))
        return fpa__fail(FPA_EINVAL, "line \"%s\": the prefixes is., bs. and cf. are the "
                         "statements'", name);
    if ((int)rel < FPA_REL_SUM || (int)rel > FPA_REL_RUNNING_MAX)
        return fpa__fail(FPA_EINVAL, "line \"%s\": rel %d is not an fpa_model_rel", name,
                         (int)rel);
    if (ninputs) TRY(fpa__check_ptr(inputs, "inputs"));
    if (nparams) TRY(fpa__check_ptr(params, "params"));
    arity a = arity_of((int)rel);
    if (ninputs < a.in_lo || ninputs > a.in_hi)
        return count_error(name, (int)rel, "inputs", ninputs, a.in_lo, a.in_hi);
    if (a.weights ? nparams != 0 && nparams != ninputs : nparams < a.par_lo || nparams > a.par_hi)
        return a.weights ? fpa__fail(FPA_EINVAL, "line \"%s\": %s takes no weights or one "
                                     "per input (%zu), %zu given", name,
                                     mdl__rel_name((int)rel), ninputs, nparams)
                         : count_error(name, (int)rel, "parameters", nparams, a.par_lo,
                                       a.par_hi);
    for (size_t k = 0; k < ninputs; k++) {
        char what[32];
        snprintf(what, sizeof what, "inputs[%zu]", k);
        TRY(check_name(inputs[k], what));
    }
    TRY(check_params(name, (int)rel, params, nparams, ninputs));
    size_t i;
    return mdl__add_line(&i, m, name, (int)rel, inputs, ninputs, params, nparams);
}

fpa_status fpa_model_set_opening(fpa_model *m, const char *name, double value)
{
    TRY(fpa__check_ptr(m, "model"));
    TRY(fpa__check_ptr(name, "name"));
    TRY(fpa__check_value(value, "value"));
    size_t i;
    if (mdl__has(&i, m, name)) {
        m->line[i].opening = value;
        m->line[i].opening_set = true;
        return FPA_OK;
    }
    if (m->built || !reserved(name)) return mdl__find(&i, m, name);
    for (int k = 0; k < MDL_NOPENINGS; k++)
        if (!strcmp(name, mdl__opening_names[k])) {
            m->stmt_open[k] = value;
            m->stmt_open_set[k] = true;
            return FPA_OK;
        }
    return fpa__fail(FPA_EINVAL, "line \"%s\": of the statements, only bs.cash, "
                     "bs.fixed_assets, bs.debt, bs.revolver and bs.equity take an opening "
                     "value", name);
}

fpa_status fpa_model_set_floor(fpa_model *m, const char *name, double floor_)
{
    TRY(check_unbuilt(m));
    TRY(fpa__check_ptr(name, "name"));
    TRY(fpa__check_value(floor_, "floor"));
    size_t i;
    TRY(mdl__find(&i, m, name));
    m->line[i].floor = floor_;
    return FPA_OK;
}

fpa_status fpa_model_set_nature(fpa_model *m, const char *name, fpa_nature nature)
{
    TRY(fpa__check_ptr(m, "model"));
    TRY(fpa__check_ptr(name, "name"));
    if ((int)nature != FPA_NATURE_REVENUE && (int)nature != FPA_NATURE_COST)
        return fpa__fail(FPA_EINVAL, "nature %d is not an fpa_nature", (int)nature);
    size_t i;
    TRY(mdl__find(&i, m, name));
    m->line[i].nature = (int)nature;
    return FPA_OK;
}

static bool role_takes_several(int role)
{
    return role <= FPA_ROLE_DEPRECIATION || role == FPA_ROLE_OTHER_ASSETS ||
           (role >= FPA_ROLE_OTHER_LIABILITIES && role <= FPA_ROLE_DIVIDEND);
}

fpa_status fpa_model_link(fpa_model *m, fpa_model_role role, const char *name)
{
    TRY(check_unbuilt(m));
    TRY(check_name(name, "name"));
    if ((int)role < 0 || (int)role >= MDL_NROLES)
        return fpa__fail(FPA_EINVAL, "role %d is not an fpa_model_role", (int)role);
    if (!role_takes_several((int)role))
        for (size_t i = 0; i < m->nlinks; i++)
            if (m->link[i].role == (int)role)
                return fpa__fail(FPA_EINVAL, "role %d already has the line \"%s\"; it "
                                 "takes one", (int)role, m->link[i].name);
    if (m->nlinks == m->link_cap) {
        size_t cap = m->link_cap ? 2 * m->link_cap : 16;
        mdl_link *l = fpa__realloc(&m->mem, m->link, m->link_cap, cap, sizeof *l);
        if (!l) return FPA_ENOMEM;
        m->link = l;
        m->link_cap = cap;
    }
    char *d = dup_name(&m->mem, name);
    if (!d) return FPA_ENOMEM;
    m->link[m->nlinks++] = (mdl_link){(int)role, d};
    return FPA_OK;
}

fpa_status fpa_model_set_days(fpa_model *m, const double *days, size_t n)
{
    TRY(fpa__check_ptr(m, "model"));
    TRY(fpa__check_ptr(days, "days"));
    if (n != m->n)
        return fpa__fail(FPA_EINVAL, "n is %zu; the model has %zu periods", n, m->n);
    for (size_t t = 0; t < n; t++)
        if (!(days[t] >= 1e-9) || !fpa__finite(days[t]))
            return fpa__fail(FPA_EDOM, "days[%zu] is %.17g; must be finite and >= 1e-9", t,
                             days[t]);
    memcpy(m->days, days, n * sizeof *days);
    for (size_t t = 0; t < n; t++) m->per_day[t] = 1 / days[t];
    return FPA_OK;
}

/* ---- reading --------------------------------------------------------------- */

size_t fpa_model_lines(const fpa_model *m) { return m ? m->nlines : 0; }

size_t fpa_model_periods(const fpa_model *m) { return m ? m->n : 0; }

const char *fpa_model_line_name(const fpa_model *m, size_t line)
{
    return m && line < m->nlines ? m->line[line].name : NULL;
}

fpa_status fpa_model_line_find(size_t *out, const fpa_model *m, const char *name)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(m, "model"));
    TRY(fpa__check_ptr(name, "name"));
    return mdl__find(out, m, name);
}

int fpa_model_line_is_input(const fpa_model *m, size_t line)
{
    return m && line < m->nlines && m->line[line].kind == MDL_INPUT;
}

fpa_status fpa_model_period_bounds(int64_t *out, size_t cap, const fpa_model *m)
{
    TRY(fpa__check_ptr(out, "out"));
    TRY(fpa__check_ptr(m, "model"));
    if (cap < m->n + 1)
        return fpa__fail(FPA_ESIZE, "out holds %zu values; %zu needed", cap, m->n + 1);
    memcpy(out, m->bounds, (m->n + 1) * sizeof *out);
    return FPA_OK;
}

fpa_status mdl__input_line(size_t *out, const fpa_model *m, const char *name)
{
    TRY(fpa__check_ptr(name, "line"));
    TRY(mdl__find(out, m, name));
    if (m->line[*out].kind != MDL_INPUT)
        return fpa__fail(FPA_EINVAL, "line \"%s\" is not an input: what-ifs change inputs",
                         name);
    return FPA_OK;
}
