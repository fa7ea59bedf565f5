/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The customer rows of tests/ref/cohort_rows.csv (customer, cohort, period,
 * revenue), whose cohort tables, counts and movements pandas computed
 * (tests/ref/make_unit_kpi_ref.py, tests/ref/make_movements_ref.py). */
#ifndef FPA_COHORT_ROWS_H
#define FPA_COHORT_ROWS_H
#include "testutil.h"

#include <stdio.h>

typedef struct {
    size_t n;
    int64_t cust[1024], coh[1024], per[1024];
    double rev[1024];
} rows_t;

static inline void read_rows(rows_t *r)
{
    FILE *f = fopen(FPA_REF_DIR "/cohort_rows.csv", "r");
    assert_non_null(f);
    char line[256];
    r->n = 0;
    assert_non_null(fgets(line, sizeof line, f));  /* header */
    long long a, b, c;
    double d;
    while (fscanf(f, "%lld,%lld,%lld,%lf", &a, &b, &c, &d) == 4) {
        assert_true(r->n < 1024);
        r->cust[r->n] = a, r->coh[r->n] = b, r->per[r->n] = c, r->rev[r->n] = d;
        r->n++;
    }
    fclose(f);
    assert_true(r->n > 100);
}
#endif
