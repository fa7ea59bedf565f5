/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A small three-statement model for tests/test_model.c and the stress test
 * (tests/stress/stress.c), through the public API only. */
#ifndef FPA_MODEL_SMALL_H
#define FPA_MODEL_SMALL_H
#include "fpa/fpa.h"

/* A small three-statement model: units x price of revenue, COGS a share of
 * it, rent, receivables at 45 days, a cash floor of 1000 kept by a
 * revolver at 8 %; `n` months from day `start` (a first of a month) with
 * `units` per month. Freed on failure (for the allocation sweeps). */
static inline fpa_status model_small_new(fpa_model **out, int64_t start, size_t n,
                                         const double *units, const fpa_opts *opts)
{
    double price = 50, pct = 0.6, rent = 1500, dso = 45, floor_ = 1000, rate = 0.08;
    const char *up[2] = {"units", "price"}, *rp[2] = {"revenue", "pct"},
               *rd[2] = {"revenue", "dso"};
    static const struct { fpa_model_role role; const char *line; } links[] = {
        {FPA_ROLE_REVENUE, "revenue"}, {FPA_ROLE_COGS, "cogs"}, {FPA_ROLE_OPEX, "rent"},
        {FPA_ROLE_RECEIVABLES, "ar"}, {FPA_ROLE_CASH_FLOOR, "floor"},
        {FPA_ROLE_REVOLVER_RATE, "rate"}};
    fpa_model *m;
    fpa_status st = fpa_model_new(&m, FPA_CAL_MONTH, start, n, opts);
    if (st != FPA_OK) return st;
    if (st == FPA_OK) st = fpa_model_input(m, "units", units, n);
    if (st == FPA_OK) st = fpa_model_input(m, "price", &price, 1);
    if (st == FPA_OK) st = fpa_model_input(m, "pct", &pct, 1);
    if (st == FPA_OK) st = fpa_model_input(m, "rent", &rent, 1);
    if (st == FPA_OK) st = fpa_model_input(m, "dso", &dso, 1);
    if (st == FPA_OK) st = fpa_model_input(m, "floor", &floor_, 1);
    if (st == FPA_OK) st = fpa_model_input(m, "rate", &rate, 1);
    if (st == FPA_OK) st = fpa_model_relation(m, "revenue", FPA_REL_PRODUCT, up, 2, NULL, 0);
    if (st == FPA_OK) st = fpa_model_relation(m, "cogs", FPA_REL_PCT_OF, rp, 2, NULL, 0);
    if (st == FPA_OK) st = fpa_model_relation(m, "ar", FPA_REL_BALANCE, rd, 2, NULL, 0);
    for (size_t k = 0; st == FPA_OK && k < sizeof links / sizeof *links; k++)
        st = fpa_model_link(m, links[k].role, links[k].line);
    if (st == FPA_OK) st = fpa_model_set_opening(m, "bs.cash", 2000);
    if (st == FPA_OK) st = fpa_model_build(m);
    if (st != FPA_OK) fpa_model_free(m);
    else *out = m;
    return st;
}
#endif
