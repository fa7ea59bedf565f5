/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sample company's planning model for the C tests: built from
 * tests/ref/model_sample.spec (the text form of src/cli/sample/model.json
 * that tests/ref/make_model_ref.py writes), and the spreadsheet's values of
 * tests/ref/model_expected.csv (LibreOffice Calc and gnumeric recalculating
 * the model written as cell formulas), looked up by "version|line|period". */
#ifndef FPA_MODEL_REF_H
#define FPA_MODEL_REF_H
#include "testutil.h"
#include "model_spec.h"

typedef struct {
    char key[80];
    double lo, gn;
} model_ref_row;

static struct {
    size_t n;
    model_ref_row *row;
} model_refs;

static int model_ref_cmp(const void *a, const void *b)
{
    return strcmp(((const model_ref_row *)a)->key, ((const model_ref_row *)b)->key);
}

static void model_ref_load(void)
{
    if (model_refs.n) return;
    FILE *f = fopen(FPA_REF_DIR "/model_expected.csv", "r");
    if (!f) fail_msg("cannot open %s", FPA_REF_DIR "/model_expected.csv");
    size_t cap = 1 << 15;
    model_refs.row = malloc(cap * sizeof *model_refs.row);
    char line[256];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || !strncmp(line, "key,", 4)) continue;
        char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        if (!c2 || (size_t)(c1 - line) >= sizeof model_refs.row[0].key) continue;
        if (model_refs.n == cap) model_refs.row = realloc(model_refs.row, (cap *= 2) * sizeof *model_refs.row);
        model_ref_row *r = &model_refs.row[model_refs.n++];
        memcpy(r->key, line, (size_t)(c1 - line));
        r->key[c1 - line] = '\0';
        r->lo = strtod(c1 + 1, NULL);
        r->gn = strtod(c2 + 1, NULL);
    }
    fclose(f);
    qsort(model_refs.row, model_refs.n, sizeof *model_refs.row, model_ref_cmp);
}

/* The row of (version, line, period), or NULL. */
static const model_ref_row *model_ref(int version, const char *line, size_t t)
{
    model_ref_load();
    model_ref_row k;
    snprintf(k.key, sizeof k.key, "%d|%s|%zu", version, line, t);
    return bsearch(&k, model_refs.row, model_refs.n, sizeof k, model_ref_cmp);
}

/* A group teardown: the references are read once per program. */
static int model_ref_free(void **state)
{
    (void)state;
    free(model_refs.row);
    model_refs.row = NULL;
    model_refs.n = 0;
    return 0;
}

/* ---- the spec ------------------------------------------------------------------- */

static fpa_model *model_from_spec(const char *path, const fpa_opts *opts)
{
    fpa_model *m;
    const char *where;
    fpa_status st = model_spec_load(&m, path, opts, &where);
    if (st != FPA_OK) fail_msg("%s: %s: %s", path, where, fpa_error_last());
    return m;
}

static fpa_model *sample_model(void)
{
    return model_from_spec(FPA_REF_DIR "/model_sample.spec", NULL);
}
#endif
