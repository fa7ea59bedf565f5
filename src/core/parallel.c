/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A parallel loop over independent jobs. Jobs are handed out one at a time
 * from an atomic counter, so uneven jobs balance; results never depend on
 * the thread count because each job writes only its own outputs. */
#include "internal.h"
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

unsigned fpa__threads(const fpa_opts *opts, size_t jobs)
{
    long want = (long)fpa__opt(opts, FPA_OPT_THREADS);
    if (want == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        want = cpus > 0 ? cpus : 1;
    }
    if ((size_t)want > jobs) want = (long)(jobs ? jobs : 1);
    return (unsigned)want;
}

typedef struct {
    fpa__job_fn fn;
    void *ctx;
    size_t jobs;
    atomic_size_t next;
    atomic_int failed;  /* first failing status, 0 while none */
} shared_loop;

typedef struct {
    shared_loop *loop;
    unsigned worker;
    fpa_status status;
    char detail[512];
} worker_state;

static void run_jobs(worker_state *w)
{
    shared_loop *s = w->loop;
    for (;;) {
        if (atomic_load(&s->failed)) return;
        size_t j = atomic_fetch_add(&s->next, 1);
        if (j >= s->jobs) return;
        fpa_status st = s->fn(s->ctx, j, w->worker);
        if (st != FPA_OK) {
            int expected = 0;
            w->status = st;
            /* errors are thread-local: carry the worker's detail home */
            snprintf(w->detail, sizeof w->detail, "%s", fpa_error_last());
            atomic_compare_exchange_strong(&s->failed, &expected, (int)st);
            return;
        }
    }
}

static void *thread_main(void *arg)
{
    run_jobs(arg);
    return NULL;
}

fpa_status fpa__parallel_for(const fpa_opts *opts, size_t jobs,
                             fpa__job_fn fn, void *ctx)
{
    unsigned nthreads = fpa__threads(opts, jobs);
    shared_loop loop = {fn, ctx, jobs, 0, 0};
    unsigned started = 0;
    if (nthreads == 1) {  /* the common case needs no allocation */
        for (size_t j = 0; j < jobs; j++) {
            fpa_status st = fn(ctx, j, 0);
            if (st != FPA_OK) return st;
        }
        return FPA_OK;
    }
    fpa_mem m = fpa__mem_of(opts);
    worker_state *state = fpa__alloc(&m, nthreads, sizeof *state, false);
    pthread_t *tid = fpa__alloc(&m, nthreads, sizeof *tid, false);
    if (!state || !tid) {
        fpa__free(&m, state, nthreads, sizeof *state);
        fpa__free(&m, tid, nthreads, sizeof *tid);
        return FPA_ENOMEM;
    }

    for (unsigned t = 0; t < nthreads; t++)
        state[t] = (worker_state){&loop, t, FPA_OK, ""};
    for (unsigned t = 1; t < nthreads; t++) {
        if (pthread_create(&tid[t], NULL, thread_main, &state[t]) != 0) break;
        started = t;
    }
    run_jobs(&state[0]);  /* the calling thread is worker 0 */
    for (unsigned t = 1; t <= started; t++) pthread_join(tid[t], NULL);

    /* Report the failure of the lowest-numbered failing job's worker; any
     * failure makes the whole call fail. */
    fpa_status st = FPA_OK;
    for (unsigned t = 0; t < nthreads && st == FPA_OK; t++)
        if (state[t].status != FPA_OK)
            st = fpa__fail(state[t].status, "%s", state[t].detail);
    fpa__free(&m, state, nthreads, sizeof *state);
    fpa__free(&m, tid, nthreads, sizeof *tid);
    return st;
}
