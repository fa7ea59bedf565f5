/* SPDX-License-Identifier: GPL-3.0-or-later */
/* forecast_score: score forecasts made elsewhere (R's, for the side by
 * side in bench/README.md) with the same code as forecast_bench.
 *
 *   forecast_score DATASET.csv FORECASTS.csv
 *
 * FORECASTS.csv has forecast_bench's --forecasts-out rows,
 * id,method,model,seconds,forecast; the model field may hold commas (quoted
 * or not): it is whatever lies between the second field and the last two.
 * Prints forecast_bench's line per method, in order of first appearance,
 * with seconds the sum of the rows'. OWA is relative to the file's
 * "naive2" rows when present, else to libfpa's Naive2. */
#include "dataset.h"

typedef struct {
    char name[64];
    double smape, mase, seconds;
    size_t n;
} acc_t;

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: forecast_score DATASET.csv FORECASTS.csv\n");
        return 2;
    }
    dataset_t d;
    if (dataset_read(&d, argv[1])) return 1;
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    acc_t acc[64];
    size_t nacc = 0, lineno = 0;
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (!rc && getline(&line, &cap, f) > 0) {
        if (lineno++ == 0) continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        char *last = strrchr(line, ','), *prev = NULL;
        for (char *p = last - 1; last && p > line; p--)
            if (*p == ',') { prev = p; break; }
        if (!c1 || !c2 || !prev || prev < c2) {
            fprintf(stderr, "%s:%zu: malformed row\n", argv[2], lineno);
            rc = 1;
            break;
        }
        *c1 = *c2 = '\0';
        const char *id = line, *method = c1 + 1;
        double secs = strtod(prev + 1, NULL), *fc = NULL;
        long nf = parse_numbers(last + 1, &fc);
        const series_t *s = NULL;
        for (size_t i = 0; i < d.count && !s; i++)
            if (!strcmp(d.s[i].id, id)) s = &d.s[i];
        if (!s || nf != (long)(s ? s->h : 0)) {
            fprintf(stderr, "%s:%zu: unknown series or wrong length\n", argv[2], lineno);
            if (nf >= 0) free(fc);
            rc = 1;
            break;
        }
        size_t k = 0;
        while (k < nacc && strcmp(acc[k].name, method)) k++;
        if (k == nacc) {
            if (nacc == 64) { rc = 1; free(fc); break; }
            memset(&acc[nacc], 0, sizeof acc[nacc]);
            snprintf(acc[nacc++].name, sizeof acc[0].name, "%s", method);
        }
        double a, b;
        rc = score_series(&a, &b, s, fc) ? 1 : 0;
        acc[k].smape += a;
        acc[k].mase += b;
        acc[k].seconds += secs;
        acc[k].n++;
        free(fc);
    }
    free(line);
    fclose(f);
    double smape2 = NAN, mase2 = NAN;
    for (size_t k = 0; k < nacc; k++)
        if (!strcmp(acc[k].name, "naive2") && acc[k].n == d.count) {
            smape2 = acc[k].smape / (double)acc[k].n;
            mase2 = acc[k].mase / (double)acc[k].n;
        }
    if (!rc && isnan(smape2)) {  /* libfpa's Naive2 as the reference */
        double s = 0, m = 0;
        for (size_t i = 0; i < d.count && !rc; i++) {
            fpa_forecast_model *mod = NULL;
            double *fc = malloc(d.s[i].h * sizeof *fc), a, b;
            if (!fc || fpa_forecast_fit(&mod, FPA_FORECAST_NAIVE2, d.s[i].train,
                                        d.s[i].n, d.s[i].period, NULL) != FPA_OK ||
                fpa_forecast_predict(fc, NULL, NULL, mod, d.s[i].h, NULL, 0,
                                     NULL) != FPA_OK ||
                score_series(&a, &b, &d.s[i], fc))
                rc = 1;
            else
                s += a, m += b;
            fpa_forecast_model_free(mod);
            free(fc);
        }
        smape2 = s / (double)d.count;
        mase2 = m / (double)d.count;
    }
    for (size_t k = 0; k < nacc && !rc; k++)
        print_line(acc[k].name, acc[k].n, acc[k].smape / (double)acc[k].n,
                   acc[k].mase / (double)acc[k].n, smape2, mase2, acc[k].seconds);
    dataset_free(&d);
    return rc;
}
