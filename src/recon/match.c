/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Statement matching in O(n log n): both sides are sorted by (amount,
 * reference, date, index) and each group of equal keys is paired by one
 * merge-like sweep over dates. Each pass sorts what the previous left. */
#include "money.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    int64_t amount, day;
    uint64_t ref_hash;   /* 0 when the pass ignores references */
    const char *ref;     /* NULL when the pass ignores references */
    size_t idx;
} item;

static uint64_t hash_ref(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Group key: amount, then reference (hash first, bytes on a tie). */
static int key_cmp(const item *a, const item *b)
{
    if (a->amount != b->amount) return a->amount < b->amount ? -1 : 1;
    if (a->ref_hash != b->ref_hash) return a->ref_hash < b->ref_hash ? -1 : 1;
    if (a->ref == b->ref) return 0;
    return strcmp(a->ref, b->ref);
}

static int item_cmp(const void *x, const void *y)
{
    const item *a = x, *b = y;
    int c = key_cmp(a, b);
    if (c) return c;
    if (a->day != b->day) return a->day < b->day ? -1 : 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

static bool has_ref(const char *const *refs, size_t i)
{
    return refs && refs[i] && refs[i][0];
}

/* Gather the unmatched items of one side for a pass; with `by_ref` only
 * those with a reference, keyed on it. Returns how many. */
static size_t gather(item *out, const int64_t *amount, const int64_t *day,
                     const char *const *refs, const int64_t *match, size_t n,
                     bool by_ref)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (match[i] >= 0 || (by_ref && !has_ref(refs, i))) continue;
        out[k++] = (item){amount[i], day[i], by_ref ? hash_ref(refs[i]) : 0,
                          by_ref ? refs[i] : NULL, i};
    }
    qsort(out, k, sizeof *out, item_cmp);
    return k;
}

enum { SWEEP_REPORT = 4096 };  /* items between two progress reports */

/* Pair the sorted runs: within each group of equal keys, each ledger item
 * (by date) takes the earliest statement line not before its window, if
 * that line is within the window. Statement lines skipped as too early
 * are too early for every later ledger item of the group as well. Each
 * item passed adds one unit of progress. */
static fpa_status sweep(size_t *out_pairs, const item *l, size_t nl, const item *s,
                        size_t ns, int64_t window, int64_t *lm, int64_t *sm, int *rule,
                        int pass_rule, fpa__progress *p)
{
    size_t i = 0, j = 0, pairs = 0, reported = 0;
    while (i < nl && j < ns) {
        if (i + j - reported >= SWEEP_REPORT) {
            TRY(fpa__progress_add(p, i + j - reported, false));
            reported = i + j;
        }
        int c = key_cmp(&l[i], &s[j]);
        if (c < 0) { i++; continue; }
        if (c > 0) { j++; continue; }
        const item *g = &s[j];  /* the group's key */
        for (; i < nl && key_cmp(&l[i], g) == 0; i++) {
            while (j < ns && key_cmp(&s[j], g) == 0 && s[j].day < l[i].day - window)
                j++;
            if (j < ns && key_cmp(&s[j], g) == 0 && s[j].day <= l[i].day + window) {
                lm[l[i].idx] = (int64_t)s[j].idx;
                sm[s[j].idx] = (int64_t)l[i].idx;
                if (rule) rule[l[i].idx] = pass_rule;
                pairs++;
                j++;
            }
        }
    }
    *out_pairs += pairs;
    return fpa__progress_add(p, nl + ns - reported, false);
}

typedef struct {
    int64_t *lm, *sm;
    int *rule;
    const int64_t *l_amount, *l_day;
    const char *const *l_ref;
    size_t nl;
    const int64_t *s_amount, *s_day;
    const char *const *s_ref;
    size_t ns;
} match_ctx;

/* Both passes into the outputs, which nothing but a cancellation keeps
 * from being complete. Progress counts every item once per sort and once
 * per sweep of each pass. */
static fpa_status match_passes(item *l, item *s, const match_ctx *c, size_t *out_pairs,
                               const fpa_opts *opts)
{
    int64_t window = fpa__opt_int(opts, FPA_OPT_RECON_DATE_WINDOW);
    for (size_t i = 0; i < c->nl; i++) c->lm[i] = -1;
    for (size_t j = 0; j < c->ns; j++) c->sm[j] = -1;
    if (c->rule)
        for (size_t i = 0; i < c->nl; i++) c->rule[i] = FPA_MATCH_NONE;
    size_t pairs = 0, all = c->nl + c->ns;
    int passes = fpa__opt_int(opts, FPA_OPT_RECON_REQUIRE_REFERENCE) ? 1 : 2;
    fpa__progress p;
    TRY(fpa__progress_begin(&p, opts, (size_t)passes * 2 * all));
    for (int pass = 1; pass <= passes; pass++) {
        bool by_ref = pass == FPA_MATCH_REFERENCE;
        size_t nl = gather(l, c->l_amount, c->l_day, c->l_ref, c->lm, c->nl, by_ref);
        size_t ns = gather(s, c->s_amount, c->s_day, c->s_ref, c->sm, c->ns, by_ref);
        TRY(fpa__progress_add(&p, all, false));
        TRY(sweep(&pairs, l, nl, s, ns, window, c->lm, c->sm, c->rule, pass, &p));
        /* items this pass left out (no reference, matched before) */
        TRY(fpa__progress_add(&p, all - nl - ns, false));
    }
    TRY(fpa__progress_end(&p));
    if (out_pairs) *out_pairs = pairs;
    return FPA_OK;
}

fpa_status fpa_recon_match(int64_t *out_ledger_match, int64_t *out_stmt_match,
                           int *out_rule, size_t *out_pairs,
                           const int64_t *ledger_amount, const int64_t *ledger_day,
                           const char *const *ledger_ref, size_t n_ledger,
                           const int64_t *stmt_amount, const int64_t *stmt_day,
                           const char *const *stmt_ref, size_t n_stmt,
                           const fpa_opts *opts)
{
    if (n_ledger) {
        TRY(fpa__check_ptr(out_ledger_match, "out_ledger_match"));
        TRY(fpa__check_ptr(ledger_amount, "ledger_amount"));
        TRY(fpa__check_ptr(ledger_day, "ledger_day"));
    }
    if (n_stmt) {
        TRY(fpa__check_ptr(out_stmt_match, "out_stmt_match"));
        TRY(fpa__check_ptr(stmt_amount, "stmt_amount"));
        TRY(fpa__check_ptr(stmt_day, "stmt_day"));
    }
    if (n_ledger > (SIZE_MAX >> 2) / sizeof(item) || n_stmt > (SIZE_MAX >> 2) / sizeof(item))
        return fpa__fail(FPA_EINVAL, "too many items");
    TRY(fpa__check_days(ledger_day, n_ledger, "ledger_day"));
    TRY(fpa__check_days(stmt_day, n_stmt, "stmt_day"));

    fpa_mem m = fpa__mem_of(opts);
    item *l = fpa__alloc(&m, n_ledger, sizeof *l, false);
    item *s = l ? fpa__alloc(&m, n_stmt, sizeof *s, false) : NULL;
    if (!s) {
        fpa__free(&m, l, n_ledger, sizeof *l);
        return FPA_ENOMEM;
    }
    fpa_status st = match_passes(l, s, &(match_ctx){out_ledger_match, out_stmt_match,
                                                    out_rule, ledger_amount, ledger_day,
                                                    ledger_ref, n_ledger, stmt_amount,
                                                    stmt_day, stmt_ref, n_stmt},
                                 out_pairs, opts);
    fpa__free(&m, s, n_stmt, sizeof *s);
    fpa__free(&m, l, n_ledger, sizeof *l);
    return st;
}
