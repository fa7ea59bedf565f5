# SPDX-License-Identifier: GPL-3.0-or-later
# Reference values for tests/test_forecast.c and tests/test_accuracy.c,
# computed by R 4.x with the forecast package 8.20 on R's own datasets:
#
#     Rscript tests/ref/make_forecast_ref.R > tests/ref/forecast_ref.txt
#
# Format: blocks "case KIND NAME" ... "end"; inside, one "key v1 v2 ..."
# line per quantity (numbers with 17 significant digits). The series are
# written out, so the C tests do not need R.
#
# Two places where libfpa follows the book (Hyndman, Koehler, Ord & Snyder
# 2008, ch. 6) rather than forecast 8.20 are computed here both ways:
# - class1()/class2() put gamma on the second seasonal state when the model
#   has no trend, moving a variance term from horizon k m + 1 to k m;
# - class3() ignores phi in the level row (F1, G1, H1), so damped
#   ETS(M,Ad,M) means are undamped for one step.
# `textbook_*` below are those two functions with the book's matrices; the
# "mean"/"lo"/"hi" keys hold the textbook values, "r_*" keys R's, and the
# script checks that both agree wherever R is not affected.
suppressMessages(library(forecast))

num <- function(x) paste(sprintf("%.17g", as.numeric(x)), collapse = " ")
put <- function(key, x) cat(key, num(x), "\n")
series <- function(y) { put("period", frequency(y)); put("y", y) }

textbook_class1 <- function(h, x, trend, season, damped, m, sigma2, par) {
  p <- length(x)
  H <- matrix(c(1, rep(0, p - 1)), nrow = 1)
  if (season == "A") H[1, p] <- 1
  if (trend == "A") H[1, 2] <- if (damped) par["phi"] else 1
  F <- matrix(0, p, p); F[1, 1] <- 1
  if (trend == "A") F[1, 2] <- F[2, 2] <- if (damped) par["phi"] else 1
  if (season == "A") {
    F[p - m + 1, p] <- 1
    F[(p - m + 2):p, (p - m + 1):(p - 1)] <- diag(m - 1)
  }
  G <- matrix(0, p, 1); G[1, 1] <- par["alpha"]
  if (trend == "A") G[2, 1] <- par["beta"]
  if (season == "A") G[2 + (trend == "A"), 1] <- par["gamma"]  # s1
  mu <- cj <- numeric(h); Fj <- diag(p)
  for (i in 1:h) {
    mu[i] <- H %*% Fj %*% x
    cj[i] <- H %*% Fj %*% G
    Fj <- Fj %*% F
  }
  list(mu = mu, var = sigma2 * c(1, 1 + cumsum(cj[-h]^2)), cj = cj)
}

textbook_class2 <- function(h, x, trend, season, damped, m, sigma2, par) {
  t1 <- textbook_class1(h, x, trend, season, damped, m, sigma2, par)
  theta <- numeric(h); theta[1] <- t1$mu[1]^2
  if (h > 1) for (j in 2:h)
    theta[j] <- t1$mu[j]^2 + sigma2 * sum(t1$cj[1:(j - 1)]^2 * theta[(j - 1):1])
  list(mu = t1$mu, var = (1 + sigma2) * theta - t1$mu^2)
}

textbook_class3 <- function(h, x, trend, season, damped, m, sigma2, par) {
  p <- length(x); phi <- if (damped) par["phi"] else 1
  if (trend == "N") {
    H1 <- matrix(1, 1, 1); F1 <- 1; G1 <- par["alpha"]
  } else {
    H1 <- matrix(c(1, phi), nrow = 1)
    F1 <- rbind(c(1, phi), c(0, phi))
    G1 <- rbind(c(par["alpha"], par["alpha"] * phi), c(par["beta"], par["beta"] * phi))
  }
  H2 <- matrix(c(rep(0, m - 1), 1), nrow = 1)
  F2 <- rbind(c(rep(0, m - 1), 1), cbind(diag(m - 1), rep(0, m - 1)))
  G2 <- matrix(0, m, m); G2[1, m] <- par["gamma"]
  Mh <- matrix(x[1:(p - m)]) %*% matrix(x[(p - m + 1):p], nrow = 1)
  Vh <- matrix(0, length(Mh), length(Mh))
  H21 <- H2 %x% H1; F21 <- F2 %x% F1; G21 <- G2 %x% G1
  K <- (G2 %x% F1) + (F2 %x% G1)
  mu <- var <- numeric(h)
  for (i in 1:h) {
    mu[i] <- H1 %*% Mh %*% t(H2)
    var[i] <- (1 + sigma2) * H21 %*% Vh %*% t(H21) + sigma2 * mu[i]^2
    v <- c(Mh)
    Vh <- F21 %*% Vh %*% t(F21) + sigma2 * (F21 %*% Vh %*% t(G21) +
          G21 %*% Vh %*% t(F21) + K %*% (Vh + v %*% t(v)) %*% t(K) +
          sigma2 * G21 %*% (3 * Vh + 2 * v %*% t(v)) %*% t(G21))
    Mh <- F1 %*% Mh %*% t(F2) + G1 %*% Mh %*% t(G2) * sigma2
  }
  list(mu = mu, var = var)
}

textbook <- function(fit, h) {
  co <- fit$components; n <- length(fit$x); x <- fit$states[n + 1, ]
  damped <- as.logical(co[4])
  f <- if (co[1] == "A") textbook_class1 else if (co[3] == "M") textbook_class3 else textbook_class2
  f(h, x, co[2], co[3], damped, fit$m, fit$sigma2, fit$par)
}

# ---- ETS with R's estimates: likelihood, criteria, states, forecasts ------
ets_case <- function(name, y, model, damped, h) {
  fit <- ets(y, model = model, damped = damped)
  n <- length(y); co <- fit$components
  cat("case ets", name, "\n")
  series(y)
  cat("model", fit$method, "\n")
  par <- fit$par
  put("par", c(par["alpha"], if (co[2] != "N") par["beta"] else NA,
               if (co[3] != "N") par["gamma"] else NA,
               if (as.logical(co[4])) par["phi"] else NA))
  put("states", fit$states[1, ])
  put("loglik", fit$loglik); put("aic", fit$aic); put("aicc", fit$aicc)
  put("bic", fit$bic); put("sigma2", fit$sigma2)
  put("fitted", fitted(fit)); put("final", fit$states[n + 1, ])
  fc <- forecast(fit, h = h, level = c(80, 95))
  tb <- textbook(fit, h)
  z <- qnorm(c(0.9, 0.975))
  put("h", h); put("mean", tb$mu)
  put("lo80", tb$mu - z[1] * sqrt(tb$var)); put("hi80", tb$mu + z[1] * sqrt(tb$var))
  put("lo95", tb$mu - z[2] * sqrt(tb$var)); put("hi95", tb$mu + z[2] * sqrt(tb$var))
  put("r_mean", fc$mean); put("r_lo95", fc$lower[, 2]); put("r_hi95", fc$upper[, 2])
  affected <- (co[2] == "N" && co[3] != "N") || (co[1] == "M" && co[3] == "M" && as.logical(co[4]))
  if (!affected)
    stopifnot(all.equal(as.numeric(fc$mean), tb$mu, tolerance = 1e-10),
              all.equal(as.numeric(fc$upper[, 2]), tb$mu + z[2] * sqrt(tb$var), tolerance = 1e-10))
  cat("end\n")
}

ets_case("Nile_ANN", Nile, "ANN", FALSE, 10)
ets_case("Nile_MNN", Nile, "MNN", FALSE, 10)
ets_case("WWWusage_AAN", WWWusage, "AAN", FALSE, 10)
ets_case("WWWusage_AAdN", WWWusage, "AAN", TRUE, 10)
ets_case("WWWusage_MAdN", WWWusage, "MAN", TRUE, 10)
ets_case("USAccDeaths_ANA", USAccDeaths, "ANA", FALSE, 24)
ets_case("USAccDeaths_AAA", USAccDeaths, "AAA", FALSE, 24)
ets_case("USAccDeaths_AAdA", USAccDeaths, "AAA", TRUE, 24)
ets_case("UKgas_MNA", UKgas, "MNA", FALSE, 8)
ets_case("JohnsonJohnson_MAA", JohnsonJohnson, "MAA", FALSE, 8)
ets_case("ldeaths_MNM", ldeaths, "MNM", FALSE, 24)
ets_case("UKgas_MAM", UKgas, "MAM", FALSE, 8)
ets_case("AirPassengers_MAdM", AirPassengers, "MAM", TRUE, 24)

# ---- automatic selection: R's choice, its AICc and the runner-up ----------
for (name in c("Nile", "WWWusage", "LakeHuron", "BJsales", "USAccDeaths",
               "nottem", "UKgas", "ldeaths", "AirPassengers", "JohnsonJohnson")) {
  y <- get(name)
  best <- ets(y)
  ics <- c()
  for (mod in c("ANN", "ANA", "AAN", "AAA", "MNN", "MNA", "MNM", "MAN", "MAA", "MAM"))
    for (dd in c(FALSE, TRUE)) {
      if (substr(mod, 2, 2) == "N" && dd) next
      if (frequency(y) == 1 && substr(mod, 3, 3) != "N") next
      f <- try(suppressWarnings(ets(y, model = mod, damped = dd)), silent = TRUE)
      if (!inherits(f, "try-error")) ics[f$method] <- f$aicc
    }
  ics <- sort(ics)
  cat("case auto", name, "\n"); series(y)
  cat("model", best$method, "\n"); put("aicc", best$aicc)
  cat("second", names(ics)[2], "\n"); put("gap", ics[2] - ics[1])
  cat("end\n")
}

# ---- thetaf ------------------------------------------------------------------
for (name in c("Nile", "WWWusage", "USAccDeaths", "AirPassengers")) {
  y <- get(name); h <- if (frequency(y) > 1) 2 * frequency(y) else 10
  fc <- thetaf(y, h = h, level = c(80, 95))
  cat("case theta", name, "\n"); series(y); put("h", h)
  put("alpha", fc$model$alpha); put("drift", fc$model$drift)
  put("mean", fc$mean); put("lo80", fc$lower[, 1]); put("hi80", fc$upper[, 1])
  put("lo95", fc$lower[, 2]); put("hi95", fc$upper[, 2])
  cat("end\n")
}

# ---- benchmarks ------------------------------------------------------------------
bench <- function(kind, name, y, fc) {
  cat("case", kind, name, "\n"); series(y); put("h", length(fc$mean))
  put("mean", fc$mean); put("lo80", fc$lower[, 1]); put("hi80", fc$upper[, 1])
  put("lo95", fc$lower[, 2]); put("hi95", fc$upper[, 2]); cat("end\n")
}
bench("naive", "USAccDeaths", USAccDeaths, naive(USAccDeaths, h = 24))
bench("snaive", "USAccDeaths", USAccDeaths, snaive(USAccDeaths, h = 24))
bench("drift", "Nile", Nile, rwf(Nile, h = 10, drift = TRUE))
bench("linear", "Nile", Nile, forecast(tslm(Nile ~ trend), h = 10))
bench("linear_seasonal", "USAccDeaths", USAccDeaths,
      forecast(tslm(USAccDeaths ~ trend + season), h = 24))

# ---- classical decomposition ---------------------------------------------------------
for (args in list(list("USAccDeaths", "additive"), list("USAccDeaths", "multiplicative"),
                  list("AirPassengers", "multiplicative"))) {
  y <- get(args[[1]]); d <- decompose(y, type = args[[2]])
  cat("case decompose", paste0(args[[1]], "_", args[[2]]), "\n"); series(y)
  cat("type", args[[2]], "\n"); put("figure", d$figure)
  put("trend", ifelse(is.na(d$trend), NaN, d$trend)); cat("end\n")
}

# ---- M4's seasonality test (M4-methods, "Benchmarks and Evaluation.R") -------------------
m4_seasonality <- function(input, ppy) {
  tcrit <- 1.645
  if (length(input) < 3 * ppy) return(FALSE)
  xacf <- acf(input, plot = FALSE)$acf[-1, 1, 1]
  clim <- tcrit / sqrt(length(input)) * sqrt(cumsum(c(1, 2 * xacf^2)))
  isTRUE(abs(xacf[ppy]) > clim[ppy])
}
for (args in list(list("USAccDeaths", 12), list("AirPassengers", 12),
                  list("WWWusage", 12), list("Nile", 12), list("UKgas", 4))) {
  y <- get(args[[1]])
  cat("case seasonality", args[[1]], "\n"); put("period", args[[2]]); put("y", y)
  put("seasonal", as.numeric(m4_seasonality(as.numeric(y), args[[2]]))); cat("end\n")
}

# ---- accuracy: R's accuracy() and the M4 formulas ------------------------------------------
train <- window(USAccDeaths, end = c(1977, 12)); test <- window(USAccDeaths, start = c(1978, 1))
fc <- snaive(train, h = 12, level = 95)
a <- accuracy(fc, test)["Test set", ]
f <- as.numeric(fc$mean); y <- as.numeric(test); lo <- as.numeric(fc$lower); hi <- as.numeric(fc$upper)
scale <- mean(abs(diff(as.numeric(train), lag = 12)))
al <- 0.05
cat("case accuracy USAccDeaths\n"); put("insample", train); put("period", 12)
put("actual", y); put("forecast", f); put("lower95", lo); put("upper95", hi)
put("me", a["ME"]); put("rmse", a["RMSE"]); put("mae", a["MAE"]); put("mape", a["MAPE"])
put("mase", a["MASE"]); put("smape", mean(200 * abs(y - f) / (abs(y) + abs(f))))
put("wape", 100 * sum(abs(y - f)) / sum(abs(y)))
put("coverage", 100 * mean(y >= lo & y <= hi))
put("msis", mean((hi - lo) + (2 / al) * (lo - y) * (y < lo) + (2 / al) * (y - hi) * (y > hi)) / scale)
cat("end\n")
