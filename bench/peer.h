/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A numpy peer for a benchmark, run beside it as a coprocess.
 *
 * The benchmark writes its inputs and its own outputs to files in a
 * scratch directory, starts `/usr/bin/python3 <name>_peer.py` (the script
 * next to the benchmark's source) and talks to it one line at a time
 * (bench/peer.py is the other end):
 *
 *     load NAME DTYPE ROWS COLS     the peer reads DIR/NAME (raw, C order)
 *     set NAME VALUE                a scalar parameter
 *     check KERNEL                  the peer runs its version of KERNEL and
 *                                   compares with DIR/<output names>;
 *                                   answers "ok" or what differs
 *     time KERNEL                   one timed run: seconds of the peer
 *                                   thread's CPU time
 *
 * so that libfpa and numpy runs can be interleaved and each figure be the
 * median of its runs. Header-only; benchmarks use the public API only. */
#ifndef FPA_BENCH_PEER_H
#define FPA_BENCH_PEER_H

#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    FILE *to, *from;
    pid_t pid;
    char dir[64];
} peer;

/* The floor loops of a benchmark: vectorised like the library's kernels
 * (GCC's -O2 cost model refuses loops that need an epilogue). */
#if defined(__GNUC__) && !defined(__clang__)
#  define BENCH_VECTORIZE __attribute__((optimize("vect-cost-model=dynamic")))
#else
#  define BENCH_VECTORIZE
#endif

static inline void *bench_must(void *p)
{
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

/* CPU time of the calling thread: the machine is shared, and wall-clock
 * time would count the time other processes hold the core. */
static inline double peer_cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Median of n values (sorts them). */
static inline int peer_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static inline double peer_median(double *x, size_t n)
{
    qsort(x, n, sizeof *x, peer_cmp);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

/* Start `script` (an absolute path) with a fresh scratch directory.
 * Returns 0, or -1 (with a message on stderr) when python3 or the
 * directory is not available: the benchmark then runs without a peer. */
static inline int peer_start(peer *p, const char *script)
{
    int in[2], out[2];
    snprintf(p->dir, sizeof p->dir, "/tmp/fpa-peer-XXXXXX");
    p->to = p->from = NULL;
    if (!mkdtemp(p->dir) || pipe(in) || pipe(out)) {
        perror("peer");
        return -1;
    }
    p->pid = fork();
    if (p->pid < 0) {
        perror("peer: fork");
        return -1;
    }
    if (p->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[1]);
        close(out[0]);
        execl("/usr/bin/python3", "python3", script, p->dir, (char *)NULL);
        perror("peer: /usr/bin/python3");
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->to = fdopen(in[1], "w");
    p->from = fdopen(out[0], "r");
    return p->to && p->from ? 0 : -1;
}

/* Send one command line; return the answer line (static storage of the
 * peer, without its newline), or NULL when the peer is gone. */
static inline const char *peer_say(peer *p, const char *fmt, ...)
{
    static char line[4096];
    va_list ap;
    if (!p->to) return NULL;
    va_start(ap, fmt);
    vfprintf(p->to, fmt, ap);
    va_end(ap);
    fputc('\n', p->to);
    fflush(p->to);
    if (!fgets(line, sizeof line, p->from)) {
        fclose(p->to);
        p->to = NULL;
        return NULL;
    }
    line[strcspn(line, "\n")] = 0;
    return line;
}

/* Write n elements of `size` bytes to the scratch file `name` and tell the
 * peer to load it as a rows x cols array of dtype ("f8", "u4", "u1"). */
static inline int peer_load(peer *p, const char *name, const void *x, size_t size,
                     size_t rows, size_t cols, const char *dtype)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", p->dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = fwrite(x, size, rows * cols, f);
    if (fclose(f) || w != rows * cols) return -1;
    const char *ok = peer_say(p, "load %s %s %zu %zu", name, dtype, rows, cols);
    return ok && !strcmp(ok, "ok") ? 0 : -1;
}

/* Just write a file for a later `check` (the libfpa output to compare). */
static inline int peer_file(peer *p, const char *name, const void *x, size_t size, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", p->dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = fwrite(x, size, n, f);
    return fclose(f) || w != n ? -1 : 0;
}

/* Ask the peer to check its outputs of `kernel` against the files; prints
 * the verdict and returns 0 when they agree. */
static inline int peer_check(peer *p, const char *kernel)
{
    const char *r = peer_say(p, "check %s", kernel);
    if (!r) {
        fprintf(stderr, "peer: gone while checking %s\n", kernel);
        return -1;
    }
    if (strcmp(r, "ok")) {
        fprintf(stderr, "peer: %s: outputs differ: %s\n", kernel, r);
        return -1;
    }
    return 0;
}

/* One timed run of the peer's `kernel`: seconds, or NAN. */
static inline double peer_time(peer *p, const char *kernel)
{
    const char *r = peer_say(p, "time %s", kernel);
    return r ? strtod(r, NULL) : NAN;
}

static inline void peer_stop(peer *p)
{
    char cmd[128];
    if (p->to) {
        fclose(p->to);
        p->to = NULL;
    }
    if (p->from) fclose(p->from);
    p->from = NULL;
    if (p->pid > 0) waitpid(p->pid, NULL, 0);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", p->dir);
    if (p->dir[0] && system(cmd) != 0) fprintf(stderr, "peer: could not remove %s\n", p->dir);
}

/* The script `<name>` in the directory of the benchmark's source file. */
static inline void peer_script(char *out, size_t cap, const char *source_file, const char *name)
{
    const char *slash = strrchr(source_file, '/');
    int dirlen = slash ? (int)(slash - source_file) : 1;
    snprintf(out, cap, "%.*s/%s", dirlen, slash ? source_file : ".", name);
}

#endif
