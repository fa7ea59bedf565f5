/* SPDX-License-Identifier: GPL-3.0-or-later */
/* forecast_score: score forecasts made elsewhere (R's, for the side by
 * side in bench/README.md) with the same code as forecast_bench.
 *
 *   forecast_score DATASET.csv FORECASTS.csv
 *
 * FORECASTS.csv has forecast_bench's --forecasts-out rows,
 * id,method,model,seconds,forecast[,lower80,upper80,lower95,upper95]; the
 * model field may hold commas (quoted or not): it is whatever lies between
 * the second field and the seconds. With the interval columns (the header
 * names them; R's script writes them too, empty for methods without
 * intervals) the coverage and MSIS are printed, else NA. Prints
 * forecast_bench's line per method, in order of first appearance, with
 * seconds the sum of the rows'. OWA is relative to the file's "naive2"
 * rows when present, else to libfpa's Naive2. */
#include "dataset.h"

#include <stdbool.h>

typedef struct {
    char name[64];
    double smape, mase, seconds, cov80, cov95, msis;
    size_t n, npi;  /* series, and series with intervals */
} acc_t;

/* The i-th comma from the end of line (1 = the last), or NULL. */
static char *comma_from_end(char *line, int i)
{
    for (char *p = line + strlen(line); p-- > line;)
        if (*p == ',' && --i == 0) return p;
    return NULL;
}

/* Parse and score one row into acc; 0 on success. */
static int score_row(acc_t *acc, size_t *nacc, char *line, const dataset_t *d,
                     bool with_pi)
{
    char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
    char *fc_at = comma_from_end(line, with_pi ? 5 : 1);
    char *sec_at = comma_from_end(line, with_pi ? 6 : 2);
    if (!c1 || !c2 || !fc_at || !sec_at || sec_at < c2) return -1;
    *c1 = *c2 = '\0';
    const char *id = line, *method = c1 + 1;
    double secs = strtod(sec_at + 1, NULL), *v[5] = {NULL};
    long nv[5];
    char *field = fc_at + 1;
    for (int k = 0; k < (with_pi ? 5 : 1); k++) {  /* forecast, lo80, hi80, lo95, hi95 */
        char *end = k < 4 && with_pi ? strchr(field, ',') : NULL;
        if (end) *end = '\0';
        nv[k] = parse_numbers(field, &v[k]);
        field = end ? end + 1 : field + strlen(field);
    }
    const series_t *s = NULL;
    for (size_t i = 0; i < d->count && !s; i++)
        if (!strcmp(d->s[i].id, id)) s = &d->s[i];
    int rc = !s || nv[0] != (long)s->h ? -1 : 0;
    bool pi = rc == 0 && with_pi;
    for (int k = 1; pi && k < 5; k++) pi = nv[k] == (long)s->h;
    size_t k = 0;
    while (rc == 0 && k < *nacc && strcmp(acc[k].name, method)) k++;
    if (rc == 0 && k == *nacc) {
        if (*nacc == 64) rc = -1;
        else {
            memset(&acc[k], 0, sizeof acc[k]);
            snprintf(acc[(*nacc)++].name, sizeof acc[0].name, "%s", method);
        }
    }
    double a, b, x, y, z, lo[2048], hi[2048];
    if (rc == 0) rc = score_series(&a, &b, s, v[0]);
    if (rc == 0 && pi && s->h <= 1024) {
        memcpy(lo, v[1], s->h * sizeof *lo), memcpy(lo + s->h, v[3], s->h * sizeof *lo);
        memcpy(hi, v[2], s->h * sizeof *hi), memcpy(hi + s->h, v[4], s->h * sizeof *hi);
        rc = score_intervals(&x, &y, &z, s, lo, hi);
        if (rc == 0) acc[k].cov80 += x, acc[k].cov95 += y, acc[k].msis += z, acc[k].npi++;
    }
    if (rc == 0) acc[k].smape += a, acc[k].mase += b, acc[k].seconds += secs, acc[k].n++;
    for (int i = 0; i < 5; i++)
        if (v[i]) free(v[i]);
    return rc;
}

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
    bool with_pi = false;
    while (!rc && getline(&line, &cap, f) > 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (lineno++ == 0) {
            with_pi = strstr(line, ",lower80,") != NULL;
            continue;
        }
        if (score_row(acc, &nacc, line, &d, with_pi)) {
            fprintf(stderr, "%s:%zu: malformed row, unknown series or wrong length\n",
                    argv[2], lineno);
            rc = 1;
        }
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
    for (size_t k = 0; k < nacc && !rc; k++) {
        interval_score pi = {NAN, NAN, NAN};
        double np = (double)acc[k].npi;
        if (acc[k].npi == acc[k].n)
            pi = (interval_score){acc[k].cov80 / np, acc[k].cov95 / np, acc[k].msis / np};
        print_line(acc[k].name, acc[k].n, acc[k].smape / (double)acc[k].n,
                   acc[k].mase / (double)acc[k].n, smape2, mase2, acc[k].seconds, NAN, pi);
    }
    dataset_free(&d);
    return rc;
}
