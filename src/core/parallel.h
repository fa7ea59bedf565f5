/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef FPA_PARALLEL_H
#define FPA_PARALLEL_H
#include "internal.h"

/* One job: index `job` of the loop, run by worker `worker` (0-based, below
 * the thread count, so per-worker scratch can be indexed by it). */
typedef fpa_status (*fpa__job_fn)(void *ctx, size_t job, unsigned worker);

/* Run fn for every job on up to FPA_OPT_THREADS threads (the caller's
 * thread included). Stops handing out jobs after the first failure and
 * returns it with its detail. */
fpa_status fpa__parallel_for(const fpa_opts *opts, size_t jobs,
                             fpa__job_fn fn, void *ctx);
#endif
