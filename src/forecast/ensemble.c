/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ensemble: the equal-weight mean of three families fitted to the same
 * series, the Akaike-weighted ETS combination, automatic ARIMA and Theta
 * (chosen over automatic ETS, damped trend and medians on the M1 data and
 * its rolling origins, bench/README.md). Its bounds are the
 * means of the members' bounds: quantile averaging (Lichtendahl,
 * Grushka-Cockayne & Winkler 2013, "Is it better to average probabilities
 * or quantiles?", Management Science 59(7)), which keeps the intervals
 * ordered and nested as each member's are. */
#include "fc.h"

#include <string.h>

static const fpa_forecast_method member_method[FC_NMEMBER] = {
    FPA_FORECAST_COMBO, FPA_FORECAST_ARIMA, FPA_FORECAST_THETA};

void fc_ensemble_free(fpa_forecast_model *m)
{
    for (size_t i = 0; i < FC_NMEMBER; i++) {
        fpa_forecast_model_free(m->member[i]);
        m->member[i] = NULL;
    }
}

fpa_status fc_ensemble_fit(fpa_forecast_model *m)
{
    fc_ensemble_free(m);
    fpa_status s = FPA_OK;
    for (size_t i = 0; s == FPA_OK && i < FC_NMEMBER; i++) {
        s = fc_model_new(&m->member[i], member_method[i], m->y, m->n, m->period, &m->st,
                         &m->mem);
        if (s == FPA_OK) s = fc_model_estimate(m->member[i]);
    }
    if (s != FPA_OK) {
        fc_ensemble_free(m);
        return s;
    }
    for (size_t t = 0; t < m->n; t++) {
        double sum = 0;
        for (size_t i = 0; i < FC_NMEMBER; i++) sum += m->member[i]->fitted[t];
        m->fitted[t] = sum / FC_NMEMBER;
    }
    for (size_t i = 0; i < FC_NMEMBER; i++) m->notes |= m->member[i]->notes & FPA_NOTE_FALLBACK;
    m->sigma2 = NAN;
    m->method = FPA_FORECAST_ENSEMBLE;
    snprintf(m->name, sizeof m->name, "Mean of ETS combination, ARIMA and Theta");
    return FPA_OK;
}

fpa_status fc_ensemble_clone(fpa_forecast_model *c, const fpa_forecast_model *m)
{
    fpa_status s = FPA_OK;
    for (size_t i = 0; i < FC_NMEMBER; i++) c->member[i] = NULL;
    for (size_t i = 0; s == FPA_OK && m->member[0] && i < FC_NMEMBER; i++)
        s = fc_model_clone(&c->member[i], m->member[i]);
    return s;
}

fpa_status fc_ensemble_predict(const fpa_forecast_model *m, double *mean, double *lower,
                               double *upper, size_t h, const double *levels, size_t nlevels,
                               const fc_settings *st, uint64_t stream)
{
    size_t nb = nlevels * h;
    double *w = fpa__alloc(&m->mem, h + 2 * nb, sizeof *w, false);
    if (!w) return FPA_ENOMEM;
    memset(mean, 0, h * sizeof *mean);
    if (nb) {
        memset(lower, 0, nb * sizeof *lower);
        memset(upper, 0, nb * sizeof *upper);
    }
    fpa_status s = FPA_OK;
    for (size_t i = 0; s == FPA_OK && i < FC_NMEMBER; i++) {
        s = fc_predict(m->member[i], w, nb ? w + h : NULL, nb ? w + h + nb : NULL, h, levels,
                       nlevels, st, stream);
        for (size_t j = 0; s == FPA_OK && j < h; j++) mean[j] += w[j] / FC_NMEMBER;
        for (size_t j = 0; s == FPA_OK && j < nb; j++) {
            lower[j] += w[h + j] / FC_NMEMBER;
            upper[j] += w[h + nb + j] / FC_NMEMBER;
        }
    }
    fpa__free(&m->mem, w, h + 2 * nb, sizeof *w);
    return s;
}
