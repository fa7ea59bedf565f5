# SPDX-License-Identifier: GPL-3.0-or-later
# R's automatic ETS on every series of a dataset in the format of
# shared/data, with what libfpa's choice is compared against
# (bench/ets_agree.c): the model, its AICc and log-likelihood, the
# estimates and the point forecasts.
#
#   Rscript bench/r/ets_detail.R DATASET.csv OUT.csv
#
# OUT.csv: id,model,aicc,loglik,seconds,par,forecast with par as
# name=value pairs and forecast the h means, space-separated (17 digits).
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = "character")
out <- file(args[2], "w")
writeLines("id,model,aicc,loglik,seconds,par,forecast", out)
for (i in seq_len(nrow(d))) {
  y <- ts(as.numeric(strsplit(d$train[i], " ")[[1]]),
          frequency = as.numeric(d$period[i]))
  h <- as.integer(d$h[i])
  t0 <- proc.time()[["elapsed"]]
  fit <- ets(y)
  fc <- forecast(fit, h = h)$mean
  dt <- proc.time()[["elapsed"]] - t0
  par <- paste(sprintf("%s=%.17g", names(fit$par), fit$par), collapse = " ")
  writeLines(sprintf("%s,\"%s\",%.17g,%.17g,%.6f,%s,%s", d$id[i], fit$method,
                     fit$aicc, fit$loglik, dt, par,
                     paste(sprintf("%.17g", as.numeric(fc)), collapse = " ")),
             out)
}
close(out)
