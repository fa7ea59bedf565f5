/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reads the spreadsheet reference files of tests/ref/: tvm_expected.csv
 * (test_tvm.c: the CSV splitter and argument parser) and
 * unit_kpi_expected.csv (written by make_unit_kpi_ref.py) for test_unit.c
 * and test_kpi.c: one case per line, a libfpa function
 * name, its arguments in the spreadsheet's inline-array syntax, the
 * independent source and formula, and the expected value or status. */
#ifndef FPA_REFCSV_H
#define FPA_REFCSV_H

#include "testutil.h"

#define REF_MAXARGS 10
#define REF_MAXVALS 512

typedef struct {
    int nargs;
    int len[REF_MAXARGS]; /* 0 for a scalar */
    double val[REF_MAXARGS][REF_MAXVALS];
} ref_args;

/* "a;{b;c};d" with numeric literals only. */
static inline int ref_parse_args(const char *p, ref_args *a)
{
    a->nargs = 0;
    while (*p) {
        int k = a->nargs++;
        char *end;
        if (k >= REF_MAXARGS) return -1;
        a->len[k] = 0;
        if (*p == '{') {
            p++;
            while (*p != '}') {
                if (a->len[k] >= REF_MAXVALS) return -1;
                a->val[k][a->len[k]++] = strtod(p, &end);
                if (end == p) return -1;
                p = end;
                if (*p == ';') p++;
            }
            p++;
        } else {
            a->val[k][0] = strtod(p, &end);
            if (end == p) return -1;
            p = end;
        }
        if (*p == ';') p++;
    }
    return 0;
}

/* Split a CSV line of unquoted or double-quoted fields. */
static inline int ref_split_csv(char *line, char **fields, int cap)
{
    int n = 0;
    char *p = line;
    while (n < cap) {
        if (*p == '"') {
            char *w = ++p;
            fields[n++] = w;
            while (*p && !(*p == '"' && p[1] != '"')) {
                if (*p == '"') p++;
                *w++ = *p++;
            }
            if (*p == '"') p++;
            *w = '\0';
            if (*p != ',') break;
            p++;
        } else {
            fields[n++] = p;
            p += strcspn(p, ",\r\n");
            if (*p != ',') {
                *p = '\0';
                break;
            }
            *p++ = '\0';
        }
    }
    return n;
}

static inline fpa_status ref_status_named(const char *s)
{
    static const fpa_status all[] = {FPA_EINVAL, FPA_EDOM, FPA_ENOCONV,
                                     FPA_EOVERFLOW, FPA_EUNBOUNDED, FPA_EDATA};
    char full[32];
    snprintf(full, sizeof full, "FPA_%s", s);
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (!strcmp(fpa_status_name(all[i]), full)) return all[i];
    return FPA_OK;
}

/* A module's dispatcher: run `function` with `a`, store the result in
 * *out; return -1 (as an int in *handled = false) for another module's
 * function. */
typedef fpa_status (*ref_call_fn)(const char *function, const ref_args *a,
                                  double *out, bool *handled);

/* Run every case the dispatcher handles; each must match its source to
 * 1e-11 relative (LibreOffice prints 15 significant digits) or give the
 * expected status with a detail. Every handled function needs at least
 * `min_cases` cases. */
static inline void ref_run(ref_call_fn call, int min_cases)
{
    FILE *f = fopen(FPA_REF_DIR "/unit_kpi_expected.csv", "r");
    assert_non_null(f);
    static char line[16384];
    static ref_args args;
    static char names[64][32];
    int counts[64] = {0}, cases = 0, failures = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || !strncmp(line, "function,", 9)) continue;
        char *fld[5];
        if (ref_split_csv(line, fld, 5) != 5) fail_msg("bad line: %s", line);
        if (ref_parse_args(fld[1], &args) != 0) fail_msg("cannot parse %s", fld[1]);
        double got = NAN;
        bool handled = true;
        fpa_error_clear();
        fpa_status st = call(fld[0], &args, &got, &handled);
        if (!handled) continue;
        cases++;
        for (int i = 0; i < 64; i++) {
            if (!names[i][0]) snprintf(names[i], sizeof names[i], "%s", fld[0]);
            if (!strcmp(names[i], fld[0])) {
                counts[i]++;
                break;
            }
        }
        fpa_status want_st = ref_status_named(fld[4]);
        if (want_st != FPA_OK) {
            if (st != want_st || fpa_error_last()[0] == '\0') {
                print_message("MISMATCH %s(%s) [%s: %s]: got %s (%s), want %s\n",
                              fld[0], fld[1], fld[2], fld[3], fpa_status_name(st),
                              fpa_error_last(), fld[4]);
                failures++;
            }
            continue;
        }
        double want = strtod(fld[4], NULL);
        if (st != FPA_OK || !(fabs(got - want) <= 1e-11 * fabs(want) + 1e-12)) {
            print_message("MISMATCH %s(%s) [%s: %s]: got %.17g (%s: %s), want %.17g\n",
                          fld[0], fld[1], fld[2], fld[3], got, fpa_status_name(st),
                          fpa_error_last(), want);
            failures++;
        }
    }
    fclose(f);
    for (int i = 0; i < 64 && names[i][0]; i++)
        if (counts[i] < min_cases) {
            print_message("%s has only %d reference cases\n", names[i], counts[i]);
            failures++;
        }
    print_message("%d reference cases, %d mismatches\n", cases, failures);
    assert_true(cases > 0);
    assert_int_equal(failures, 0);
}

#endif
