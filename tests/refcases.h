/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reader of tests/ref/forecast_ref.txt (written by make_forecast_ref.R):
 * blocks "case KIND NAME" ... "end" of "key numbers..." or "key word"
 * lines. */
#ifndef FPA_REFCASES_H
#define FPA_REFCASES_H

#include "testutil.h"

#define REF_MAXKEYS 32

typedef struct {
    char key[24];
    char word[64];   /* non-numeric value, e.g. the model name */
    double *v;
    size_t n;
} ref_item;

typedef struct {
    char kind[24], name[48];
    ref_item item[REF_MAXKEYS];
    size_t nitems;
} ref_case;

typedef struct {
    ref_case *c;
    size_t n;
} ref_file;

static inline const ref_item *ref_get(const ref_case *c, const char *key)
{
    for (size_t i = 0; i < c->nitems; i++)
        if (!strcmp(c->item[i].key, key)) return &c->item[i];
    fail_msg("case %s %s has no %s", c->kind, c->name, key);
    return NULL;
}

static inline double ref_num(const ref_case *c, const char *key)
{
    return ref_get(c, key)->v[0];
}

static inline void ref_load(ref_file *f, const char *path)
{
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    static char line[1 << 20];
    f->c = NULL;
    f->n = 0;
    ref_case *cur = NULL;
    while (fgets(line, sizeof line, fp)) {
        char *tok = strtok(line, " \n");
        if (!tok || tok[0] == '#') continue;
        if (!strcmp(tok, "case")) {
            f->c = realloc(f->c, (f->n + 1) * sizeof *f->c);
            cur = &f->c[f->n++];
            memset(cur, 0, sizeof *cur);
            snprintf(cur->kind, sizeof cur->kind, "%s", strtok(NULL, " \n"));
            snprintf(cur->name, sizeof cur->name, "%s", strtok(NULL, " \n"));
            continue;
        }
        if (!strcmp(tok, "end")) {
            cur = NULL;
            continue;
        }
        assert_non_null(cur);
        assert_true(cur->nitems < REF_MAXKEYS);
        ref_item *it = &cur->item[cur->nitems++];
        snprintf(it->key, sizeof it->key, "%s", tok);
        size_t cap = 16;
        it->v = malloc(cap * sizeof *it->v);
        for (char *t; (t = strtok(NULL, " \n"));) {
            char *end;
            double x = strtod(t, &end);
            if (end == t || *end) {  /* a word: NA or a name */
                if (!strcmp(t, "NA")) x = NAN;
                else {
                    snprintf(it->word, sizeof it->word, "%s", t);
                    continue;
                }
            }
            if (it->n == cap) it->v = realloc(it->v, (cap *= 2) * sizeof *it->v);
            it->v[it->n++] = x;
        }
    }
    fclose(fp);
}

static inline void ref_free(ref_file *f)
{
    for (size_t i = 0; i < f->n; i++)
        for (size_t k = 0; k < f->c[i].nitems; k++) free(f->c[i].item[k].v);
    free(f->c);
}

/* Every element within rel * |want| + abs; NaN must match NaN. */
static inline void assert_all_close(const double *got, const double *want,
                                    size_t n, double rel, double abs_,
                                    const char *what)
{
    for (size_t i = 0; i < n; i++) {
        if (isnan(want[i]) && isnan(got[i])) continue;
        if (!(fabs(got[i] - want[i]) <= rel * fabs(want[i]) + abs_))
            fail_msg("%s[%zu] = %.17g, expected %.17g (rel %.1e)", what, i,
                     got[i], want[i], fabs(got[i] - want[i]) / fabs(want[i]));
    }
}
#endif
