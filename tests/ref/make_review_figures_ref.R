# SPDX-License-Identifier: GPL-3.0-or-later
# Reference values of the figures the fpa review takes from the library's
# statistics: the trailing mean and sample standard deviation
# (fpa_kpi_trailing_stats, tests/test_kpi_stats.c) and the correlation of
# two naive models' residuals, which are the series' first differences
# (fpa_forecast_residual_correlation, tests/test_forecast_residuals.c).
#     Rscript tests/ref/make_review_figures_ref.R
# prints the numbers the tests quote (R 4.2, base stats only).
x <- c(3, NA, 4.5, 7, NA, 10, 12.25)
v <- tail(x[!is.na(x)], 3)
cat(sprintf("last 3: mean %.17g sd %.17g\n", mean(v), sd(v)))
v <- x[!is.na(x)]
cat(sprintf("all: mean %.17g sd %.17g\n", mean(v), sd(v)))
a <- c(100, 104, 103, 110, 108, 115, 121, 119)
b <- c(60, 63, 61, 67, 66, 69, 74, 72)
cat(sprintf("cor(diff(a), diff(b)) %.17g\n", cor(diff(a), diff(b))))
