/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain loops that the compiler's auto-vectoriser must turn into SIMD code.
 *
 * clang vectorises straight-line loop bodies at -O2 as they are. GCC 12
 * does not: at -O2 its "very cheap" cost model refuses any loop that needs
 * a scalar epilogue, and with -ftrapping-math (the default) it will not
 * if-convert an ordered comparison or a division, which may raise a
 * floating-point exception, so a select such as `b == 0 ? 0 : v / b`
 * stays a branch. libfpa never reads the floating-point exception flags
 * (results and statuses are the same either way), so the kernels marked
 * FPA_VECTORIZE are compiled without trapping math and with the dynamic
 * cost model. Every other function keeps the build's flags.
 *
 * Kernel style that both compilers vectorise: `restrict` pointers, a
 * counted loop, comparisons feeding only `? :` selects of doubles, never
 * && or ||, and no reduction across iterations (checks accumulate per
 * element into a small array, reduced once per block). */
#ifndef FPA_VECTORIZE_H
#define FPA_VECTORIZE_H

#if defined(__GNUC__) && !defined(__clang__)
#  define FPA_VECTORIZE                                                      \
     __attribute__((optimize("no-trapping-math", "vect-cost-model=dynamic", \
                             "fp-contract=off")))
#else
#  define FPA_VECTORIZE
#endif

/* No fused multiply-adds where the C source has a multiplication and an
 * addition: an FMA rounds once instead of twice, and the wider copies below
 * run on CPUs that have FMA, so contracting would make results depend on
 * the CPU. GCC is told in FPA_VECTORIZE (and contracts nothing in ISO C
 * mode anyway); clang obeys the standard pragma. */
#if defined(__clang__)
#  pragma STDC FP_CONTRACT OFF
#endif

/* A hot kernel worth copies for wider vectors: AVX-512 (8 doubles a
 * vector) and AVX2 (4) besides the baseline SSE2 (2), one chosen once at
 * load time for the CPU (an ifunc). Every copy performs the same IEEE
 * operations in the same order per element (no contraction, see above),
 * so results are identical on every CPU. Only for static functions. */
/* Not under ThreadSanitizer: the dynamic loader runs an ifunc resolver
 * while relocating libfpa, before the TSan runtime is initialised, and the
 * instrumented resolver then crashes the process at start-up. */
#if defined(__has_feature)
#  if __has_feature(thread_sanitizer)
#    define FPA_NO_IFUNC 1
#  endif
#endif
#if defined(__SANITIZE_THREAD__)
#  define FPA_NO_IFUNC 1
#endif
#if defined(__x86_64__) && defined(__linux__) && defined(__has_attribute) && !defined(FPA_NO_IFUNC)
#  if __has_attribute(target_clones)
#    define FPA_VECTORIZE_WIDE __attribute__((target_clones("avx512f", "avx2", "default")))
#  endif
#endif
#ifndef FPA_VECTORIZE_WIDE
#  define FPA_VECTORIZE_WIDE
#endif

/* An inner loop of a kernel: inlined into every copy of its (FPA_VECTORIZE)
 * caller, so that each copy vectorises it for its own instruction set. */
#if defined(__GNUC__)
#  define FPA_KERNEL FPA_VECTORIZE static inline __attribute__((always_inline))
#else
#  define FPA_KERNEL static inline
#endif

#endif
