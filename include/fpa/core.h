/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file core.h
 * @brief Status codes, error detail, version, allocators and options:
 *        what every libfpa module shares.
 *
 * Conventions used by every function in the library:
 *
 * - Every fallible function returns an ::fpa_status. ::FPA_OK is zero;
 *   failures are negative and their values never change once released.
 * - On failure the function also records a human-readable detail for the
 *   calling thread ("values[17] is NaN"); read it with fpa_error_last().
 * - Out-parameters come first and are named `out...`. On failure, outputs
 *   are left untouched unless the function's documentation says otherwise.
 * - Arrays are passed as a pointer and an element count; output arrays are
 *   owned by the caller, who states their capacity.
 * - Objects are opaque, created by a `..._new` or `..._fit` function and
 *   released by the matching `..._free`, which accepts NULL.
 * - Options are set on an ::fpa_opts object by key (see fpa_opts_set());
 *   functions taking `const fpa_opts *` accept NULL for all defaults.
 * - The library has no global mutable state. Any function may be called from
 *   many threads at once on different objects; an object is used by one
 *   thread at a time unless its documentation says otherwise. Read-only
 *   inputs, including an ::fpa_opts, may be shared between threads.
 */
#ifndef FPA_CORE_H
#define FPA_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @name Version
 * The version of the headers a program was compiled against. Compare with
 * fpa_version() at run time to detect a mismatched shared library.
 * @{ */
/** Major version: changes only with an incompatible ABI (and the SONAME). */
#define FPA_VERSION_MAJOR 1
/** Minor version: grows when functions, options or enum values are added. */
#define FPA_VERSION_MINOR 1
/** Patch version: bug fixes only. */
#define FPA_VERSION_PATCH 0
/** The version as one integer: major * 10000 + minor * 100 + patch. */
#define FPA_VERSION_NUMBER \
    (FPA_VERSION_MAJOR * 10000 + FPA_VERSION_MINOR * 100 + FPA_VERSION_PATCH)
/** The version as a string, "major.minor.patch". */
#define FPA_VERSION_STRING "1.1.0"
/** @} */

/** Marks a function exported from the shared library. Everything else in
 *  libfpa is built with hidden visibility. */
#if defined(FPA_STATIC)
#  define FPA_API
#elif defined(_WIN32)
#  if defined(FPA_BUILDING)
#    define FPA_API __declspec(dllexport)
#  else
#    define FPA_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define FPA_API __attribute__((visibility("default")))
#else
#  define FPA_API
#endif

/**
 * Result of every fallible libfpa function.
 *
 * The numeric values are part of the ABI: they never change, and new codes
 * are only ever added after the last one.
 */
typedef enum fpa_status {
    FPA_OK = 0,          /**< Success. */
    FPA_EINVAL = -1,     /**< Invalid argument: NULL pointer, empty or
                              mismatched arrays, unknown option or enum value,
                              value outside an option's bounds. */
    FPA_EDOM = -2,       /**< An input is outside the function's domain:
                              NaN or infinite value, rate at or below -100 %,
                              negative life, period past the end. */
    FPA_ENOCONV = -3,    /**< No solution: an iterative method found no
                              root or optimum (e.g. cash flows without a
                              sign change, or no convergence in the allowed
                              iterations). */
    FPA_ENOMEM = -4,     /**< Memory allocation failed; nothing leaked. */
    FPA_EOVERFLOW = -5,  /**< The result is not representable: a double
                              that would be infinite or NaN, or an integer
                              amount that would overflow int64. */
    FPA_ESIZE = -6,      /**< An output buffer is too small for the
                              result; the detail says how large it must be. */
    FPA_EUNBOUNDED = -7, /**< The result is mathematically unbounded (for
                              example lifetime value with zero churn). */
    FPA_EDATA = -8,      /**< Inconsistent data: a cycle, a duplicate, an
                              unknown identifier, a gap that cannot be
                              filled. */
    FPA_ESYSTEM = -9,    /**< The operating system refused a resource the
                              call needed. */
    FPA_ECANCELED = -10, /**< The host cancelled the call through its
                              progress callback (fpa_opts_set_progress());
                              since 1.1. */
    FPA_PARTIAL = 1      /**< Partial result, not a failure of the whole
                              call: every output that is defined was
                              written, and each undefined one holds NaN
                              (the function documents which outputs can be
                              undefined and when). fpa_error_last() names
                              the first undefined output. Positive, so a
                              test `status != FPA_OK` still sees it; since
                              1.1. */
} fpa_status;

/**
 * Static English text for a status: "invalid argument" for ::FPA_EINVAL.
 *
 * @param status any value; unknown values give "unknown status".
 * @return a string with static storage; never NULL; never freed.
 */
FPA_API const char *fpa_status_str(fpa_status status);

/**
 * Symbolic name of a status: "FPA_EINVAL" for ::FPA_EINVAL.
 *
 * Bindings use it to name their exception classes and error messages.
 *
 * @param status any value; unknown values give "FPA_UNKNOWN".
 * @return a string with static storage; never NULL; never freed.
 */
FPA_API const char *fpa_status_name(fpa_status status);

/**
 * Detail of the most recent failure on the calling thread.
 *
 * Every function that returns a status other than ::FPA_OK records what
 * exactly was wrong, naming the argument and, for arrays, the index
 * ("values[17] is NaN"). Successful calls leave the record unchanged, so
 * read it right after the failing call. The record is thread-local: one
 * thread never sees another's errors.
 *
 * @return the message, or "" when no failure has been recorded on this
 *         thread since it started or since fpa_error_clear(). The string is
 *         owned by the library and stays valid until the next libfpa call
 *         on this thread.
 */
FPA_API const char *fpa_error_last(void);

/**
 * Status of the most recent failure on the calling thread.
 *
 * @return the status that fpa_error_last() describes, or ::FPA_OK when none
 *         is recorded.
 */
FPA_API fpa_status fpa_error_last_status(void);

/** Forget the calling thread's recorded failure. */
FPA_API void fpa_error_clear(void);

/**
 * Runtime version of the library, as ::FPA_VERSION_NUMBER.
 *
 * A host compiled against headers of another major version must not use
 * this library: compare `fpa_version() / 10000` with ::FPA_VERSION_MAJOR.
 *
 * @return major * 10000 + minor * 100 + patch.
 */
FPA_API unsigned fpa_version(void);

/**
 * Runtime version of the library as a string, as ::FPA_VERSION_STRING.
 *
 * @return a string with static storage, e.g. "1.0.0"; never NULL.
 */
FPA_API const char *fpa_version_string(void);

/**
 * A host-supplied allocator, with the contract of Lua's `lua_Alloc`.
 *
 * - `new_size > 0`, `ptr == NULL`: allocate `new_size` bytes;
 * - `new_size > 0`, `ptr != NULL`: resize the block of `old_size` bytes at
 *   `ptr` to `new_size` bytes, keeping its contents, like realloc();
 * - `new_size == 0`: free `ptr` (of `old_size` bytes, or NULL) and return
 *   NULL.
 *
 * Returning NULL for a non-zero `new_size` means failure: the block at `ptr`
 * must then be left intact. libfpa turns it into ::FPA_ENOMEM. Blocks must
 * be aligned for any object type, as malloc()'s are. The function may be
 * called from any thread that uses an object created with it.
 *
 * @param ud the pointer given with the allocator to fpa_opts_new().
 * @param ptr block to resize or free, or NULL.
 * @param old_size size of the block at `ptr` (0 when `ptr` is NULL).
 * @param new_size requested size, or 0 to free.
 * @return the block, or NULL on failure or when freeing.
 */
typedef void *(*fpa_alloc_fn)(void *ud, void *ptr, size_t old_size,
                              size_t new_size);

/**
 * A set of options, and the allocator, for the calls that take one.
 *
 * One options object serves every module: each option has an integer key
 * (the `FPA_OPT_...` constants of each module header), a documented range
 * and a default. A function documents which keys it reads and ignores the
 * others, so one object can carry the settings of a whole job. Passing NULL
 * wherever a `const fpa_opts *` is expected means "all defaults, allocate
 * with malloc()".
 *
 * An options object is read, never modified, by the calls it is passed to,
 * so it may be shared by many threads as long as nobody sets options on it
 * at the same time. Objects created with it keep a copy of its allocator,
 * not a reference to it: the options object may be freed right after.
 *
 * Adding an option in a later release adds a key; keys never change
 * meaning. Use fpa_opt_bounds() to learn the range of a key at run time.
 */
typedef struct fpa_opts fpa_opts;

/**
 * Option keys of the core module. Keys of other modules are declared in
 * their headers; each module owns a block of one hundred values.
 */
enum fpa_core_opt {
    /** Number of worker threads for batch calls; 0 means one per online CPU.
     *  Results never depend on it. Range 0..1024, default 1.
     *
     *  A batch call starts the extra threads it needs with pthread_create()
     *  (the calling thread works too). When the system refuses a thread,
     *  the call goes on with the threads it has (at worst the calling
     *  thread alone); results are the same, only slower, so a refused
     *  thread is never an error. */
    FPA_OPT_THREADS = 1,
    /** Seed of the random number generator used by simulations. The same
     *  seed gives the same numbers on every run and every thread count.
     *  Range 0..4294967295, default 42. */
    FPA_OPT_SEED = 2,
    /** Milliseconds between two calls of the progress callback (see
     *  fpa_opts_set_progress()). Range 1..60000, default 100; since 1.1. */
    FPA_OPT_PROGRESS_INTERVAL = 3,
    /** First period of the fiscal year, counted in the periods of a year of
     *  the data: for monthly data the month (1 = January, 4 for a year
     *  starting in April), for quarterly data the quarter, for weekly data
     *  the week. Range 1..366, default 1 (the calendar year); since 1.1.
     *
     *  The one key for every module: the variance windows
     *  (fpa_variance_window(), whose periods are months, so 1..12 there)
     *  and the forecast's fiscal-year outlook read it. Their 1.0 keys,
     *  `variance.fy_start` and `forecast.fiscal_start`, still work: set to
     *  anything but 1, such a key takes precedence in its module as the
     *  more specific setting; left at 1 (its default), the module follows
     *  this key. (An options object cannot tell a key set to 1 from one
     *  never set, so a module key set to 1 defers to this one.) */
    FPA_OPT_FISCAL_YEAR_START = 4
};

/**
 * Create an options object holding every option at its default.
 *
 * @param[out] out receives the new object; set to NULL on failure.
 * @param alloc allocator for this object and for every object and scratch
 *        buffer created by calls that receive it; NULL for malloc()/free().
 * @param alloc_ud passed to `alloc` unchanged; ignored when `alloc` is NULL.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_ENOMEM the allocation failed.
 */
FPA_API fpa_status fpa_opts_new(fpa_opts **out, fpa_alloc_fn alloc,
                                void *alloc_ud);

/**
 * Free an options object. NULL is accepted and ignored.
 *
 * @param opts the object, or NULL.
 */
FPA_API void fpa_opts_free(fpa_opts *opts);

/**
 * Set one option.
 *
 * Integer options take whole numbers given as doubles (they are exact up to
 * 2^53); enumerated options take the enum's value.
 *
 * @param opts the options object.
 * @param key an `FPA_OPT_...` key of any module.
 * @param value the new value; must be finite, within the key's bounds, and
 *        whole for integer keys.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `opts` is NULL, `key` is unknown, or `value` is
 *         outside the bounds, not finite, or not whole for an integer key;
 *         the option keeps its previous value.
 */
FPA_API fpa_status fpa_opts_set(fpa_opts *opts, int key, double value);

/**
 * Read one option.
 *
 * @param[out] out receives the value (the default when never set).
 * @param opts the options object, or NULL to read the default.
 * @param key an `FPA_OPT_...` key.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `key` is unknown.
 */
FPA_API fpa_status fpa_opts_get(double *out, const fpa_opts *opts, int key);

/**
 * Put every option back to its default. The allocator is kept.
 *
 * @param opts the options object, or NULL (ignored).
 */
FPA_API void fpa_opts_reset(fpa_opts *opts);

/**
 * Progress and cancellation callback of a long call.
 *
 * @param ud the pointer given to fpa_opts_set_progress(), unchanged.
 * @param done units of work finished so far (series of a batch, origins of
 *        a backtest, blocks of Monte Carlo paths, ...): never decreasing.
 * @param total units of work of the whole call; constant during the call.
 * @return 0 to go on; any other value cancels the call, which then stops
 *         handing out work, waits for the work in progress and returns
 *         ::FPA_ECANCELED.
 */
typedef int (*fpa_progress_fn)(void *ud, size_t done, size_t total);

/**
 * Watch, and allow cancelling, the long calls made with these options.
 *
 * The calls whose documentation says they report progress (the batch,
 * backtest, reconciliation, table and Monte Carlo entry points) call `fn`
 * once with `done == 0` before starting, then at most every
 * ::FPA_OPT_PROGRESS_INTERVAL milliseconds while they work, between two
 * units of work, and once with `done == total` when all the work is done.
 *
 * Threads: `fn` is only ever called on the thread that made the libfpa
 * call, never on a worker thread, and never twice at once for one call, so
 * an interpreter (Python, Lua) may run its own code there. When several
 * threads make calls with one options object, each call reports on its own
 * thread, so `fn` must then tolerate being called from those threads.
 *
 * Results are identical whether a callback is set or not. A cancelled call
 * returns ::FPA_ECANCELED with a detail saying how much was done; its
 * outputs are then unspecified (partly written) and it frees everything it
 * allocated.
 *
 * @param opts the options object.
 * @param fn the callback, or NULL to remove it.
 * @param ud passed to `fn` unchanged; the caller keeps it alive while the
 *        options object is in use.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `opts` is NULL.
 * @since 1.1
 */
FPA_API fpa_status fpa_opts_set_progress(fpa_opts *opts, fpa_progress_fn fn,
                                         void *ud);

/**
 * Range and default of an option, so hosts and bindings can validate input
 * and build their own option tables.
 *
 * @param[out] out_min smallest accepted value (may be NULL).
 * @param[out] out_max largest accepted value (may be NULL).
 * @param[out] out_default value of an unset option (may be NULL).
 * @param key an `FPA_OPT_...` key.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `key` is unknown.
 */
FPA_API fpa_status fpa_opt_bounds(double *out_min, double *out_max,
                                  double *out_default, int key);

/**
 * Name of an option, such as "forecast.ic" or "threads".
 *
 * Names are lower case, dotted by module, and as stable as the keys.
 *
 * @param key an `FPA_OPT_...` key.
 * @return the name with static storage, or NULL when `key` is unknown.
 */
FPA_API const char *fpa_opt_name(int key);

/**
 * Look an option up by name, the inverse of fpa_opt_name().
 *
 * @param[out] out receives the key.
 * @param name an option name such as "forecast.ic".
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `name` is NULL, or no option has that name.
 */
FPA_API fpa_status fpa_opt_find(int *out, const char *name);

/**
 * Enumerate the option keys: the key at `index` in a fixed, increasing
 * order, so a binding can list every option without knowing them.
 *
 * @param[out] out receives the key.
 * @param index 0 .. count-1.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL or `index` is past the last option.
 */
FPA_API fpa_status fpa_opt_key(int *out, size_t index);

/** @name Dates
 * Calendar dates are whole days since 1970-01-01 (the Unix epoch) in the
 * proleptic Gregorian calendar, stored in an `int64_t`: the layout of
 * numpy's `datetime64[D]`. A spreadsheet serial date (1900 date system) is
 * this day number plus 25569.
 * @{ */

/**
 * Day number of a calendar date.
 *
 * @param[out] out receives the days since 1970-01-01 (negative before).
 * @param year year, -1000000 .. 1000000.
 * @param month month, 1 .. 12.
 * @param day day of the month, 1 .. the month's length.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` is NULL.
 * @retval FPA_EDOM the date does not exist (e.g. 2023-02-29) or the year is
 *         out of range.
 */
FPA_API fpa_status fpa_date_from_ymd(int64_t *out, int year, int month,
                                     int day);

/**
 * Calendar date of a day number, the inverse of fpa_date_from_ymd().
 *
 * @param[out] out_year receives the year.
 * @param[out] out_month receives the month, 1 .. 12.
 * @param[out] out_day receives the day of the month.
 * @param days days since 1970-01-01, within the years -1000000 .. 1000000.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL an output pointer is NULL.
 * @retval FPA_EDOM `days` is outside the supported range.
 */
FPA_API fpa_status fpa_date_to_ymd(int *out_year, int *out_month,
                                   int *out_day, int64_t days);

/**
 * Day number of a date written as an ISO 8601 calendar date, the one date
 * syntax every libfpa host reads (the Python and Lua bindings parse date
 * strings with this function). Since 1.1.
 *
 * The grammar is ISO 8601-1:2019's complete calendar date in the extended
 * format (section 5.2.2.1), with its expanded years (5.2.2.3):
 *
 *     date  = year "-" month "-" day
 *     year  = 4DIGIT | ("+" | "-") 4*7DIGIT
 *     month = 2DIGIT          ; 01 .. 12
 *     day   = 2DIGIT          ; 01 .. the month's length
 *
 * so "2024-03-05", "0001-01-01", "-0044-03-15" (year -44, proleptic
 * Gregorian) and "+10000-01-01". Nothing else is a date: no surrounding
 * spaces, no time of day, no basic format ("20240305"), no one-digit
 * month or day ("2024-3-5"), and no reduced precision: "2024-03" denotes a
 * month and "2024" a year, not a day of them, so both are refused rather
 * than silently read as some day.
 *
 * @param[out] out receives the days since 1970-01-01.
 * @param text the characters; need not be NUL-terminated.
 * @param len number of characters in `text`.
 * @retval FPA_OK success.
 * @retval FPA_EINVAL `out` or `text` is NULL, or the text does not follow
 *         the grammar (the detail quotes it).
 * @retval FPA_EDOM the text follows the grammar but names no date: a month
 *         outside 01 .. 12, a day past the month's end ("2023-02-29"), or
 *         a year outside -1000000 .. 1000000.
 */
FPA_API fpa_status fpa_date_parse(int64_t *out, const char *text, size_t len);
/** @} */

#ifdef __cplusplus
}
#endif
#endif /* FPA_CORE_H */
