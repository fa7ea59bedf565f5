/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: working-capital metrics, projections, scenarios,
 * sensitivity, goal seek and Monte Carlo (with series, interval and
 * correlated variables, its quantiles, fan, breach and sorted paths) on
 * hostile drivers and distribution parameters (GSL's aborting handler stays
 * in place). Projections must tie out (cash rolls forward, NWC is its
 * parts), every sensitivity cell must be the scenario it describes, and
 * the simulation's statistics must agree with each other and with every
 * thread count. */
#include <fpa/fpa.h>

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { T = 12, NLINES = 10, MAXPATHS = 64 };

typedef struct {
    fpa_wc_driver driver;
    fpa_scenario_op op;
    double value;
    size_t from;
} change;

typedef struct {
    double v[6][T], days[T], floor_;
    size_t nper, nchanges;
    change changes[4];
    fpa_wc_plan *plan;
    fpa_scenario *scn;
    fpa_opts *opts;
} wcase;

static const int wc_keys[] = {FPA_OPT_SEED, FPA_OPT_WC_AP_BASIS, FPA_OPT_SCENARIO_FAN};

static const fpa_wc_line all_lines[NLINES] = {
    FPA_WC_LINE_AR, FPA_WC_LINE_INVENTORY, FPA_WC_LINE_AP, FPA_WC_LINE_NWC,
    FPA_WC_LINE_DELTA_NWC, FPA_WC_LINE_COLLECTIONS, FPA_WC_LINE_PURCHASES,
    FPA_WC_LINE_PAYMENTS, FPA_WC_LINE_NET_CASH, FPA_WC_LINE_CASH,
};

/* The scenario of the case plus `extra` changes, built afresh. */
static fpa_scenario *with(const wcase *c, const change *extra, size_t n_extra)
{
    fpa_scenario *s = NULL;
    if (FZ(fpa_scenario_new(&s, NULL)) != FPA_OK) return NULL;
    for (size_t k = 0; k < c->nchanges + n_extra; k++) {
        const change *ch = k < c->nchanges ? &c->changes[k] : &extra[k - c->nchanges];
        if (FZ(fpa_scenario_add(s, ch->driver, ch->op, ch->value, ch->from)) != FPA_OK) {
            fpa_scenario_free(s);
            return NULL;
        }
    }
    return s;
}

static fpa_status metric_of(double *out, const wcase *c, const change *extra, size_t n_extra,
                            fpa_scenario_metric metric)
{
    fpa_scenario *s = with(c, extra, n_extra);
    fpa_status st = s ? FZ(fpa_scenario_metric_value(out, c->plan, s, metric, c->floor_))
                      : FPA_ENOMEM;
    fpa_scenario_free(s);
    return st;
}

/* Every line of a projection, checked against the formulas of wc.h. */
static void ties_out(const wcase *c, const double *p, const double *opening)
{
    size_t n = c->nper;
    const double *ar = p, *inv = p + n, *ap = p + 2 * n, *nwc = p + 3 * n, *dnwc = p + 4 * n,
                 *col = p + 5 * n, *pur = p + 6 * n, *pay = p + 7 * n, *net = p + 8 * n,
                 *cash = p + 9 * n;
    double other[T];
    if (FZ(fpa_scenario_drivers(other, T, c->plan, c->scn, FPA_WC_OTHER_CASH)) != FPA_OK) return;
    for (size_t t = 0; t < n; t++) {
        double ar0 = t ? ar[t - 1] : opening[0], inv0 = t ? inv[t - 1] : opening[1],
               ap0 = t ? ap[t - 1] : opening[2], cash0 = t ? cash[t - 1] : opening[3],
               nwc0 = ar0 + inv0 - ap0;
        double mag = fabs(ar[t]) + fabs(inv[t]) + fabs(ap[t]) + fabs(ar0) + fabs(inv0) +
                     fabs(ap0) + fabs(col[t]) + fabs(pay[t]) + fabs(other[t]) + fabs(cash0);
        FZ_ASSERT(fz_close(nwc[t], ar[t] + inv[t] - ap[t], mag, 1e-12) &&
                  fz_close(dnwc[t], nwc[t] - nwc0, mag, 1e-12) &&
                  fz_close(net[t], col[t] - pay[t] + other[t], mag, 1e-12) &&
                  fz_close(cash[t], cash0 + net[t], mag + fabs(net[t]), 1e-12) &&
                  fz_close(pay[t], ap0 + pur[t] - ap[t], mag + fabs(pur[t]), 1e-12),
                  "period %zu does not tie out: cash %.17g from %.17g + %.17g\n", t, cash[t],
                  cash0, net[t]);
    }
}

/* The history's ratios from the plan's revenue, COGS and four rows of
 * its other drivers as balances: finite when FPA_OK, but for the rows
 * needing the period before in period 0 (NaN by construction, wc.h). */
static void history(const wcase *c)
{
    double out[FPA_WC_HIST_ROWS * T], balances[4 * T];
    size_t n = c->nper;
    for (size_t k = 0; k < 4; k++) memcpy(balances + k * n, c->v[2 + k], n * sizeof *balances);
    fpa_status st = FZ(fpa_wc_history(out, sizeof out / sizeof *out, c->v[FPA_WC_REVENUE],
                                      c->v[FPA_WC_COGS], balances, c->days, n));
    for (size_t r = 0; st == FPA_OK && r < FPA_WC_HIST_ROWS; r++)  /* period 0 lacks the one before */
        fz_finite(st, out + r * n + 1, n - 1);
}

static void project(fuzz_in *in, wcase *c, const double *opening)
{
    double base[NLINES * T], scen[NLINES * T], again[NLINES * T], rel[T], cum[T], gap[T];
    size_t n = c->nper, cap = fz_byte(in) < 240 ? NLINES * n : fz_byte(in) % (NLINES * n + 1);
    history(c);
    fpa_status st = FZ(fpa_wc_project(base, cap, c->plan, all_lines, NLINES));
    FZ_ASSERT(st != FPA_ESIZE || cap < NLINES * n, "cap %zu\n", cap);
    if (cap < NLINES * n) FZ_ASSERT(st != FPA_OK, "cap %zu\n", cap);
    fz_finite(st, base, NLINES * n);
    if (st == FPA_OK) {
        FZ_ASSERT(FZ(fpa_scenario_project(again, NLINES * n, c->plan, NULL, all_lines, NLINES)) ==
                  FPA_OK && fz_same(base, again, NLINES * n), "the base scenario differs\n");
    }
    fpa_status ss = FZ(fpa_scenario_project(scen, NLINES * T, c->plan, c->scn, all_lines, NLINES));
    fz_finite(ss, scen, NLINES * n);
    if (ss == FPA_OK) ties_out(c, scen, opening);
    double min_cash, peak;
    size_t min_period;
    fpa_status sc = FZ(fpa_scenario_compare(rel, cum, gap, &min_cash, &min_period, &peak, c->plan,
                                            c->scn, c->floor_, T));
    if (sc != FPA_OK || st != FPA_OK || ss != FPA_OK) return;
    const double *cash_b = base + 9 * n, *cash_s = scen + 9 * n;
    double lowest = INFINITY;
    for (size_t t = 0; t < n; t++) {
        FZ_ASSERT(fz_close(cum[t], cash_s[t] - cash_b[t], fabs(cash_s[t]) + fabs(cash_b[t]), 1e-12) &&
                  gap[t] == fmax(0, c->floor_ - cash_s[t]),
                  "period %zu: cumulative %.17g, gap %.17g\n", t, cum[t], gap[t]);
        lowest = fmin(lowest, cash_s[t]);
    }
    FZ_ASSERT(min_cash == lowest && cash_s[min_period] == lowest && peak == fmax(0, c->floor_ - lowest),
              "minimum %.17g in %zu, peak gap %.17g\n", min_cash, min_period, peak);
    double m[4];
    for (int k = 0; k < 4; k++)
        FZ_ASSERT(FZ(fpa_scenario_metric_value(&m[k], c->plan, c->scn, (fpa_scenario_metric)k,
                                               c->floor_)) == FPA_OK, "metric %d\n", k);
    FZ_ASSERT(m[FPA_SCENARIO_ENDING_CASH] == cash_s[n - 1] && m[FPA_SCENARIO_MIN_CASH] == lowest &&
              m[FPA_SCENARIO_FUNDING_GAP] == peak && m[FPA_SCENARIO_ENDING_NWC] == scen[3 * n + n - 1],
              "metrics %.17g %.17g %.17g %.17g\n", m[0], m[1], m[2], m[3]);
}

/* Each bar, and a sampled cell, is the metric of the scenario with the
 * bar's (the cell's) changes. */
static void sensitivity(fuzz_in *in, wcase *c, fpa_scenario_metric metric)
{
    fpa_wc_driver drv[2] = {(fpa_wc_driver)(fz_byte(in) % 7), (fpa_wc_driver)(fz_byte(in) % 6)};
    fpa_scenario_op ops[2] = {(fpa_scenario_op)(fz_byte(in) % 4), (fpa_scenario_op)(fz_byte(in) % 3)};
    double lo[2], hi[2];
    for (int k = 0; k < 2; k++)
        lo[k] = fz_byte(in) < 200 ? fz_byte(in) % 40 : fz_double(in),
        hi[k] = fz_byte(in) < 200 ? fz_byte(in) % 40 : fz_double(in);
    size_t from[2] = {fz_byte(in) % T, fz_byte(in) % T};
    int with_from = fz_byte(in) & 1;
    double low[2], high[2], base;
    fpa_status st = FZ(fpa_scenario_tornado(low, high, &base, c->plan, c->scn, drv, ops, lo, hi,
                                            with_from ? from : NULL, 2, metric, c->floor_));
    if (st == FPA_OK) {
        double want;
        FZ_ASSERT(metric_of(&want, c, NULL, 0, metric) == FPA_OK && want == base, "base\n");
        size_t k = fz_byte(in) % 2;
        change bar = {drv[k], ops[k], lo[k], with_from ? from[k] : 0};
        FZ_ASSERT(metric_of(&want, c, &bar, 1, metric) == FPA_OK && want == low[k],
                  "bar %zu low: %.17g, the scenario gives %.17g\n", k, low[k], want);
    }
    double rows[3], cols[3], table[9];
    for (int k = 0; k < 3; k++)
        rows[k] = fz_byte(in) < 200 ? fz_byte(in) % 40 : fz_double(in),
        cols[k] = fz_byte(in) < 200 ? fz_byte(in) % 40 : fz_double(in);
    size_t nr = 1 + fz_byte(in) % 3, nc = fz_byte(in) % 4, at = fz_byte(in) % T;
    fz_watch w;
    fz_progress_watch(&w, c->opts, fz_byte(in) % 8 == 0 ? 1 + fz_byte(in) % 4 : 0);
    st = FZ(fpa_scenario_table(table, 9, c->plan, c->scn, drv[0], ops[0], rows, nr, drv[1], ops[1],
                               cols, nc, at, metric, c->floor_, c->opts));
    fz_progress_check(&w, c->opts, st);
    if (c->opts) FZ(fpa_opts_set_progress(c->opts, NULL, NULL));
    fz_finite(st, table, nr * nc);
    if (st == FPA_OK) {
        size_t i = fz_byte(in) % nr, j = fz_byte(in) % nc;
        change cell[2] = {{drv[0], ops[0], rows[i], at}, {drv[1], ops[1], cols[j], at}};
        double want;
        FZ_ASSERT(metric_of(&want, c, cell, 2, metric) == FPA_OK && want == table[i * nc + j],
                  "cell (%zu, %zu): %.17g, the scenario gives %.17g\n", i, j, table[i * nc + j],
                  want);
    }
}

/* The lever form: FPA_GOAL_EQUAL is fpa_scenario_goal_seek() (status
 * `st0`, answer `x0`); a constraint's answer lies in the range and its
 * metric meets the target. */
static void goal_solve(fuzz_in *in, const wcase *c, fpa_scenario_metric metric,
                       fpa_wc_driver drv, fpa_scenario_op op, size_t from, double lo, double hi,
                       double target, fpa_status st0, double x0)
{
    fpa_scenario_goal *g = NULL;
    fpa_status st = FZ(fpa_scenario_goal_new(&g, drv, op, from, lo, hi, c->opts));
    FZ_ASSERT((st == FPA_OK) == (g != NULL), "goal_new: %s\n", fpa_status_name(st));
    if (st == FPA_OK)
        FZ_ASSERT(isfinite(lo) && isfinite(hi) && lo < hi, "a lever on [%g, %g]\n", lo, hi);
    if (!g) return;
    fpa_goal_mode mode = (fpa_goal_mode)(fz_byte(in) % 6);  /* 5 is unknown on purpose */
    double x = NAN;
    st = FZ(fpa_scenario_goal_solve(&x, c->plan, c->scn, g, mode, metric, c->floor_, target));
    fpa_scenario_goal_free(g);
    fz_finite(st, &x, 1);
    if (mode == FPA_GOAL_EQUAL)
        FZ_ASSERT(st == st0 && (st != FPA_OK || memcmp(&x, &x0, sizeof x) == 0),
                  "EQUAL: %s %.17g, goal_seek %s %.17g\n", fpa_status_name(st), x,
                  fpa_status_name(st0), x0);
    if (st != FPA_OK || mode == FPA_GOAL_EQUAL) return;
    FZ_ASSERT(x >= lo && x <= hi, "mode %d: %.17g outside [%.17g, %.17g]\n", (int)mode, x, lo, hi);
    change cell[1] = {{drv, op, x, from}};
    double at;
    if (metric_of(&at, c, cell, 1, metric) != FPA_OK) return;
    int least = mode == FPA_GOAL_LOWEST_AT_LEAST || mode == FPA_GOAL_HIGHEST_AT_LEAST;
    FZ_ASSERT(least ? at >= target : at <= target, "mode %d: the metric at %.17g is %.17g, "
              "target %.17g\n", (int)mode, x, at, target);
}

static void goal(fuzz_in *in, wcase *c, fpa_scenario_metric metric)
{
    double x = NAN, lo = fz_byte(in) < 200 ? fz_byte(in) % 60 : fz_double(in),
           hi = fz_byte(in) < 200 ? lo + 1 + fz_byte(in) % 60 : fz_double(in),
           target = fz_byte(in) < 200 ? fz_byte(in) * 10.0 - 1000 : fz_double(in);
    fpa_wc_driver drv = (fpa_wc_driver)(fz_byte(in) % 6);
    fpa_scenario_op op = (fpa_scenario_op)(fz_byte(in) % 3);
    size_t from = fz_byte(in) % T;
    fpa_status st = FZ(fpa_scenario_goal_seek(&x, c->plan, c->scn, drv, op, from, lo, hi, metric,
                                              c->floor_, target));
    FZ_ASSERT(st != FPA_OK || (x >= lo && x <= hi), "goal %.17g outside [%.17g, %.17g]\n", x, lo, hi);
    goal_solve(in, c, metric, drv, op, from, lo, hi, target, st, x);
}

/* Statistics of one simulation that must agree with each other. */
static void mc_result(fuzz_in *in, const wcase *c, fpa_scenario_mc_result *res, size_t paths,
                      int has_fan)
{
    static double end[MAXPATHS], low[MAXPATHS], end1[MAXPATHS];
    double car[3];
    for (int k = 0; k < 3; k++) {
        fpa_status s1 = FZ(fpa_scenario_mc_cash_at_risk(&car[k], res, (double[]){0.5, 0.95, 1}[k]));
        fz_finite(s1, &car[k], 1);
    }
    FZ_ASSERT(FZ(fpa_scenario_mc_cash_at_risk(&car[0], res, NAN)) == FPA_EDOM, "level NaN\n");
    FZ_ASSERT(fpa_scenario_mc_paths(res) == paths, "%zu paths of %zu\n",
              fpa_scenario_mc_paths(res), paths);
    (void)fpa_scenario_mc_clamped(res);
    FZ_ASSERT(FZ(fpa_scenario_mc_sorted(end, MAXPATHS, res, FPA_MC_ENDING_CASH)) == FPA_OK &&
              FZ(fpa_scenario_mc_sorted(low, MAXPATHS, res, FPA_MC_MIN_CASH)) == FPA_OK, "sorted\n");
    size_t below = 0;
    for (size_t i = 0; i < paths; i++) {
        FZ_ASSERT(isfinite(end[i]) && isfinite(low[i]) && low[i] <= end[i] &&
                  (i == 0 || (end[i - 1] <= end[i] && low[i - 1] <= low[i])),
                  "path %zu: ending %.17g, minimum %.17g\n", i, end[i], low[i]);
        below += low[i] < c->floor_;
    }
    FZ(fpa_scenario_mc_sorted(end1, fz_byte(in) % (paths + 1), res, FPA_MC_ENDING_CASH));
    double q0, q1, qa, qb, mean, p = fz_byte(in) / 255.0, p2 = fz_byte(in) / 255.0;
    FZ_ASSERT(FZ(fpa_scenario_mc_quantile(&q0, res, FPA_MC_ENDING_CASH, 0)) == FPA_OK &&
              FZ(fpa_scenario_mc_quantile(&q1, res, FPA_MC_ENDING_CASH, 1)) == FPA_OK &&
              q0 == end[0] && q1 == end[paths - 1], "the 0 and 100 %% quantiles\n");
    FZ_ASSERT(FZ(fpa_scenario_mc_quantile(&qa, res, FPA_MC_MIN_CASH, fmin(p, p2))) == FPA_OK &&
              FZ(fpa_scenario_mc_quantile(&qb, res, FPA_MC_MIN_CASH, fmax(p, p2))) == FPA_OK &&
              qa <= qb, "quantiles %g, %g: %.17g > %.17g\n", fmin(p, p2), fmax(p, p2), qa, qb);
    FZ(fpa_scenario_mc_quantile(&qa, res, (fpa_scenario_mc_stat)(fz_byte(in) % 3), fz_double(in)));
    FZ_ASSERT(FZ(fpa_scenario_mc_mean(&mean, res, FPA_MC_ENDING_CASH)) == FPA_OK &&
              mean >= end[0] - 1e-12 * fabs(end[0]) && mean <= end[paths - 1] + 1e-12 * fabs(end[paths - 1]),
              "mean %.17g outside [%.17g, %.17g]\n", mean, end[0], end[paths - 1]);
    double any, by[T], fan_a[T], fan_b[T];
    FZ_ASSERT(FZ(fpa_scenario_mc_breach(&any, by, T, res)) == FPA_OK &&
              any == (double)below / (double)paths, "breach %.17g, %zu of %zu paths below\n", any,
              below, paths);
    for (size_t t = 0; t < c->nper; t++)
        FZ_ASSERT(by[t] >= 0 && by[t] <= any, "period %zu: breach %g, any %g\n", t, by[t], any);
    FZ(fpa_scenario_mc_breach(NULL, by, fz_byte(in) % (T + 1), res));
    fpa_status sa = FZ(fpa_scenario_mc_fan(fan_a, T, res, fmin(p, p2)));
    fpa_status sb = FZ(fpa_scenario_mc_fan(fan_b, T, res, fmax(p, p2)));
    FZ_ASSERT((sa == FPA_OK) == has_fan && (sb == FPA_OK) == has_fan, "fan kept: %d\n", has_fan);
    if (sa != FPA_OK || sb != FPA_OK) return;
    for (size_t t = 0; t < c->nper; t++)
        FZ_ASSERT(fan_a[t] <= fan_b[t], "period %zu: fan %.17g > %.17g\n", t, fan_a[t], fan_b[t]);
    FZ_ASSERT(FZ(fpa_scenario_mc_quantile(&qa, res, FPA_MC_ENDING_CASH, fmax(p, p2))) == FPA_OK &&
              fan_b[c->nper - 1] == qa, "the fan's last period %.17g, the ending cash's %.17g\n",
              fan_b[c->nper - 1], qa);
}

static void monte_carlo(fuzz_in *in, wcase *c)
{
    fpa_scenario_mc *mc = NULL;
    if (FZ(fpa_scenario_mc_new(&mc, c->opts)) != FPA_OK) return;
    size_t vars = 0;
    for (int k = fz_byte(in) % 4; k > 0; k--) {
        fpa_wc_driver drv = (fpa_wc_driver)(fz_byte(in) % 7);
        fpa_scenario_op op = (fpa_scenario_op)(fz_byte(in) % 4);
        fpa_scenario_dist dist = (fpa_scenario_dist)(fz_byte(in) % 6);
        fpa_scenario_draw when = (fpa_scenario_draw)(fz_byte(in) % 3);
        size_t from = fz_byte(in) % (T + 1), count = 1 + fz_byte(in) % 4, idx = 99;
        double params[3 * 4], point[4], lower[4], upper[4];
        for (int i = 0; i < 12; i++)
            params[i] = fz_byte(in) < 200 ? 1 + (fz_byte(in) % 10) * (i % 3) : fz_double(in);
        for (int i = 0; i < 4; i++)
            point[i] = 100 + fz_byte(in), lower[i] = point[i] - fz_byte(in) % 20,
            upper[i] = point[i] + (fz_byte(in) < 240 ? fz_byte(in) % 20 : fz_double(in));
        fpa_status st;
        switch (fz_byte(in) % 3) {
        case 0:
            st = FZ(fpa_scenario_mc_add(&idx, mc, drv, op, dist, params, fz_byte(in) % 4, from, when));
            break;
        case 1:
            st = FZ(fpa_scenario_mc_add_series(&idx, mc, drv, op, dist, params, count, from, when));
            break;
        default:
            st = FZ(fpa_scenario_mc_add_interval(&idx, mc, drv, point, lower, upper, count,
                                                 fz_byte(in) < 200 ? 0.8 : fz_double(in), from, when));
            break;
        }
        if (st == FPA_OK) FZ_ASSERT(idx == vars++, "variable %zu numbered %zu\n", vars, idx);
    }
    if (vars >= 1 && vars <= 3 && fz_byte(in) & 1) {
        double r = fz_byte(in) < 200 ? (fz_byte(in) % 21) / 10.0 - 1 : fz_double(in);
        double one[1] = {1}, two[4] = {1, r, r, 1}, three[9] = {1, r, 0, r, 1, 0, 0, 0, 1};
        const double *corr[4] = {NULL, one, two, three};
        FZ(fpa_scenario_mc_correlate(mc, corr[vars], vars));
    }
    size_t paths = 1 + fz_byte(in) % MAXPATHS;
    int has_fan = fz_opt(c->opts, FPA_OPT_SCENARIO_FAN) != 0;
    fpa_scenario_mc_result *res = NULL, *res1 = NULL;
    fz_watch w;
    fz_progress_watch(&w, c->opts, fz_byte(in) % 8 == 0 ? 1 : 0);
    fpa_status st = FZ(fpa_scenario_mc_run(&res, mc, c->plan, c->scn, paths, c->floor_, c->opts));
    fz_progress_check(&w, c->opts, st);
    if (c->opts) FZ(fpa_opts_set_progress(c->opts, NULL, NULL));
    if (st == FPA_OK) {
        mc_result(in, c, res, paths, has_fan);
        double ending;
        if (vars == 0 &&
            FZ(fpa_scenario_metric_value(&ending, c->plan, c->scn, FPA_SCENARIO_ENDING_CASH,
                                         c->floor_)) == FPA_OK) {
            double q;
            FZ(fpa_scenario_mc_quantile(&q, res, FPA_MC_ENDING_CASH, 0.5));
            FZ_ASSERT(q == ending, "without variables every path is the scenario: %.17g, %.17g\n",
                      q, ending);
        }
        /* the same numbers on one thread */
        if (c->opts && fz_opt(c->opts, FPA_OPT_THREADS) != 1) {
            double threads = fz_opt(c->opts, FPA_OPT_THREADS);
            static double a[MAXPATHS], b[MAXPATHS];
            FZ(fpa_opts_set(c->opts, FPA_OPT_THREADS, 1));
            if (FZ(fpa_scenario_mc_run(&res1, mc, c->plan, c->scn, paths, c->floor_, c->opts)) ==
                FPA_OK) {
                FZ(fpa_scenario_mc_sorted(a, MAXPATHS, res, FPA_MC_MIN_CASH));
                FZ(fpa_scenario_mc_sorted(b, MAXPATHS, res1, FPA_MC_MIN_CASH));
                FZ_ASSERT(fz_same(a, b, paths), "%g threads and 1 thread differ\n", threads);
            }
            FZ(fpa_opts_set(c->opts, FPA_OPT_THREADS, threads));
        }
    }
    fpa_scenario_mc_result_free(res1);
    fpa_scenario_mc_result_free(res);
    fpa_scenario_mc_free(mc);
}

static void metrics(fuzz_in *in, wcase *c)
{
    double o[4][T];
    size_t n = c->nper;
    const double *ar = c->v[0], *rev = c->v[1], *inv = c->v[2], *cogs = c->v[3], *ap = c->v[4],
                 *pur = c->v[5];
    fpa_status st = FZ(fpa_wc_cycle(o[0], o[1], o[2], o[3], ar, rev, inv, cogs, ap, pur, c->days, n));
    for (size_t t = 0; st == FPA_OK && t < n; t++)
        FZ_ASSERT(fz_close(o[0][t], ar[t] / rev[t] * c->days[t], fabs(o[0][t]), 1e-14) &&
                  fz_close(o[3][t], o[0][t] + o[1][t] - o[2][t],
                           fabs(o[0][t]) + fabs(o[1][t]) + fabs(o[2][t]), 1e-14),
                  "period %zu: DSO %.17g, CCC %.17g\n", t, o[0][t], o[3][t]);
    st = FZ(fpa_wc_liquidity(o[0], o[1], fz_byte(in) & 1 ? o[2] : NULL, ar, rev, inv, n));
    for (size_t t = 0; st == FPA_OK && t < n; t++)
        FZ_ASSERT(o[0][t] == ar[t] - rev[t] && fz_close(o[1][t], ar[t] / rev[t], fabs(o[1][t]), 1e-15),
                  "period %zu: NWC %.17g, current ratio %.17g\n", t, o[0][t], o[1][t]);
    int64_t bounds[T + 1];
    bounds[0] = fz_byte(in) < 200 ? 19000 + fz_byte(in) : fz_i64(in);
    for (size_t t = 1; t <= T; t++)
        bounds[t] = fz_byte(in) < 200 ? bounds[t - 1] + 28 + fz_byte(in) % 5 : fz_i64(in);
    fpa_wc_basis basis = (fpa_wc_basis)(fz_byte(in) % 4);
    st = FZ(fpa_wc_period_days(o[0], bounds, n, basis));
    for (size_t t = 0; st == FPA_OK && t < n; t++)
        FZ_ASSERT(o[0][t] > 0 && (basis != FPA_WC_ACTUAL || o[0][t] == (double)(bounds[t + 1] - bounds[t])),
                  "period %zu: %g days\n", t, o[0][t]);
}

static void weekly(fuzz_in *in)
{
    double ar[8], curve[8], ap[8], rec[4], o[4][20];
    int64_t due[8], first[4];
    int32_t every[4];
    for (int i = 0; i < 8; i++)
        ar[i] = fz_double(in), curve[i] = fz_byte(in) < 200 ? (fz_byte(in) % 30) / 100.0 : fz_double(in),
        ap[i] = fz_double(in), due[i] = fz_i64(in);
    for (int i = 0; i < 4; i++)
        rec[i] = fz_double(in), first[i] = fz_i64(in), every[i] = (int32_t)fz_i64(in);
    size_t weeks = fz_byte(in) % 20;
    double opening = fz_double(in);
    fpa_status st = FZ(fpa_wc_weekly_cash(o[0], o[1], o[2], o[3], weeks, fz_i64(in), opening, ar,
                                          fz_byte(in) % 9, curve, fz_byte(in) % 9, NULL, ap, due,
                                          fz_byte(in) % 9, rec, first, every, fz_byte(in) % 5));
    for (size_t w = 0; st == FPA_OK && w < weeks; w++) {
        double before = w ? o[3][w - 1] : opening;
        FZ_ASSERT(isfinite(o[3][w]) &&
                  fz_close(o[3][w], before + o[0][w] - o[1][w] - o[2][w],
                           fabs(before) + fabs(o[0][w]) + fabs(o[1][w]) + fabs(o[2][w]), 1e-12),
                  "week %zu: closing %.17g\n", w, o[3][w]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    wcase c;
    memset(&c, 0, sizeof c);
    uint8_t which = fz_byte(&in) % 16;  /* room for more calls without moving the seeds */
    c.nper = 1 + fz_byte(&in) % T;
    for (int d = 0; d < 6; d++)
        for (size_t t = 0; t < T; t++)
            c.v[d][t] = fz_byte(&in) < 200 ? 1 + fz_byte(&in) : fz_double(&in);
    for (size_t t = 0; t < T; t++) c.days[t] = fz_byte(&in) < 220 ? 30 : fz_double(&in);
    if (which == 0) {
        metrics(&in, &c);
        return 0;
    }
    if (which == 1) {
        weekly(&in);
        return 0;
    }
    c.opts = fz_opts(&in);
    fz_set_some(&in, c.opts, wc_keys, sizeof wc_keys / sizeof *wc_keys);
    fz_cap(c.opts, FPA_OPT_THREADS, 3);
    if (FZ(fpa_wc_plan_new(&c.plan, c.nper, c.opts)) != FPA_OK) {
        fz_opts_free(c.opts);
        return 0;
    }
    FZ_ASSERT(fpa_wc_plan_periods(c.plan) == c.nper, "periods\n");
    FZ(fpa_wc_plan_set_days(c.plan, c.days, fz_byte(&in) < 250 ? c.nper : fz_byte(&in) % (T + 1)));
    for (int d = 0; d < 6; d++) {
        double got[T], before[T];
        FZ(fpa_wc_plan_get(before, T, c.plan, (fpa_wc_driver)d));
        fpa_status st = FZ(fpa_wc_plan_set(c.plan, (fpa_wc_driver)d, c.v[d], c.nper));
        FZ_ASSERT(FZ(fpa_wc_plan_get(got, T, c.plan, (fpa_wc_driver)d)) == FPA_OK &&
                  fz_same(got, st == FPA_OK ? c.v[d] : before, c.nper), "driver %d\n", d);
    }
    double got[T];
    FZ(fpa_wc_plan_get(got, fz_byte(&in) % (T + 1), c.plan, (fpa_wc_driver)(fz_byte(&in) % 7)));
    double opening[4] = {fz_double(&in), fz_double(&in), fz_double(&in), fz_double(&in)};
    if (FZ(fpa_wc_plan_set_opening(c.plan, opening[0], opening[1], opening[2], opening[3])) != FPA_OK)
        memset(opening, 0, sizeof opening);
    FZ(fpa_scenario_new(&c.scn, c.opts));
    for (int k = fz_byte(&in) % 5; c.scn && k > 0; k--) {
        change ch = {(fpa_wc_driver)(fz_byte(&in) % 7), (fpa_scenario_op)(fz_byte(&in) % 4),
                     fz_byte(&in) < 200 ? fz_byte(&in) % 20 : fz_double(&in), fz_byte(&in) % (T + 2)};
        if (FZ(fpa_scenario_add(c.scn, ch.driver, ch.op, ch.value, ch.from)) == FPA_OK)
            c.changes[c.nchanges++] = ch;
    }
    FZ_ASSERT(fpa_scenario_count(c.scn) == c.nchanges, "%zu changes of %zu\n",
              fpa_scenario_count(c.scn), c.nchanges);
    double drv[T];
    fpa_wc_driver d = (fpa_wc_driver)(fz_byte(&in) % 7);
    if (FZ(fpa_scenario_drivers(drv, T, c.plan, NULL, d)) == FPA_OK)
        FZ_ASSERT(FZ(fpa_wc_plan_get(got, T, c.plan, d)) == FPA_OK && fz_same(got, drv, c.nper),
                  "the base case's drivers are the plan's\n");
    c.floor_ = fz_byte(&in) < 200 ? fz_byte(&in) * 10.0 : fz_double(&in);
    fpa_scenario_metric metric = (fpa_scenario_metric)(fz_byte(&in) % 5);
    switch (which) {
    case 2: case 3: project(&in, &c, opening); break;
    case 4: sensitivity(&in, &c, metric); break;
    case 5: goal(&in, &c, metric); break;
    default: monte_carlo(&in, &c); break;
    }
    fpa_scenario_free(c.scn);
    fpa_wc_plan_free(c.plan);
    fz_opts_free(c.opts);
    return 0;
}
