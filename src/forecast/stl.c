/* SPDX-License-Identifier: GPL-3.0-or-later */
/* STL, the seasonal-trend decomposition by loess of Cleveland, Cleveland,
 * McRae & Terpenning (1990), "STL: A Seasonal-Trend Decomposition Procedure
 * Based on Loess", Journal of Official Statistics 6(1), 3-73, without the
 * robustness iterations: what forecast's seasonal-strength test
 * (seas.heuristic() over mstl()) runs with R's stl() defaults for a series
 * with one period: s.window 11, s.degree 0, t.window the next odd integer
 * above 1.5 m / (1 - 1.5 / 11), l.window the next odd integer from m,
 * degrees 1, jumps ceiling(window / 10), two inner passes. Positions are
 * 1-based in the loess arithmetic, as in the paper's and R's code, so that
 * the weights and jumps fall on the same points. */
#include "arima.h"

#include <string.h>

/* The loess estimate at xs from y[nleft..nright] (1-based): tricube weights
 * in the half-width h, a local line for degree 1. false when every weight
 * is zero. */
static bool loess_at(const double *y, size_t n, size_t len, int deg, double xs,
                     size_t nleft, size_t nright, double *w, double *out)
{
    double range = (double)n - 1, h = fmax(xs - (double)nleft, (double)nright - xs);
    if (len > n) h += (double)((len - n) / 2);
    double h9 = 0.999 * h, h1 = 0.001 * h, a = 0;
    for (size_t j = nleft; j <= nright; j++) {
        double r = fabs((double)j - xs), v = 0;
        if (r <= h9) {
            double u = r / h;
            v = r <= h1 ? 1 : (1 - u * u * u) * (1 - u * u * u) * (1 - u * u * u);
        }
        w[j - 1] = v;
        a += v;
    }
    if (a <= 0) return false;
    for (size_t j = nleft; j <= nright; j++) w[j - 1] /= a;
    if (h > 0 && deg > 0) {
        double mean = 0, c = 0;
        for (size_t j = nleft; j <= nright; j++) mean += w[j - 1] * (double)j;
        for (size_t j = nleft; j <= nright; j++)
            c += w[j - 1] * ((double)j - mean) * ((double)j - mean);
        if (sqrt(c) > 0.001 * range) {
            double b = (xs - mean) / c;
            for (size_t j = nleft; j <= nright; j++)
                w[j - 1] *= b * ((double)j - mean) + 1;
        }
    }
    double s = 0;
    for (size_t j = nleft; j <= nright; j++) s += w[j - 1] * y[j - 1];
    *out = s;
    return true;
}

/* The loess smooth of y (n) with span len at every jump-th point, linear
 * in between; the neighbourhood of a point is the len values around it,
 * shifted inside the series at both ends. */
static void loess_smooth(const double *y, size_t n, size_t len, int deg,
                         size_t jump, double *ys, double *w)
{
    if (n < 2) {
        ys[0] = y[0];
        return;
    }
    size_t nj = jump < n - 1 ? jump : n - 1, nleft = 1, nright = n;
    size_t half = (len + 1) / 2;
    for (size_t i = 1; i <= n; i += nj) {
        if (len < n) {
            if (i < half) {
                nleft = 1;
                nright = len;
            } else if (i >= n - half + 1) {
                nleft = n - len + 1;
                nright = n;
            } else {
                nleft = i - half + 1;
                nright = len + i - half;
            }
        }
        if (!loess_at(y, n, len, deg, (double)i, nleft, nright, w, &ys[i - 1]))
            ys[i - 1] = y[i - 1];
    }
    if (nj == 1) return;
    for (size_t i = 1; i + nj <= n; i += nj) {
        double d = (ys[i + nj - 1] - ys[i - 1]) / (double)nj;
        for (size_t j = i + 1; j < i + nj; j++) ys[j - 1] = ys[i - 1] + d * (double)(j - i);
    }
    size_t k = ((n - 1) / nj) * nj + 1;
    if (k == n) return;
    if (!loess_at(y, n, len, deg, (double)n, nleft, nright, w, &ys[n - 1]))
        ys[n - 1] = y[n - 1];
    double d = (ys[n - 1] - ys[k - 1]) / (double)(n - k);
    for (size_t j = k + 1; j < n; j++) ys[j - 1] = ys[k - 1] + d * (double)(j - k);
}

/* Moving average of length len: n - len + 1 values. */
static void moving_average(const double *x, size_t n, size_t len, double *out)
{
    double v = 0;
    for (size_t i = 0; i < len; i++) v += x[i];
    out[0] = v / (double)len;
    for (size_t j = 1; j + len <= n; j++) {
        v += x[j + len - 1] - x[j - 1];
        out[j] = v / (double)len;
    }
}

typedef struct {
    size_t np, ns, nt, nl, sjump, tjump, ljump;
} stl_par;

/* Smooth each cycle-subseries and extend it one period at both ends:
 * season gets n + 2 np values. */
static void cycle_smooth(const double *y, size_t n, const stl_par *p, double *season,
                         double *sub, double *sm, double *w)
{
    for (size_t j = 0; j < p->np; j++) {
        size_t k = (n - j - 1) / p->np + 1;
        for (size_t i = 0; i < k; i++) sub[i] = y[i * p->np + j];
        loess_smooth(sub, k, p->ns, 0, p->sjump, sm + 1, w);
        size_t nright = p->ns < k ? p->ns : k, nleft = k > p->ns ? k - p->ns + 1 : 1;
        if (!loess_at(sub, k, p->ns, 0, 0, 1, nright, w, &sm[0])) sm[0] = sm[1];
        if (!loess_at(sub, k, p->ns, 0, (double)(k + 1), nleft, k, w, &sm[k + 1]))
            sm[k + 1] = sm[k];
        for (size_t m = 0; m < k + 2; m++) season[m * p->np + j] = sm[m];
    }
}

size_t fc_stl_work(size_t n, size_t period)
{
    return 6 * (n + 2 * period) + 4;
}

static size_t next_odd(double x)
{
    size_t v = (size_t)llround(x);
    return v % 2 ? v : v + 1;
}

void fc_stl(double *seasonal, double *trend, const double *y, size_t n,
            size_t period, double *work)
{
    stl_par p;
    p.np = period;
    p.ns = 11;
    p.nt = next_odd(ceil(1.5 * (double)period / (1 - 1.5 / 11)));
    p.nl = next_odd((double)period);
    p.sjump = 2;  /* ceiling(11 / 10) */
    p.tjump = (p.nt + 9) / 10;
    p.ljump = (p.nl + 9) / 10;
    size_t big = n + 2 * period;
    double *w1 = work, *w2 = w1 + big, *w3 = w2 + big, *w4 = w3 + big, *w5 = w4 + big;
    memset(trend, 0, n * sizeof *trend);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) w1[i] = y[i] - trend[i];
        cycle_smooth(w1, n, &p, w2, w3, w4, w5);
        /* low-pass filter: moving averages np, np, 3, then loess */
        moving_average(w2, big, p.np, w3);
        moving_average(w3, big - p.np + 1, p.np, w1);
        moving_average(w1, big - 2 * p.np + 2, 3, w3);
        loess_smooth(w3, n, p.nl, 1, p.ljump, w1, w5);
        for (size_t i = 0; i < n; i++) seasonal[i] = w2[p.np + i] - w1[i];
        for (size_t i = 0; i < n; i++) w1[i] = y[i] - seasonal[i];
        loess_smooth(w1, n, p.nt, 1, p.tjump, trend, w5);
    }
}
