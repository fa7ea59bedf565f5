/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Clocks and the status check of wc_bench and model_bench. */
#ifndef FPA_BENCH_WC_CLOCK_H
#define FPA_BENCH_WC_CLOCK_H
#include "fpa/fpa.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* CPU seconds of every thread of the process: the machine is shared, so
 * the wall time of a run can include waiting for a core. */
static double cpu(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + 1e-6 * (double)u.ru_utime.tv_usec +
           (double)u.ru_stime.tv_sec + 1e-6 * (double)u.ru_stime.tv_usec;
}

static void check(fpa_status st, const char *what)
{
    if (st == FPA_OK) return;
    fprintf(stderr, "%s: %s (%s)\n", what, fpa_status_name(st), fpa_error_last());
    exit(1);
}
#endif
