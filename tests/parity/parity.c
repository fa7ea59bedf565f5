/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The C side of the parity test (tests/parity/test_parity.py): reads the
 * table of calls (calls.txt), makes each through the public C API, and
 * prints one line per call, "id bits,bits,..." (each double's IEEE-754 bit
 * pattern in hex, in the order below) or "id !FPA_STATUS".
 *   parity CALLS
 * What each function returns, which the Python and Lua runners follow:
 *   tvm functions              the value
 *   forecast                   mean, lower 80, upper 80, lower 95, upper 95 (h each)
 *   variance                   variance, pct, flags (one per line each)
 *   unit functions             their outputs in the C order
 *   wc_liquidity               nwc, current, quick (one per period each)
 *   wc_cycle                   dso, dio, dpo, ccc (days ar revenue inventory cogs ap
 *                              purchases)
 *   wc_project                 ar, inventory, ap, nwc, cash */
#include <fpa/fpa.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXARGS 16
#define MAXN 4096

typedef struct {
    double *x;  /* numbers (one for a scalar) */
    size_t n;
    const char *word;
} arg;

typedef struct {
    double out[MAXN];
    size_t n;
} result;

static void put(result *r, const double *x, size_t n)
{
    for (size_t i = 0; i < n && r->n < MAXN; i++) r->out[r->n++] = x[i];
}

static int when_of(const arg *a) { return a->word && !strcmp(a->word, "begin"); }

static int64_t *days_of(const arg *a)
{
    int64_t *d = malloc((a->n ? a->n : 1) * sizeof *d);
    for (size_t i = 0; d && i < a->n; i++) d[i] = (int64_t)a->x[i];
    return d;
}

/* ---- time value of money ---- */
static fpa_status tvm(const char *fn, const arg *a, result *r)
{
    double v = 0;
    fpa_status st;
#define X(i) (a[i].x[0])
    if (!strcmp(fn, "npv")) st = fpa_tvm_npv(&v, X(0), a[1].x, a[1].n);
    else if (!strcmp(fn, "irr")) st = fpa_tvm_irr(&v, a[0].x, a[0].n, X(1));
    else if (!strcmp(fn, "mirr")) st = fpa_tvm_mirr(&v, a[0].x, a[0].n, X(1), X(2));
    else if (!strcmp(fn, "xnpv") || !strcmp(fn, "xirr")) {
        int64_t *d = days_of(&a[!strcmp(fn, "xnpv")]);
        st = !d ? FPA_ENOMEM
             : !strcmp(fn, "xnpv") ? fpa_tvm_xnpv(&v, X(0), a[2].x, d, a[2].n)
                                   : fpa_tvm_xirr(&v, a[1].x, d, a[1].n, X(2));
        free(d);
    } else if (!strcmp(fn, "pmt")) st = fpa_tvm_pmt(&v, X(0), X(1), X(2), X(3), when_of(&a[4]));
    else if (!strcmp(fn, "pv")) st = fpa_tvm_pv(&v, X(0), X(1), X(2), X(3), when_of(&a[4]));
    else if (!strcmp(fn, "fv")) st = fpa_tvm_fv(&v, X(0), X(1), X(2), X(3), when_of(&a[4]));
    else if (!strcmp(fn, "nper")) st = fpa_tvm_nper(&v, X(0), X(1), X(2), X(3), when_of(&a[4]));
    else if (!strcmp(fn, "rate"))
        st = fpa_tvm_rate(&v, X(0), X(1), X(2), X(3), when_of(&a[4]), X(5));
    else if (!strcmp(fn, "ipmt"))
        st = fpa_tvm_ipmt(&v, X(0), X(1), X(2), X(3), X(4), when_of(&a[5]));
    else if (!strcmp(fn, "ppmt"))
        st = fpa_tvm_ppmt(&v, X(0), X(1), X(2), X(3), X(4), when_of(&a[5]));
    else if (!strcmp(fn, "cumipmt"))
        st = fpa_tvm_cumipmt(&v, X(0), X(1), X(2), X(3), X(4), when_of(&a[5]));
    else if (!strcmp(fn, "cumprinc"))
        st = fpa_tvm_cumprinc(&v, X(0), X(1), X(2), X(3), X(4), when_of(&a[5]));
    else if (!strcmp(fn, "effect")) st = fpa_tvm_effect(&v, X(0), X(1));
    else if (!strcmp(fn, "nominal")) st = fpa_tvm_nominal(&v, X(0), X(1));
    else if (!strcmp(fn, "sln")) st = fpa_tvm_sln(&v, X(0), X(1), X(2));
    else if (!strcmp(fn, "syd")) st = fpa_tvm_syd(&v, X(0), X(1), X(2), X(3));
    else if (!strcmp(fn, "ddb")) st = fpa_tvm_ddb(&v, X(0), X(1), X(2), X(3), X(4));
    else if (!strcmp(fn, "db")) st = fpa_tvm_db(&v, X(0), X(1), X(2), X(3), X(4));
    else return FPA_EINVAL;
    if (st == FPA_OK) put(r, &v, 1);
    return st;
}

/* ---- unit economics ---- */
static int is_unit(const char *fn)
{
    static const char *const names[] = {
        "contribution", "break_even", "margin_of_safety", "operating_leverage", "arpu",
        "logo_churn", "ltv_simple", "ltv_discounted", "cac_blended", "cac_paid", "ltv_cac",
        "cac_payback", NULL};
    for (int i = 0; names[i]; i++)
        if (!strcmp(fn, names[i])) return 1;
    return 0;
}

static fpa_status unit(const char *fn, const arg *a, result *r)
{
    double v[2] = {0, 0};
    size_t k = 1;
    fpa_status st;
    if (!strcmp(fn, "contribution")) st = fpa_unit_contribution(&v[0], &v[1], X(0), X(1)), k = 2;
    else if (!strcmp(fn, "break_even"))
        st = fpa_unit_break_even(&v[0], &v[1], X(0), X(1), X(2), X(3)), k = 2;
    else if (!strcmp(fn, "margin_of_safety"))
        st = fpa_unit_margin_of_safety(&v[0], &v[1], X(0), X(1)), k = 2;
    else if (!strcmp(fn, "operating_leverage"))
        st = fpa_unit_operating_leverage(&v[0], X(0), X(1));
    else if (!strcmp(fn, "arpu")) st = fpa_unit_arpu(&v[0], X(0), X(1), X(2));
    else if (!strcmp(fn, "logo_churn")) st = fpa_unit_logo_churn(&v[0], X(0), X(1));
    else if (!strcmp(fn, "ltv_simple")) st = fpa_unit_ltv_simple(&v[0], X(0), X(1), X(2));
    else if (!strcmp(fn, "ltv_discounted"))
        st = fpa_unit_ltv_discounted(&v[0], X(0), X(1), X(2), X(3), (size_t)X(4));
    else if (!strcmp(fn, "cac_blended")) st = fpa_unit_cac_blended(&v[0], X(0), X(1));
    else if (!strcmp(fn, "cac_paid")) st = fpa_unit_cac_paid(&v[0], X(0), X(1), X(2));
    else if (!strcmp(fn, "ltv_cac")) st = fpa_unit_ltv_cac(&v[0], X(0), X(1));
    else if (!strcmp(fn, "cac_payback")) st = fpa_unit_cac_payback(&v[0], X(0), X(1), X(2), X(3));
    else return FPA_EINVAL;
    if (st == FPA_OK || st == FPA_PARTIAL) put(r, v, k);
    return st;
}

/* ---- forecasting: fit, then predict at 80 and 95 % ---- */
static fpa_status forecast(const arg *a, result *r)
{
    fpa_forecast_method m;
    fpa_status st = fpa_forecast_method_find(&m, a[0].word);
    if (st != FPA_OK) return st;
    size_t period = (size_t)X(1), h = (size_t)X(2);
    const double levels[2] = {80, 95};
    double mean[64], lo[128], hi[128];
    if (h > 64) return FPA_EINVAL;
    fpa_forecast_model *fit = NULL;
    st = fpa_forecast_fit(&fit, m, a[3].x, a[3].n, period, NULL);
    if (st == FPA_OK) st = fpa_forecast_predict(mean, lo, hi, fit, h, levels, 2, NULL);
    fpa_forecast_model_free(fit);
    if (st != FPA_OK) return st;
    put(r, mean, h);
    for (size_t k = 0; k < 2; k++) {
        put(r, lo + k * h, h);
        put(r, hi + k * h, h);
    }
    return FPA_OK;
}

static fpa_status variance(const arg *a, result *r)
{
    size_t n = a[0].n;
    int nature[MAXARGS * 4];
    double v[MAXARGS * 4], p[MAXARGS * 4], f[MAXARGS * 4];
    uint32_t flags[MAXARGS * 4];
    if (n > MAXARGS * 4 || a[1].n != n) return FPA_EINVAL;
    const char *w = a[2].word;
    for (size_t i = 0; i < n; i++) {
        nature[i] = strncmp(w, "cost", 4) == 0 ? FPA_NATURE_COST : FPA_NATURE_REVENUE;
        w = strchr(w, ',') ? strchr(w, ',') + 1 : "";
    }
    fpa_status st = fpa_variance_compute(v, p, flags, a[0].x, a[1].x, n, 1, nature, NULL, NULL,
                                         NULL, NULL);
    if (st != FPA_OK) return st;
    for (size_t i = 0; i < n; i++) f[i] = flags[i];
    put(r, v, n);
    put(r, p, n);
    put(r, f, n);
    return FPA_OK;
}

static fpa_status wc(const char *fn, const arg *a, result *r)
{
    size_t n = a[0].n;
    double o[4][MAXN / 8];
    if (n > MAXN / 8) return FPA_EINVAL;
    fpa_status st;
    if (!strcmp(fn, "wc_liquidity")) {
        st = fpa_wc_liquidity(o[0], o[1], o[2], a[0].x, a[1].x, a[2].x, n);
        for (int k = 0; st == FPA_OK && k < 3; k++) put(r, o[k], n);
        return st;
    }
    if (!strcmp(fn, "wc_cycle")) {
        st = fpa_wc_cycle(o[0], o[1], o[2], o[3], a[1].x, a[2].x, a[3].x, a[4].x, a[5].x,
                          a[6].x, a[0].x, n);
        for (int k = 0; st == FPA_OK && k < 4; k++) put(r, o[k], n);
        return st;
    }
    /* wc_project days revenue cogs dso dio dpo ar inventory ap cash */
    n = a[1].n;
    fpa_wc_plan *plan = NULL;
    static const fpa_wc_driver drivers[] = {FPA_WC_REVENUE, FPA_WC_COGS,
                                            FPA_WC_DSO, FPA_WC_DIO,
                                            FPA_WC_DPO};
    static const fpa_wc_line lines[] = {FPA_WC_LINE_AR, FPA_WC_LINE_INVENTORY, FPA_WC_LINE_AP,
                                        FPA_WC_LINE_NWC, FPA_WC_LINE_CASH};
    double days[MAXN / 8], out[5 * MAXN / 8];
    if (n > MAXN / 8) return FPA_EINVAL;
    for (size_t t = 0; t < n; t++) days[t] = X(0);
    st = fpa_wc_plan_new(&plan, n, NULL);
    if (st == FPA_OK) st = fpa_wc_plan_set_days(plan, days, n);
    for (int d = 0; st == FPA_OK && d < 5; d++)
        st = fpa_wc_plan_set(plan, drivers[d], a[1 + d].x, n);
    if (st == FPA_OK) st = fpa_wc_plan_set_opening(plan, X(6), X(7), X(8), X(9));
    if (st == FPA_OK) st = fpa_wc_project(out, 5 * n, plan, lines, 5);
    fpa_wc_plan_free(plan);
    if (st == FPA_OK) put(r, out, 5 * n);
    return st;
}

/* Tokens of one line into args: numbers, lists "1,2,3" and words. */
static size_t parse(char *line, char **id, char **fn, arg *a, double *store, size_t cap)
{
    size_t na = 0, used = 0;
    *id = strtok(line, " \n");
    *fn = strtok(NULL, " \n");
    for (char *tok; na < MAXARGS && (tok = strtok(NULL, " \n")); na++) {
        a[na] = (arg){store + used, 0, NULL};
        if ((tok[0] >= 'a' && tok[0] <= 'z' && strncmp(tok, "nan", 3)) || tok[0] == '_') {
            a[na].word = tok;
            continue;
        }
        for (char *p = tok; *p && used < cap;) {
            store[used++] = strtod(p, &p);
            a[na].n++;
            if (*p == ',') p++;
        }
    }
    return na;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: parity CALLS\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "r");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    static char line[1 << 16];
    static double store[MAXN * 4];
    static result r;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n') continue;
        char *id, *fn;
        arg a[MAXARGS];
        parse(line, &id, &fn, a, store, sizeof store / sizeof *store);
        r.n = 0;
        fpa_status st;
        if (!strcmp(fn, "forecast")) st = forecast(a, &r);
        else if (!strcmp(fn, "variance")) st = variance(a, &r);
        else if (!strncmp(fn, "wc_", 3)) st = wc(fn, a, &r);
        else if (is_unit(fn)) st = unit(fn, a, &r);
        else st = tvm(fn, a, &r);
        /* a partial result is a result: NaN in its undefined outputs */
        if (st != FPA_OK && st != FPA_PARTIAL) {
            printf("%s !%s\n", id, fpa_status_name(st));
            continue;
        }
        printf("%s ", id);
        for (size_t i = 0; i < r.n; i++) {
            uint64_t bits;
            memcpy(&bits, &r.out[i], sizeof bits);
            printf("%s%016llx", i ? "," : "", (unsigned long long)bits);
        }
        printf("\n");
    }
    fclose(f);
    return 0;
}
