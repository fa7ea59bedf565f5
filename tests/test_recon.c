/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reconciliation in exact money: roll-forwards, tie-outs, statement
 * matching and aging.
 *
 * Expected values are hand-worked (the working is written out next to each
 * case), or come from independent checks in the test: a brute-force
 * maximum bipartite matching (Kuhn's augmenting paths) for the matcher,
 * and pair-by-pair validity and maximality on large random inputs. */
#include "testutil.h"

#define N(a) (sizeof(a) / sizeof *(a))

/* ---- roll-forward ------------------------------------------------------ */

/* Two accounts, three periods, three movement columns (additions,
 * disposals, depreciation), in cents.
 * Account 0 (equipment, net book value), prior closing 100,000,000:
 *   p0: 100,000,000 + 2,500,000 - 1,000,000 - 800,000 = 100,700,000 = closing
 *   p1: opening 100,700,000 (= p0 closing), -800,000 -> 99,900,000 = closing
 *   p2: opening 99,900,001: one cent off p1's closing; +1,000,000 - 800,000
 *       = 100,100,001 = closing
 * Account 1, prior closing 5,000:
 *   p0: 5,000 + 250 = 5,250 but closing says 5,200: closing diff -50
 *   p1: 5,200 -> 5,200;  p2: 5,200 - 200 = 5,000 = closing
 * Breaks: (0, p2) opening +1 and (1, p0) closing -50. A tolerance of 1
 * leaves one; of 50, none. */
static const int64_t rf_open[] = {100000000, 100700000, 99900001, 5000, 5200, 5200};
static const int64_t rf_mov[] = {2500000, -1000000, -800000, 0, 0, -800000,
                                 1000000, 0, -800000,
                                 250, 0, 0, 0, 0, 0, 0, 0, -200};
static const int64_t rf_close[] = {100700000, 99900000, 100100001, 5200, 5200, 5000};
static const int64_t rf_prior[] = {100000000, 5000};

static void rollforward_by_hand(void **state)
{
    (void)state;
    int64_t cd[6], od[6];
    size_t breaks;
    assert_ok(fpa_recon_rollforward(cd, od, &breaks, rf_open, rf_mov, 3, rf_close,
                                    rf_prior, 2, 3, NULL));
    const int64_t want_cd[] = {0, 0, 0, -50, 0, 0}, want_od[] = {0, 0, 1, 0, 0, 0};
    assert_memory_equal(cd, want_cd, sizeof cd);
    assert_memory_equal(od, want_od, sizeof od);
    assert_int_equal(breaks, 2);
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_RECON_TOLERANCE, 1));
    assert_ok(fpa_recon_rollforward(NULL, NULL, &breaks, rf_open, rf_mov, 3, rf_close,
                                    rf_prior, 2, 3, o));
    assert_int_equal(breaks, 1);
    assert_ok(fpa_opts_set(o, FPA_OPT_RECON_TOLERANCE, 50));
    assert_ok(fpa_recon_rollforward(NULL, NULL, &breaks, rf_open, rf_mov, 3, rf_close,
                                    rf_prior, 2, 3, o));
    assert_int_equal(breaks, 0);
    fpa_opts_free(o);
    /* without a prior closing the first opening is not compared */
    const int64_t other_prior[] = {1, 1};
    assert_ok(fpa_recon_rollforward(NULL, od, &breaks, rf_open, rf_mov, 3, rf_close,
                                    other_prior, 2, 3, NULL));
    assert_true(od[0] == 99999999 && od[3] == 4999);
    assert_ok(fpa_recon_rollforward(NULL, od, &breaks, rf_open, rf_mov, 3, rf_close,
                                    NULL, 2, 3, NULL));
    assert_true(od[0] == 0 && od[3] == 0);
    /* net movement only: opening = closing when nothing moves */
    const int64_t flat[] = {7, 7};
    assert_ok(fpa_recon_rollforward(cd, od, &breaks, flat, NULL, 0, flat, NULL, 1, 2,
                                    NULL));
    assert_int_equal(breaks, 0);
}

static void rollforward_detects_overflow(void **state)
{
    (void)state;
    int64_t cd[2] = {-1, -1}, od[2] = {-1, -1};
    size_t breaks = 99;
    /* opening + movements = 2^63 is beyond int64, but the difference from
     * the closing balance, 0 - 2^63 = INT64_MIN, is not: sums are exact
     * (issue 14, item 11) and only a result that does not fit fails */
    const int64_t open[] = {0, INT64_MAX}, mov[] = {0, 1}, close[] = {0, 0};
    assert_ok(fpa_recon_rollforward(cd, od, &breaks, open, mov, 1, close, NULL, 1, 2,
                                    NULL));
    assert_true(cd[1] == INT64_MIN && od[1] == INT64_MAX);
    const int64_t close1[] = {0, -1};
    assert_status(fpa_recon_rollforward(cd, od, &breaks, open, mov, 1, close1, NULL, 1,
                                        2, NULL), FPA_EOVERFLOW);
    assert_string_equal(fpa_error_last(), "account 0, period 1: closing - (opening + "
                        "movements) overflows int64");
    cd[0] = od[0] = -1, breaks = 99;
    assert_status(fpa_recon_rollforward(cd, od, &breaks, open, mov, 1, close1, NULL, 1,
                                        2, NULL), FPA_EOVERFLOW);
    assert_true(cd[0] == -1 && od[0] == -1 && breaks == 99);  /* untouched */
    /* the order of the movements does not matter: INT64_MAX + 1 - 1 and
     * INT64_MAX - 1 + 1 both tie to a closing of INT64_MAX */
    const int64_t o4[] = {INT64_MAX}, c4[] = {INT64_MAX};
    const int64_t up_down[] = {1, -1}, down_up[] = {-1, 1};
    assert_ok(fpa_recon_rollforward(cd, od, &breaks, o4, up_down, 2, c4, NULL, 1, 1, NULL));
    assert_true(cd[0] == 0 && breaks == 0);
    assert_ok(fpa_recon_rollforward(cd, od, &breaks, o4, down_up, 2, c4, NULL, 1, 1, NULL));
    assert_true(cd[0] == 0 && breaks == 0);
    const int64_t open2[] = {1}, close2[] = {INT64_MIN};
    assert_status(fpa_recon_rollforward(cd, od, &breaks, open2, NULL, 0, close2, NULL,
                                        1, 1, NULL), FPA_EOVERFLOW);
    assert_string_equal(fpa_error_last(), "account 0, period 0: closing - (opening + "
                        "movements) overflows int64");
    const int64_t open3[] = {INT64_MIN}, prior3[] = {1};
    assert_status(fpa_recon_rollforward(cd, od, &breaks, open3, NULL, 0, open3,
                                        prior3, 1, 1, NULL), FPA_EOVERFLOW);
    assert_status(fpa_recon_rollforward(cd, od, &breaks, NULL, NULL, 0, close, NULL, 1,
                                        1, NULL), FPA_EINVAL);
    assert_status(fpa_recon_rollforward(cd, od, &breaks, open, NULL, 1, close, NULL, 1,
                                        1, NULL), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "movements is NULL");
    assert_status(fpa_recon_rollforward(cd, od, &breaks, open, NULL, 0, close, NULL, 0,
                                        1, NULL), FPA_EINVAL);
    assert_status(fpa_recon_rollforward(cd, od, &breaks, open, NULL, 0, close, NULL,
                                        SIZE_MAX, 2, NULL), FPA_EINVAL);
}

/* ---- tie-out -------------------------------------------------------------- */

/* Control accounts (cents): 0 receivables 1,250,000; 1 payables -830,000
 * (a credit balance); 2 inventory 500,000. Sub-ledgers: invoices 400,000 +
 * 350,000 + 500,000 = 1,250,000 (ties); bills -300,000 - 530,001 =
 * -830,001 (difference +1); no inventory lots (difference 500,000). */
static const int64_t gl[] = {1250000, -830000, 500000};
static const int64_t sub[] = {400000, -300000, 350000, -530001, 500000};
static const size_t sub_acct[] = {0, 1, 0, 1, 0};

static void tieout_by_hand(void **state)
{
    (void)state;
    int64_t tot[3], diff[3];
    size_t breaks;
    assert_ok(fpa_recon_tieout(tot, diff, &breaks, gl, 3, sub, sub_acct, 5, NULL));
    const int64_t want_t[] = {1250000, -830001, 0}, want_d[] = {0, 1, 500000};
    assert_memory_equal(tot, want_t, sizeof tot);
    assert_memory_equal(diff, want_d, sizeof diff);
    assert_int_equal(breaks, 2);
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_RECON_TOLERANCE, 1));
    assert_ok(fpa_recon_tieout(NULL, NULL, &breaks, gl, 3, sub, sub_acct, 5, o));
    assert_int_equal(breaks, 1);
    fpa_opts_free(o);
    assert_ok(fpa_recon_tieout(tot, diff, &breaks, gl, 3, NULL, NULL, 0, NULL));
    assert_memory_equal(diff, gl, sizeof diff);

    const size_t bad_acct[] = {0, 3};
    tot[0] = -1;
    assert_status(fpa_recon_tieout(tot, diff, &breaks, gl, 3, sub, bad_acct, 2, NULL),
                  FPA_EDATA);
    assert_string_equal(fpa_error_last(), "sub_account[1] = 3 names no control "
                        "account (there are 3)");
    const int64_t huge[] = {INT64_MAX, 1};
    const size_t same[] = {2, 2};
    assert_status(fpa_recon_tieout(tot, diff, &breaks, gl, 3, huge, same, 2, NULL),
                  FPA_EOVERFLOW);
    assert_string_equal(fpa_error_last(), "the sub-ledger total of account 2 "
                        "overflows int64");
    /* issue 14, item 11: the total is exact, so the order of the entries
     * cannot decide whether it overflows; {INT64_MAX, 1, -1} and
     * {INT64_MAX, -1, 1} both total INT64_MAX (by hand) */
    const int64_t up[] = {INT64_MAX, 1, -1}, down[] = {INT64_MAX, -1, 1};
    const int64_t gl_max[] = {INT64_MAX};
    const size_t all0[] = {0, 0, 0};
    int64_t t1 = 0, d1 = 1;
    assert_ok(fpa_recon_tieout(&t1, &d1, &breaks, gl_max, 1, up, all0, 3, NULL));
    assert_true(t1 == INT64_MAX && d1 == 0 && breaks == 0);
    t1 = 0, d1 = 1;
    assert_ok(fpa_recon_tieout(&t1, &d1, &breaks, gl_max, 1, down, all0, 3, NULL));
    assert_true(t1 == INT64_MAX && d1 == 0 && breaks == 0);
    const int64_t gl_min[] = {INT64_MIN}, one[] = {1};
    const size_t zero[] = {0};
    assert_status(fpa_recon_tieout(tot, diff, &breaks, gl_min, 1, one, zero, 1, NULL),
                  FPA_EOVERFLOW);
    assert_true(tot[0] == -1);
    assert_status(fpa_recon_tieout(tot, diff, &breaks, gl, 0, sub, sub_acct, 5, NULL),
                  FPA_EINVAL);
    assert_status(fpa_recon_tieout(tot, diff, &breaks, gl, 3, NULL, sub_acct, 5, NULL),
                  FPA_EINVAL);
}

/* ---- statement matching ----------------------------------------------------- */

/* Hand-worked, date window 3 days.
 * Ledger:    L0 100.00 d100 "INV-1"   L1 100.00 d101 "INV-2"
 *            L2  50.00 d100 none      L3  50.00 d110 ""
 *            L4  77.00 d200 "X"       L5 100.00 d102 none
 * Statement: S0 100.00 d103 "INV-2"   S1 100.00 d100 "BANKREF"
 *            S2  50.00 d104 none      S3  77.00 d204 "X"
 *            S4  50.00 d99  none      S5 100.00 d99  none
 * Pass 1 (references): L1-S0 (INV-2, 2 days); L4-S3 share "X" but are 4
 *   days apart.
 * Pass 2 (amount and date), what is left, by date within each amount:
 *   50.00: L2 (d100) takes the earliest line in [97, 103]: S4 (d99);
 *          L3 (d110) needs [107, 113]: S2 (d104) is too early: unmatched.
 *   77.00: L4 d200 vs S3 d204: 4 days: unmatched.
 *  100.00: L0 (d100) takes S5 (d99); L5 (d102) takes S1 (d100).
 * Pairs: L0-S5, L1-S0, L2-S4, L5-S1; unmatched L3, L4, S2, S3.
 * With a 4-day window L4-S3 match in pass 1 (L3 still misses S2, 6 days).
 * Requiring references: only L1-S0. */
static const int64_t la[] = {10000, 10000, 5000, 5000, 7700, 10000};
static const int64_t ld[] = {100, 101, 100, 110, 200, 102};
static const char *const lr[] = {"INV-1", "INV-2", NULL, "", "X", NULL};
static const int64_t sa[] = {10000, 10000, 5000, 7700, 5000, 10000};
static const int64_t sd[] = {103, 100, 104, 204, 99, 99};
static const char *const sr[] = {"INV-2", "BANKREF", NULL, "X", NULL, NULL};

static void matching_by_hand(void **state)
{
    (void)state;
    int64_t lm[6], sm[6];
    int rule[6];
    size_t pairs;
    assert_ok(fpa_recon_match(lm, sm, rule, &pairs, la, ld, lr, 6, sa, sd, sr, 6, NULL));
    const int64_t want_lm[] = {5, 0, 4, -1, -1, 1}, want_sm[] = {1, 5, -1, -1, 2, 0};
    const int want_rule[] = {FPA_MATCH_AMOUNT_DATE, FPA_MATCH_REFERENCE,
                             FPA_MATCH_AMOUNT_DATE, FPA_MATCH_NONE, FPA_MATCH_NONE,
                             FPA_MATCH_AMOUNT_DATE};
    assert_memory_equal(lm, want_lm, sizeof lm);
    assert_memory_equal(sm, want_sm, sizeof sm);
    assert_memory_equal(rule, want_rule, sizeof rule);
    assert_int_equal(pairs, 4);

    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_RECON_DATE_WINDOW, 4));
    assert_ok(fpa_recon_match(lm, sm, rule, &pairs, la, ld, lr, 6, sa, sd, sr, 6, o));
    assert_int_equal(pairs, 5);
    assert_true(lm[4] == 3 && rule[4] == FPA_MATCH_REFERENCE && lm[3] == -1);
    assert_ok(fpa_opts_set(o, FPA_OPT_RECON_DATE_WINDOW, 3));
    assert_ok(fpa_opts_set(o, FPA_OPT_RECON_REQUIRE_REFERENCE, 1));
    assert_ok(fpa_recon_match(lm, sm, NULL, &pairs, la, ld, lr, 6, sa, sd, sr, 6, o));
    assert_int_equal(pairs, 1);
    assert_true(lm[1] == 0 && sm[0] == 1);
    fpa_opts_free(o);

    /* one side empty */
    assert_ok(fpa_recon_match(lm, NULL, NULL, &pairs, la, ld, lr, 6, NULL, NULL, NULL,
                              0, NULL));
    assert_int_equal(pairs, 0);
    assert_true(lm[0] == -1 && lm[5] == -1);
    /* bad input */
    const int64_t far[] = {(int64_t)1 << 41};
    assert_status(fpa_recon_match(lm, sm, NULL, &pairs, la, far, NULL, 1, sa, sd, NULL,
                                  1, NULL), FPA_EDOM);
    assert_string_equal(fpa_error_last(), "ledger_day[0] = 2199023255552 is outside "
                        "+-2^40 days");
    assert_status(fpa_recon_match(lm, sm, NULL, &pairs, la, NULL, NULL, 1, sa, sd, NULL,
                                  1, NULL), FPA_EINVAL);
    assert_status(fpa_recon_match(lm, NULL, NULL, &pairs, la, ld, NULL, 1, sa, sd, NULL,
                                  1, NULL), FPA_EINVAL);
}

static uint64_t rng = 0x853C49E6748FEA9Bu;
static uint64_t rnd(uint64_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng % n;
}

/* Kuhn's augmenting-path maximum bipartite matching, O(V E): the
 * independent reference for small instances. */
enum { SMALL = 24 };
static bool edge[SMALL][SMALL];
static int match_of_s[SMALL];
static bool seen[SMALL];

static bool augment(int l, int ns)
{
    for (int s = 0; s < ns; s++) {
        if (!edge[l][s] || seen[s]) continue;
        seen[s] = true;
        if (match_of_s[s] < 0 || augment(match_of_s[s], ns)) {
            match_of_s[s] = l;
            return true;
        }
    }
    return false;
}

/* Without references, the number of pairs equals the maximum matching. */
static void matching_is_maximum_on_small_random_data(void **state)
{
    (void)state;
    for (int trial = 0; trial < 2000; trial++) {
        int nl = (int)rnd(SMALL + 1), ns = (int)rnd(SMALL + 1);
        int64_t a1[SMALL], d1[SMALL], a2[SMALL], d2[SMALL], lm[SMALL], sm[SMALL];
        for (int i = 0; i < nl; i++) {
            a1[i] = 100 * (int64_t)(1 + rnd(3));
            d1[i] = (int64_t)rnd(25);
        }
        for (int j = 0; j < ns; j++) {
            a2[j] = 100 * (int64_t)(1 + rnd(3));
            d2[j] = (int64_t)rnd(25);
        }
        size_t pairs;
        assert_ok(fpa_recon_match(lm, sm, NULL, &pairs, a1, d1, NULL, (size_t)nl, a2,
                                  d2, NULL, (size_t)ns, NULL));
        int best = 0;
        for (int i = 0; i < nl; i++)
            for (int j = 0; j < ns; j++)
                edge[i][j] = a1[i] == a2[j] && llabs(d1[i] - d2[j]) <= 3;
        for (int j = 0; j < ns; j++) match_of_s[j] = -1;
        for (int i = 0; i < nl; i++) {
            memset(seen, 0, sizeof seen);
            best += augment(i, ns);
        }
        if ((int)pairs != best)
            fail_msg("trial %d: %zu pairs, the maximum is %d", trial, pairs, best);
    }
}

/* 20,000 x 20,000 with references on about half: every pair is valid and
 * consistent both ways, and no unmatched ledger item could still be paired
 * with an unmatched statement line (the result is maximal); the inputs
 * listed backwards give as many pairs (which of several identical items
 * is paired may change, how many may not). */
static void matching_is_valid_and_maximal_on_large_random_data(void **state)
{
    (void)state;
    enum { NL = 20000, NS = 20000 };
    static int64_t a1[NL], d1[NL], a2[NS], d2[NS], lm[NL], sm[NS];
    static int rule[NL];
    static char refs[NL + NS][12];
    static const char *r1[NL], *r2[NS];
    for (size_t i = 0; i < NL; i++) {
        a1[i] = (int64_t)(1 + rnd(5000));
        d1[i] = (int64_t)rnd(365);
        snprintf(refs[i], sizeof refs[i], "R%llu", (unsigned long long)rnd(3000));
        r1[i] = rnd(2) ? refs[i] : NULL;
    }
    for (size_t j = 0; j < NS; j++) {
        a2[j] = (int64_t)(1 + rnd(5000));
        d2[j] = (int64_t)rnd(365);
        snprintf(refs[NL + j], sizeof refs[0], "R%llu", (unsigned long long)rnd(3000));
        r2[j] = rnd(2) ? refs[NL + j] : NULL;
    }
    size_t pairs, count = 0;
    assert_ok(fpa_recon_match(lm, sm, rule, &pairs, a1, d1, r1, NL, a2, d2, r2, NS, NULL));
    for (size_t i = 0; i < NL; i++) {
        if (lm[i] < 0) {
            assert_int_equal(rule[i], FPA_MATCH_NONE);
            continue;
        }
        size_t j = (size_t)lm[i];
        count++;
        assert_int_equal(sm[j], (int64_t)i);
        assert_true(a1[i] == a2[j] && llabs(d1[i] - d2[j]) <= 3);
        if (rule[i] == FPA_MATCH_REFERENCE)
            assert_true(r1[i] && r2[j] && strcmp(r1[i], r2[j]) == 0);
        else
            assert_int_equal(rule[i], FPA_MATCH_AMOUNT_DATE);
    }
    assert_int_equal(count, pairs);
    for (size_t j = 0; j < NS; j++)
        if (sm[j] >= 0) assert_int_equal(lm[sm[j]], (int64_t)j);
    /* maximal: bucket unmatched statement lines by amount and look for a
     * partner of every unmatched ledger item */
    static int64_t seen_day[5001][16];
    static int nseen[5001];
    for (size_t j = 0; j < NS; j++)
        if (sm[j] < 0 && nseen[a2[j]] < 16) seen_day[a2[j]][nseen[a2[j]]++] = d2[j];
    for (size_t i = 0; i < NL; i++) {
        if (lm[i] >= 0) continue;
        for (int k = 0; k < nseen[a1[i]]; k++)
            if (llabs(seen_day[a1[i]][k] - d1[i]) <= 3)
                fail_msg("ledger %zu and an unmatched line of the same amount are "
                         "within the window", i);
    }
    static int64_t b1[NL], e1[NL], b2[NS], e2[NS], lm2[NL], sm2[NS];
    static const char *q1[NL], *q2[NS];
    for (size_t i = 0; i < NL; i++) {
        b1[i] = a1[NL - 1 - i];
        e1[i] = d1[NL - 1 - i];
        q1[i] = r1[NL - 1 - i];
    }
    for (size_t j = 0; j < NS; j++) {
        b2[j] = a2[NS - 1 - j];
        e2[j] = d2[NS - 1 - j];
        q2[j] = r2[NS - 1 - j];
    }
    size_t pairs2;
    assert_ok(fpa_recon_match(lm2, sm2, NULL, &pairs2, b1, e1, q1, NL, b2, e2, q2, NS,
                              NULL));
    assert_int_equal(pairs2, pairs);
}

static void allocation_failures_leak_nothing(void **state)
{
    (void)state;
    int64_t lm[6], sm[6];
    size_t pairs = 0;
    FPA_ALLOC_SWEEP((void)0,
                    fpa_recon_match(lm, sm, NULL, &pairs, la, ld, lr, 6, sa, sd, sr,
                                    6, opts),
                    (void)0);
    assert_int_equal(pairs, 4);
    int64_t tot[3];
    size_t breaks = 0;
    FPA_ALLOC_SWEEP((void)0,
                    fpa_recon_tieout(tot, NULL, &breaks, gl, 3, sub, sub_acct, 5, opts),
                    (void)0);
    assert_int_equal(breaks, 2);
}

/* ---- aging ----------------------------------------------------------------------- */

/* As of day 1000, default buckets (<= 0, 1-30, 31-60, 61-90, > 90):
 *   10,000 d1005 (age -5) current   20,000 d1000 (0)  current
 *   30,000 d999  (1)  1-30          40,000 d970  (30) 1-30
 *   50,000 d969  (31) 31-60         -5,000 d940  (60) 31-60 (a credit)
 *   70,000 d939  (61) 61-90         80,000 d910  (90) 61-90
 *   90,000 d909  (91) over 90
 * Totals 30,000 / 70,000 / 45,000 / 150,000 / 90,000, two items in each
 * but the last; all items 385,000.
 * Bounds {15, 45}: ages -5, 0, 1 -> 60,000 (3); 30, 31 -> 90,000 (2);
 * 60, 61, 90, 91 -> 235,000 (4). */
static const int64_t ag_amt[] = {10000, 20000, 30000, 40000, 50000, -5000, 70000,
                                 80000, 90000};
static const int64_t ag_day[] = {1005, 1000, 999, 970, 969, 940, 939, 910, 909};

static void aging_by_hand(void **state)
{
    (void)state;
    int64_t tot[FPA_RECON_AGING_DEFAULT_BUCKETS], all;
    size_t cnt[FPA_RECON_AGING_DEFAULT_BUCKETS], bucket[9];
    assert_ok(fpa_recon_aging(tot, cnt, bucket, &all, ag_amt, ag_day, 9, 1000, NULL, 0));
    const int64_t want_t[] = {30000, 70000, 45000, 150000, 90000};
    const size_t want_c[] = {2, 2, 2, 2, 1}, want_b[] = {0, 0, 1, 1, 2, 2, 3, 3, 4};
    assert_memory_equal(tot, want_t, sizeof tot);
    assert_memory_equal(cnt, want_c, sizeof cnt);
    assert_memory_equal(bucket, want_b, sizeof bucket);
    assert_int_equal(all, 385000);

    const int64_t bounds[] = {15, 45};
    int64_t t3[3];
    size_t c3[3];
    assert_ok(fpa_recon_aging(t3, c3, NULL, NULL, ag_amt, ag_day, 9, 1000, bounds, 2));
    const int64_t want_t3[] = {60000, 90000, 235000};
    const size_t want_c3[] = {3, 2, 4};
    assert_memory_equal(t3, want_t3, sizeof t3);
    assert_memory_equal(c3, want_c3, sizeof c3);

    assert_ok(fpa_recon_aging(t3, NULL, NULL, &all, NULL, NULL, 0, 1000, bounds, 2));
    assert_true(t3[0] == 0 && t3[2] == 0 && all == 0);
}

static void aging_rejects_bad_input(void **state)
{
    (void)state;
    int64_t tot[5] = {-1, -1, -1, -1, -1};
    const int64_t same[] = {30, 30};
    assert_status(fpa_recon_aging(tot, NULL, NULL, NULL, ag_amt, ag_day, 9, 1000, same,
                                  2), FPA_EINVAL);
    assert_string_equal(fpa_error_last(), "bounds[1] = 30 does not exceed bounds[0] = 30");
    assert_status(fpa_recon_aging(tot, NULL, NULL, NULL, ag_amt, ag_day, 9, 1000, NULL,
                                  4), FPA_EINVAL);
    assert_status(fpa_recon_aging(tot, NULL, NULL, NULL, ag_amt, ag_day, 9, 1000, same,
                                  0), FPA_EINVAL);
    assert_status(fpa_recon_aging(tot, NULL, NULL, NULL, ag_amt, NULL, 9, 1000, NULL,
                                  0), FPA_EINVAL);
    assert_status(fpa_recon_aging(tot, NULL, NULL, NULL, ag_amt, ag_day, 9, INT64_MAX,
                                  NULL, 0), FPA_EDOM);
    /* a bucket overflows although the total fits: -2 is over 90 days,
     * INT64_MAX and 1 are both current */
    const int64_t amt[] = {-2, INT64_MAX, 1}, day[] = {800, 1000, 1000};
    assert_status(fpa_recon_aging(tot, NULL, NULL, NULL, amt, day, 3, 1000, NULL, 0),
                  FPA_EOVERFLOW);
    assert_string_equal(fpa_error_last(), "the total of bucket 0 overflows int64");
    /* exact sums: INT64_MAX + 1 - 1 in one bucket is INT64_MAX, in any order */
    const int64_t amt4[] = {INT64_MAX, 1, -1}, day4[] = {1000, 1000, 1000};
    int64_t total3 = 0;
    assert_ok(fpa_recon_aging(tot, NULL, NULL, &total3, amt4, day4, 3, 1000, NULL, 0));
    assert_true(tot[0] == INT64_MAX && total3 == INT64_MAX);
    tot[0] = -1;
    const int64_t amt2[] = {INT64_MAX, 1};
    assert_status(fpa_recon_aging(tot, NULL, NULL, NULL, amt2, day + 1, 2, 1000, NULL, 0),
                  FPA_EOVERFLOW);
    assert_string_equal(fpa_error_last(), "the total of the items overflows int64");
    assert_true(tot[0] == -1);
    /* near the limit, but no bucket overflows: the slow path agrees */
    const int64_t amt3[] = {INT64_MAX, -1, INT64_MIN + 1}, day3[] = {1000, 1000, 800};
    int64_t all;
    assert_ok(fpa_recon_aging(tot, NULL, NULL, &all, amt3, day3, 3, 1000, NULL, 0));
    assert_true(tot[0] == INT64_MAX - 1 && tot[4] == INT64_MIN + 1 && all == -1);
}

static void options_are_registered(void **state)
{
    (void)state;
    const char *names[] = {"recon.date_window", "recon.require_reference",
                           "recon.tolerance"};
    for (size_t i = 0; i < N(names); i++) {
        int key;
        assert_ok(fpa_opt_find(&key, names[i]));
        assert_int_equal(key, 500 + (int)i);
    }
}

/* ---- progress and cancellation (issue 14, item 12) ---------------------- */

typedef struct {
    size_t calls, last_done, total, cancel_after;
    bool monotonic, first_zero;
} watch;

static int watch_fn(void *ud, size_t done, size_t total)
{
    watch *w = ud;
    if (w->calls == 0) w->first_zero = done == 0;
    w->monotonic = w->monotonic && done >= w->last_done && done <= total;
    w->last_done = done;
    w->total = total;
    return ++w->calls > w->cancel_after;
}

static void matching_reports_progress_and_cancels(void **state)
{
    (void)state;
    enum { NL = 200000, NS = 200000 };
    int64_t *a1 = malloc(NL * sizeof *a1), *d1 = malloc(NL * sizeof *d1);
    int64_t *a2 = malloc(NS * sizeof *a2), *d2 = malloc(NS * sizeof *d2);
    int64_t *lm = malloc(NL * sizeof *lm), *sm = malloc(NS * sizeof *sm);
    int64_t *lm2 = malloc(NL * sizeof *lm2), *sm2 = malloc(NS * sizeof *sm2);
    for (size_t i = 0; i < NL; i++) {
        a1[i] = (int64_t)(1 + rnd(100000));
        d1[i] = (int64_t)rnd(365);
    }
    for (size_t j = 0; j < NS; j++) {
        a2[j] = (int64_t)(1 + rnd(100000));
        d2[j] = (int64_t)rnd(365);
    }
    size_t pairs, pairs2;
    assert_ok(fpa_recon_match(lm, sm, NULL, &pairs, a1, d1, NULL, NL, a2, d2, NULL, NS,
                              NULL));
    fpa_opts *o;
    assert_ok(fpa_opts_new(&o, NULL, NULL));
    assert_ok(fpa_opts_set(o, FPA_OPT_PROGRESS_INTERVAL, 1));
    watch w = {0, 0, 0, (size_t)-1, true, false};
    assert_ok(fpa_opts_set_progress(o, watch_fn, &w));
    assert_ok(fpa_recon_match(lm2, sm2, NULL, &pairs2, a1, d1, NULL, NL, a2, d2, NULL, NS,
                              o));
    /* the same results with the callback; reports from 0 to the total,
     * never decreasing, the last one complete (both passes: every item
     * sorted and swept twice) */
    assert_int_equal(pairs, pairs2);
    assert_memory_equal(lm, lm2, NL * sizeof *lm);
    assert_memory_equal(sm, sm2, NS * sizeof *sm);
    assert_true(w.calls >= 2 && w.first_zero && w.monotonic);
    assert_int_equal(w.total, 2 * 2 * (NL + NS));
    assert_int_equal(w.last_done, w.total);
    /* cancelled at once, and after the first report */
    for (size_t after = 0; after < 2; after++) {
        w = (watch){0, 0, 0, after, true, false};
        fpa_error_clear();
        assert_status(fpa_recon_match(lm2, sm2, NULL, &pairs2, a1, d1, NULL, NL, a2, d2,
                                      NULL, NS, o), FPA_ECANCELED);
        assert_int_equal(w.calls, after + 1);
        assert_non_null(strstr(fpa_error_last(), "cancelled by the host"));
    }
    fpa_opts_free(o);
    free(a1), free(d1), free(a2), free(d2), free(lm), free(sm), free(lm2), free(sm2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rollforward_by_hand),
        cmocka_unit_test(rollforward_detects_overflow),
        cmocka_unit_test(tieout_by_hand),
        cmocka_unit_test(matching_by_hand),
        cmocka_unit_test(matching_is_maximum_on_small_random_data),
        cmocka_unit_test(matching_is_valid_and_maximal_on_large_random_data),
        cmocka_unit_test(matching_reports_progress_and_cancels),
        cmocka_unit_test(allocation_failures_leak_nothing),
        cmocka_unit_test(aging_by_hand),
        cmocka_unit_test(aging_rejects_bad_input),
        cmocka_unit_test(options_are_registered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
