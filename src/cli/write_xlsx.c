/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The XLSX writer (libxlsxwriter): a contents sheet (title, parameters,
 * notes, the list of sheets), one sheet per table named <section>.<table>
 * with the JSON pack's columns, numbers stored as numbers under thousands
 * and percent formats, the header row frozen, columns as wide as their
 * text; and a charts sheet of native charts, one per figure, drawn from
 * the figures' data on a sheet of their own. */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xlsxwriter.h>

typedef struct book {
    lxw_workbook *wb;
    lxw_format *head, *title, *fmt[7]; /* by cli_kind */
    lxw_worksheet *data, *charts;
    lxw_row_t data_row, chart_row;
    int charts_done;
    char **names; /* sheet names given, for uniqueness */
    size_t nnames, cap;
} book;

static void formats(book *b)
{
    b->head = workbook_add_format(b->wb);
    format_set_bold(b->head);
    format_set_bg_color(b->head, 0xE8EEF6);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    b->title = workbook_add_format(b->wb);
    format_set_bold(b->title);
    format_set_font_size(b->title, 14);
    static const char *const num[7] = {NULL, "#,##0", "0.0%", "#,##0.00", "#,##0", NULL,
                                       "General"};
    for (int k = 0; k < 7; k++) {
        if (!num[k]) continue;
        b->fmt[k] = workbook_add_format(b->wb);
        format_set_num_format(b->fmt[k], num[k]);
    }
}

/* Excel's rules: at most 31 characters, none of []:*?/\, unique. */
static const char *sheet_name(book *b, const char *want)
{
    char base[32];
    size_t o = 0;
    for (const char *c = want; *c && o < 31; c++) base[o++] = strchr("[]:*?/\\", *c) ? '_' : *c;
    base[o] = '\0';
    char *name = cli_strdup(base);
    for (unsigned k = 2;; k++) {
        bool taken = false;
        for (size_t i = 0; i < b->nnames; i++) taken |= !strcasecmp(b->names[i], name);
        if (!taken) break;
        free(name);
        name = cli_fmt("%.27s~%u", base, k);
    }
    b->names = cli_grow(b->names, &b->cap, b->nnames + 1, sizeof *b->names);
    return b->names[b->nnames++] = name;
}

/* ---- tables --------------------------------------------------------------------- */

static void cell(book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const cli_cell *x)
{
    if (x->null) return;
    if (x->kind == CLI_TEXT) worksheet_write_string(ws, r, c, x->text, NULL);
    else if (x->kind == CLI_BOOL) worksheet_write_boolean(ws, r, c, x->num != 0, NULL);
    else worksheet_write_number(ws, r, c, x->num, b->fmt[x->kind]);
}

static void table_sheet(book *b, const cli_section *s, const cli_table *t)
{
    char *want = cli_fmt("%s.%s", s->name, t->name);
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, sheet_name(b, want));
    free(want);
    char buf[CLI_CELL_MAX];
    lxw_col_t c = 0;
    for (size_t j = 0; j < t->ncols; j++) {
        if (t->col[j].flags & CLI_HIDE_MACHINE) continue;
        size_t width = strlen(t->col[j].name);
        worksheet_write_string(ws, 0, c, t->col[j].name, b->head);
        for (size_t i = 0; i < t->nrows; i++) {
            const cli_cell *x = cli_cell_at(t, i, j);
            cell(b, ws, (lxw_row_t)(i + 1), c, x);
            size_t w = cli_text_width(cli_cell_text(buf, sizeof buf, x));
            if (w > width) width = w;
        }
        worksheet_set_column(ws, c, c, (double)(width > 60 ? 60 : width) + 2, NULL);
        c++;
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (c && t->nrows) worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(c - 1));
}

static void contents(book *b, const cli_report *r)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, sheet_name(b, "contents"));
    char buf[CLI_CELL_MAX];
    lxw_row_t row = 0;
    worksheet_write_string(ws, row++, 0, r->title, b->title);
    for (size_t i = 0; i < r->nparams; i++, row++) {
        worksheet_write_string(ws, row, 0, r->param_key[i], b->head);
        worksheet_write_string(ws, row, 1, cli_cell_text(buf, sizeof buf, &r->param[i]), NULL);
    }
    for (size_t s = 0; s < r->nsections; s++) {
        const cli_section *sec = r->section[s];
        worksheet_write_string(ws, ++row, 0, sec->title, b->title);
        row++;
        for (size_t n = 0; n < sec->nnotes; n++) worksheet_write_string(ws, row++, 1, sec->note[n], NULL);
        for (size_t t = 0; t < sec->ntables; t++) {
            if (sec->table[t]->flags & CLI_HIDE_MACHINE) continue;
            char *sheet = cli_fmt("%s.%s", sec->name, sec->table[t]->name);
            worksheet_write_string(ws, row, 0, sheet, NULL);
            worksheet_write_string(ws, row++, 1, sec->table[t]->title, NULL);
            free(sheet);
        }
    }
    worksheet_set_column(ws, 0, 0, 34, NULL);
    worksheet_set_column(ws, 1, 1, 100, NULL);
}

/* ---- figures --------------------------------------------------------------------- */

/* A figure's columns on the data sheet: categories, then one column per
 * trace (a waterfall: the stacked parts that draw it). */
static void write_lines_data(book *b, const cli_figure *f, lxw_row_t r0)
{
    worksheet_write_string(b->data, r0, 0, f->title, b->head);
    for (size_t i = 0; i < f->n; i++)
        if (f->x[i]) worksheet_write_string(b->data, r0 + 1 + (lxw_row_t)i, 0, f->x[i], NULL);
    for (size_t k = 0; k < f->nseries; k++) {
        worksheet_write_string(b->data, r0, (lxw_col_t)(k + 1), f->s[k].name, b->head);
        for (size_t i = 0; i < f->n; i++)
            if (isfinite(f->s[k].v[i]))
                worksheet_write_number(b->data, r0 + 1 + (lxw_row_t)i, (lxw_col_t)(k + 1),
                                       f->s[k].v[i], NULL);
    }
}

static const char *const wf_names[9] = {"", "favourable", "favourable", "unfavourable",
                                        "unfavourable", "total", "total", "other", "other"};
static const lxw_color_t wf_colours[9] = {0, 0x2E7D32, 0x2E7D32, 0xC62828, 0xC62828,
                                          0x37474F, 0x37474F, 0x90A4AE, 0x90A4AE};

/* Stacked columns: an invisible base, then per tone a part above zero and
 * a part below (a step that crosses zero has both). */
static void write_waterfall_data(book *b, const cli_figure *f, lxw_row_t r0)
{
    const cli_trace *t = &f->s[0];
    worksheet_write_string(b->data, r0, 0, f->title, b->head);
    for (int k = 0; k < 9; k++)
        worksheet_write_string(b->data, r0, (lxw_col_t)(k + 1), k ? wf_names[k] : "base", b->head);
    worksheet_write_string(b->data, r0, 10, "step", b->head);
    double cum = 0;
    for (size_t i = 0; i < f->n; i++) {
        bool total = t->tone[i] == CLI_TONE_TOTAL;
        double a = total ? 0 : cum, e = total ? t->v[i] : cum + t->v[i], v[9] = {0};
        cum = e;
        int tone = t->tone[i] == CLI_TONE_GOOD ? 1 : t->tone[i] == CLI_TONE_BAD ? 3
                 : total ? 5 : 7;
        double lo = fmin(a, e), hi = fmax(a, e);
        if (lo >= 0) v[0] = lo, v[tone] = hi - lo;
        else if (hi <= 0) v[0] = hi, v[tone + 1] = lo - hi;
        else v[tone] = hi, v[tone + 1] = lo;
        lxw_row_t r = r0 + 1 + (lxw_row_t)i;
        worksheet_write_string(b->data, r, 0, f->x[i] ? f->x[i] : "", NULL);
        for (int k = 0; k < 9; k++) worksheet_write_number(b->data, r, (lxw_col_t)(k + 1), v[k], NULL);
        worksheet_write_number(b->data, r, 10, t->v[i], NULL);
    }
}

static lxw_chart_series *add_series(lxw_chart *ch, const char *name, lxw_row_t r0, size_t n,
                                    lxw_col_t col)
{
    lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
    if (!s) return NULL;
    const char *sheet = "figure data";
    chart_series_set_categories(s, sheet, r0 + 1, 0, r0 + (lxw_row_t)n, 0);
    chart_series_set_values(s, sheet, r0 + 1, col, r0 + (lxw_row_t)n, col);
    chart_series_set_name(s, name);
    return s;
}

static lxw_chart *chart_of(book *b, const cli_figure *f, lxw_row_t r0)
{
    bool wf = f->kind == CLI_FIG_WATERFALL;
    lxw_chart *ch = workbook_add_chart(b->wb, wf ? LXW_CHART_COLUMN_STACKED
                                       : f->kind == CLI_FIG_BARS ? LXW_CHART_BAR
                                       : LXW_CHART_LINE);
    chart_title_set_name(ch, f->title);
    for (size_t k = 0; k < (wf ? 9 : f->nseries); k++) {
        const char *name = wf ? (k ? wf_names[k] : "base") : f->s[k].name;
        lxw_chart_series *s = add_series(ch, name, r0, f->n, (lxw_col_t)(k + 1));
        if (!s) continue;
        if (wf) {
            lxw_chart_fill fill = {.color = wf_colours[k], .none = k == 0};
            chart_series_set_fill(s, &fill);
        } else if (f->kind == CLI_FIG_LINES && f->s[k].role != CLI_ROLE_LINE) {
            lxw_chart_line line = {.dash_type = LXW_CHART_LINE_DASH_DASH, .width = 1.25};
            chart_series_set_line(s, &line);
        }
    }
    if (wf) {
        chart_set_style(ch, 10);
        chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
        chart_set_series_gap(ch, 60);
    } else {
        chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    }
    return ch;
}

static void figures(book *b, const cli_report *r)
{
    for (size_t s = 0; s < r->nsections; s++)
        for (size_t k = 0; k < r->section[s]->nfigures; k++) {
            const cli_figure *f = r->section[s]->figure[k];
            if (!b->data) {
                b->charts = workbook_add_worksheet(b->wb, sheet_name(b, "charts"));
                b->data = workbook_add_worksheet(b->wb, sheet_name(b, "figure data"));
            }
            if (f->kind == CLI_FIG_WATERFALL) write_waterfall_data(b, f, b->data_row);
            else write_lines_data(b, f, b->data_row);
            lxw_chart *ch = chart_of(b, f, b->data_row);
            lxw_chart_options place = {.x_scale = 1.5, .y_scale = 1.25};
            worksheet_insert_chart_opt(b->charts, b->chart_row, (lxw_col_t)(b->charts_done % 2 * 12),
                                       ch, &place);
            if (b->charts_done++ % 2) b->chart_row += 20;
            b->data_row += (lxw_row_t)f->n + 3;
        }
}

int cli_write_xlsx(const char *path, const cli_report *r)
{
    book b = {.wb = workbook_new(path)};
    if (!b.wb) return errno ? errno : EIO;
    formats(&b);
    contents(&b, r);
    figures(&b, r);
    for (size_t s = 0; s < r->nsections; s++)
        for (size_t t = 0; t < r->section[s]->ntables; t++)
            if (!(r->section[s]->table[t]->flags & CLI_HIDE_MACHINE))
                table_sheet(&b, r->section[s], r->section[s]->table[t]);
    lxw_error e = workbook_close(b.wb);
    for (size_t i = 0; i < b.nnames; i++) free(b.names[i]);
    free(b.names);
    if (e == LXW_NO_ERROR) return 0;
    return e == LXW_ERROR_MEMORY_MALLOC_FAILED ? ENOMEM : errno ? errno : EIO;
}
