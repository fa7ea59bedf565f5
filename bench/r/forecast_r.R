# SPDX-License-Identifier: GPL-3.0-or-later
# R's forecast package on a dataset in the format of shared/data (see its
# README), writing forecasts in forecast_bench's --forecasts-out format
# (id,method,model,seconds,forecast,...) so that both are scored by the same
# code (bench/forecast_score).
#
#   Rscript bench/r/forecast_r.R DATASET.csv OUT.csv [method ...]
#
# Methods: ets thetaf snaive naive2 shd (M4's Comb S-H-D) auto.arima (with
# its defaults). naive2 and shd follow the M4 competition's published
# benchmark code (M4-methods, "Benchmarks and Evaluation.R"): the 90 % ACF
# seasonality test, classical multiplicative decomposition, then naive / ses
# / holt / damped holt on the seasonally adjusted series. Each series runs
# on one core; `seconds` is the CPU time (user + system) of fit + forecast,
# which other jobs on a shared machine do not inflate as they do the elapsed
# time. Every row also carries the 80 % and 95 % prediction intervals
# (lower80, upper80, lower95, upper95: h values each, space-separated) where
# the method has them (ets, thetaf, snaive, auto.arima), else empty fields;
# forecast_score then prints coverage and MSIS. The model field is quoted
# (ARIMA names hold commas).
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
lv <- c(80, 95)
with_pi <- function(f, model) list(fc = f$mean, lower = f$lower, upper = f$upper, model = model)
run <- function(method, x, h) {
  switch(method,
    ets = { fit <- ets(x); with_pi(forecast(fit, h = h, level = lv), fit$method) },
    auto.arima = { fit <- auto.arima(x)
                   with_pi(forecast(fit, h = h, level = lv), as.character(fit)) },
    thetaf = with_pi(thetaf(x, h = h, level = lv), "Theta"),
    snaive = with_pi(snaive(x, h = h, level = lv), "SNaive"),
    naive2 = { d <- deseason(x, h); list(fc = naive(d$x, h = h)$mean * d$out, model = "Naive2") },
    shd = { d <- deseason(x, h)
            f <- (ses(d$x, h = h)$mean + holt(d$x, h = h)$mean +
                  holt(d$x, h = h, damped = TRUE)$mean) / 3
            list(fc = f * d$out, model = "Comb S-H-D") })
}
out <- file(args[2], "w")
writeLines("id,method,model,seconds,forecast,lower80,upper80,lower95,upper95", out)
nums <- function(x) paste(sprintf("%.17g", as.numeric(x)), collapse = " ")
for (method in methods) {
  total <- 0
  for (i in seq_len(nrow(d))) {
    y <- ts(as.numeric(strsplit(d$train[i], " ")[[1]]), frequency = as.numeric(d$period[i]))
    h <- as.integer(d$h[i])
    t0 <- proc.time()
    r <- run(method, y, h)
    dt <- sum((proc.time() - t0)[c("user.self", "sys.self")])
    total <- total + dt
    pi <- if (is.null(r$lower)) rep("", 4) else
      c(nums(r$lower[, 1]), nums(r$upper[, 1]), nums(r$lower[, 2]), nums(r$upper[, 2]))
    writeLines(sprintf("%s,%s,\"%s\",%.6f,%s,%s", d$id[i], method, r$model, dt,
                       nums(r$fc), paste(pi, collapse = ",")), out)
  }
  message(sprintf("method=%s series=%d seconds=%.3f", method, nrow(d), total))
  flush(out)
}
close(out)
