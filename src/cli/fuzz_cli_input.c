/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target (FPA_FUZZ): the fpa program's readers on hostile bytes.
 * The first byte picks the reader (monthly series, chart of lines, cohort
 * rows, what-if scenarios); the rest is the file. Each input must end in a loaded object or
 * one diagnostic, without a crash, a sanitizer report or a leak. */
#include "input.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    char *buf = malloc(size), name[] = "fuzz";
    if (!buf) return 0;
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    cli_text t = {.name = name, .data = buf, .size = size - 1};
    switch (data[0] % 4) {
    case 0: {
        cli_panel p;
        if (cli_panel_load(&p, &t) == 0) cli_panel_free(&p);
        break;
    }
    case 1: {
        cli_chart c;
        if (cli_chart_load(&c, &t) == 0) cli_chart_free(&c);
        break;
    }
    case 2: {
        cli_cohort_rows r;
        if (cli_cohorts_load(&r, &t) == 0) cli_cohorts_free(&r);
        break;
    }
    default: {
        cli_scenarios s;
        if (cli_scenarios_load(&s, &t) == 0) cli_scenarios_free(&s);
        break;
    }
    }
    free(buf);
    return 0;
}
