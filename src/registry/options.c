/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table of every module's options. It lives above the modules, so that
 * core knows none of them: core only looks keys up in it and validates
 * values (src/core/options.c). A new module adds its options.def here. */
#include "../core/internal.h"
#include "fpa/fpa.h"

const fpa__option fpa__options[] = {
#define FPA_OPTION(k, n, lo, hi, d, i) {k, n, lo, hi, d, i},
#include "../core/options.def"
#include "../tvm/options.def"
#include "../forecast/options.def"
#include "../accuracy/options.def"
#include "../variance/options.def"
#include "../recon/options.def"
#include "../unit/options.def"
#include "../kpi/options.def"
#include "../wc/options.def"
#include "../scenario/options.def"
#include "../model/options.def"
#undef FPA_OPTION
};

const size_t fpa__noptions = sizeof fpa__options / sizeof *fpa__options;
