/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The options object: one value per option of the library-wide table, the
 * allocator, and the progress callback. */
#include "internal.h"

#include <string.h>

/* Every module's options, in increasing key order: the table lives above
 * the modules (src/registry/options.c), so that core depends on none of
 * them. tests/test_core.c checks the order. */
typedef fpa__option option;

struct fpa_opts {
    fpa_mem mem;
    fpa_progress_fn progress;
    void *progress_ud;
    double value[];  /* one per option, in table order */
};

static const option *lookup(int key, size_t *index)
{
    size_t lo = 0, hi = fpa__noptions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (fpa__options[mid].key < key) lo = mid + 1;
        else hi = mid;
    }
    if (lo < fpa__noptions && fpa__options[lo].key == key) {
        if (index) *index = lo;
        return &fpa__options[lo];
    }
    return NULL;
}

static size_t opts_size(void)
{
    return sizeof(fpa_opts) + fpa__noptions * sizeof(double);
}

fpa_mem fpa__mem_of(const fpa_opts *opts)
{
    return opts ? opts->mem : fpa__mem_default();
}

fpa_status fpa_opts_new(fpa_opts **out, fpa_alloc_fn alloc, void *alloc_ud)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    *out = NULL;
    fpa_mem m = alloc ? (fpa_mem){alloc, alloc_ud} : fpa__mem_default();
    fpa_opts *o = fpa__alloc(&m, 1, opts_size(), false);
    if (!o) return FPA_ENOMEM;
    o->mem = m;
    o->progress = NULL;
    o->progress_ud = NULL;
    fpa_opts_reset(o);
    *out = o;
    return FPA_OK;
}

void fpa_opts_free(fpa_opts *opts)
{
    if (!opts) return;
    fpa_mem m = opts->mem;
    fpa__free(&m, opts, 1, opts_size());
}

fpa_status fpa_opts_set_progress(fpa_opts *opts, fpa_progress_fn fn, void *ud)
{
    if (!opts) return fpa__fail(FPA_EINVAL, "opts is NULL");
    opts->progress = fn;
    opts->progress_ud = fn ? ud : NULL;
    return FPA_OK;
}

fpa_progress_fn fpa__progress_fn(const fpa_opts *opts, void **ud)
{
    *ud = opts ? opts->progress_ud : NULL;
    return opts ? opts->progress : NULL;
}

void fpa_opts_reset(fpa_opts *opts)
{
    if (!opts) return;
    for (size_t i = 0; i < fpa__noptions; i++) opts->value[i] = fpa__options[i].def;
}

fpa_status fpa_opts_set(fpa_opts *opts, int key, double value)
{
    size_t i;
    if (!opts) return fpa__fail(FPA_EINVAL, "opts is NULL");
    const option *o = lookup(key, &i);
    if (!o) return fpa__fail(FPA_EINVAL, "unknown option key %d", key);
    if (!fpa__finite(value))
        return fpa__fail(FPA_EINVAL, "option %s: value is not finite", o->name);
    if (value < o->min || value > o->max)
        return fpa__fail(FPA_EINVAL, "option %s: %.17g is outside [%.17g, %.17g]",
                         o->name, value, o->min, o->max);
    if (o->integer && value != floor(value))
        return fpa__fail(FPA_EINVAL, "option %s: %.17g is not a whole number",
                         o->name, value);
    opts->value[i] = value;
    return FPA_OK;
}

fpa_status fpa_opts_get(double *out, const fpa_opts *opts, int key)
{
    size_t i;
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    const option *o = lookup(key, &i);
    if (!o) return fpa__fail(FPA_EINVAL, "unknown option key %d", key);
    *out = opts ? opts->value[i] : o->def;
    return FPA_OK;
}

fpa_status fpa_opt_bounds(double *out_min, double *out_max, double *out_default,
                          int key)
{
    const option *o = lookup(key, NULL);
    if (!o) return fpa__fail(FPA_EINVAL, "unknown option key %d", key);
    if (out_min) *out_min = o->min;
    if (out_max) *out_max = o->max;
    if (out_default) *out_default = o->def;
    return FPA_OK;
}

const char *fpa_opt_name(int key)
{
    const option *o = lookup(key, NULL);
    return o ? o->name : NULL;
}

fpa_status fpa_opt_find(int *out, const char *name)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (!name) return fpa__fail(FPA_EINVAL, "name is NULL");
    for (size_t i = 0; i < fpa__noptions; i++)
        if (strcmp(fpa__options[i].name, name) == 0) {
            *out = fpa__options[i].key;
            return FPA_OK;
        }
    return fpa__fail(FPA_EINVAL, "no option is named \"%s\"", name);
}

fpa_status fpa_opt_key(int *out, size_t index)
{
    if (!out) return fpa__fail(FPA_EINVAL, "out is NULL");
    if (index >= fpa__noptions)
        return fpa__fail(FPA_EINVAL, "option index %zu is past the last (%zu)",
                         index, fpa__noptions - 1);
    *out = fpa__options[index].key;
    return FPA_OK;
}

double fpa__opt(const fpa_opts *opts, int key)
{
    size_t i;
    const option *o = lookup(key, &i);
    if (!o) return NAN;  /* a programming error inside libfpa; tests catch it */
    return opts ? opts->value[i] : o->def;
}

int fpa__opt_int(const fpa_opts *opts, int key)
{
    return (int)fpa__opt(opts, key);
}
