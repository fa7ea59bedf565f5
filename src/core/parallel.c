/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A parallel loop over independent jobs, and the progress reports of long
 * calls. Jobs are handed out one at a time from an atomic counter, so
 * uneven jobs balance; results never depend on the thread count because
 * each job writes only its own outputs, and a failure is reported for the
 * lowest-numbered failing job, whichever worker ran it. */
#include "internal.h"
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
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

/* ---- progress ------------------------------------------------------------ */

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static fpa_status report(fpa__progress *p)
{
    if (p->fn(p->ud, p->done, p->total) == 0) return FPA_OK;
    return fpa__fail(FPA_ECANCELED, "cancelled by the host after %zu of %zu units of work",
                     p->done, p->total);
}

fpa_status fpa__progress_begin(fpa__progress *p, const fpa_opts *opts, size_t total)
{
    p->fn = fpa__progress_fn(opts, &p->ud);
    p->done = 0;
    p->total = total;
    p->interval_ns = (uint64_t)fpa__opt(opts, FPA_OPT_PROGRESS_INTERVAL) * 1000000u;
    if (!p->fn) return FPA_OK;
    p->next_ns = now_ns() + p->interval_ns;
    return report(p);
}

fpa_status fpa__progress_add(fpa__progress *p, size_t units, bool force)
{
    p->done += units;
    if (p->done > p->total) p->done = p->total;
    if (!p->fn) return FPA_OK;
    uint64_t t = now_ns();
    if (!force && t < p->next_ns) return FPA_OK;
    p->next_ns = t + p->interval_ns;
    return report(p);
}

fpa_status fpa__progress_end(fpa__progress *p)
{
    if (!p->fn) return FPA_OK;
    p->done = p->total;
    return report(p);
}

/* ---- the loop -------------------------------------------------------------- */

typedef struct {
    fpa__job_fn fn;
    void *ctx;
    size_t jobs;
    atomic_size_t next;      /* the next job to hand out */
    atomic_size_t finished;  /* jobs done, for the progress reports */
    atomic_int stop;         /* a job failed or the host cancelled */
    /* the coordinator (the calling thread, when it reports progress)
     * sleeps on `wake` until the last worker leaves */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    unsigned running;
} shared_loop;

/* Written only when a job fails, so neighbours never contend for it. */
typedef struct {
    shared_loop *loop;
    unsigned worker;
    fpa_status status;  /* of the job this worker saw fail */
    size_t failed_job;
    char detail[512];
} worker_state;

static void run_jobs(worker_state *w)
{
    shared_loop *s = w->loop;
    for (;;) {
        if (atomic_load_explicit(&s->stop, memory_order_relaxed)) return;
        size_t j = atomic_fetch_add(&s->next, 1);
        if (j >= s->jobs) return;
        fpa_status st = s->fn(s->ctx, j, w->worker);
        if (st != FPA_OK) {
            /* Jobs are handed out in increasing order, so every job below
             * j was already started and finishes: the lowest failing job
             * is among the failures the workers record. */
            w->status = st;
            w->failed_job = j;
            snprintf(w->detail, sizeof w->detail, "%s", fpa_error_last());
            atomic_store(&s->stop, 1);
            return;
        }
        atomic_fetch_add_explicit(&s->finished, 1, memory_order_relaxed);
    }
}

static void *thread_main(void *arg)
{
    worker_state *w = arg;
    shared_loop *s = w->loop;
    run_jobs(w);
    pthread_mutex_lock(&s->lock);
    if (--s->running == 0) pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Serial loop on the calling thread, reporting between jobs. */
static fpa_status run_serial(size_t jobs, fpa__job_fn fn, void *ctx, fpa__progress *p)
{
    for (size_t j = 0; j < jobs; j++) {
        TRY(fn(ctx, j, 0));
        TRY(fpa__progress_add(p, 1, false));
    }
    return FPA_OK;
}

/* The calling thread reports progress while the workers run, waking every
 * interval; a cancellation stops the hand-out of jobs. */
static fpa_status coordinate(shared_loop *s, fpa__progress *p)
{
    fpa_status st = FPA_OK;
    size_t reported = 0;
    pthread_mutex_lock(&s->lock);
    while (s->running > 0) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        uint64_t ns = (uint64_t)until.tv_nsec + p->interval_ns;
        until.tv_sec += (time_t)(ns / 1000000000u);
        until.tv_nsec = (long)(ns % 1000000000u);
        pthread_cond_timedwait(&s->wake, &s->lock, &until);
        if (s->running == 0 || st != FPA_OK) continue;
        pthread_mutex_unlock(&s->lock);
        size_t done = atomic_load_explicit(&s->finished, memory_order_relaxed);
        st = fpa__progress_add(p, done - reported, true);
        reported = done;
        if (st != FPA_OK) atomic_store(&s->stop, 1);
        pthread_mutex_lock(&s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    if (st == FPA_OK)
        st = fpa__progress_add(p, atomic_load(&s->finished) - reported, false);
    return st;
}

fpa_status fpa__parallel_for_p(const fpa_opts *opts, size_t jobs, fpa__job_fn fn,
                               void *ctx, fpa__progress *p)
{
    unsigned nthreads = fpa__threads(opts, jobs);
    bool report_progress = p->fn != NULL;
    if (nthreads == 1 || jobs <= 1) return run_serial(jobs, fn, ctx, p);

    /* With a progress callback the calling thread coordinates and every
     * job runs on a started thread; without one it is worker 0. */
    unsigned first = report_progress ? 0 : 1;
    fpa_mem m = fpa__mem_of(opts);
    worker_state *state = fpa__alloc(&m, nthreads, sizeof *state, false);
    pthread_t *tid = fpa__alloc(&m, nthreads, sizeof *tid, false);
    shared_loop *loop = fpa__alloc(&m, 1, sizeof *loop, false);
    fpa_status st = FPA_OK;
    if (!state || !tid || !loop) {
        st = FPA_ENOMEM;
        goto done;
    }
    loop->fn = fn;
    loop->ctx = ctx;
    loop->jobs = jobs;
    atomic_init(&loop->next, 0);
    atomic_init(&loop->finished, 0);
    atomic_init(&loop->stop, 0);
    loop->running = 0;
    if (pthread_mutex_init(&loop->lock, NULL) != 0) {
        st = run_serial(jobs, fn, ctx, p);  /* no lock: no threads, same result */
        goto done;
    }
    if (pthread_cond_init(&loop->wake, NULL) != 0) {
        pthread_mutex_destroy(&loop->lock);
        st = run_serial(jobs, fn, ctx, p);
        goto done;
    }
    for (unsigned t = 0; t < nthreads; t++)
        state[t] = (worker_state){.loop = loop, .worker = t, .status = FPA_OK};

    /* A thread the system refuses is not an error: the threads that did
     * start (or the calling thread alone) run every job. */
    unsigned started = first;
    pthread_mutex_lock(&loop->lock);
    for (unsigned t = first; t < nthreads; t++) {
        if (pthread_create(&tid[t], NULL, thread_main, &state[t]) != 0) break;
        loop->running++;
        started = t + 1;
    }
    pthread_mutex_unlock(&loop->lock);

    if (report_progress && started > 0) {
        st = coordinate(loop, p);
    } else {
        /* worker 0 is the calling thread (its state was not handed out) */
        run_jobs(&state[0]);
    }
    for (unsigned t = first; t < started; t++) pthread_join(tid[t], NULL);
    pthread_cond_destroy(&loop->wake);
    pthread_mutex_destroy(&loop->lock);

    /* The lowest-numbered failing job wins over a cancellation: it is the
     * failure a serial run would have met first. */
    size_t lowest = SIZE_MAX;
    unsigned who = 0;
    for (unsigned t = 0; t < nthreads; t++)
        if (state[t].status != FPA_OK && state[t].failed_job < lowest) {
            lowest = state[t].failed_job;
            who = t;
        }
    if (lowest != SIZE_MAX)
        st = fpa__fail(state[who].status, "%s", state[who].detail);
done:
    fpa__free(&m, state, nthreads, sizeof *state);
    fpa__free(&m, tid, nthreads, sizeof *tid);
    fpa__free(&m, loop, 1, sizeof *loop);
    return st;
}

fpa_status fpa__parallel_for(const fpa_opts *opts, size_t jobs, fpa__job_fn fn,
                             void *ctx)
{
    fpa__progress p;
    TRY(fpa__progress_begin(&p, opts, jobs));
    TRY(fpa__parallel_for_p(opts, jobs, fn, ctx, &p));
    return fpa__progress_end(&p);
}
