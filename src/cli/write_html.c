/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML writer: one self-contained page (inline CSS and SVG, no script,
 * no font or image fetched from anywhere) that prints well. Each section
 * shows its notes, its figures drawn as SVG, and the tables of the text
 * pack with the same numbers; favourable and unfavourable read by colour
 * (the variance module's flags), never by sign alone. */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef FPA_CLI_VERSION
#define FPA_CLI_VERSION FPA_VERSION_STRING
#endif

static const char css[] =
    "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
    "color:#1c2430;margin:24px auto;max-width:1180px;padding:0 16px}"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;border-bottom:2px solid #1c5d99;"
    "padding-bottom:4px;margin-top:36px}h3{font-size:15px;margin:18px 0 6px}"
    "dl.params{display:flex;flex-wrap:wrap;gap:4px 24px;margin:8px 0 12px;color:#485566}"
    "dl.params dt{font-weight:600}dl.params dd{margin:0 0 0 6px}"
    "dl.params div{display:flex}"
    "nav{margin:8px 0 16px}nav a{margin-right:14px;color:#1c5d99;text-decoration:none}"
    "p.note{color:#485566;margin:4px 0;font-size:13px}"
    ".figs{display:flex;flex-wrap:wrap;gap:12px 20px}"
    "figure{margin:6px 0;break-inside:avoid}figcaption{font-weight:600;font-size:13px;"
    "margin-bottom:2px}"
    "svg text{font:11px system-ui,Arial,sans-serif;fill:#485566}"
    ".tw{overflow-x:auto}table{border-collapse:collapse;margin:4px 0 14px;font-size:12.5px}"
    "th,td{padding:2px 8px;border-bottom:1px solid #e1e6ec;white-space:nowrap}"
    "th{background:#f0f3f7;text-align:left}td.n,th.n{text-align:right;"
    "font-variant-numeric:tabular-nums}tr.group td{background:#e8eef6;font-weight:600}"
    ".fav{color:#1e7b34;font-weight:600}.unf{color:#b3261e;font-weight:600}"
    ".legend span{margin-right:12px;font-size:11px;color:#485566}"
    ".legend i{display:inline-block;width:14px;height:3px;vertical-align:middle;"
    "margin-right:4px}"
    "@media print{body{margin:0;max-width:none;font-size:11px}nav{display:none}"
    ".tw{overflow:visible}"
    "h2{break-before:page}h2:first-of-type{break-before:auto}table{font-size:9.5px}"
    "thead{display:table-header-group}tr,figure{break-inside:avoid}}"
    "@page{size:A4 landscape;margin:12mm}";

/* The palette of lines; bands take the colour of the line they surround. */
static const char *const palette[] = {"#1c5d99", "#e07b00", "#6a3d9a", "#2a9d8f",
                                      "#8c564b", "#d62780"};
enum { NPALETTE = sizeof palette / sizeof *palette };
static const char *const tone_colour[] = {"#90a4ae", "#2e7d32", "#c62828", "#37474f"};

static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n') fprintf(f, "\\x%02x", *s);
            else fputc(*s, f);
        }
    }
}

/* ---- scales ----------------------------------------------------------------------- */

typedef struct scale {
    double lo, hi, step; /* axis range and tick step */
    double y0, y1;       /* pixels of lo and hi */
} scale;

static double nice_step(double span)
{
    double raw = span / 5, mag = pow(10, floor(log10(raw))), r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * mag;
}

static scale scale_of(double lo, double hi, double y0, double y1)
{
    if (!(hi > lo)) {
        double pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
        lo -= pad;
        hi += pad;
    }
    double step = nice_step(hi - lo);
    return (scale){floor(lo / step) * step, ceil(hi / step) * step, step, y0, y1};
}

static double ypix(const scale *s, double v)
{
    return s->y0 + (v - s->lo) / (s->hi - s->lo) * (s->y1 - s->y0);
}

/* 1,250,000 as 1.25M; days and fractions as they are. */
static void short_num(char *buf, size_t n, double v, const char *unit)
{
    double a = fabs(v);
    if (!strcmp(unit, "fraction")) snprintf(buf, n, "%.0f%%", 100 * v);
    else if (a >= 1e9) snprintf(buf, n, "%.3gB", v / 1e9);
    else if (a >= 1e6) snprintf(buf, n, "%.3gM", v / 1e6);
    else if (a >= 1e4) snprintf(buf, n, "%.3gk", v / 1e3);
    else snprintf(buf, n, "%.4g", v);
}

static void y_axis(FILE *f, const scale *s, double x0, double x1, const char *unit)
{
    char buf[32];
    for (double v = s->lo; v <= s->hi + s->step / 2; v += s->step) {
        double y = ypix(s, v);
        short_num(buf, sizeof buf, fabs(v) < s->step / 1e6 ? 0 : v, unit);
        fprintf(f, "<line x1='%.1f' x2='%.1f' y1='%.1f' y2='%.1f' stroke='%s'/>", x0, x1, y, y,
                fabs(v) < s->step / 1e6 ? "#90a4ae" : "#e6ebf0");
        fprintf(f, "<text x='%.1f' y='%.1f' text-anchor='end'>%s</text>", x0 - 4, y + 4, buf);
    }
}

/* At most `max` characters of a label, cut at a character boundary with
 * an ellipsis. */
static void label(FILE *f, const char *s, size_t max)
{
    size_t chars = 0;
    const char *c = s;
    for (; *c; c++) {
        if (((unsigned char)*c & 0xc0) != 0x80 && chars++ == max) break;
    }
    char *cut = cli_fmt("%.*s%s", (int)(c - s), s, *c ? "\xe2\x80\xa6" : "");
    esc(f, cut);
    free(cut);
}

/* Months slanted under a line chart; a few categories (a bridge) upright,
 * on two lines when they need them. */
static void x_labels(FILE *f, const cli_figure *fig, double x0, double dx, double y, bool slant)
{
    size_t every = fig->n > 12 ? (fig->n + 11) / 12 : 1, fit = (size_t)(dx / 6.2);
    for (size_t i = 0; i < fig->n; i += every) {
        if (!fig->x[i]) continue;
        double x = x0 + dx * ((double)i + 0.5);
        if (slant) {
            fprintf(f, "<text transform='translate(%.1f %.1f) rotate(-35)' text-anchor='end'>",
                    x, y);
            label(f, fig->x[i], 24);
            fputs("</text>", f);
            continue;
        }
        const char *sp = strlen(fig->x[i]) > fit ? strchr(fig->x[i], ' ') : NULL;
        fprintf(f, "<text x='%.1f' y='%.1f' text-anchor='middle'>", x, y);
        if (!sp) {
            label(f, fig->x[i], fit);
        } else {
            char *first = cli_fmt("%.*s", (int)(sp - fig->x[i]), fig->x[i]);
            label(f, first, fit);
            fprintf(f, "<tspan x='%.1f' dy='13'>", x);
            label(f, sp + 1, fit);
            fputs("</tspan>", f);
            free(first);
        }
        fputs("</text>", f);
    }
}

static void range_of(const cli_figure *fig, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t k = 0; k < fig->nseries; k++)
        for (size_t i = 0; i < fig->n; i++) {
            double v = fig->s[k].v[i];
            if (!isfinite(v)) continue;
            if (v < *lo) *lo = v;
            if (v > *hi) *hi = v;
        }
    if (!isfinite(*lo)) *lo = 0, *hi = 1;
}

/* ---- figures ------------------------------------------------------------------------- */

enum { W = 540, H = 250, ML = 56, MR = 12, MT = 10, MB = 46 };

static void polyline(FILE *f, const double *v, size_t n, const scale *s, double x0, double dx,
                     const char *colour, bool dashed)
{
    bool open = false;
    for (size_t i = 0; i <= n; i++) {
        bool have = i < n && isfinite(v[i]);
        if (have && !open) fprintf(f, "<polyline fill='none' stroke='%s' stroke-width='2'%s "
                                   "points='", colour, dashed ? " stroke-dasharray='5 4'" : "");
        if (have) fprintf(f, "%.1f,%.1f ", x0 + dx * ((double)i + 0.5), ypix(s, v[i]));
        if (!have && open) fputs("'/>", f);
        open = have;
    }
}

static void band(FILE *f, const double *lo, const double *hi, size_t n, const scale *s,
                 double x0, double dx, const char *colour, double opacity)
{
    size_t a = 0;
    while (a < n) {
        while (a < n && !(isfinite(lo[a]) && isfinite(hi[a]))) a++;
        size_t b = a;
        while (b < n && isfinite(lo[b]) && isfinite(hi[b])) b++;
        if (b > a) {
            fprintf(f, "<polygon fill='%s' fill-opacity='%.2f' stroke='none' points='", colour,
                    opacity);
            for (size_t i = a; i < b; i++)
                fprintf(f, "%.1f,%.1f ", x0 + dx * ((double)i + 0.5), ypix(s, hi[i]));
            for (size_t i = b; i-- > a;)
                fprintf(f, "%.1f,%.1f ", x0 + dx * ((double)i + 0.5), ypix(s, lo[i]));
            fputs("'/>", f);
        }
        a = b;
    }
}

static void legend(FILE *f, const cli_figure *fig)
{
    fputs("<div class='legend'>", f);
    size_t line = 0;
    for (size_t k = 0; k < fig->nseries; k++) {
        const cli_trace *t = &fig->s[k];
        if (t->role == CLI_ROLE_BAND_HI || t->role == CLI_ROLE_STEP) continue;
        const char *c = t->role == CLI_ROLE_LEVEL ? "#c62828" : palette[line % NPALETTE];
        if (t->role == CLI_ROLE_LINE || t->role == CLI_ROLE_DASHED) line++;
        fprintf(f, "<span><i style='background:%s%s'></i>", c,
                t->role == CLI_ROLE_BAND_LO ? ";height:9px;opacity:.3" : "");
        esc(f, t->name);
        fputs("</span>", f);
    }
    fputs("</div>", f);
}

static void svg_lines(FILE *f, const cli_figure *fig)
{
    double lo, hi, dx = (double)(W - ML - MR) / (double)(fig->n ? fig->n : 1);
    range_of(fig, &lo, &hi);
    scale s = scale_of(lo, hi, H - MB, MT);
    y_axis(f, &s, ML, W - MR, fig->unit);
    /* bands first, under the lines; a band's colour is that of the next line */
    size_t line = 0;
    for (size_t k = 0; k < fig->nseries; k++) {
        const cli_trace *t = &fig->s[k];
        if (t->role == CLI_ROLE_BAND_LO && k + 1 < fig->nseries) {
            size_t next = line;
            band(f, t->v, fig->s[k + 1].v, fig->n, &s, ML, dx, palette[next % NPALETTE], 0.16);
        } else if (t->role == CLI_ROLE_LINE || t->role == CLI_ROLE_DASHED) {
            line++;
        }
    }
    line = 0;
    for (size_t k = 0; k < fig->nseries; k++) {
        const cli_trace *t = &fig->s[k];
        if (t->role == CLI_ROLE_LINE || t->role == CLI_ROLE_DASHED)
            polyline(f, t->v, fig->n, &s, ML, dx, palette[line++ % NPALETTE],
                     t->role == CLI_ROLE_DASHED);
        if (t->role == CLI_ROLE_LEVEL && isfinite(t->v[0]))
            fprintf(f, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#c62828' "
                    "stroke-dasharray='2 3' stroke-width='1.5'/>", ML, W - MR, ypix(&s, t->v[0]),
                    ypix(&s, t->v[0]));
    }
    x_labels(f, fig, ML, dx, H - MB + 14, true);
}

static void svg_waterfall(FILE *f, const cli_figure *fig)
{
    const cli_trace *t = fig->nseries ? &fig->s[0] : NULL;
    if (!t) return;
    double cum = 0, lo = 0, hi = 0, dx = (double)(W - ML - MR) / (double)(fig->n ? fig->n : 1);
    for (size_t i = 0; i < fig->n; i++) {
        cum = t->tone[i] == CLI_TONE_TOTAL ? t->v[i] : cum + t->v[i];
        lo = fmin(lo, cum);
        hi = fmax(hi, cum);
    }
    scale s = scale_of(lo, hi, H - MB, MT);
    y_axis(f, &s, ML, W - MR, fig->unit);
    cum = 0;
    for (size_t i = 0; i < fig->n; i++) {
        bool total = t->tone[i] == CLI_TONE_TOTAL;
        double a = total ? 0 : cum, b = total ? t->v[i] : cum + t->v[i];
        cum = b;
        double y0 = ypix(&s, fmax(a, b)), y1 = ypix(&s, fmin(a, b));
        fprintf(f, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>",
                ML + dx * (double)i + dx * 0.15, y0, dx * 0.7, fmax(y1 - y0, 0.5),
                tone_colour[t->tone[i] & 3]);
        esc(f, fig->x[i] ? fig->x[i] : "");
        fprintf(f, ": %.2f</title></rect>", t->v[i]);
    }
    x_labels(f, fig, ML, dx, H - MB + 14, fig->n > 8);
}

static void svg_bars(FILE *f, const cli_figure *fig, double height)
{
    const cli_trace *t = fig->nseries ? &fig->s[0] : NULL;
    if (!t) return;
    enum { LABEL = 200 };
    double lo, hi, dy = (height - 30) / (double)(fig->n ? fig->n : 1);
    range_of(fig, &lo, &hi);
    scale s = scale_of(fmin(lo, 0), fmax(hi, 0), LABEL, W - MR); /* horizontal */
    char buf[32];
    for (double v = s.lo; v <= s.hi + s.step / 2; v += s.step) {
        double x = ypix(&s, v);
        short_num(buf, sizeof buf, fabs(v) < s.step / 1e6 ? 0 : v, fig->unit);
        fprintf(f, "<line x1='%.1f' x2='%.1f' y1='4' y2='%.1f' stroke='%s'/><text x='%.1f' "
                "y='%.1f' text-anchor='middle'>%s</text>", x, x, height - 24,
                fabs(v) < s.step / 1e6 ? "#90a4ae" : "#e6ebf0", x, height - 10, buf);
    }
    for (size_t i = 0; i < fig->n; i++) {
        double v = isfinite(t->v[i]) ? t->v[i] : 0, x0 = ypix(&s, fmin(v, 0));
        double y = 4 + dy * (double)i;
        fprintf(f, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'/>", x0,
                y + dy * 0.15, fmax(fabs(ypix(&s, v) - ypix(&s, 0)), 0.5), dy * 0.7,
                tone_colour[t->tone[i] & 3]);
        fprintf(f, "<text x='%d' y='%.1f' text-anchor='end'>", LABEL - 6, y + dy * 0.62);
        label(f, fig->x[i] ? fig->x[i] : "", 30);
        fputs("</text>", f);
    }
}

static void figure(FILE *f, const cli_figure *fig)
{
    double height = fig->kind == CLI_FIG_BARS ? 40 + 22 * (double)fig->n : H;
    fprintf(f, "<figure id='fig-%s'><figcaption>", fig->name);
    esc(f, fig->title);
    fprintf(f, "</figcaption><svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%.0f' "
            "viewBox='0 0 %d %.0f' role='img'>", W, height, W, height);
    if (fig->kind == CLI_FIG_LINES) svg_lines(f, fig);
    else if (fig->kind == CLI_FIG_WATERFALL) svg_waterfall(f, fig);
    else svg_bars(f, fig, height);
    fputs("</svg>", f);
    if (fig->kind == CLI_FIG_LINES) legend(f, fig);
    fputs("</figure>\n", f);
}

/* ---- tables ---------------------------------------------------------------------------- */

static const char *tone_class(const char *flag)
{
    return flag[0] == 'F' ? "fav" : flag[0] == 'U' ? "unf" : NULL;
}

static void table_head(FILE *f, const cli_table *t)
{
    fputs("<thead><tr>", f);
    for (size_t j = 0; j < t->ncols; j++) {
        if (!cli_table_visible(t, j)) continue;
        fputs(t->col[j].kind == CLI_TEXT ? "<th>" : "<th class='n'>", f);
        esc(f, t->col[j].name);
        fputs("</th>", f);
    }
    fputs("</tr></thead>", f);
}

static size_t visible_cols(const cli_table *t)
{
    size_t n = 0;
    for (size_t j = 0; j < t->ncols; j++) n += cli_table_visible(t, j);
    return n;
}

static void table_row(FILE *f, const cli_table *t, size_t i)
{
    char buf[CLI_CELL_MAX];
    fputs("<tr>", f);
    for (size_t j = 0; j < t->ncols; j++) {
        if (!cli_table_visible(t, j)) continue;
        const cli_cell *c = cli_cell_at(t, i, j);
        const char *s = cli_cell_text(buf, sizeof buf, c);
        const char *cls = !strcmp(t->col[j].name, "flag") ? tone_class(s) : NULL;
        size_t ind = cli_table_indent(t, i, j);
        fprintf(f, "<td%s%s%s%s", t->col[j].kind != CLI_TEXT ? " class='n'" : "",
                cls ? " class='" : "", cls ? cls : "", cls ? "'" : "");
        if (ind) fprintf(f, " style='padding-left:%zuem'", ind / 2 + 1);
        fputc('>', f);
        esc(f, s);
        fputs("</td>", f);
    }
    fputs("</tr>\n", f);
}

static void table(FILE *f, const cli_table *t)
{
    fputs("<h3>", f);
    esc(f, t->title);
    fprintf(f, "</h3>\n<div class='tw'><table id='t-%s'>", t->name);
    table_head(f, t);
    fputs("<tbody>", f);
    char buf[CLI_CELL_MAX], *group = NULL;
    size_t first = t->text_tail && t->nrows > t->text_tail ? t->nrows - t->text_tail : 0;
    for (size_t i = first; i < t->nrows; i++) {
        if (t->group_col >= 0) {
            const char *g = cli_cell_text(buf, sizeof buf, cli_cell_at(t, i, (size_t)t->group_col));
            if (!group || strcmp(g, group) != 0) {
                fprintf(f, "<tr class='group'><td colspan='%zu'>", visible_cols(t));
                esc(f, g);
                fputs("</td></tr>\n", f);
                free(group);
                group = cli_strdup(g);
            }
        }
        table_row(f, t, i);
    }
    free(group);
    fputs("</tbody></table></div>\n", f);
}

/* ---- the page ----------------------------------------------------------------------------- */

static void section(FILE *f, const cli_section *s)
{
    fprintf(f, "<section id='%s'><h2>", s->name);
    esc(f, s->title);
    fputs("</h2>\n", f);
    for (size_t n = 0; n < s->nnotes; n++) {
        fputs("<p class='note'>", f);
        esc(f, s->note[n]);
        fputs("</p>\n", f);
    }
    if (s->nfigures) fputs("<div class='figs'>\n", f);
    for (size_t k = 0; k < s->nfigures; k++) figure(f, s->figure[k]);
    if (s->nfigures) fputs("</div>\n", f);
    for (size_t t = 0; t < s->ntables; t++)
        if (!(s->table[t]->flags & CLI_HIDE_TEXT)) table(f, s->table[t]);
    fputs("</section>\n", f);
}

int cli_write_html(FILE *f, const cli_report *r)
{
    errno = 0;
    fputs("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
          "<meta name='viewport' content='width=device-width,initial-scale=1'><title>", f);
    esc(f, r->title);
    fprintf(f, "</title><style>%s</style></head>\n<body>\n<header><h1>", css);
    esc(f, r->title);
    fputs("</h1><dl class='params'>", f);
    char buf[CLI_CELL_MAX];
    for (size_t i = 0; i < r->nparams; i++) {
        fputs("<div><dt>", f);
        esc(f, r->param_key[i]);
        fputs("</dt><dd>", f);
        esc(f, cli_cell_text(buf, sizeof buf, &r->param[i]));
        fputs("</dd></div>", f);
    }
    fputs("</dl><nav>", f);
    for (size_t s = 0; s < r->nsections; s++) {
        fprintf(f, "<a href='#%s'>", r->section[s]->name);
        esc(f, r->section[s]->title);
        fputs("</a>", f);
    }
    fputs("</nav></header>\n<main>\n", f);
    for (size_t s = 0; s < r->nsections; s++) section(f, r->section[s]);
    fprintf(f, "</main>\n<footer><p class='note'>fpa %s, libfpa %s</p></footer>\n"
            "</body></html>\n", FPA_CLI_VERSION, fpa_version_string());
    return ferror(f) ? (errno ? errno : EIO) : 0;
}
