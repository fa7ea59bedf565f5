/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef FPA_PARALLEL_H
#define FPA_PARALLEL_H
#include "internal.h"

/* One job: index `job` of the loop, run by worker `worker` (0-based, below
 * the thread count, so per-worker scratch can be indexed by it). */
typedef fpa_status (*fpa__job_fn)(void *ctx, size_t job, unsigned worker);

/* Run fn for every job on up to FPA_OPT_THREADS threads (the caller's
 * thread included). Stops handing out jobs after a failure and returns the
 * failure of the lowest-numbered failing job, with its detail, so the
 * status and detail never depend on the thread count. Reports the jobs to
 * the options' progress callback (fpa_opts_set_progress()), on the calling
 * thread, and returns FPA_ECANCELED when the host cancels. */
fpa_status fpa__parallel_for(const fpa_opts *opts, size_t jobs,
                             fpa__job_fn fn, void *ctx);

/* The same loop as one phase of a longer call whose progress `p` reports
 * (begun by the caller with fpa__progress_begin): each job adds one unit. */
fpa_status fpa__parallel_for_p(const fpa_opts *opts, size_t jobs,
                               fpa__job_fn fn, void *ctx, fpa__progress *p);
#endif
