/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A company's data set: from the embedded sample, a manifest (--company)
 * or individual files, in that order of precedence reversed (a file named
 * on the command line replaces the manifest's). */
#include "input.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { S_ACTUALS = CLI_IN_ACTUALS, S_BUDGET, S_LINES, S_BALANCES, S_COHORTS, S_SCENARIOS,
       S_DRIVERS, S_GL, S_ITEMS, S_REQUESTS, S_SUBLEDGERS, S_BANK, S_CASHBOOK, S_COUNT };
static const char *const slot_key[S_COUNT] = {"actuals", "budget", "lines", "balances",
                                              "cohorts", "scenarios", "drivers", "gl",
                                              "open_items", "requests", "subledgers", "bank",
                                              "cashbook"};

typedef struct manifest {
    char *path[S_COUNT];
    bool sample[S_COUNT];
    char *as_of;
    int fy_start;
} manifest;

static char *join_dir(const char *manifest_path, const char *file)
{
    const char *slash = strrchr(manifest_path, '/');
    if (file[0] == '/' || !slash) return cli_strdup(file);
    return cli_fmt("%.*s/%s", (int)(slash - manifest_path), manifest_path, file);
}

static int manifest_load(cli_dataset *d, manifest *m, const cli_text *t, bool sample)
{
    json_error_t err;
    json_t *root = json_loadb(t->data, t->size, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return cli_fail_at(CLI_EINPUT, t->name, (size_t)(err.line > 0 ? err.line : 1),
                           (size_t)(err.column > 0 ? err.column : 1), "invalid JSON: %s", err.text);
    int rc = 0;
    if (!json_is_object(root))
        rc = cli_fail_at(CLI_EINPUT, t->name, 0, 0, "expected a JSON object");
    const char *key;
    json_t *v;
    if (!rc) json_object_foreach(root, key, v) {
        int slot = -1;
        for (int s = 0; s < S_COUNT; s++)
            if (!strcmp(key, slot_key[s])) slot = s;
        if (!strcmp(key, "fiscal_year_start")) {
            if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 12)
                rc = cli_fail_at(CLI_EINPUT, t->name, 0, 0, "\"%s\": expected a month number "
                                 "1-12", key);
            else m->fy_start = (int)json_integer_value(v);
        } else if (!strcmp(key, "comment")) {
            continue;
        } else if (!strcmp(key, "cash_floor")) {
            if (!json_is_number(v) || !isfinite(json_number_value(v)))
                rc = cli_fail_at(CLI_EINPUT, t->name, 0, 0, "\"%s\": expected a number", key);
            d->cash_floor = json_number_value(v);
            d->has_cash_floor = true;
        } else if (!json_is_string(v)) {
            rc = cli_fail_at(CLI_EINPUT, t->name, 0, 0, "\"%s\": expected a string", key);
        } else if (!strcmp(key, "company")) {
            d->company = cli_strdup(json_string_value(v));
        } else if (!strcmp(key, "currency")) {
            d->currency = cli_strdup(json_string_value(v));
        } else if (!strcmp(key, "as_of")) {
            int64_t p;
            if (!cli_parse_period(&p, json_string_value(v)))
                rc = cli_fail_at(CLI_EINPUT, t->name, 0, 0, "\"as_of\": \"%s\" is not a period "
                                 "(YYYY-MM)", json_string_value(v));
            else m->as_of = cli_strdup(json_string_value(v));
        } else if (slot >= 0) {
            m->path[slot] = sample ? cli_strdup(json_string_value(v))
                                   : join_dir(t->name, json_string_value(v));
            m->sample[slot] = sample;
        } else {
            rc = cli_fail_at(CLI_EINPUT, t->name, 0, 0, "unexpected key \"%s\": expected "
                             "company, currency, as_of, fiscal_year_start, cash_floor, actuals, "
                             "budget, lines, balances, cohorts, scenarios, drivers, gl, "
                             "open_items, requests, subledgers, bank, cashbook, comment",
                             key);
        }
        if (rc) break;
    }
    json_decref(root);
    return rc;
}

static int load_text(cli_text *t, const manifest *m, int slot)
{
    if (!m->sample[slot]) return cli_text_file(t, m->path[slot]);
    if (cli_text_sample(t, m->path[slot])) return 0;
    return cli_fail(CLI_EINPUT, "sample:%s: not in the embedded sample", m->path[slot]);
}

static bool matches(const char *pattern, size_t plen, const char *id)
{
    if (plen && pattern[plen - 1] == '*') return strncmp(pattern, id, plen - 1) == 0;
    return strlen(id) == plen && strncmp(pattern, id, plen) == 0;
}

static cli_nature nature_by_list(const cli_dataset *d, const char *id)
{
    for (size_t i = 0; i < d->nrevenue_ids; i++)
        if (matches(d->revenue_ids[i], strlen(d->revenue_ids[i]), id)) return CLI_NAT_REVENUE;
    return CLI_NAT_OPEX;
}

static void add_line(cli_dataset *d, size_t *cap, const char *id, cli_nature n)
{
    size_t c0 = *cap;
    d->line = cli_grow(d->line, cap, d->nlines + 1, sizeof *d->line);
    *cap = c0;
    d->nature = cli_grow(d->nature, cap, d->nlines + 1, sizeof *d->nature);
    d->line[d->nlines] = cli_strdup(id);
    d->nature[d->nlines++] = n;
}

/* The lines of the report: the chart's nodes, or the series themselves.
 * Every series must be a line of the chart, and hold a nature. */
static int resolve_lines(cli_dataset *d)
{
    size_t cap = 0;
    if (d->has_chart)
        for (size_t i = 0; i < d->chart.n; i++)
            add_line(d, &cap, d->chart.node[i].id, d->chart.effective[i]);
    const cli_panel *ps[2] = {d->has_actuals ? &d->actuals : NULL,
                              d->has_budget ? &d->budget : NULL};
    for (int k = 0; k < 2; k++) {
        if (!ps[k]) continue;
        for (size_t i = 0; i < ps[k]->count; i++) {
            const cli_series *s = &ps[k]->s[i];
            size_t node;
            if (!d->has_chart) { /* budget lines that have no actuals come last */
                if (k == 0 || !d->has_actuals || !cli_panel_find(&d->actuals, s->name))
                    add_line(d, &cap, s->name, nature_by_list(d, s->name));
            } else if (!cli_chart_find(&d->chart, s->name, &node)) {
                return cli_fail_at(CLI_EINPUT, ps[k]->file, s->line, s->col, "line \"%s\" is "
                                   "not in the chart of lines (%s)", s->name, d->chart.file);
            } else if (d->chart.effective[node] == CLI_NAT_NONE) {
                return cli_fail_at(CLI_EINPUT, ps[k]->file, s->line, s->col, "line \"%s\" holds "
                                   "amounts but has no nature in %s", s->name, d->chart.file);
            }
        }
    }
    return 0;
}

static const char *const balance_names[] = {"ar", "ap", "inventory", "cash", "fixed_assets"};
static const char *const driver_names[] = {"revenue", "cogs", "dso", "dio", "dpo",
                                           "other_cash"};

static int check_names(const cli_panel *p, const char *what, const char *const *known,
                       size_t n)
{
    for (size_t i = 0; i < p->count; i++) {
        bool ok = false;
        char list[128] = "";
        for (size_t k = 0, len = 0; k < n; k++) {
            ok |= !strcmp(p->s[i].name, known[k]);
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", k ? ", " : "",
                                    known[k]);
        }
        if (!ok)
            return cli_fail_at(CLI_EINPUT, p->file, p->s[i].line, p->s[i].col, "unexpected "
                               "%s \"%s\": expected %s", what, p->s[i].name, list);
    }
    return 0;
}

static int load_slot(cli_dataset *d, const manifest *m, int slot)
{
    cli_text t;
    int rc = load_text(&t, m, slot);
    if (rc) return rc;
    switch (slot) {
    case S_ACTUALS:
        rc = cli_panel_load(&d->actuals, &t);
        d->has_actuals = !rc;
        break;
    case S_BUDGET:
        rc = cli_panel_load(&d->budget, &t);
        d->has_budget = !rc;
        break;
    case S_LINES:
        rc = cli_chart_load(&d->chart, &t);
        d->has_chart = !rc;
        break;
    case S_BALANCES:
        rc = cli_panel_load(&d->balances, &t);
        d->has_balances = !rc;
        if (!rc) rc = check_names(&d->balances, "balance", balance_names, 5);
        break;
    case S_SCENARIOS:
        rc = cli_scenarios_load(&d->scenarios, &t);
        d->has_scenarios = !rc;
        break;
    case S_GL:
        if (d->has_actuals)
            rc = cli_fail(CLI_EUSAGE, "--gl replaces --actuals: give one of them");
        else rc = cli_gl_load(&d->actuals, &t);
        d->has_actuals = d->gl = !rc;
        break;
    case S_ITEMS:
        rc = cli_items_load(&d->items, &t);
        d->has_items = !rc;
        break;
    case S_REQUESTS:
        rc = cli_requests_load(&d->requests, &t);
        d->has_requests = !rc;
        break;
    case S_SUBLEDGERS:
        rc = cli_subledgers_load(&d->subledgers, &t);
        d->has_subledgers = !rc;
        break;
    case S_BANK:
        rc = cli_cashlines_load(&d->bank, &t);
        d->has_bank = !rc;
        break;
    case S_CASHBOOK:
        rc = cli_cashlines_load(&d->cashbook, &t);
        d->has_cashbook = !rc;
        break;
    case S_DRIVERS:
        rc = cli_panel_load(&d->drivers, &t);
        d->has_drivers = !rc;
        if (!rc) rc = check_names(&d->drivers, "driver", driver_names, 6);
        break;
    default:
        rc = cli_cohorts_load(&d->cohorts, &t);
        d->has_cohorts = !rc;
        break;
    }
    cli_text_free(&t);
    return rc;
}

static void split_list(cli_dataset *d, const char *list)
{
    size_t cap = 0;
    for (const char *s = list; *s;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        if (len) {
            d->revenue_ids = cli_grow(d->revenue_ids, &cap, d->nrevenue_ids + 1,
                                      sizeof *d->revenue_ids);
            d->revenue_ids[d->nrevenue_ids++] = cli_fmt("%.*s", (int)len, s);
        }
        s += len + (comma != NULL);
    }
}

/* Once the lines have their natures: the general ledger's revenue lines are
 * credit-normal (credit - debit), the purchase requests name lines. */
static int after_lines(cli_dataset *d)
{
    for (size_t i = 0; d->gl && i < d->actuals.count; i++) {
        cli_series *s = &d->actuals.s[i];
        size_t k = SIZE_MAX;
        for (size_t j = 0; j < d->nlines && k == SIZE_MAX; j++)
            if (!strcmp(d->line[j], s->name)) k = j;
        if (k != SIZE_MAX && d->nature[k] == CLI_NAT_REVENUE)
            for (size_t t = 0; t < s->n; t++) s->v[t] = -s->v[t];
    }
    for (size_t i = 0; d->has_requests && i < d->requests.n; i++) {
        cli_requests *q = &d->requests;
        size_t k = SIZE_MAX;
        if (d->has_chart) cli_chart_find(&d->chart, q->cost_centre[i], &k);
        for (size_t j = 0; !d->has_chart && j < d->nlines && k == SIZE_MAX; j++)
            if (!strcmp(d->line[j], q->cost_centre[i])) k = j;
        if (k == SIZE_MAX)
            return cli_fail_at(CLI_EINPUT, q->file, q->where[i], q->cc_col, "cost centre \"%s\" "
                               "is not a line of the chart", q->cost_centre[i]);
        q->line[i] = k;
    }
    return 0;
}

/* A close: what happened after the month closed is not of record yet. */
static void cut_panel(cli_panel *p, int64_t last)
{
    for (size_t i = 0; i < p->count; i++) {
        cli_series *s = &p->s[i];
        int64_t end = s->start + (int64_t)s->n - 1;
        if (end > last) s->n = s->start > last ? 0 : (size_t)(last - s->start + 1);
    }
}

/* Items opened, and requests raised, after the month's last day. */
static void cut_ledgers(cli_dataset *d, int64_t end)
{
    cli_items *it = &d->items;
    size_t k = 0;
    for (size_t i = 0; d->has_items && i < it->n; i++) {
        if (it->opened[i] > end) {
            free(it->id[i]), free(it->account[i]), free(it->owner[i]);
            continue;
        }
        it->id[k] = it->id[i], it->account[k] = it->account[i], it->owner[k] = it->owner[i];
        it->cents[k] = it->cents[i], it->opened[k] = it->opened[i], it->due[k++] = it->due[i];
    }
    if (d->has_items) it->n = k;
    cli_requests *q = &d->requests;
    k = 0;
    for (size_t i = 0; d->has_requests && i < q->n; i++) {
        if (q->raised[i] != INT64_MIN && q->raised[i] > end) {
            free(q->id[i]), free(q->cost_centre[i]), free(q->requester[i]);
            continue;
        }
        q->id[k] = q->id[i], q->cost_centre[k] = q->cost_centre[i];
        q->requester[k] = q->requester[i], q->amount[k] = q->amount[i];
        q->line[k] = q->line[i], q->where[k] = q->where[i], q->raised[k++] = q->raised[i];
    }
    if (d->has_requests) q->n = k;
    cli_subledgers *sl = &d->subledgers;
    k = 0;
    for (size_t i = 0; d->has_subledgers && i < sl->n; i++)
        if (sl->month[i] == INT64_MIN || sl->month[i] == d->as_of - 1) {
            sl->ledger[k] = sl->ledger[i], sl->month[k] = sl->month[i];
            sl->cents[k++] = sl->cents[i];
        }
    if (d->has_subledgers) sl->n = k;
}

static void closing_cut(cli_dataset *d)
{
    if (d->as_of == INT64_MIN) return;
    if (d->has_actuals) cut_panel(&d->actuals, d->as_of - 1);
    if (d->has_balances) cut_panel(&d->balances, d->as_of - 1);
    int64_t end;
    if (fpa_date_from_ymd(&end, (int)(d->as_of / 12), cli_period_month(d->as_of), 1) != FPA_OK)
        return;
    cut_ledgers(d, end - 1);
    if (d->has_bank) cli_cashlines_cut(&d->bank, end - 1);
    if (d->has_cashbook) cli_cashlines_cut(&d->cashbook, end - 1);
}

static int load_manifest(cli_dataset *d, manifest *m, const cli_sources *src)
{
    cli_text t;
    int rc = 0;
    if (src->sample && !cli_text_sample(&t, "company.json"))
        return cli_fail(CLI_EINPUT, "the embedded sample has no company.json");
    if (!src->sample && (rc = cli_text_file(&t, src->company))) return rc;
    rc = manifest_load(d, m, &t, src->sample);
    cli_text_free(&t);
    return rc;
}

int cli_dataset_load(cli_dataset *d, const cli_sources *src)
{
    memset(d, 0, sizeof *d);
    d->as_of = INT64_MIN;
    manifest m = {0};
    int rc = src->sample || src->company ? load_manifest(d, &m, src) : 0;
    for (int s = 0; s < S_COUNT && !rc; s++) {
        if (src->path[s]) {
            free(m.path[s]);
            m.path[s] = cli_strdup(src->path[s]);
            m.sample[s] = false;
        }
        if (m.path[s]) rc = load_slot(d, &m, s);
    }
    if (!rc && src->revenue) {
        if (d->has_chart)
            rc = cli_fail(CLI_EUSAGE, "--revenue is for data without --lines: the chart of "
                          "lines gives every line its nature");
        else split_list(d, src->revenue);
    }
    if (!rc) rc = resolve_lines(d);
    if (!rc) rc = after_lines(d);
    /* the month of the review */
    int64_t first, last;
    if (src->as_of != INT64_MIN) d->as_of = src->as_of;
    else if (m.as_of) cli_parse_period(&d->as_of, m.as_of);
    else if (d->has_actuals && cli_panel_span(&d->actuals, &first, &last)) d->as_of = last + 1;
    d->fy_start = src->fy_start ? src->fy_start : m.fy_start;
    if (!rc && src->closing) closing_cut(d);
    if (!rc && !d->company) d->company = cli_strdup("");
    if (!rc && !d->currency) d->currency = cli_strdup("");
    for (int s = 0; s < S_COUNT; s++) free(m.path[s]);
    free(m.as_of);
    if (rc) cli_dataset_free(d);
    return rc;
}

void cli_dataset_free(cli_dataset *d)
{
    cli_panel_free(&d->actuals);
    cli_panel_free(&d->budget);
    cli_panel_free(&d->balances);
    cli_panel_free(&d->drivers);
    cli_scenarios_free(&d->scenarios);
    cli_chart_free(&d->chart);
    cli_cohorts_free(&d->cohorts);
    cli_items_free(&d->items);
    cli_requests_free(&d->requests);
    cli_subledgers_free(&d->subledgers);
    cli_cashlines_free(&d->bank);
    cli_cashlines_free(&d->cashbook);
    for (size_t i = 0; i < d->nlines; i++) free(d->line[i]);
    for (size_t i = 0; i < d->nrevenue_ids; i++) free(d->revenue_ids[i]);
    free(d->line);
    free(d->nature);
    free(d->revenue_ids);
    free(d->company);
    free(d->currency);
    memset(d, 0, sizeof *d);
}
