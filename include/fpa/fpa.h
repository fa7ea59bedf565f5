/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file fpa.h
 * @brief The umbrella header: includes every libfpa module.
 *
 * libfpa is an embeddable financial planning and analysis engine: time value
 * of money, rolling forecasts, variance analysis and reconciliation, unit
 * economics and KPIs, working-capital what-ifs. See core.h for the
 * conventions every module follows.
 */
#ifndef FPA_FPA_H
#define FPA_FPA_H

#include "fpa/core.h"
#include "fpa/tvm.h"
#include "fpa/unit.h"
#include "fpa/kpi.h"
#include "fpa/variance.h"
#include "fpa/recon.h"
#include "fpa/wc.h"
#include "fpa/scenario.h"
#include "fpa/model.h"
#include "fpa/accuracy.h"
#include "fpa/forecast.h"
#include "fpa/hierarchy.h"

#endif /* FPA_FPA_H */
