/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report layer: one model of a report (sections of named tables,
 * notes and charts) that every writer renders: aligned text for a person,
 * CSV and JSON for a machine, a self-contained HTML page and an XLSX
 * workbook for a finance team. Section builders fill the model; nothing
 * here knows the command line. */
#ifndef FPA_CLI_REPORT_H
#define FPA_CLI_REPORT_H

#include "base.h"

typedef enum cli_kind {
    CLI_TEXT,     /* a string */
    CLI_AMOUNT,   /* money: grouped, no decimals in text, cents in CSV */
    CLI_FRACTION, /* a ratio: a percentage in text, 6 decimals in CSV */
    CLI_NUMBER,   /* two decimals in text, four in CSV (months, days, multiples) */
    CLI_COUNT,    /* a whole number */
    CLI_BOOL,
    CLI_VALUE     /* ten significant digits in text and CSV */
} cli_kind;

enum { CLI_HIDE_TEXT = 1, CLI_HIDE_MACHINE = 2 }; /* column and table flags */

typedef struct cli_col {
    const char *name;
    cli_kind kind;
    unsigned flags;
} cli_col;
typedef struct cli_cell {
    cli_kind kind;
    bool null;
    double num;
    char *text;
} cli_cell;
typedef struct cli_table {
    char *name, *title;
    size_t ncols;
    cli_col *col;
    size_t nrows, cap;
    cli_cell *cell;
    unsigned flags;
    int group_col;    /* text and HTML: a block per value of this column, or -1 */
    int indent_col;   /* text and HTML: indent this column by level_col, or -1 */
    int level_col;
    size_t text_tail; /* text: only the last rows (0: all) */
} cli_table;

/* Charts: drawn by the HTML (inline SVG) and XLSX (native charts) writers
 * from their own copy of the figures; text, CSV and JSON carry the same
 * figures in the tables. */
typedef enum cli_figure_kind {
    CLI_FIG_LINES,     /* series over the categories (months) */
    CLI_FIG_WATERFALL, /* a bridge: a start total, steps, an end total */
    CLI_FIG_BARS       /* horizontal bars, one per category */
} cli_figure_kind;
typedef enum cli_role {
    CLI_ROLE_LINE,     /* a solid line */
    CLI_ROLE_DASHED,   /* a dashed line (the prior year, an average) */
    CLI_ROLE_BAND_LO,  /* the lower edge of a band; the next series is its upper edge */
    CLI_ROLE_BAND_HI,
    CLI_ROLE_LEVEL,    /* a horizontal limit (the cash floor) */
    CLI_ROLE_STEP      /* waterfall and bars: the values */
} cli_role;
enum { CLI_TONE_NONE = 0, CLI_TONE_GOOD = 1, CLI_TONE_BAD = 2, CLI_TONE_TOTAL = 3 };
typedef struct cli_trace {
    char *name;
    cli_role role;
    double *v;             /* one per category, NaN where none */
    unsigned char *tone;   /* steps: CLI_TONE_* per category, or NULL */
} cli_trace;
typedef struct cli_figure {
    char *name, *title, *unit; /* unit: "currency", "days", "fraction" */
    cli_figure_kind kind;
    size_t n, nseries, cap;
    char **x;                  /* category labels */
    cli_trace *s;
} cli_figure;

typedef struct cli_section {
    char *name, *title;
    size_t ntables, nnotes, nfigures;
    cli_table **table;
    char **note;
    cli_figure **figure;
} cli_section;
typedef struct cli_report {
    char *name, *title;
    bool bare; /* text: the tables alone, for one-figure answers */
    size_t nparams, nsections;
    char **param_key;
    cli_cell *param;
    cli_section **section;
} cli_report;

cli_report *cli_report_new(const char *name, const char *title);
void cli_report_free(cli_report *r);
void cli_report_param_text(cli_report *r, const char *key, const char *val);
cli_section *cli_section_add(cli_report *r, const char *name, const char *title);
void cli_section_note(cli_section *s, const char *fmt, ...) CLI_PRINTF(2, 3);
cli_table *cli_table_add(cli_section *s, const char *name, const char *title,
                         const cli_col *cols, size_t ncols);
size_t cli_row_add(cli_table *t);
void cli_put_text(cli_table *t, size_t col, const char *s);
void cli_put_num(cli_table *t, size_t col, double v);
void cli_put_kind(cli_table *t, size_t col, cli_kind k, double v);
void cli_put_null(cli_table *t, size_t col);
void cli_put_bool(cli_table *t, size_t col, bool v);
void cli_put_period(cli_table *t, size_t col, int64_t period);
const cli_cell *cli_cell_at(const cli_table *t, size_t row, size_t col);

cli_figure *cli_figure_add(cli_section *s, const char *name, const char *title,
                           cli_figure_kind kind, const char *unit, size_t n);
void cli_figure_x(cli_figure *f, size_t i, const char *label);
void cli_figure_x_period(cli_figure *f, size_t i, int64_t period);
cli_trace *cli_figure_trace(cli_figure *f, const char *name, cli_role role);

/* Rendering, shared by the writers (buffers of CLI_CELL_MAX bytes). */
enum { CLI_CELL_MAX = 400 };
const char *cli_cell_text(char *buf, size_t n, const cli_cell *c); /* as text shows it */
void cli_cell_csv(char *buf, size_t n, const cli_cell *c);         /* as CSV writes it */
size_t cli_text_width(const char *s);                              /* in characters */
bool cli_table_visible(const cli_table *t, size_t col);            /* a text column */
size_t cli_table_indent(const cli_table *t, size_t row, size_t col); /* spaces */

typedef enum cli_format {
    CLI_FMT_TABLE, CLI_FMT_CSV, CLI_FMT_JSON, CLI_FMT_HTML, CLI_FMT_XLSX
} cli_format;
bool cli_format_parse(cli_format *out, const char *name);

/* Where a report goes: standard output, a file, or (CSV) a directory. */
typedef struct cli_output {
    cli_format format;
    const char *path;  /* NULL or "-": standard output */
    const char *table; /* one table only, or NULL */
} cli_output;
int cli_report_write(const cli_report *r, const cli_output *o);

/* The model as JSON and back, exactly (the store keeps packs so). */
char *cli_report_serialize(const cli_report *r);
cli_report *cli_report_deserialize(const char *text); /* NULL if not a pack */

/* The writers; each returns 0 or an errno value. */
int cli_write_text(FILE *f, const cli_report *r, const cli_table *only);
int cli_write_csv(FILE *f, const cli_table *t);
int cli_write_json(FILE *f, const cli_report *r, const cli_table *only);
int cli_write_html(FILE *f, const cli_report *r);
int cli_write_xlsx(const char *path, const cli_report *r);

#endif /* FPA_CLI_REPORT_H */
