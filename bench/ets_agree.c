/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ets_agree: how often libfpa's automatic ETS picks R's model, and how close
 * its forecasts are when it does.
 *
 *   ets_agree [--verbose] DATASET.csv R_DETAIL.csv
 *
 * R_DETAIL.csv comes from bench/r/ets_detail.R on the same dataset (R's
 * model, AICc, log-likelihood and forecasts per series). Prints
 *
 *   agree=K/N (P %) forecast_gap1=X % forecast_gap5=Y % aicc_better=A
 *   aicc_worse=B
 *
 * agree: libfpa selected R's model; forecast_gap1/5: among those, the share
 * whose forecasts differ from R's by more than 1 % / 5 % at some horizon
 * (relative to R's); aicc_better/worse: series where libfpa's fit of R's
 * model has a lower / higher AICc than R's by more than 0.01 (a better or
 * worse optimum of the same likelihood). --verbose adds one line per
 * series: id, R's model and AICc, libfpa's model and AICc, and libfpa's
 * AICc of R's model. */
#include "dataset.h"

typedef struct {
    char id[64], model[32];
    double aicc, *fc;
    long nfc;
} r_row;

/* Options naming one model, "ETS(M,Ad,N)" */
static int model_opts(fpa_opts *o, const char *name)
{
    char e, t, s;
    int damped = strstr(name, "Ad") != NULL;
    if (sscanf(name, damped ? "ETS(%c,%cd,%c)" : "ETS(%c,%c,%c)", &e, &t, &s) != 3)
        return -1;
    fpa_opts_set(o, FPA_OPT_FORECAST_ETS_ERROR,
                 e == 'A' ? FPA_ETS_ADDITIVE : FPA_ETS_MULTIPLICATIVE);
    fpa_opts_set(o, FPA_OPT_FORECAST_ETS_TREND,
                 t == 'N' ? FPA_ETS_NONE : damped ? FPA_ETS_DAMPED : FPA_ETS_ADDITIVE);
    fpa_opts_set(o, FPA_OPT_FORECAST_ETS_SEASON,
                 s == 'N' ? FPA_ETS_NONE : s == 'A' ? FPA_ETS_ADDITIVE
                                                    : FPA_ETS_MULTIPLICATIVE);
    return 0;
}

static long read_r(r_row **out, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, n = 0, alloc = 0;
    r_row *rows = NULL;
    while (getline(&line, &cap, f) > 0) {
        if (!strncmp(line, "id,", 3)) continue;
        /* id,"model",aicc,loglik,seconds,par,forecast */
        char *q1 = strchr(line, '"'), *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
        char *last = strrchr(line, ',');
        if (!q1 || !q2 || !last) continue;
        if (n == alloc) {
            alloc = alloc ? 2 * alloc : 256;
            rows = realloc(rows, alloc * sizeof *rows);
        }
        r_row *r = &rows[n];
        snprintf(r->id, sizeof r->id, "%.*s", (int)(q1 - line - 1), line);
        snprintf(r->model, sizeof r->model, "%.*s", (int)(q2 - q1 - 1), q1 + 1);
        r->aicc = strtod(q2 + 2, NULL);
        r->nfc = parse_numbers(last + 1, &r->fc);
        n++;
    }
    free(line);
    fclose(f);
    *out = rows;
    return (long)n;
}

int main(int argc, char **argv)
{
    int verbose = argc > 1 && !strcmp(argv[1], "--verbose");
    if (argc != 3 + verbose) {
        fprintf(stderr, "usage: ets_agree [--verbose] DATASET.csv R_DETAIL.csv\n");
        return 2;
    }
    dataset_t d;
    r_row *r;
    if (dataset_read(&d, argv[1 + verbose])) return 1;
    long nr = read_r(&r, argv[2 + verbose]);
    if (nr < 0) return 1;
    size_t agree = 0, total = 0, gap1 = 0, gap5 = 0, better = 0, worse = 0;
    for (size_t i = 0; i < d.count; i++) {
        const series_t *s = &d.s[i];
        const r_row *row = NULL;
        for (long k = 0; k < nr && !row; k++)
            if (!strcmp(r[k].id, s->id)) row = &r[k];
        if (!row || row->nfc != (long)s->h) continue;
        total++;
        fpa_forecast_model *m = NULL, *mr = NULL;
        double fc[64], aicc = NAN, aicc_r = NAN;
        if (fpa_forecast_fit(&m, FPA_FORECAST_ETS, s->train, s->n, s->period, NULL) ||
            fpa_forecast_predict(fc, NULL, NULL, m, s->h, NULL, 0, NULL)) {
            fprintf(stderr, "%s: %s\n", s->id, fpa_error_last());
            return 1;
        }
        fpa_forecast_model_param(&aicc, m, FPA_PARAM_AICC);
        const char *name = fpa_forecast_model_name(m);
        fpa_opts *o;
        fpa_opts_new(&o, NULL, NULL);
        if (!model_opts(o, row->model) &&
            fpa_forecast_fit(&mr, FPA_FORECAST_ETS, s->train, s->n, s->period, o) == FPA_OK &&
            !strcmp(fpa_forecast_model_name(mr), row->model))
            fpa_forecast_model_param(&aicc_r, mr, FPA_PARAM_AICC);
        fpa_opts_free(o);
        if (aicc_r < row->aicc - 0.01) better++;
        if (aicc_r > row->aicc + 0.01) worse++;
        if (!strcmp(name, row->model)) {
            agree++;
            double gap = 0;
            for (size_t j = 0; j < s->h; j++) {
                double g = fabs(fc[j] - row->fc[j]) / fabs(row->fc[j]);
                if (!(g <= gap)) gap = g;
            }
            gap1 += !(gap <= 0.01);
            gap5 += !(gap <= 0.05);
        }
        if (verbose)
            printf("%s R=%s %.4f fpa=%s %.4f fpa_R=%.4f\n", s->id, row->model,
                   row->aicc, name, aicc, aicc_r);
        fpa_forecast_model_free(m);
        fpa_forecast_model_free(mr);
    }
    printf("agree=%zu/%zu (%.1f %%) forecast_gap1=%.1f %% forecast_gap5=%.1f %% "
           "aicc_better=%zu aicc_worse=%zu\n", agree, total,
           100.0 * (double)agree / (double)total,
           100.0 * (double)gap1 / (double)(agree ? agree : 1),
           100.0 * (double)gap5 / (double)(agree ? agree : 1), better, worse);
    for (long k = 0; k < nr; k++) free(r[k].fc);
    free(r);
    dataset_free(&d);
    return 0;
}
