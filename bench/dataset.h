/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a dataset in the format of shared/data (README there):
 *     id,period,h,category,train,test
 * one series per line, train and test as space-separated numbers. No field
 * contains a comma or a quote, so a split on ',' then on ' ' reads it. And
 * scoring forecasts of it with the M4 definitions, through libfpa's
 * accuracy functions. Shared by forecast_bench and forecast_score. */
#ifndef FPA_BENCH_DATASET_H
#define FPA_BENCH_DATASET_H

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>

#include "fpa/fpa.h"

typedef struct {
    char id[64];
    size_t period, h, n;   /* n: training length */
    double *train, *test;
} series_t;

typedef struct {
    series_t *s;
    size_t count;
} dataset_t;

static inline double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU time of the process (user + system): on a shared, loaded machine the
 * wall time of a single-threaded run also counts the other jobs' time. */
static inline double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Parse space-separated numbers; returns how many, -1 on junk. */
static inline long parse_numbers(const char *p, double **out)
{
    size_t cap = 64, n = 0;
    double *v = malloc(cap * sizeof *v);
    for (;;) {
        while (*p == ' ') p++;
        if (!*p || *p == '\n' || *p == '\r') break;
        char *end;
        double x = strtod(p, &end);
        if (end == p || !v) {
            free(v);
            return -1;
        }
        if (n == cap) {
            double *w = realloc(v, 2 * cap * sizeof *v);
            if (!w) {
                free(v);
                return -1;
            }
            v = w;
            cap *= 2;
        }
        v[n++] = x;
        p = end;
    }
    *out = v;
    return (long)n;
}

static inline void dataset_free(dataset_t *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->s[i].train);
        free(d->s[i].test);
    }
    free(d->s);
    d->s = NULL;
    d->count = 0;
}

/* 0 on success; prints the problem and returns -1 otherwise. */
static inline int dataset_read(dataset_t *d, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0, alloc = 0;
    d->s = NULL;
    d->count = 0;
    int rc = 0;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        if (lineno == 1) continue;  /* header */
        if (line[0] == '\n' || line[0] == '\r') continue;
        char *field[6], *p = line;
        int k = 0;
        for (; k < 6 && p; k++) {
            field[k] = p;
            p = k < 5 ? strchr(p, ',') : NULL;
            if (p) *p++ = '\0';
        }
        if (k < 6 || !field[5]) {
            fprintf(stderr, "%s:%zu: expected 6 fields\n", path, lineno);
            rc = -1;
            break;
        }
        if (d->count == alloc) {
            alloc = alloc ? 2 * alloc : 256;
            series_t *s = realloc(d->s, alloc * sizeof *s);
            if (!s) {
                rc = -1;
                break;
            }
            d->s = s;
        }
        series_t *s = &d->s[d->count];
        memset(s, 0, sizeof *s);
        snprintf(s->id, sizeof s->id, "%s", field[0]);
        s->period = strtoul(field[1], NULL, 10);
        s->h = strtoul(field[2], NULL, 10);
        long nt = parse_numbers(field[4], &s->train);
        long nh = nt < 0 ? -1 : parse_numbers(field[5], &s->test);
        if (nt <= 0 || nh < 0 || (size_t)nh != s->h || s->period == 0) {
            fprintf(stderr, "%s:%zu: bad series %s\n", path, lineno, s->id);
            free(s->train);
            if (nh >= 0) free(s->test);
            rc = -1;
            break;
        }
        s->n = (size_t)nt;
        d->count++;
    }
    free(line);
    fclose(f);
    if (rc) dataset_free(d);
    return rc;
}

/* sMAPE and MASE of one series' forecast (M4 definitions). */
static inline int score_series(double *smape, double *mase, const series_t *s,
                               const double *fc)
{
    if (fpa_accuracy_metric(smape, FPA_METRIC_SMAPE, s->test, fc, s->h, NULL,
                            0, 1) != FPA_OK ||
        fpa_accuracy_metric(mase, FPA_METRIC_MASE, s->test, fc, s->h,
                            s->train, s->n, s->period) != FPA_OK) {
        fprintf(stderr, "%s: cannot score: %s\n", s->id, fpa_error_last());
        return -1;
    }
    return 0;
}

/* Coverage (percent) of the 80 % and 95 % intervals and the 95 % MSIS (M4:
 * scaled by the in-sample seasonal naive error) of one series' forecast;
 * lo/hi hold the 80 % bounds then the 95 % ones, h each. */
static inline int score_intervals(double *cov80, double *cov95, double *msis,
                                  const series_t *s, const double *lo,
                                  const double *hi)
{
    if (fpa_accuracy_coverage(cov80, s->test, lo, hi, s->h) != FPA_OK ||
        fpa_accuracy_coverage(cov95, s->test, lo + s->h, hi + s->h, s->h) != FPA_OK ||
        fpa_accuracy_msis(msis, s->test, lo + s->h, hi + s->h, s->h, 95, s->train,
                          s->n, s->period) != FPA_OK) {
        fprintf(stderr, "%s: cannot score the intervals: %s\n", s->id, fpa_error_last());
        return -1;
    }
    return 0;
}

/* Interval measures averaged over the series (NaN when there were none). */
typedef struct {
    double cov80, cov95, msis;
} interval_score;

/* The summary line of the format: wall seconds, CPU seconds (when
 * known, NaN otherwise), then the interval measures ("NA" for forecasts
 * without intervals). */
static inline void print_line(const char *method, size_t n, double smape,
                              double mase, double smape2, double mase2,
                              double seconds, double cpu, interval_score pi)
{
    double owa = 0;
    if (fpa_accuracy_owa(&owa, smape, mase, smape2, mase2) != FPA_OK) owa = NAN;
    printf("method=%s series=%zu smape=%.3f mase=%.4f owa=%.3f seconds=%.3f",
           method, n, smape, mase, owa, seconds);
    if (!isnan(cpu)) printf(" cpu=%.3f", cpu);
    if (isnan(pi.cov80))
        printf(" coverage80=NA coverage95=NA msis=NA\n");
    else
        printf(" coverage80=%.2f coverage95=%.2f msis=%.3f\n", pi.cov80, pi.cov95, pi.msis);
}
#endif
