/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The what-if file (JSON): named scenarios, each a list of driver changes
 * from a month on, and optionally the Monte Carlo model of cash-at-risk.
 * A value that is wrong is located by its path in the document
 * (scenarios[1].changes[0].driver), as jansson keeps no positions. */
#include "input.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const driver_names[] = {"revenue", "cogs", "dso", "dio", "dpo",
                                           "other_cash"};
static const char *const op_names[] = {"set", "add", "mul"};
static const char *const dist_names[] = {"normal", "lognormal", "uniform", "triangular",
                                         "pert", "forecast"};
static const char *const draw_names[] = {"each", "once"};
static const size_t dist_params[] = {2, 2, 2, 3, 3, 0};

const char *cli_driver_name(fpa_wc_driver d) { return driver_names[d]; }
const char *cli_op_name(fpa_scenario_op op) { return op_names[op]; }
const char *cli_dist_name(int dist) { return dist_names[dist]; }

typedef struct reader {
    const char *file;
    int rc;
} reader;

CLI_PRINTF(3, 4) static int bad(reader *r, const char *where, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!r->rc) r->rc = cli_fail_at(CLI_EINPUT, r->file, 0, 0, "%s: %s", where, msg);
    return r->rc;
}

static bool only_keys(reader *r, json_t *o, const char *where, const char *const *keys,
                      size_t n)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
        bool known = false;
        for (size_t i = 0; i < n; i++) known |= !strcmp(key, keys[i]);
        if (!known) {
            char list[256] = "";
            for (size_t i = 0, len = 0; i < n; i++)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
                                        keys[i]);
            bad(r, where, "unexpected key \"%s\": expected %s", key, list);
            return false;
        }
    }
    return true;
}

/* A name out of a list; -1 (and a message) when it is not one. */
static int choice(reader *r, json_t *o, const char *key, const char *where,
                  const char *const *names, size_t n, int def)
{
    json_t *v = json_object_get(o, key);
    if (!v && def >= 0) return def;
    if (json_is_string(v))
        for (size_t i = 0; i < n; i++)
            if (!strcmp(json_string_value(v), names[i])) return (int)i;
    char list[160] = "", *path = cli_fmt("%s.%s", where, key);
    for (size_t i = 0, len = 0; i < n; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
    if (!v) bad(r, path, "missing: one of %s", list);
    else if (!json_is_string(v)) bad(r, path, "expected a string: one of %s", list);
    else bad(r, path, "unknown %s \"%s\": expected %s", key, json_string_value(v), list);
    free(path);
    return -1;
}

static bool number(reader *r, json_t *v, const char *where, const char *key, double *out)
{
    if (json_is_number(v) && isfinite(json_number_value(v))) {
        *out = json_number_value(v);
        return true;
    }
    char *path = cli_fmt("%s%s", where, key);
    bad(r, path, "expected a number");
    free(path);
    return false;
}

static bool from_period(reader *r, json_t *o, const char *where, int64_t *out)
{
    json_t *v = json_object_get(o, "from");
    *out = INT64_MIN;
    if (!v) return true;
    if (json_is_string(v) && cli_parse_period(out, json_string_value(v))) return true;
    char *path = cli_fmt("%s.from", where);
    bad(r, path, "expected a month \"YYYY-MM\"");
    free(path);
    return false;
}

static void change_read(reader *r, cli_change *c, json_t *o, const char *where)
{
    static const char *const keys[] = {"driver", "op", "value", "from", "comment"};
    if (!json_is_object(o)) {
        bad(r, where, "expected an object {\"driver\", \"op\", \"value\", \"from\"}");
        return;
    }
    if (!only_keys(r, o, where, keys, 5)) return;
    int drv = choice(r, o, "driver", where, driver_names, 6, -1);
    int op = drv < 0 ? -1 : choice(r, o, "op", where, op_names, 3, -1);
    if (op < 0) return;
    if (!number(r, json_object_get(o, "value"), where, ".value", &c->value)) return;
    if (!from_period(r, o, where, &c->from)) return;
    c->driver = (fpa_wc_driver)drv;
    c->op = (fpa_scenario_op)op;
    c->where = cli_strdup(where);
}

static void uncertain_read(reader *r, cli_uncertain *u, json_t *o, const char *where)
{
    static const char *const keys[] = {"driver", "op", "dist", "params", "draw", "from",
                                       "comment"};
    if (!json_is_object(o)) {
        bad(r, where, "expected an object {\"driver\", \"op\", \"dist\", \"params\", ...}");
        return;
    }
    if (!only_keys(r, o, where, keys, 7)) return;
    int drv = choice(r, o, "driver", where, driver_names, 6, -1);
    int dist = drv < 0 ? -1 : choice(r, o, "dist", where, dist_names, 6, -1);
    if (dist < 0) return;
    if (dist == CLI_DIST_FORECAST) {
        if (drv != FPA_WC_REVENUE && drv != FPA_WC_COGS && drv != FPA_WC_OTHER_CASH) {
            bad(r, where, "dist \"forecast\" is for revenue, cogs and other_cash, the "
                "drivers that are forecast");
            return;
        }
        if (json_object_get(o, "op") || json_object_get(o, "params")) {
            bad(r, where, "a \"forecast\" draw takes no op or params: it multiplies the "
                "driver by a draw from its forecast's 80%% interval");
            return;
        }
    }
    int op = dist == CLI_DIST_FORECAST ? FPA_SCENARIO_MUL
                                       : choice(r, o, "op", where, op_names, 3, -1);
    int draw = op < 0 ? -1 : choice(r, o, "draw", where, draw_names, 2, 0);
    if (draw < 0) return;
    json_t *p = json_object_get(o, "params");
    size_t want = dist_params[dist];
    if (want && (!json_is_array(p) || json_array_size(p) != want)) {
        char *path = cli_fmt("%s.params", where);
        bad(r, path, "expected an array of %zu numbers for %s", want, dist_names[dist]);
        free(path);
        return;
    }
    for (size_t k = 0; k < want; k++) {
        char key[32];
        snprintf(key, sizeof key, ".params[%zu]", k);
        if (!number(r, json_array_get(p, k), where, key, &u->params[k])) return;
    }
    if (!from_period(r, o, where, &u->from)) return;
    u->driver = (fpa_wc_driver)drv;
    u->op = (fpa_scenario_op)op;
    u->dist = dist;
    u->nparams = want;
    u->draw = draw ? FPA_DRAW_ONCE : FPA_DRAW_EACH_PERIOD;
    u->where = cli_strdup(where);
}

static void scenario_read(reader *r, cli_scenarios *out, cli_scenario *s, json_t *o,
                          const char *where)
{
    static const char *const keys[] = {"name", "changes", "comment"};
    if (!json_is_object(o)) {
        bad(r, where, "expected an object {\"name\", \"changes\"}");
        return;
    }
    if (!only_keys(r, o, where, keys, 3)) return;
    json_t *name = json_object_get(o, "name"), *ch = json_object_get(o, "changes");
    char *path = cli_fmt("%s.name", where);
    const char *nm = json_is_string(name) ? json_string_value(name) : NULL;
    if (!nm || !*nm)
        bad(r, path, "expected a non-empty string");
    for (cli_scenario *t = out->s; !r->rc && t < s; t++)
        if (!strcmp(t->name, nm))
            bad(r, path, "\"%s\" repeats scenarios[%zu]", t->name, (size_t)(t - out->s));
    if (!r->rc && !strcmp(nm, "base")) bad(r, path, "\"base\" is the name of the base case");
    free(path);
    if (r->rc) return;
    s->name = cli_strdup(nm);
    if (!json_is_array(ch)) {
        path = cli_fmt("%s.changes", where);
        bad(r, path, "expected an array of changes");
        free(path);
        return;
    }
    s->n = json_array_size(ch);
    s->change = cli_calloc(s->n, sizeof *s->change);
    for (size_t k = 0; k < s->n && !r->rc; k++) {
        path = cli_fmt("%s.changes[%zu]", where, k);
        change_read(r, &s->change[k], json_array_get(ch, k), path);
        free(path);
    }
}

int cli_scenarios_load(cli_scenarios *out, const cli_text *t)
{
    memset(out, 0, sizeof *out);
    out->file = cli_strdup(t->name);
    json_error_t err;
    json_t *root = json_loadb(t->data, t->size, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        int rc = cli_fail_at(CLI_EINPUT, t->name, (size_t)(err.line > 0 ? err.line : 1),
                             (size_t)(err.column > 0 ? err.column : 1), "invalid JSON: %s",
                             err.text);
        cli_scenarios_free(out);
        return rc;
    }
    reader r = {t->name, 0};
    static const char *const keys[] = {"scenarios", "uncertainty", "comment"};
    json_t *sc = json_object_get(root, "scenarios"), *un = json_object_get(root, "uncertainty");
    if (!json_is_object(root))
        bad(&r, "(top)", "expected an object {\"scenarios\": [...], \"uncertainty\": [...]}");
    else if (only_keys(&r, root, "(top)", keys, 3) && sc && !json_is_array(sc))
        bad(&r, "scenarios", "expected an array of scenarios");
    else if (un && !json_is_array(un))
        bad(&r, "uncertainty", "expected an array of stochastic changes");
    if (!r.rc && sc) {
        out->n = json_array_size(sc);
        out->s = cli_calloc(out->n, sizeof *out->s);
        for (size_t i = 0; i < out->n && !r.rc; i++) {
            char where[64];
            snprintf(where, sizeof where, "scenarios[%zu]", i);
            scenario_read(&r, out, &out->s[i], json_array_get(sc, i), where);
        }
    }
    if (!r.rc && un) {
        out->has_uncertainty = true;
        out->nu = json_array_size(un);
        out->u = cli_calloc(out->nu, sizeof *out->u);
        for (size_t i = 0; i < out->nu && !r.rc; i++) {
            char where[64];
            snprintf(where, sizeof where, "uncertainty[%zu]", i);
            uncertain_read(&r, &out->u[i], json_array_get(un, i), where);
        }
    }
    json_decref(root);
    if (r.rc) cli_scenarios_free(out);
    return r.rc;
}

void cli_scenarios_free(cli_scenarios *s)
{
    for (size_t i = 0; s->s && i < s->n; i++) {
        for (size_t k = 0; s->s[i].change && k < s->s[i].n; k++) free(s->s[i].change[k].where);
        free(s->s[i].change);
        free(s->s[i].name);
    }
    for (size_t i = 0; s->u && i < s->nu; i++) free(s->u[i].where);
    free(s->s);
    free(s->u);
    free(s->file);
    memset(s, 0, sizeof *s);
}
