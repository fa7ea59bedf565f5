# SPDX-License-Identifier: GPL-3.0-or-later
# R's forecast package on a dataset in the format of shared/data (see its
# README), writing forecasts in forecast_bench's --forecasts-out format
# (id,method,model,seconds,forecast) so that both are scored by the same code
# (bench/forecast_score).
#
#   Rscript bench/r/forecast_r.R DATASET.csv OUT.csv [method ...]
#
# Methods: ets thetaf snaive naive2 shd (M4's Comb S-H-D). naive2 and shd
# follow the M4 competition's published benchmark code (M4-methods,
# "Benchmarks and Evaluation.R"): the 90 % ACF seasonality test, classical
# multiplicative decomposition, then naive / ses / holt / damped holt on the
# seasonally adjusted series. Each series runs on one core; `seconds` is the
# elapsed time of fit + forecast.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
methods <- if (length(args) > 2) args[-(1:2)] else
  c("snaive", "naive2", "thetaf", "shd", "ets")
d <- read.csv(args[1], colClasses = "character")

seasonality_test <- function(x, m) {
  if (length(x) < 3 * m) return(FALSE)
  r <- acf(x, plot = FALSE)$acf[-1, 1, 1]
  clim <- 1.645 / sqrt(length(x)) * sqrt(cumsum(c(1, 2 * r^2)))
  isTRUE(abs(r[m]) > clim[m])
}
deseason <- function(x, h) {
  m <- frequency(x)
  if (m > 1 && seasonality_test(x, m)) {
    dec <- decompose(x, type = "multiplicative")
    si <- dec$seasonal
    list(x = x / si, out = head(rep(si[(length(si) - m + 1):length(si)], h), h))
  } else list(x = x, out = rep(1, h))
}
run <- function(method, x, h) {
  switch(method,
    ets = { fit <- ets(x); list(fc = forecast(fit, h = h)$mean, model = fit$method) },
    thetaf = list(fc = thetaf(x, h = h)$mean, model = "Theta"),
    snaive = list(fc = snaive(x, h = h)$mean, model = "SNaive"),
    naive2 = { d <- deseason(x, h); list(fc = naive(d$x, h = h)$mean * d$out, model = "Naive2") },
    shd = { d <- deseason(x, h)
            f <- (ses(d$x, h = h)$mean + holt(d$x, h = h)$mean +
                  holt(d$x, h = h, damped = TRUE)$mean) / 3
            list(fc = f * d$out, model = "Comb S-H-D") })
}
out <- file(args[2], "w")
writeLines("id,method,model,seconds,forecast", out)
for (method in methods) {
  total <- 0
  for (i in seq_len(nrow(d))) {
    y <- ts(as.numeric(strsplit(d$train[i], " ")[[1]]), frequency = as.numeric(d$period[i]))
    h <- as.integer(d$h[i])
    t0 <- proc.time()[["elapsed"]]
    r <- run(method, y, h)
    dt <- proc.time()[["elapsed"]] - t0
    total <- total + dt
    writeLines(sprintf("%s,%s,%s,%.6f,%s", d$id[i], method, r$model, dt,
                       paste(sprintf("%.17g", as.numeric(r$fc)), collapse = " ")), out)
  }
  message(sprintf("method=%s series=%d seconds=%.3f", method, nrow(d), total))
}
close(out)
