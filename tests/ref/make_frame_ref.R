# SPDX-License-Identifier: GPL-3.0-or-later
# Reference forecasts for bindings/python/tests/test_frame.py
# (fpa.forecast_frame on a long frame of two M1 quarterly series of
# different lengths and calendars), by R with the forecast package 8.20:
#
#     Rscript tests/ref/make_frame_ref.R /work/shared/data/m1-quarterly.csv \
#         > tests/ref/frame_ref.csv
#
# One long CSV: the training rows (unique_id, ds, y) and the h = 4 forecast
# rows of each series (y empty) with R's thetaf() and ets() means and 80/95 %
# bounds, named as statsforecast's columns. ds are quarter starts; QND27
# starts in 1981 Q1, QRF2 in 1970 Q3.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
m1 <- read.csv(args[1], stringsAsFactors = FALSE)
pick <- list(QND27 = c(1981, 1), QRF2 = c(1970, 3))
h <- 4
quarter_start <- function(t) {
  y <- floor(t + 1e-9); q <- round((t - y) * 4) + 1
  sprintf("%d-%02d-01", y, 3 * (q - 1) + 1)
}
num <- function(x) sprintf("%.17g", x)
cat("unique_id,ds,y,theta,theta-lo-95,theta-lo-80,theta-hi-80,theta-hi-95,",
    "ets,ets-lo-95,ets-lo-80,ets-hi-80,ets-hi-95\n", sep = "")
for (id in names(pick)) {
  row <- m1[m1$id == id, ]
  y <- ts(as.numeric(strsplit(row$train, " ")[[1]]), start = pick[[id]], frequency = 4)
  for (i in seq_along(y))
    cat(id, ",", quarter_start(time(y)[i]), ",", num(y[i]), paste(rep(",", 10), collapse = ""),
        "\n", sep = "")
  th <- thetaf(y, h = h, level = c(80, 95))
  et <- forecast(ets(y), h = h, level = c(80, 95))
  for (j in 1:h) {
    cols <- c(th$mean[j], th$lower[j, 2], th$lower[j, 1], th$upper[j, 1], th$upper[j, 2],
              et$mean[j], et$lower[j, 2], et$lower[j, 1], et$upper[j, 1], et$upper[j, 2])
    cat(id, ",", quarter_start(time(th$mean)[j]), ",,", paste(num(cols), collapse = ","),
        "\n", sep = "")
  }
  message(id, ": ", et$method)
}
