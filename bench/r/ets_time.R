# SPDX-License-Identifier: GPL-3.0-or-later
# CPU seconds of R's ets() + forecast() over a dataset in the format of
# shared/data, for the speed ratio in bench/README.md (run it next to
# forecast_bench in the same window: `time` both, or read this line).
#
#   Rscript bench/r/ets_time.R DATASET.csv
suppressMessages(library(forecast))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1], colClasses = "character")
t <- system.time(for (i in seq_len(nrow(d))) {
  y <- ts(as.numeric(strsplit(d$train[i], " ")[[1]]), frequency = as.numeric(d$period[i]))
  forecast(ets(y), h = as.integer(d$h[i]))
})
cat(sprintf("R ets: series=%d cpu=%.3f s (%.4f s per series) elapsed=%.3f s\n", nrow(d),
            t[["user.self"]] + t[["sys.self"]], (t[["user.self"]] + t[["sys.self"]]) / nrow(d),
            t[["elapsed"]]))
