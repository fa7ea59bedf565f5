/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A planning model read from its text form (tests/ref/model_sample.spec,
 * written by tests/ref/make_model_ref.py from src/cli/sample/model.json),
 * for the C tests (tests/model_ref.h) and bench/model_bench.c. One
 * statement a line, words separated by spaces:
 *     model month YYYY-MM-DD periods
 *     input name n v1 .. vn
 *     rel name kind nin in1 .. in_nin np p1 .. p_np   (kind: fpa_model_rel)
 *     opening name value | floor name value | link role line (role: fpa_model_role) */
#ifndef FPA_MODEL_SPEC_H
#define FPA_MODEL_SPEC_H
#include "fpa/fpa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Builds the model of the file at `path` into *out. On failure *out is
 * NULL, the status is returned and *where names the statement (the line
 * name, or "file", "model", "build"). */
static inline fpa_status model_spec_load(fpa_model **out, const char *path, const fpa_opts *opts,
                                         const char **where)
{
    static char buf[1 << 16];
    static const char *const stage[] = {"file", "model", "build"};
    fpa_model *m = NULL;
    fpa_status st = FPA_OK;
    FILE *f = fopen(path, "r");
    *out = NULL, *where = stage[0];
    if (!f) return FPA_ESYSTEM;
    while (st == FPA_OK && fgets(buf, sizeof buf, f)) {
        char *save = NULL, *tok = strtok_r(buf, " \n", &save), *name;
        if (!tok) continue;
#define NEXT() strtok_r(NULL, " \n", &save)
        if (!strcmp(tok, "model")) {
            int y, mo, d;
            int64_t day = 0;
            NEXT();  /* the calendar: month */
            *where = stage[1];
            st = sscanf(NEXT(), "%d-%d-%d", &y, &mo, &d) != 3 ? FPA_EINVAL
                                                               : fpa_date_from_ymd(&day, y, mo, d);
            if (st == FPA_OK)
                st = fpa_model_new(&m, FPA_CAL_MONTH, day, (size_t)atol(NEXT()), opts);
            continue;
        }
        *where = name = NEXT();
        if (!strcmp(tok, "input")) {
            size_t n = (size_t)atol(NEXT());
            double *v = malloc((n ? n : 1) * sizeof *v);
            for (size_t k = 0; k < n; k++) v[k] = strtod(NEXT(), NULL);
            st = fpa_model_input(m, name, v, n);
            free(v);
        } else if (!strcmp(tok, "rel")) {
            int kind = atoi(NEXT());
            size_t nin = (size_t)atol(NEXT()), np;
            const char *in[64];
            double p[8];
            for (size_t k = 0; k < nin && k < 64; k++) in[k] = NEXT();
            np = (size_t)atol(NEXT());
            for (size_t k = 0; k < np && k < 8; k++) p[k] = strtod(NEXT(), NULL);
            st = nin > 64 || np > 8 ? FPA_EINVAL
                                    : fpa_model_relation(m, name, (fpa_model_rel)kind, in, nin,
                                                         p, np);
        } else if (!strcmp(tok, "opening")) {
            st = fpa_model_set_opening(m, name, strtod(NEXT(), NULL));
        } else if (!strcmp(tok, "floor")) {
            st = fpa_model_set_floor(m, name, strtod(NEXT(), NULL));
        } else if (!strcmp(tok, "link")) {
            *where = NEXT();
            st = fpa_model_link(m, (fpa_model_role)atoi(name), *where);
        }
#undef NEXT
    }
    fclose(f);
    if (st == FPA_OK) *where = stage[2], st = fpa_model_build(m);
    if (st != FPA_OK) {
        fpa_model_free(m);
        return st;
    }
    *out = m;
    return FPA_OK;
}
#endif
