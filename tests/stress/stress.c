/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thread-safety stress: every module's entry points run from 8 threads at
 * once on shared read-only inputs, and each thread's results must equal the
 * single-threaded ones bit for bit. Run under ThreadSanitizer by the test
 * command (.ci/test). Each module adds a job to `jobs` below. */
#include <fpa/fpa.h>

#include "../model_small.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

enum { THREADS = 8, SCHEDULES = 64, FLOWS = 24 };
static int rounds = 20;  /* argv[1]: fewer under valgrind */

/* shared, read-only after setup */
static double values[SCHEDULES * FLOWS];
static int64_t days[SCHEDULES * FLOWS];
static size_t offsets[SCHEDULES + 1];
static fpa_opts *shared_opts;

/* A job computes a vector of doubles from the shared inputs. */
typedef size_t (*job_fn)(double *out, size_t cap);

static size_t job_tvm(double *out, size_t cap)
{
    size_t k = 0;
    for (size_t s = 0; s < SCHEDULES && k + 4 <= cap; s++) {
        const double *v = values + offsets[s];
        const int64_t *d = days + offsets[s];
        size_t n = offsets[s + 1] - offsets[s];
        double r = 0;
        out[k++] = fpa_tvm_xirr(&r, v, d, n, 0.1) == FPA_OK ? r : -1e300;
        out[k++] = fpa_tvm_irr(&r, v, n, 0.1) == FPA_OK ? r : -1e300;
        out[k++] = fpa_tvm_npv(&r, 0.08, v, n) == FPA_OK ? r : -1e300;
        out[k++] = fpa_tvm_pmt(&r, 0.004 + 1e-4 * (double)s, 360, 1e5, 0, FPA_WHEN_END) == FPA_OK
                       ? r : -1e300;
    }
    /* a failing call records its detail on this thread only */
    double r;
    if (fpa_tvm_sln(&r, 1, 0, 0) != FPA_EDOM || strcmp(fpa_error_last(), "life is 0") != 0)
        out[0] = -42;
    return k;
}

static size_t job_xirr_batch(double *out, size_t cap)
{
    fpa_status st[SCHEDULES];
    if (cap < SCHEDULES) return 0;
    if (fpa_tvm_xirr_batch(out, st, values, days, offsets, SCHEDULES, 0.1, shared_opts) != FPA_OK)
        return 0;
    for (size_t s = 0; s < SCHEDULES; s++)
        if (st[s] != FPA_OK) out[s] = -1e300;
    return SCHEDULES;
}

/* ---- kpi and unit: shared row-major matrices and cohort rows ---------- */
enum { ROWS = 12, COLS = 36, COHORT_ROWS = 600 };
static double revenue[ROWS * COLS], costs[ROWS * COLS];
static int64_t cust[COHORT_ROWS], cohort[COHORT_ROWS], period[COHORT_ROWS];
static double cohort_rev[COHORT_ROWS];

static size_t job_kpi(double *out, size_t cap)
{
    unsigned char valid[ROWS * COLS];
    if (cap < 4 * ROWS * COLS) return 0;
    /* year-on-year growth has cols - 12 values a row */
    double *g = out, *e = out + ROWS * (COLS - 12), *gm = e + ROWS * COLS, *om = gm + ROWS * COLS;
    if (fpa_kpi_growth_yoy(g, valid, revenue, ROWS, COLS, shared_opts) != FPA_OK ||
        fpa_kpi_ema(e, revenue, ROWS, COLS, 0.3, shared_opts) != FPA_OK ||
        fpa_kpi_margins(gm, om, NULL, NULL, NULL, valid, revenue, costs, costs, NULL, ROWS,
                        COLS, shared_opts) != FPA_OK)
        return 0;
    return ROWS * (COLS - 12) + 3 * ROWS * COLS;
}

static size_t job_unit(double *out, size_t cap)
{
    int64_t alloc[ROWS];
    size_t k = 0, rows, cols;
    if (fpa_unit_allocate(alloc, 1234567, revenue, ROWS, shared_opts) != FPA_OK) return 0;
    for (size_t i = 0; i < ROWS; i++) out[k++] = (double)alloc[i];
    double ltv;
    if (fpa_unit_ltv_simple(&ltv, 50, 0.7, 0.03) != FPA_OK) return 0;
    out[k++] = ltv;
    fpa_cohorts *c;
    if (fpa_unit_cohorts_from_rows(&c, cust, cohort, period, cohort_rev, COHORT_ROWS,
                                   shared_opts) != FPA_OK)
        return 0;
    fpa_unit_cohorts_shape(&rows, &cols, c);
    if (k + 2 * rows * cols > cap ||
        fpa_unit_cohorts_tables(out + k, out + k + rows * cols, cap - k, c) != FPA_OK)
        k = 0;
    else
        k += 2 * rows * cols;
    fpa_unit_cohorts_free(c);
    return k;
}

/* ---- variance and recon: a shared tree, shared ledgers ------------------ */
enum { LEAVES = 16, NODES = 1 + 4 + LEAVES, ITEMS = 300 };
static fpa_tree *shared_tree;
static double node_budget[NODES * COLS], node_actual[NODES * COLS];
static int nature[ROWS];
static int64_t ledger_amt[ITEMS], ledger_day[ITEMS], stmt_amt[ITEMS], stmt_day[ITEMS];

static size_t job_variance(double *out, size_t cap)
{
    uint32_t flags[ROWS * COLS];
    if (cap < 2 * ROWS * COLS + 3 * NODES * COLS + 3 * LEAVES) return 0;
    double *v = out, *pct = out + ROWS * COLS, *rb = pct + ROWS * COLS;
    double *ra = rb + NODES * COLS, *rv = ra + NODES * COLS, *contrib = rv + NODES * COLS;
    if (fpa_variance_compute(v, pct, flags, costs, revenue, ROWS, COLS, nature, NULL, NULL,
                             NULL, shared_opts) != FPA_OK ||
        fpa_variance_rollup(rb, ra, rv, shared_tree, node_budget, node_actual, COLS,
                            shared_opts) != FPA_OK)
        return 0;
    size_t nodes[LEAVES], count, avail;
    if (fpa_variance_drilldown(nodes, contrib, contrib + LEAVES, &count, &avail, shared_tree,
                               node_budget, node_actual, 0, FPA_DRILL_LEAVES, LEAVES,
                               shared_opts) != FPA_OK)
        return 0;
    for (size_t i = 0; i < count; i++) contrib[2 * LEAVES + i] = (double)nodes[i];
    return 2 * ROWS * COLS + 3 * NODES * COLS + 3 * LEAVES;
}

static size_t job_recon(double *out, size_t cap)
{
    int64_t lm[ITEMS], sm[ITEMS], totals[5];
    int rule[ITEMS];
    size_t pairs, counts[5], bucket[ITEMS], k = 0;
    int64_t total;
    if (cap < 2 * ITEMS + 6 ||
        fpa_recon_match(lm, sm, rule, &pairs, ledger_amt, ledger_day, NULL, ITEMS, stmt_amt,
                        stmt_day, NULL, ITEMS, shared_opts) != FPA_OK ||
        fpa_recon_aging(totals, counts, bucket, &total, ledger_amt, ledger_day, ITEMS, 20000,
                        NULL, 0) != FPA_OK)
        return 0;
    for (size_t i = 0; i < ITEMS; i++) out[k++] = (double)lm[i], out[k++] = (double)sm[i];
    for (size_t b = 0; b < 5; b++) out[k++] = (double)totals[b];
    out[k++] = (double)pairs;
    return k;
}

/* ---- wc and scenario: a shared plan, scenario and Monte Carlo model ----- */
enum { HORIZON = 18, PATHS = 3000 };
static fpa_wc_plan *shared_plan;
static fpa_scenario *shared_scn;
static fpa_scenario_mc *shared_mc;

static size_t job_wc(double *out, size_t cap)
{
    const fpa_wc_line lines[] = {FPA_WC_LINE_AR, FPA_WC_LINE_NWC, FPA_WC_LINE_CASH};
    if (cap < 3 * HORIZON + 3 * HORIZON + 2 ||
        fpa_wc_project(out, cap, shared_plan, lines, 3) != FPA_OK)
        return 0;
    double *rel = out + 3 * HORIZON, *cum = rel + HORIZON, *gap = cum + HORIZON, peak;
    size_t minp;
    if (fpa_scenario_compare(rel, cum, gap, gap + HORIZON, &minp, &peak, shared_plan,
                             shared_scn, 1000, HORIZON) != FPA_OK)
        return 0;
    gap[HORIZON + 1] = (double)minp;
    return 6 * HORIZON + 2;
}

static size_t job_montecarlo(double *out, size_t cap)
{
    fpa_scenario_mc_result *res;
    if (cap < 3 ||
        fpa_scenario_mc_run(&res, shared_mc, shared_plan, shared_scn, PATHS, 1000,
                            shared_opts) != FPA_OK)
        return 0;
    size_t k = 0;
    const double ps[3] = {0.05, 0.5, 0.95};
    for (int i = 0; i < 3; i++)
        if (fpa_scenario_mc_quantile(&out[k++], res, FPA_MC_MIN_CASH, ps[i]) != FPA_OK) k = 0;
    fpa_scenario_mc_result_free(res);
    return k;
}

/* ---- model: a shared three-statement model with a revolver, evaluated,
 * tabled and simulated (2 threads each) from every thread ---------------- */
enum { MODEL_N = 12 };
static fpa_model *shared_model;
static fpa_model_mc *shared_model_mc;

static size_t job_model(double *out, size_t cap)
{
    size_t lines = fpa_model_lines(shared_model), cash, k = lines * MODEL_N;
    fpa_model_levers *ax;
    fpa_model_mc_result *res;
    const double dso[3] = {30, 45, 60}, units[2] = {0.8, 1.2};
    if (cap < k + 6 + 3 || fpa_model_evaluate(out, cap, shared_model, NULL) != FPA_OK ||
        fpa_model_line_find(&cash, shared_model, "bs.cash") != FPA_OK ||
        fpa_model_levers_new(&ax, shared_model, NULL) != FPA_OK)
        return 0;
    fpa_status st = fpa_model_levers_add(ax, "dso", FPA_SCENARIO_SET, 0, dso, 3);
    if (st == FPA_OK) st = fpa_model_levers_add(ax, "units", FPA_SCENARIO_MUL, 2, units, 2);
    if (st == FPA_OK) st = fpa_model_table(out + k, 6, shared_model, NULL, ax, cash, shared_opts);
    fpa_model_levers_free(ax);
    if (st != FPA_OK ||
        fpa_model_mc_run(&res, shared_model_mc, NULL, PATHS, shared_opts) != FPA_OK)
        return 0;
    k += 6;
    const double ps[3] = {0.05, 0.5, 0.95};
    for (int i = 0; i < 3; i++)
        if (fpa_model_mc_quantile(&out[k++], res, cash, MODEL_N - 1, ps[i]) != FPA_OK) k = 0;
    fpa_model_mc_result_free(res);
    return k;
}

static int setup_model(void)
{
    double units[MODEL_N], noise[2] = {1, 0.1};
    for (size_t t = 0; t < MODEL_N; t++) units[t] = 100 + 40 * sin((double)t);
    size_t cash;
    fpa_status st = model_small_new(&shared_model, 20454, MODEL_N, units, NULL);
    if (st == FPA_OK) st = fpa_model_line_find(&cash, shared_model, "bs.cash");
    if (st == FPA_OK) st = fpa_model_mc_new(&shared_model_mc, shared_model, NULL);
    if (st == FPA_OK)
        st = fpa_model_mc_add(shared_model_mc, "units", FPA_SCENARIO_MUL, FPA_DIST_NORMAL, noise,
                              2, 0, FPA_DRAW_EACH_PERIOD);
    if (st == FPA_OK) st = fpa_model_mc_output(shared_model_mc, cash, 1, 1000.5);
    return st != FPA_OK;
}

/* ---- forecast: a shared series set, fitted and batched ------------------- */
static size_t job_forecast(double *out, size_t cap)
{
    /* the first 4 rows of `revenue` as 4 series of 36 months */
    const double levels[2] = {80, 95};
    size_t off[5] = {0, COLS, 2 * COLS, 3 * COLS, 4 * COLS};
    fpa_status st[4];
    enum { H = 12 };
    if (cap < 4 * H * 5 + 2 * H) return 0;
    double *mean = out, *lo = mean + 4 * H, *hi = lo + 4 * 2 * H;
    if (fpa_forecast_batch(mean, lo, hi, NULL, st, FPA_FORECAST_ETS, revenue, off, 4, 12, H,
                           levels, 2, shared_opts) != FPA_OK)
        return 0;
    for (int k = 0; k < 4; k++)
        if (st[k] != FPA_OK) return 0;
    fpa_forecast_model *m;
    if (fpa_forecast_fit(&m, FPA_FORECAST_THETA, costs, COLS, 12, NULL) != FPA_OK) return 0;
    fpa_status ok = fpa_forecast_predict(hi + 4 * 2 * H, NULL, NULL, m, H, NULL, 0, NULL);
    fpa_forecast_model_free(m);
    if (ok != FPA_OK || fpa_forecast_fit(&m, FPA_FORECAST_ARIMA, costs, COLS, 12, NULL) != FPA_OK)
        return 0;
    ok = fpa_forecast_predict(hi + 4 * 2 * H + H, NULL, NULL, m, H, NULL, 0, NULL);
    fpa_forecast_model_free(m);
    return ok == FPA_OK ? 4 * H * 5 + 2 * H : 0;
}

static const struct {
    const char *name;
    job_fn fn;
} jobs[] = {
    {"forecast", job_forecast},
    {"tvm", job_tvm},         {"tvm_batch", job_xirr_batch},
    {"kpi", job_kpi},         {"unit", job_unit},
    {"variance", job_variance}, {"recon", job_recon},
    {"wc", job_wc},           {"montecarlo", job_montecarlo},
    {"model", job_model},
};
enum { NJOBS = sizeof jobs / sizeof *jobs, CAP = 8192 };

static double expected[NJOBS][CAP];
static size_t expected_n[NJOBS];

typedef struct {
    int id;
    int failures;
} worker;

static void *run(void *arg)
{
    worker *w = arg;
    static _Thread_local double got[CAP];
    for (int round = 0; round < rounds; round++)
        for (size_t j0 = 0; j0 < NJOBS; j0++) {
            size_t j = (j0 + (size_t)w->id) % NJOBS;  /* threads interleave modules */
            size_t n = jobs[j].fn(got, CAP);
            if (n != expected_n[j] || memcmp(got, expected[j], n * sizeof *got) != 0) {
                fprintf(stderr, "thread %d round %d: %s differs\n", w->id, round, jobs[j].name);
                w->failures++;
            }
        }
    return NULL;
}

static int setup_shared(void)
{
    unsigned s = 77;
    for (size_t i = 0; i < ROWS * COLS; i++) {
        s = s * 1103515245u + 12345u;
        revenue[i] = 1000 + (double)(s % 500) + 200 * sin((double)(i % COLS) * 0.52);
        costs[i] = revenue[i] * (0.55 + (double)(s >> 20 & 63) / 400);
    }
    for (size_t i = 0; i < ROWS; i++) nature[i] = (int)(i % 2);
    for (size_t i = 0; i < COHORT_ROWS; i++) {
        s = s * 1103515245u + 12345u;
        cust[i] = (int64_t)(i % 150);
        cohort[i] = (int64_t)(i % 150) / 15;
        period[i] = cohort[i] + (int64_t)(i / 150) + (int64_t)(s % 2);
        cohort_rev[i] = 10 + (double)(s % 90);
    }
    /* company -> 4 departments -> 16 cost centres */
    static char ids[NODES][8], parents[NODES][8];
    const char *id[NODES], *parent[NODES];
    for (size_t i = 0; i < NODES; i++) {
        snprintf(ids[i], sizeof ids[i], "n%zu", i);
        snprintf(parents[i], sizeof parents[i], "n%zu", i <= 4 ? 0 : 1 + (i - 5) % 4);
        id[i] = ids[i];
        parent[i] = i == 0 ? NULL : parents[i];
    }
    if (fpa_variance_tree_new(&shared_tree, id, parent, NODES, NULL) != FPA_OK) return 1;
    for (size_t i = 0; i < NODES * COLS; i++) {
        s = s * 1103515245u + 12345u;
        size_t node = i / COLS;
        node_budget[i] = node >= 5 ? 1000 + (double)(s % 100) : 0;
        node_actual[i] = node >= 5 ? 980 + (double)(s >> 16 & 255) : 0;
    }
    for (size_t i = 0; i < ITEMS; i++) {
        s = s * 1103515245u + 12345u;
        ledger_amt[i] = 100 + (int64_t)(s % 5000);
        ledger_day[i] = 19800 + (int64_t)(s >> 20 & 127);
        stmt_amt[(i * 7) % ITEMS] = ledger_amt[i] + (i % 11 == 0);
        stmt_day[(i * 7) % ITEMS] = ledger_day[i] + (int64_t)(i % 3);
    }
    double rev[HORIZON], cogs[HORIZON], dso[HORIZON], dio[HORIZON], dpo[HORIZON],
           other[HORIZON], days[HORIZON];
    for (size_t t = 0; t < HORIZON; t++) {
        rev[t] = 1000 + 100 * sin((double)t);
        cogs[t] = 0.6 * rev[t];
        dso[t] = 45, dio[t] = 60, dpo[t] = 30, other[t] = -250, days[t] = 30;
    }
    const double pert[3] = {-10, 0, 15}, norm[2] = {1, 0.05};
    size_t idx;
    if (fpa_wc_plan_new(&shared_plan, HORIZON, NULL) != FPA_OK ||
        fpa_wc_plan_set_days(shared_plan, days, HORIZON) != FPA_OK ||
        fpa_wc_plan_set(shared_plan, FPA_WC_REVENUE, rev, HORIZON) != FPA_OK ||
        fpa_wc_plan_set(shared_plan, FPA_WC_COGS, cogs, HORIZON) != FPA_OK ||
        fpa_wc_plan_set(shared_plan, FPA_WC_DSO, dso, HORIZON) != FPA_OK ||
        fpa_wc_plan_set(shared_plan, FPA_WC_DIO, dio, HORIZON) != FPA_OK ||
        fpa_wc_plan_set(shared_plan, FPA_WC_DPO, dpo, HORIZON) != FPA_OK ||
        fpa_wc_plan_set(shared_plan, FPA_WC_OTHER_CASH, other, HORIZON) != FPA_OK ||
        fpa_wc_plan_set_opening(shared_plan, 1500, 1200, 600, 2000) != FPA_OK ||
        fpa_scenario_new(&shared_scn, NULL) != FPA_OK ||
        fpa_scenario_add(shared_scn, FPA_WC_DSO, FPA_SCENARIO_ADD, -5, 3) != FPA_OK ||
        fpa_scenario_mc_new(&shared_mc, NULL) != FPA_OK ||
        fpa_scenario_mc_add(&idx, shared_mc, FPA_WC_DSO, FPA_SCENARIO_ADD, FPA_DIST_PERT, pert,
                            3, 0, FPA_DRAW_EACH_PERIOD) != FPA_OK ||
        fpa_scenario_mc_add(&idx, shared_mc, FPA_WC_REVENUE, FPA_SCENARIO_MUL, FPA_DIST_NORMAL,
                            norm, 2, 0, FPA_DRAW_ONCE) != FPA_OK)
        return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1) rounds = atoi(argv[1]);
    unsigned s = 2024;
    for (size_t k = 0; k < SCHEDULES; k++) {
        offsets[k] = k * FLOWS;
        int64_t d = 19000;
        for (size_t i = 0; i < FLOWS; i++) {
            s = s * 1103515245u + 12345u;
            values[k * FLOWS + i] = i == 0 ? -1000.0 : (double)(s % 200) - 20.0;
            days[k * FLOWS + i] = d;
            d += 1 + (int64_t)(s >> 20) % 60;
        }
    }
    offsets[SCHEDULES] = SCHEDULES * FLOWS;
    if (fpa_opts_new(&shared_opts, NULL, NULL) != FPA_OK ||
        fpa_opts_set(shared_opts, FPA_OPT_THREADS, 2) != FPA_OK)
        return 1;
    if (setup_shared() != 0 || setup_model() != 0) {
        fprintf(stderr, "stress: setup failed: %s\n", fpa_error_last());
        return 1;
    }
    for (size_t j = 0; j < NJOBS; j++) {
        expected_n[j] = jobs[j].fn(expected[j], CAP);
        if (expected_n[j] == 0) {
            fprintf(stderr, "%s produced nothing\n", jobs[j].name);
            return 1;
        }
    }
    pthread_t tid[THREADS];
    worker w[THREADS];
    for (int t = 0; t < THREADS; t++) {
        w[t] = (worker){t, 0};
        if (pthread_create(&tid[t], NULL, run, &w[t]) != 0) return 1;
    }
    int failures = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(tid[t], NULL);
        failures += w[t].failures;
    }
    fpa_opts_free(shared_opts);
    fpa_variance_tree_free(shared_tree);
    fpa_wc_plan_free(shared_plan);
    fpa_scenario_free(shared_scn);
    fpa_scenario_mc_free(shared_mc);
    fpa_model_mc_free(shared_model_mc);
    fpa_model_free(shared_model);
    printf("stress: %d threads x %d rounds x %d modules: %s\n", THREADS, rounds, (int)NJOBS,
           failures ? "FAILED" : "all results equal the single-threaded ones");
    return failures != 0;
}
