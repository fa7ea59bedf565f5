/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation through the allocator a caller chose (lua_Alloc contract). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static void *libc_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, new_size);
}

fpa_mem fpa__mem_default(void)
{
    return (fpa_mem){libc_alloc, NULL};
}

void *fpa__alloc(const fpa_mem *m, size_t n, size_t size, bool zero)
{
    size_t bytes;
    if (fpa__mul_overflows(n, size, &bytes)) {
        fpa__fail(FPA_ENOMEM, "allocation of %zu x %zu bytes overflows", n,
                  size);
        return NULL;
    }
    if (bytes == 0) bytes = 1;  /* a valid, freeable pointer for empty data */
    void *p = m->fn(m->ud, NULL, 0, bytes);
    if (!p) {
        fpa__fail(FPA_ENOMEM, "out of memory allocating %zu bytes", bytes);
        return NULL;
    }
    if (zero) memset(p, 0, bytes);
    return p;
}

void *fpa__realloc(const fpa_mem *m, void *p, size_t old_n, size_t new_n,
                   size_t size)
{
    size_t old_bytes = old_n * size, new_bytes;
    if (fpa__mul_overflows(new_n, size, &new_bytes)) {
        fpa__fail(FPA_ENOMEM, "allocation of %zu x %zu bytes overflows", new_n,
                  size);
        return NULL;
    }
    if (old_bytes == 0) old_bytes = p ? 1 : 0;
    if (new_bytes == 0) new_bytes = 1;
    void *q = m->fn(m->ud, p, old_bytes, new_bytes);
    if (!q) fpa__fail(FPA_ENOMEM, "out of memory allocating %zu bytes", new_bytes);
    return q;
}

void fpa__free(const fpa_mem *m, void *p, size_t n, size_t size)
{
    if (!p) return;
    size_t bytes = n * size;
    m->fn(m->ud, p, bytes ? bytes : 1, 0);
}

void *fpa__alloc_lines(const fpa_mem *m, fpa__lines *blk, size_t n, size_t size,
                       bool zero)
{
    size_t bytes;
    blk->raw = NULL;
    blk->bytes = 0;
    if (fpa__mul_overflows(n ? n : 1, fpa__pad(size ? size : 1), &bytes) ||
        bytes > SIZE_MAX - FPA_LINE) {
        fpa__fail(FPA_ENOMEM, "allocation of %zu x %zu bytes overflows", n, size);
        return NULL;
    }
    unsigned char *p = fpa__alloc(m, bytes + FPA_LINE, 1, zero);
    if (!p) return NULL;
    blk->raw = p;
    blk->bytes = bytes + FPA_LINE;
    return p + (FPA_LINE - (uintptr_t)p % FPA_LINE) % FPA_LINE;
}

void fpa__free_lines(const fpa_mem *m, fpa__lines *blk)
{
    fpa__free(m, blk->raw, blk->bytes, 1);
    blk->raw = NULL;
    blk->bytes = 0;
}
