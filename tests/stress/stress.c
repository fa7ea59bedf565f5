/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Thread-safety stress: every module's entry points run from 8 threads at
 * once on shared read-only inputs, and each thread's results must equal the
 * single-threaded ones bit for bit. Run under ThreadSanitizer by the test
 * command (.ci/test). Each module adds a job to `jobs` below. */
#include <fpa/fpa.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { THREADS = 8, ROUNDS = 20, SCHEDULES = 64, FLOWS = 24 };

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

static const struct {
    const char *name;
    job_fn fn;
} jobs[] = {
    {"tvm", job_tvm},
    {"tvm_batch", job_xirr_batch},
};
enum { NJOBS = sizeof jobs / sizeof *jobs, CAP = 4096 };

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
    for (int round = 0; round < ROUNDS; round++)
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

int main(void)
{
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
    printf("stress: %d threads x %d rounds x %d modules: %s\n", THREADS, ROUNDS, (int)NJOBS,
           failures ? "FAILED" : "all results equal the single-threaded ones");
    return failures != 0;
}
