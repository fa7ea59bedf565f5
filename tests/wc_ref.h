/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The spreadsheet references of tests/ref/wc_expected.csv (written by
 * tests/ref/make_wc_ref.py: LibreOffice Calc and gnumeric recalculating a
 * cash-budget model built from cell formulas), looked up by key. The
 * LibreOffice column is the reference; the script checked gnumeric agrees
 * except where docs/wc.md says otherwise. */
#ifndef FPA_WC_REF_H
#define FPA_WC_REF_H
#include "testutil.h"

#define WC_REF_MAX 2048
/* the file under tests/ref/ (test_scenario_goal.c reads goal_expected.csv) */
#ifndef WC_REF_FILE
#define WC_REF_FILE "wc_expected.csv"
#endif

static struct {
    int n;
    char key[WC_REF_MAX][40];
    double lo[WC_REF_MAX];
} wc_refs;

static void wc_ref_load(void)
{
    if (wc_refs.n) return;
    FILE *f = fopen(FPA_REF_DIR "/" WC_REF_FILE, "r");
    if (!f) fail_msg("cannot open %s", FPA_REF_DIR "/" WC_REF_FILE);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || !strncmp(line, "key,", 4)) continue;
        char *c1 = strchr(line, ',');
        if (!c1 || wc_refs.n >= WC_REF_MAX) continue;
        *c1 = '\0';
        size_t len = strlen(line);
        if (len >= sizeof wc_refs.key[0]) continue;
        memcpy(wc_refs.key[wc_refs.n], line, len + 1);
        wc_refs.lo[wc_refs.n++] = strtod(c1 + 1, NULL);
    }
    fclose(f);
}

/* The LibreOffice value of `key` (printf-style). */
static double ref(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static double ref(const char *fmt, ...)
{
    char key[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(key, sizeof key, fmt, ap);
    va_end(ap);
    wc_ref_load();
    for (int i = 0; i < wc_refs.n; i++)
        if (!strcmp(wc_refs.key[i], key)) return wc_refs.lo[i];
    fail_msg("no reference value %s", key);
    return NAN;
}

/* LibreOffice prints 15 significant digits. */
#define assert_ref(got, ...) assert_close((got), ref(__VA_ARGS__), 1e-13, 1e-9)

/* The 6-period plan of the generator's sheet whose keys start with `prefix`
 * ("p", "q", "z" in make_wc_ref.py; "p" in make_goal_ref.py). */
static inline fpa_wc_plan *wc_ref_plan(const char *prefix, const fpa_opts *opts)
{
    static const char *const k[6] = {"rev", "cogs", "dso", "dio", "dpo", "other"};
    fpa_wc_plan *p;
    double v[6];
    assert_ok(fpa_wc_plan_new(&p, 6, opts));
    for (int d = 0; d < 6; d++) {
        for (int t = 0; t < 6; t++) v[t] = ref("%s.%s.%d", prefix, k[d], t);
        assert_ok(fpa_wc_plan_set(p, (fpa_wc_driver)d, v, 6));
    }
    for (int t = 0; t < 6; t++) v[t] = ref("%s.days.%d", prefix, t);
    assert_ok(fpa_wc_plan_set_days(p, v, 6));
    assert_ok(fpa_wc_plan_set_opening(p, ref("%s.open.ar", prefix), ref("%s.open.inv", prefix),
                                      ref("%s.open.ap", prefix), ref("%s.open.cash", prefix)));
    return p;
}
#endif
