# SPDX-License-Identifier: GPL-3.0-or-later
# Reference forecasts for tests/cli/test_cli.py (`fpa forecast` and
# `fpa backtest`), computed by R with the forecast package (8.20) on series
# of the sample company and of tests/data/cli/good/actuals.csv. Run from
# the source tree:
#
#     Rscript tests/ref/make_cli_ref.R > tests/ref/cli_forecast_ref.csv
#
# kind "forecast": snaive(), rwf() (naive, and drift = TRUE) and thetaf()
# with level = c(80, 95); kind "backtest": tsCV() errors (actual -
# forecast) of thetaf and snaive over the expanding window, for the origin
# with `origin` training values and each horizon.
suppressMessages(library(forecast))
num <- function(x) formatC(x, digits = 17, format = "g")
load <- function(file, name) {
  a <- read.csv(file)
  v <- a[a$series == name, ]
  v <- v[order(v$period), ]
  start <- as.integer(strsplit(v$period[1], "-")[[1]])
  ts(v$value, start = start, frequency = 12)
}
series <- list(
  list("src/cli/sample/actuals.csv", "rev.cloud.amer"),
  list("src/cli/sample/actuals.csv", "rev.sensors.emea"),
  list("tests/data/cli/good/actuals.csv", "rev.a"))
cat("kind,file,series,method,origin,horizon,mean,lower_80,upper_80,lower_95,upper_95\n")
for (s in series) {
  y <- load(s[[1]], s[[2]])
  fits <- list(snaive = snaive(y, h = 12, level = c(80, 95)),
               naive = rwf(y, h = 6, level = c(80, 95)),
               drift = rwf(y, h = 6, drift = TRUE, level = c(80, 95)),
               theta = thetaf(y, h = 12, level = c(80, 95)))
  for (m in names(fits)) {
    f <- fits[[m]]
    for (j in seq_along(f$mean))
      cat(sprintf("forecast,%s,%s,%s,%d,%d,%s,%s,%s,%s,%s\n", s[[1]], s[[2]], m, length(y), j,
                  num(f$mean[j]), num(f$lower[j, 1]), num(f$upper[j, 1]),
                  num(f$lower[j, 2]), num(f$upper[j, 2])))
  }
  if (length(y) < 30) next
  h <- 3
  for (m in c("theta", "snaive")) {
    fn <- if (m == "theta") thetaf else snaive
    e <- tsCV(y, fn, h = h)
    for (o in (length(y) - h - 3):(length(y) - h))
      for (j in 1:h)
        cat(sprintf("backtest,%s,%s,%s,%d,%d,%s,,,,\n", s[[1]], s[[2]], m, o, j,
                    num(e[o, j])))
  }
}
