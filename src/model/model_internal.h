/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The planning model's objects and its evaluation engine, shared by the
 * model's files and by the working-capital and scenario modules, which run
 * their projection and what-ifs on it (their per-call validation happens
 * once, above this layer). */
#ifndef FPA_MODEL_INTERNAL_H
#define FPA_MODEL_INTERNAL_H
#include "fpa/model.h"
#include "../core/internal.h"

enum {
    MDL_MAX_PERIODS = 100000,
    MDL_NAME_MAX = 63,
    MDL_NONE_KIND = -1,
    /* line kinds beyond the public fpa_model_rel values */
    MDL_INPUT = 100,
    MDL_INTEREST = 101, /* (debt, rate, revolver, rate, cash, rate), lagged balances */
    MDL_TAX = 102,      /* (ebt, rate): rate * max(ebt, 0) */
    MDL_REVOLVER = 103, /* (flow, cash, floor, limit) */
    MDL_NROLES = FPA_ROLE_REVOLVER_LIMIT + 1,
    MDL_NOPENINGS = 5  /* the statement lines that take an opening value */
};
/* How a line's opening value is found at evaluation. */
enum { MDL_OPEN_OWN = 0, MDL_OPEN_INPUTS = 1, MDL_OPEN_EQUITY = 2 };
#define MDL_NOLINE SIZE_MAX

/* A scenario entry: op(value) from `from` on, or (op MDL_SERIES) the
 * whole series `series`. Ops share fpa_scenario_op's values. */
enum { MDL_SET = 0, MDL_ADD = 1, MDL_MUL = 2, MDL_SERIES = 3 };
typedef struct {
    size_t line;
    int op;
    double value;
    size_t from;
    const double *series; /* n values for MDL_SERIES, else NULL */
} mdl__change;

typedef struct {
    const mdl__change *c;
    size_t n;
} mdl__changes;

/* A lever with one value per lane. */
typedef struct {
    size_t line;
    int op;
    size_t from;
    const double *value; /* W values */
} mdl__lane_lever;

typedef struct {
    char *name;
    int kind;            /* fpa_model_rel, or MDL_INPUT, MDL_INTEREST ... */
    size_t nin, npar;
    char **in_names;     /* until the build */
    size_t *in;          /* resolved by the build (MDL_NOLINE: absent) */
    double *par;
    double *values;      /* inputs: n values */
    double opening;
    double floor;        /* -INFINITY: none */
    const char *floor_why; /* static text appended to a floor's failure, or NULL */
    int nature;
    int open_rule;       /* MDL_OPEN_... */
    bool opening_set;
    bool lagged_self;    /* reads its own previous value (cumsum, running, revolver) */
} mdl_line;

/* A step of the evaluation: `count` lines of `order` from `first`, one line
 * over all periods (count 1, !periodwise) or a loop through earlier periods
 * evaluated period by period. */
typedef struct {
    size_t first, count;
    bool periodwise;
} mdl_step;

typedef struct {
    int role;
    char *name;
} mdl_link;

struct fpa_model {
    fpa_mem mem;
    int calendar;
    size_t n;
    int64_t *bounds;   /* n + 1 */
    double *days;      /* n */
    double *per_day;   /* n: 1 / days */
    double half_unit;  /* the checks' tolerance: half a minor unit */
    mdl_line *line;
    size_t nlines, cap;
    size_t *hash;      /* open addressing, line index + 1, 0 empty */
    double stmt_open[MDL_NOPENINGS];  /* openings set before the build */
    bool stmt_open_set[MDL_NOPENINGS];
    size_t hcap;
    mdl_link *link;
    size_t nlinks, link_cap;
    bool built;
    /* the build's output */
    size_t *order;     /* evaluation order of the relation lines */
    mdl_step *step;
    size_t nsteps, ninputs;
    size_t *inputs;    /* the input lines, in index order */
    size_t max_lag;    /* the most periods back any relation reads */
    bool has_lead;
    bool statements;
    size_t bs_check, cf_check, total_assets, total_le, net_change, cash;
    size_t equity;
};

/* ---- model.c --------------------------------------------------------- */
extern const char *const mdl__opening_names[MDL_NOPENINGS];
/* The index of a line by name: mdl__has() only tells, mdl__find() records
 * the failure (a probe must not leave a detail behind a call that
 * succeeds). */
bool mdl__has(size_t *out, const fpa_model *m, const char *name);
fpa_status mdl__find(size_t *out, const fpa_model *m, const char *name);
fpa_status mdl__input_line(size_t *out, const fpa_model *m, const char *name);
fpa_status mdl__add_line(size_t *out, fpa_model *m, const char *name, int kind,
                         const char *const *inputs, size_t nin, const double *par,
                         size_t npar);
fpa_status mdl__check_built(const fpa_model *m);
/* Free the lines from `nlines` on (the build's, when it fails). */
void mdl__truncate(fpa_model *m, size_t nlines);
const char *mdl__rel_name(int kind);

/* ---- build.c --------------------------------------------------------- */
/* A line's value in the period before the first. */
double mdl__opening(const fpa_model *m, size_t line);

/* ---- eval.c ---------------------------------------------------------- */
/* Every line of W lanes over periods [lo, lo + span):
 * values[(line * span + t - lo) * W + lane]. */
typedef struct {
    const fpa_model *m;
    double *v;
    size_t W, lo, span;
    uint64_t clamped; /* Monte Carlo: draws and relation values below floors */
} mdl__ev;
double mdl__ev_at(const mdl__ev *e, size_t line, size_t t, size_t lane);

/* The inputs' values after the changes: row i (rows + i * n) of every
 * input line i (the rows of relation lines are not touched). */
void mdl__apply_changes(const fpa_model *m, double *rows, const mdl__changes *lists,
                        size_t nlists);
/* Input line i in period t after the changes. */
double mdl__input_at(const fpa_model *m, size_t i, size_t t, const mdl__changes *lists,
                     size_t nlists);
/* Fill every input line's lanes with its row, then apply the lane levers. */
void mdl__fill_inputs(const mdl__ev *e, const double *rows, const mdl__lane_lever *lev,
                      size_t nlev);
/* Compute every relation line over periods [t0, t1), in the build's order
 * (the periods before t0 that lags read are in the columns already). */
void mdl__compute(const mdl__ev *e, size_t t0, size_t t1);
/* Check floors, finiteness and the statements' checks of lanes
 * [0, lanes). Monte Carlo (`count_floors`): input floors were applied by
 * the caller; relation values below floors are counted in e->clamped.
 * Otherwise a value below a floor fails. On failure *bad_lane is the
 * lowest failing lane and the detail names the line and period; `only`
 * (NULL: every line) restricts the finiteness check to those lines. */
fpa_status mdl__verify(mdl__ev *e, size_t lanes, size_t t0, size_t t1, bool count_floors,
                       const size_t *only, size_t nonly, size_t *bad_lane);
/* The whole evaluation of one case into out (lines x n), without
 * allocating: what fpa_model_evaluate() does after its checks. */
fpa_status mdl__evaluate(const fpa_model *m, double *out, const mdl__changes *lists,
                         size_t nlists);
/* The same evaluation in chunks of periods that fit `buf` (cap values,
 * more than lines x (the longest lag + 1)), carrying the periods lags need
 * from chunk to chunk, so a caller can evaluate any calendar without
 * allocating: `sink` reads periods [t0, t1) of each chunk (mdl__ev_at).
 * Models with a lead must fit whole. */
typedef fpa_status (*mdl__sink)(void *ctx, const mdl__ev *e, size_t t0, size_t t1);
fpa_status mdl__evaluate_chunks(const fpa_model *m, const mdl__changes *lists, size_t nlists,
                                double *buf, size_t cap, mdl__sink sink, void *ctx);

/* Scratch for evaluations of up to W lanes: the values, and a row per
 * input line holding its values after the changes. */
typedef struct {
    fpa_mem mem;
    mdl__ev e;
    double *rowbuf;  /* lines x n: the inputs' rows after the changes */
    size_t cap_lanes;
} mdl__ws;
fpa_status mdl__ws_init(mdl__ws *ws, const fpa_model *m, size_t lanes, const fpa_mem *mem);
void mdl__ws_free(mdl__ws *ws);
/* Evaluate `lanes` (<= the capacity) cases: the changes, then the lane
 * levers; verified. On failure *bad_lane is the lowest failing lane. */
fpa_status mdl__ws_run(mdl__ws *ws, const mdl__changes *lists, size_t nlists,
                       const mdl__lane_lever *lev, size_t nlev, size_t lanes,
                       size_t *bad_lane);
/* Line `line` of period t, lane j, of the last run. */
static inline double mdl__ws_at(const mdl__ws *ws, size_t line, size_t t, size_t j)
{
    return ws->e.v[(line * ws->e.span + t) * ws->e.W + j];
}
/* A lane count that keeps a lane block near `bytes` of values. */
size_t mdl__lanes_for(const fpa_model *m, size_t bytes, size_t max);

/* ---- whatif.c -------------------------------------------------------- */
struct fpa_model_scenario {
    fpa_mem mem;
    const fpa_model *m;
    mdl__change *c;
    size_t n, cap;
    double **series;  /* owned copies for MDL_SERIES entries, n each */
    size_t nseries;
};
mdl__changes mdl__scenario_changes(const fpa_model_scenario *scn);

/* ---- mc.c ------------------------------------------------------------ */
/* fpa_model_mc_add(_series) by line index (count 0: constant parameters). */
fpa_status mdl__mc_add_line(fpa_model_mc *mc, size_t line, int op, int dist,
                            const double *params, size_t nparams, size_t count, size_t from,
                            int when);
fpa_status mdl__mc_add_interval(fpa_model_mc *mc, size_t line, const double *point,
                                const double *lower, const double *upper, size_t count,
                                double level, size_t from, int when);
/* A simulation without a model (fpa_scenario_mc, made before its plan):
 * variables by line index, checked against a model when bound. */
fpa_status mdl__mc_new_detached(fpa_model_mc **out, const fpa_opts *opts);
fpa_mem mdl__mc_mem(const fpa_model_mc *mc);
/* A simulation of model m with src's variables and copula. */
fpa_status mdl__mc_bind(fpa_model_mc **out, const fpa_model_mc *src, const fpa_model *m,
                        const fpa_opts *opts);
/* The run after its checks, on the inputs after the change lists. */
fpa_status mdl__mc_run(fpa_model_mc_result **out, const fpa_model_mc *mc,
                       const mdl__changes *lists, size_t nlists, size_t paths,
                       const fpa_opts *opts);

/* The share of paths where output `line` (kept with a threshold) is below
 * it in period t; NaN when it is not such an output. */
double mdl__mc_below_share(const fpa_model_mc_result *res, size_t line, size_t t);

/* Cells: `ncells` cases of up to two levers whose value in cell c is
 * value[index(c, ncols)]; out receives each cell's output in the last
 * period (or, `every`, in every period: n values per cell). Blocks of
 * cells run in lanes on FPA_OPT_THREADS threads, reporting progress. A
 * failure names the lowest failing cell: "cell (i, j)" (naming
 * MDL_NAME_CELL) or "bar b (low value)" (MDL_NAME_BAR). */
typedef struct {
    size_t line;
    int op;
    size_t from;
    const double *value;
    size_t (*index)(size_t cell, size_t ncols);
} mdl__cell_lever;
enum { MDL_NAME_CELL = 0, MDL_NAME_BAR = 1 };
typedef struct {
    const fpa_model *m;
    const mdl__changes *lists;
    size_t nlists;
    mdl__cell_lever lev[2];
    size_t nlev, ncells, ncols, output;
    bool every;
    double *out;
    int naming;
    size_t bar;
} mdl__cells;
fpa_status mdl__cells_run(const mdl__cells *c, const fpa_opts *opts);

/* Goal seek on a metric of one value v (fpa_scenario_goal_seek's root
 * form, fpa_scenario_goal_solve's constraint forms, and the model's). */
typedef struct {
    fpa_status (*metric)(double *out, double v, void *ctx);
    void *ctx;
    const char *what;  /* the lever's name, for the detail */
    double target;
    fpa_status st;     /* the first failure inside the solver's calls */
    char detail[256];
} mdl__goal;
fpa_status mdl__goal_root(double *out, mdl__goal *g, double lo, double hi);
fpa_status mdl__goal_limit(double *out, mdl__goal *g, double lo, double hi, bool from_hi,
                           bool at_most);
#endif
