/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A parallel loop for the program's batches (thousands of series): jobs are
 * handed out one at a time, each writes only its own results, so the output
 * never depends on the thread count. Progress is counted here, under the
 * same lock, and shown only when stderr is a terminal. */
#include "sections.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct loop {
    cli_job_fn fn;
    void *ctx;
    size_t n, next, done;
    pthread_mutex_t lock;
    cli_progress progress;
} loop;

static void *worker(void *arg)
{
    loop *l = arg;
    for (;;) {
        pthread_mutex_lock(&l->lock);
        /* Ctrl-C: no new job; those under way finish */
        size_t i = l->next < l->n && !cli_interrupted() ? l->next++ : l->n;
        pthread_mutex_unlock(&l->lock);
        if (i == l->n) return NULL;
        l->fn(l->ctx, i);
        pthread_mutex_lock(&l->lock);
        cli_progress_step(&l->progress, ++l->done);
        pthread_mutex_unlock(&l->lock);
    }
}

size_t cli_threads(const fpa_opts *opts, size_t jobs)
{
    double want = 1;
    fpa_opts_get(&want, opts, FPA_OPT_THREADS);
    if (want == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        want = cpus > 0 ? (double)cpus : 1;
    }
    size_t t = (size_t)want;
    return t > jobs ? (jobs ? jobs : 1) : t;
}

void cli_parallel(size_t n, const fpa_opts *opts, cli_job_fn fn, void *ctx, const char *what)
{
    loop l = {.fn = fn, .ctx = ctx, .n = n};
    size_t nthreads = cli_threads(opts, n), started = 0;
    pthread_t *tid = cli_calloc(nthreads, sizeof *tid);
    pthread_mutex_init(&l.lock, NULL);
    cli_progress_start(&l.progress, what, n);
    for (size_t t = 1; t < nthreads; t++) {
        if (pthread_create(&tid[t], NULL, worker, &l) != 0) break;
        started = t;
    }
    worker(&l); /* the calling thread works too; alone if none started */
    for (size_t t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    cli_progress_end(&l.progress);
    pthread_mutex_destroy(&l.lock);
    free(tid);
}

/* The options of one job: the caller's, on one thread (the batch is
 * already spread over the threads). */
fpa_opts *cli_opts_single(const fpa_opts *opts)
{
    fpa_opts *o;
    if (fpa_opts_new(&o, NULL, NULL) != FPA_OK) {
        cli_fail(CLI_ECOMPUTE, "out of memory");
        exit(CLI_ECOMPUTE);
    }
    int key;
    for (size_t i = 0; fpa_opt_key(&key, i) == FPA_OK; i++) {
        double v;
        if (fpa_opts_get(&v, opts, key) == FPA_OK) fpa_opts_set(o, key, v);
    }
    fpa_opts_set(o, FPA_OPT_THREADS, 1);
    return o;
}
