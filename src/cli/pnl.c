/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The company's P&L by month, from the actuals and the natures of the
 * lines: the inputs of the unit economics, of the working-capital metrics
 * and of its projection. */
#include "sections.h"

#include <stdlib.h>
#include <string.h>

void cli_pnl_free(cli_pnl *p)
{
    free(p->rev);
    free(p->cogs);
    free(p->opex);
    free(p->sm);
    free(p->da);
    memset(p, 0, sizeof *p);
}

/* The actuals must run to the last closed month. */
int cli_actuals_check(const cli_dataset *d)
{
    int64_t a0, a1, last = d->as_of - 1;
    cli_panel_span(&d->actuals, &a0, &a1);
    if (d->as_of == INT64_MIN || last < a0)
        return cli_fail_at(CLI_EINPUT, d->actuals.file, 0, 0, "no actuals before the month of "
                           "the review");
    if (last > a1) {
        char s1[16], s2[16];
        cli_period_str(s1, a1);
        cli_period_str(s2, d->as_of);
        return cli_fail_at(CLI_EINPUT, d->actuals.file, 0, 0, "the actuals end in %s: a review "
                           "as of %s needs the month before", s1, s2);
    }
    return 0;
}

int cli_pnl_build(cli_pnl *p, const cli_dataset *d)
{
    memset(p, 0, sizeof *p);
    int64_t a0, a1, last = d->as_of - 1;
    int rc = cli_actuals_check(d);
    if (rc) return rc;
    cli_panel_span(&d->actuals, &a0, &a1);
    p->p0 = a0;
    p->n = (size_t)(last - a0 + 1);
    p->rev = cli_calloc(p->n, sizeof *p->rev);
    p->cogs = cli_calloc(p->n, sizeof *p->cogs);
    p->opex = cli_calloc(p->n, sizeof *p->opex);
    p->sm = cli_calloc(p->n, sizeof *p->sm);
    p->da = cli_calloc(p->n, sizeof *p->da);
    for (size_t i = 0; i < d->nlines; i++) {
        const cli_series *s = cli_panel_find(&d->actuals, d->line[i]);
        cli_nature n = d->nature[i];
        if (!s) continue;
        p->has_sm |= n == CLI_NAT_SM;
        for (size_t t = 0; t < p->n; t++) {
            double v = cli_series_at(s, p->p0 + (int64_t)t);
            if (n == CLI_NAT_REVENUE) p->rev[t] += v;
            else if (n == CLI_NAT_COGS) p->cogs[t] += v;
            else if (cli_nature_is_cost(n)) p->opex[t] += v;
            if (n == CLI_NAT_SM) p->sm[t] += v;
            if (n == CLI_NAT_DA) p->da[t] += v;
        }
    }
    return 0;
}
