/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the planning model (fpa/model.h) built from hostile
 * bytes (any relation kind, unknown and repeated names, wrong input and
 * parameter counts, cycles, statement roles on any line, odd calendars and
 * dates, NaN/Inf/huge values, forecast inputs), or from a working-capital
 * plan; then, when it builds, an evaluation, a scenario, its accessors, unit
 * economics, a table, a goal seek and a small Monte Carlo. The contract
 * (fuzz_input.h): no crash, no abort, FPA_OK results finite, every failure
 * with its detail; names are found again, an output is the last period's
 * value of the evaluation, period bounds increase, sorted paths are sorted. */
#include <fpa/fpa.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { L = 8, T = 12 };

static const char *const names[L + 1] = {"l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7", "zz"};

static const char *fz_name(fuzz_in *in) { return names[fz_byte(in) % (L + 1)]; }

static void fz_line(fuzz_in *in, fpa_model *m, size_t n)
{
    const char *name = fz_name(in);
    if (fz_byte(in) < 100) {
        double v[T];
        size_t k = fz_byte(in) < 200 ? n : fz_byte(in) % (T + 1);
        for (size_t t = 0; t < k; t++) v[t] = fz_byte(in) < 200 ? fz_byte(in) : fz_double(in);
        FZ(fpa_model_input(m, name, v, k));
        return;
    }
    const char *of[4];
    double p[4];
    size_t nin = fz_byte(in) % 5, np = fz_byte(in) % 5;
    for (size_t k = 0; k < nin; k++) of[k] = fz_name(in);
    for (size_t k = 0; k < np; k++) p[k] = fz_byte(in) < 200 ? fz_byte(in) % 13 : fz_double(in);
    FZ(fpa_model_relation(m, name, (fpa_model_rel)(fz_byte(in) % 19), of, nin, p, np));
}

/* A small forecast (naive, drift or SES of a short series) for an input
 * line or a Monte Carlo variable. */
static fpa_forecast_model *fz_forecast(fuzz_in *in)
{
    double y[8];
    size_t n = fz_doubles(in, y, 8);
    fpa_forecast_method method = (fpa_forecast_method)(fz_byte(in) % 3 * 3);
    fpa_forecast_model *f = NULL;
    FZ(fpa_forecast_fit(&f, method, y, n, 1, NULL));
    return f;
}

static void input_forecast(fuzz_in *in, fpa_model *m, const char *name)
{
    fpa_forecast_model *f = fz_forecast(in);
    if (f) FZ(fpa_model_input_forecast(m, name, f, NULL));
    fpa_forecast_model_free(f);
}

static fpa_model *fz_model(fuzz_in *in)
{
    fpa_model *m = NULL;
    size_t n = fz_byte(in) % (T + 1);  /* 0 too: fpa_model_new refuses it */
    int64_t start = fz_byte(in) < 200 ? 20454 + 31 * (fz_byte(in) % 3) : fz_i64(in);
    if (FZ(fpa_model_new(&m, (fpa_calendar)(fz_byte(in) % 4), start, n, NULL)) != FPA_OK)
        return NULL;
    for (int k = fz_byte(in) % (L + 2); k > 0; k--) fz_line(in, m, n);
    for (int k = fz_byte(in) % 4; k > 0; k--) {
        uint8_t what = fz_byte(in) % 7;
        const char *name = fz_name(in);
        double days[T + 1];
        if (what == 0) FZ(fpa_model_set_opening(m, name, fz_double(in)));
        else if (what == 1) FZ(fpa_model_set_floor(m, name, fz_double(in)));
        else if (what == 2) FZ(fpa_model_set_days(m, days, fz_doubles(in, days, T + 1)));
        else if (what == 5) FZ(fpa_model_set_nature(m, name, (fpa_nature)(fz_byte(in) % 4)));
        else if (what == 6) input_forecast(in, m, name);
        else FZ(fpa_model_link(m, (fpa_model_role)(fz_byte(in) % 21), name));
    }
    if (FZ(fpa_model_build(m)) != FPA_OK) {
        fpa_model_free(m);
        return NULL;
    }
    return m;
}

/* A working-capital plan's model (what the model of fpa_model_new() did
 * not build gets this chance with the rest of the input). */
static fpa_model *wc_model(fuzz_in *in)
{
    size_t n = 1 + fz_byte(in) % T;
    fpa_wc_plan *plan = NULL;
    if (FZ(fpa_wc_plan_new(&plan, n, NULL)) != FPA_OK) return NULL;
    double v[T];
    if (fz_byte(in) < 240) {
        for (size_t t = 0; t < n; t++) v[t] = fz_byte(in) < 240 ? 28 + fz_byte(in) % 4 : fz_double(in);
        FZ(fpa_wc_plan_set_days(plan, v, n));
    }
    for (int d = FPA_WC_REVENUE; d <= FPA_WC_OTHER_CASH; d++) {
        if (fz_byte(in) < 40) continue;
        for (size_t t = 0; t < n; t++) v[t] = fz_byte(in) < 230 ? fz_byte(in) : fz_double(in);
        FZ(fpa_wc_plan_set(plan, (fpa_wc_driver)d, v, n));
    }
    FZ(fpa_wc_plan_set_opening(plan, fz_byte(in), fz_byte(in), fz_byte(in), fz_double(in)));
    fpa_model *m = NULL;
    fpa_status st = FZ(fpa_model_from_wc_plan(&m, plan, NULL));
    FZ_ASSERT((st == FPA_OK) == (m != NULL), "from_wc_plan: %s\n", fpa_status_name(st));
    FZ_ASSERT(st != FPA_OK || fpa_model_periods(m) == n, "%zu periods of %zu\n",
              fpa_model_periods(m), n);
    fpa_wc_plan_free(plan);
    return m;
}

/* Lines by name and index, period bounds, single outputs against the
 * evaluation, a whole series replaced, unit economics. */
static void accessors(fuzz_in *in, fpa_model *m, fpa_model_scenario *scn, double *v)
{
    size_t nl = fpa_model_lines(m), n = fpa_model_periods(m), at = SIZE_MAX;
    fpa_status st = FZ(fpa_model_evaluate(v, nl * n, m, scn));
    for (size_t i = 0; i < nl; i++) {
        const char *name = fpa_model_line_name(m, i);
        FZ_ASSERT(name != NULL, "line %zu of %zu has no name\n", i, nl);
        FZ_ASSERT(FZ(fpa_model_line_find(&at, m, name)) == FPA_OK && at == i,
                  "line %zu \"%s\" found at %zu\n", i, name, at);
        double x = NAN;
        fpa_status s1 = FZ(fpa_model_output(&x, m, scn, i, NULL));
        fz_finite(s1, &x, 1);
        if (st == FPA_OK && s1 == FPA_OK)
            FZ_ASSERT(memcmp(&x, &v[i * n + n - 1], sizeof x) == 0, "output %zu: %.17g, "
                      "evaluated %.17g\n", i, x, v[i * n + n - 1]);
    }
    FZ_ASSERT(fpa_model_line_name(m, nl) == NULL && !fpa_model_line_is_input(m, nl),
              "line %zu past the end\n", nl);
    FZ_ASSERT(FZ(fpa_model_line_find(&at, m, "no such line")) == FPA_EINVAL, "unknown line\n");
    int64_t bounds[T + 2];
    size_t cap = fz_byte(in) % (n + 2);
    fpa_status sb = FZ(fpa_model_period_bounds(bounds, cap, m));
    FZ_ASSERT((sb == FPA_OK) == (cap >= n + 1), "bounds: cap %zu of %zu periods: %s\n", cap, n,
              fpa_status_name(sb));
    for (size_t t = 0; sb == FPA_OK && t < n; t++)
        FZ_ASSERT(bounds[t] < bounds[t + 1], "period %zu: %lld .. %lld\n", t,
                  (long long)bounds[t], (long long)bounds[t + 1]);
    double series[T + 1];
    size_t k = fz_byte(in) < 220 ? n : fz_byte(in) % (T + 2);
    for (size_t t = 0; t < k && t <= T; t++) series[t] = fz_byte(in) < 230 ? fz_byte(in) : fz_double(in);
    const char *line = fz_name(in);
    fpa_status ss = FZ(fpa_model_scenario_set_series(scn, line, series, k > T + 1 ? T + 1 : k));
    if (ss == FPA_OK && FZ(fpa_model_line_find(&at, m, line)) == FPA_OK)
        FZ_ASSERT(fpa_model_line_is_input(m, at), "a series set on relation %s\n", line);
    size_t lines[4];
    for (int j = 0; j < 4; j++) lines[j] = fz_byte(in) % (nl + 1);
    double unit[T + 1];
    fpa_model_unit_metric metric = (fpa_model_unit_metric)(fz_byte(in) % 6);
    fpa_status su = FZ(fpa_model_unit(unit, fz_byte(in) < 240 ? n : fz_byte(in) % (n + 1), m,
                                      fz_byte(in) & 1 ? scn : NULL, metric, lines,
                                      1 + fz_byte(in) % 4));
    fz_finite(su, unit, n);
}

static void fz_what_ifs(fuzz_in *in, fpa_model *m, fpa_model_scenario *scn, double *work)
{
    size_t nl = fpa_model_lines(m), out = fz_byte(in) % (nl + 1);
    fpa_model_levers *lv = NULL;
    if (FZ(fpa_model_levers_new(&lv, m, NULL)) != FPA_OK) return;
    for (int k = 1 + fz_byte(in) % 2; k > 0; k--) {
        double v[3] = {fz_double(in), fz_byte(in), fz_byte(in)};
        FZ(fpa_model_levers_add(lv, fz_name(in), (fpa_scenario_op)(fz_byte(in) % 4),
                                fz_byte(in) % (T + 1), v, fz_byte(in) % 4));
    }
    double cells[9], lo[2], hi[2], x;
    FZ(fpa_model_table(cells, 9, m, scn, lv, out, NULL));
    FZ(fpa_model_tornado(lo, hi, &x, m, scn, lv, out, NULL));
    fpa_status st = FZ(fpa_model_goal_seek(&x, m, scn, lv, out, (fpa_goal_mode)(fz_byte(in) % 6),
                                           fz_double(in), NULL));
    fz_finite(st, &x, 1);
    size_t cells_all = fpa_model_lines(m) * fpa_model_periods(m);
    uint32_t *flags = malloc(cells_all * sizeof *flags);
    if (flags) FZ(fpa_model_compare(work, work + cells_all, flags, m, NULL, scn, NULL));
    free(flags);
    fpa_model_levers_free(lv);
}

/* Series variables and forecast draws; the count is what was added. */
static size_t mc_more(fuzz_in *in, fpa_model_mc *mc, size_t added)
{
    for (int k = fz_byte(in) % 3; k > 0; k--) {
        fpa_status st;
        if (fz_byte(in) & 1) {
            double params[3 * T];
            size_t count = fz_byte(in) % (T + 1);
            for (size_t i = 0; i < 3 * T; i++)
                params[i] = fz_byte(in) < 220 ? 1 + fz_byte(in) % 9 : fz_double(in);
            st = FZ(fpa_model_mc_add_series(mc, fz_name(in), (fpa_scenario_op)(fz_byte(in) % 4),
                                            (fpa_scenario_dist)(fz_byte(in) % 6), params, count,
                                            fz_byte(in) % (T + 1),
                                            (fpa_scenario_draw)(fz_byte(in) % 3)));
        } else {
            fpa_forecast_model *f = fz_forecast(in);
            st = f ? FZ(fpa_model_mc_add_forecast(mc, fz_name(in), f, fz_byte(in) % (T + 1),
                                                  (fpa_scenario_draw)(fz_byte(in) % 3), NULL))
                   : FPA_EINVAL;
            fpa_forecast_model_free(f);
        }
        added += st == FPA_OK;
        FZ_ASSERT(fpa_model_mc_count(mc) == added, "%zu variables, %zu added\n",
                  fpa_model_mc_count(mc), added);
    }
    return added;
}

static void fz_monte_carlo(fuzz_in *in, fpa_model *m, fpa_model_scenario *scn)
{
    fpa_model_mc *mc = NULL;
    if (FZ(fpa_model_mc_new(&mc, m, NULL)) != FPA_OK) return;
    size_t added = 0;
    for (int k = fz_byte(in) % 3; k > 0; k--) {
        double params[3] = {fz_double(in), fz_double(in), fz_double(in)};
        added += FZ(fpa_model_mc_add(mc, fz_name(in), (fpa_scenario_op)(fz_byte(in) % 4),
                                     (fpa_scenario_dist)(fz_byte(in) % 6), params,
                                     fz_byte(in) % 4, fz_byte(in) % (T + 1),
                                     (fpa_scenario_draw)(fz_byte(in) % 3))) == FPA_OK;
    }
    double corr[4] = {1, fz_double(in), 0, 1};
    corr[2] = corr[1];
    if (fz_byte(in) & 1) FZ(fpa_model_mc_correlate(mc, corr, 2));
    size_t line = fz_byte(in) % (fpa_model_lines(m) + 1);
    FZ(fpa_model_mc_output(mc, line, fz_byte(in) & 1, fz_double(in)));
    fpa_model_mc_result *res = NULL;
    fpa_status st = FZ(fpa_model_mc_run(&res, mc, scn, fz_byte(in) % 64, NULL));
    if (st == FPA_OK) {
        double q;
        size_t n = fpa_model_periods(m), paths = fpa_model_mc_paths(res);
        st = FZ(fpa_model_mc_quantile(&q, res, line, n - 1, fz_double(in)));
        fz_finite(st, &q, 1);
        FZ_ASSERT(fpa_model_mc_clamped(res) <= (uint64_t)paths * n * fpa_model_lines(m),
                  "%llu clamped of %zu paths\n", (unsigned long long)fpa_model_mc_clamped(res),
                  paths);
        double *x = malloc((paths > n ? paths : n) * sizeof *x);
        if (x) {
            st = FZ(fpa_model_mc_sorted(x, paths, res, line, fz_byte(in) % n));
            fz_finite(st, x, paths);
            for (size_t i = 1; st == FPA_OK && i < paths; i++)
                FZ_ASSERT(x[i - 1] <= x[i], "sorted paths %zu, %zu: %g > %g\n", i - 1, i,
                          x[i - 1], x[i]);
            st = FZ(fpa_model_mc_below(x, n, res, line));
            fz_finite(st, x, n);
        }
        free(x);
        fpa_model_mc_result_free(res);
    }
    mc_more(in, mc, added);
    fpa_model_mc_free(mc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    fz_note[0] = '\0';
    fpa_model *m = fz_model(&in);
    if (!m) m = wc_model(&in);
    if (!m) return 0;
    size_t nl = fpa_model_lines(m), n = fpa_model_periods(m);
    double *v = malloc(2 * nl * n * sizeof *v);  /* values, or a comparison's two tables */
    fpa_model_scenario *scn = NULL;
    if (v && FZ(fpa_model_scenario_new(&scn, m, NULL)) == FPA_OK) {
        fpa_status st = FZ(fpa_model_evaluate(v, nl * n, m, NULL));
        fz_finite(st, v, nl * n);
        for (int k = fz_byte(&in) % 3; k > 0; k--)
            FZ(fpa_model_scenario_add(scn, fz_name(&in), (fpa_scenario_op)(fz_byte(&in) % 4),
                                      fz_double(&in), fz_byte(&in) % (T + 1)));
        st = FZ(fpa_model_evaluate(v, nl * n, m, scn));
        fz_finite(st, v, nl * n);
        if (fz_byte(&in) & 1) fz_what_ifs(&in, m, scn, v);
        else fz_monte_carlo(&in, m, scn);
        accessors(&in, m, scn, v);
    }
    fpa_model_scenario_free(scn);
    free(v);
    fpa_model_free(m);
    return 0;
}
