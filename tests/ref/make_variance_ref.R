# SPDX-License-Identifier: GPL-3.0-or-later
# Reference values for tests/test_variance.c (plan accuracy), computed with
# R's forecast package (8.20): accuracy(f, x) gives MAPE in percent and the
# mean error ME = mean(x - f). WAPE and relative bias are the one-line
# formulas below. Run:   Rscript tests/ref/make_variance_ref.R
suppressMessages(library(forecast))
actual <- list(c(100, 120, 90, 110, 130, 95),
               c(50, 0, 40, 60, 55, 45),
               c(0, 0, 0, 0, 0, 0))
plan <- list(c(105, 110, 100, 100, 125, 100),
             c(45, 10, 45, 50, 60, 40),
             c(1, 2, 3, 4, 5, 6))
fmt <- function(v) formatC(v, digits = 17, format = "g")
for (i in 1:2) {
  x <- actual[[i]]; f <- plan[[i]]; nz <- x != 0
  # MAPE over the periods with a non-zero actual, as a fraction
  mape <- accuracy(f[nz], x[nz])[, "MAPE"] / 100
  wape <- sum(abs(x - f)) / sum(abs(x))
  bias <- sum(f - x) / sum(abs(x))
  me <- accuracy(f, x)[, "ME"]   # cross-check: bias = -ME * n / sum|x|
  cat(sprintf("line %d: mape %s wape %s bias %s n %d (ME %s)\n", i - 1,
              fmt(mape), fmt(wape), fmt(bias), sum(nz), fmt(me)))
}
x <- unlist(actual); f <- unlist(plan); nz <- x != 0
cat(sprintf("total: mape %s wape %s bias %s\n",
            fmt(accuracy(f[nz], x[nz])[, "MAPE"] / 100),
            fmt(sum(abs(x - f)) / sum(abs(x))), fmt(sum(f - x) / sum(abs(x)))))
# fpa_variance_plan_metrics: the accuracy module's definitions per line
# (percent; bias = R's ME = mean(x - f); relbias = 100 sum(x - f) / sum|x|;
# sMAPE as M4: 200 mean |e| / (|x| + |f|)). Line 1 has a zero actual, so
# R's MAPE is Inf: undefined, reported as NaN with FPA_PARTIAL.
for (i in 1:2) {
  x <- actual[[i]]; f <- plan[[i]]; a <- accuracy(f, x)
  cat(sprintf("metrics line %d: mape %s bias %s rmse %s mae %s smape %s wape %s relbias %s\n",
              i - 1, fmt(a[, "MAPE"]), fmt(a[, "ME"]), fmt(a[, "RMSE"]), fmt(a[, "MAE"]),
              fmt(200 * mean(abs(x - f) / (abs(x) + abs(f)))),
              fmt(100 * sum(abs(x - f)) / sum(abs(x))), fmt(100 * sum(x - f) / sum(abs(x)))))
}
