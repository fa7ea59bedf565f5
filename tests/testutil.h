/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the C tests: a counting allocator that can be told to
 * fail, and tolerant comparisons. Tests use the public API only. */
#ifndef FPA_TESTUTIL_H
#define FPA_TESTUTIL_H

#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "fpa/fpa.h"

/* An allocator that counts live blocks and bytes and fails the allocation
 * numbered `fail_at` (0-based; -1 never fails). */
typedef struct {
    long fail_at;
    long calls;
    long live_blocks;
    long long live_bytes;
} test_alloc;

static inline void *test_alloc_fn(void *ud, void *ptr, size_t old_size,
                                  size_t new_size)
{
    test_alloc *a = ud;
    if (new_size == 0) {
        if (ptr) {
            a->live_blocks--;
            a->live_bytes -= (long long)old_size;
            free(ptr);
        }
        return NULL;
    }
    if (a->fail_at >= 0 && a->calls++ == a->fail_at) return NULL;
    if (a->fail_at < 0) a->calls++;
    void *q = realloc(ptr, new_size);
    if (!q) return NULL;
    if (!ptr) a->live_blocks++;
    a->live_bytes += (long long)new_size - (long long)old_size;
    return q;
}

/* Run `call` (an expression using `opts`, an fpa_opts built on a failing
 * allocator, and `k`) with allocation k failing, for k = 0, 1, ... until it
 * succeeds. Each failing run must return FPA_ENOMEM and leave no block
 * allocated apart from the options object itself; `cleanup` (a statement)
 * releases what the successful run produced. */
#define FPA_ALLOC_SWEEP(prepare, call, cleanup)                               \
    do {                                                                      \
        for (long k_ = 0;; k_++) {                                            \
            test_alloc ta_ = {-1, 0, 0, 0};                                   \
            fpa_opts *opts = NULL;                                            \
            assert_int_equal(fpa_opts_new(&opts, test_alloc_fn, &ta_), FPA_OK); \
            long base_blocks_ = ta_.live_blocks;                              \
            long long base_bytes_ = ta_.live_bytes;                           \
            ta_.calls = 0;                                                    \
            ta_.fail_at = k_;                                                 \
            prepare;                                                          \
            fpa_status st_ = (call);                                          \
            if (st_ == FPA_OK) {                                              \
                cleanup;                                                      \
                ta_.fail_at = -1;                                             \
                assert_int_equal(ta_.live_blocks, base_blocks_);              \
                fpa_opts_free(opts);                                          \
                assert_int_equal(ta_.live_blocks, 0);                         \
                break;                                                        \
            }                                                                 \
            if (st_ != FPA_ENOMEM)                                            \
                fail_msg("allocation %ld failed: expected FPA_ENOMEM, got %s (%s)", \
                         k_, fpa_status_name(st_), fpa_error_last());         \
            assert_int_equal(ta_.live_blocks, base_blocks_);                  \
            assert_int_equal(ta_.live_bytes, base_bytes_);                    \
            fpa_opts_free(opts);                                              \
            assert_int_equal(ta_.live_blocks, 0);                             \
            assert_true(k_ < 100000);                                         \
        }                                                                     \
    } while (0)

/* |got - want| <= rel * |want| + abs */
#define assert_close(got, want, rel, abs_)                                    \
    do {                                                                      \
        double g_ = (got), w_ = (want);                                       \
        double tol_ = (rel) * fabs(w_) + (abs_);                              \
        if (!(fabs(g_ - w_) <= tol_))                                         \
            fail_msg("%s = %.17g, expected %.17g (tolerance %.3g)", #got, g_, \
                     w_, tol_);                                               \
    } while (0)

#define assert_status(call, want)                                             \
    do {                                                                      \
        fpa_status s_ = (call);                                               \
        if (s_ != (want))                                                     \
            fail_msg("%s returned %s, expected %s (detail: %s)", #call,       \
                     fpa_status_name(s_), fpa_status_name(want),              \
                     fpa_error_last());                                       \
    } while (0)

#define assert_ok(call) assert_status(call, FPA_OK)

#endif
