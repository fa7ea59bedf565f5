/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the planning model (fpa/model.h) built from hostile
 * bytes (any relation kind, unknown and repeated names, wrong input and
 * parameter counts, cycles, statement roles on any line, odd calendars and
 * dates, NaN/Inf/huge values), then, when it builds, an evaluation, a
 * scenario, a table, a goal seek and a small Monte Carlo. The contract:
 * no crash, no abort, FPA_OK results finite, every failure with a detail. */
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
        fpa_model_input(m, name, v, k);
        return;
    }
    const char *of[4];
    double p[4];
    size_t nin = fz_byte(in) % 5, np = fz_byte(in) % 5;
    for (size_t k = 0; k < nin; k++) of[k] = fz_name(in);
    for (size_t k = 0; k < np; k++) p[k] = fz_byte(in) < 200 ? fz_byte(in) % 13 : fz_double(in);
    fpa_model_relation(m, name, (fpa_model_rel)(fz_byte(in) % 19), of, nin, p, np);
}

static fpa_model *fz_model(fuzz_in *in)
{
    fpa_model *m = NULL;
    size_t n = fz_byte(in) % (T + 1);  /* 0 too: fpa_model_new refuses it */
    int64_t start = fz_byte(in) < 200 ? 20454 + 31 * (fz_byte(in) % 3) : fz_i64(in);
    if (fpa_model_new(&m, (fpa_calendar)(fz_byte(in) % 4), start, n, NULL) != FPA_OK) return NULL;
    for (int k = fz_byte(in) % (L + 2); k > 0; k--) fz_line(in, m, n);
    for (int k = fz_byte(in) % 4; k > 0; k--) {
        uint8_t what = fz_byte(in) % 5;
        const char *name = fz_name(in);
        double days[T + 1];
        if (what == 0) fpa_model_set_opening(m, name, fz_double(in));
        else if (what == 1) fpa_model_set_floor(m, name, fz_double(in));
        else if (what == 2) fpa_model_set_days(m, days, fz_doubles(in, days, T + 1));
        else fpa_model_link(m, (fpa_model_role)(fz_byte(in) % 21), name);
    }
    fpa_status st = fpa_model_build(m);
    if (st != FPA_OK) {
        if (fpa_error_last()[0] == 0) FZ_FAIL("build: %s without a detail\n", fpa_status_name(st));
        fpa_model_free(m);
        return NULL;
    }
    return m;
}

/* Statuses of calls whose outputs may hold NaN (undefined cells). */
static void fz_detail(const char *what, fpa_status st)
{
    if (st != FPA_OK && st != FPA_PARTIAL && fpa_error_last()[0] == 0)
        FZ_FAIL("%s: %s without a detail\n", what, fpa_status_name(st));
}

static void fz_what_ifs(fuzz_in *in, fpa_model *m, fpa_model_scenario *scn, double *work)
{
    size_t nl = fpa_model_lines(m), out = fz_byte(in) % (nl + 1);
    fpa_model_levers *lv = NULL;
    if (fpa_model_levers_new(&lv, m, NULL) != FPA_OK) return;
    for (int k = 1 + fz_byte(in) % 2; k > 0; k--) {
        double v[3] = {fz_double(in), fz_byte(in), fz_byte(in)};
        fpa_model_levers_add(lv, fz_name(in), (fpa_scenario_op)(fz_byte(in) % 4),
                             fz_byte(in) % (T + 1), v, fz_byte(in) % 4);
    }
    double cells[9], lo[2], hi[2], x;
    fz_detail("table", fpa_model_table(cells, 9, m, scn, lv, out, NULL));
    fz_detail("tornado", fpa_model_tornado(lo, hi, &x, m, scn, lv, out, NULL));
    fpa_status st = fpa_model_goal_seek(&x, m, scn, lv, out, (fpa_goal_mode)(fz_byte(in) % 6),
                                        fz_double(in), NULL);
    fz_check_all(st, &x, 1);
    size_t cells_all = fpa_model_lines(m) * fpa_model_periods(m);
    uint32_t *flags = malloc(cells_all * sizeof *flags);
    if (flags)
        fz_detail("compare", fpa_model_compare(work, work + cells_all, flags, m, NULL, scn, NULL));
    free(flags);
    fpa_model_levers_free(lv);
}

static void fz_monte_carlo(fuzz_in *in, fpa_model *m, fpa_model_scenario *scn)
{
    fpa_model_mc *mc = NULL;
    if (fpa_model_mc_new(&mc, m, NULL) != FPA_OK) return;
    for (int k = fz_byte(in) % 3; k > 0; k--) {
        double params[3] = {fz_double(in), fz_double(in), fz_double(in)};
        fpa_model_mc_add(mc, fz_name(in), (fpa_scenario_op)(fz_byte(in) % 4),
                         (fpa_scenario_dist)(fz_byte(in) % 6), params, fz_byte(in) % 4,
                         fz_byte(in) % (T + 1), (fpa_scenario_draw)(fz_byte(in) % 3));
    }
    double corr[4] = {1, fz_double(in), 0, 1};
    corr[2] = corr[1];
    if (fz_byte(in) & 1) fpa_model_mc_correlate(mc, corr, 2);
    size_t line = fz_byte(in) % (fpa_model_lines(m) + 1);
    fpa_model_mc_output(mc, line, fz_byte(in) & 1, fz_double(in));
    fpa_model_mc_result *res = NULL;
    fpa_status st = fpa_model_mc_run(&res, mc, scn, fz_byte(in) % 64, NULL);
    if (st == FPA_OK) {
        double q;
        size_t n = fpa_model_periods(m), paths = fpa_model_mc_paths(res);
        st = fpa_model_mc_quantile(&q, res, line, n - 1, fz_double(in));
        fz_check_all(st, &q, 1);
        double *x = malloc((paths > n ? paths : n) * sizeof *x);
        if (x) {
            fz_check_all(fpa_model_mc_sorted(x, paths, res, line, fz_byte(in) % n), x, paths);
            fz_check_all(fpa_model_mc_below(x, n, res, line), x, n);
        }
        free(x);
        fpa_model_mc_result_free(res);
    } else if (fpa_error_last()[0] == 0) {
        FZ_FAIL("mc: %s without a detail\n", fpa_status_name(st));
    }
    fpa_model_mc_free(mc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    fpa_model *m = fz_model(&in);
    if (!m) return 0;
    size_t nl = fpa_model_lines(m), n = fpa_model_periods(m);
    double *v = malloc(2 * nl * n * sizeof *v);  /* values, or a comparison's two tables */
    fpa_model_scenario *scn = NULL;
    if (v && fpa_model_scenario_new(&scn, m, NULL) == FPA_OK) {
        fz_check_all(fpa_model_evaluate(v, nl * n, m, NULL), v, nl * n);
        for (int k = fz_byte(&in) % 3; k > 0; k--)
            fpa_model_scenario_add(scn, fz_name(&in), (fpa_scenario_op)(fz_byte(&in) % 4),
                                   fz_double(&in), fz_byte(&in) % (T + 1));
        fz_check_all(fpa_model_evaluate(v, nl * n, m, scn), v, nl * n);
        if (fz_byte(&in) & 1) fz_what_ifs(&in, m, scn, v);
        else fz_monte_carlo(&in, m, scn);
    }
    fpa_model_scenario_free(scn);
    free(v);
    fpa_model_free(m);
    return 0;
}
