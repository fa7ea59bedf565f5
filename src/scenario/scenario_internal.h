/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef FPA_SCENARIO_INTERNAL_H
#define FPA_SCENARIO_INTERNAL_H
#include "fpa/scenario.h"
#include "../wc/plan.h"

struct fpa_scenario {
    fpa_mem mem;
    wc__lever *lever;
    size_t n, cap;
};

wc__levers scn__levers(const fpa_scenario *scn);
fpa_status scn__check_op(int op);
double scn__metric(const wc__summary *s, int metric, double floor);
#endif
