# SPDX-License-Identifier: GPL-3.0-or-later
# Reference values for tests/test_forecast_arima.c and the bindings' ARIMA
# tests, computed by R 4.2 with the forecast package 8.20 on R's datasets
# and on a few M1 series (read from the shared data directory at generation
# time only; the series are written out):
#
#     Rscript tests/ref/make_arima_ref.R /work/shared/data > tests/ref/arima_ref.txt
#
# Format: blocks "case KIND NAME" ... "end" of "key v1 v2 ..." lines
# (tests/refcases.h), numbers with 17 significant digits. Kinds:
# - fixed: R's Arima() with every coefficient fixed at R's own estimates
#   (Arima(fixed = )): log-likelihood, criteria, sigma2, residuals, forecasts
#   and intervals follow from the coefficients alone;
# - estimate: R's Arima() with the orders given, estimated by CSS-ML;
# - auto: R's auto.arima() with its defaults.
# Keys: period, y, xreg (row-major, xcols columns) and xfuture (h rows) for
# drivers, order (p d q P D Q), const (0 none, 1 mean, 2 drift), model
# (arima.string with blanks as "_"), coef, se, loglik, aic, aicc, bic,
# sigma2, resid (fixed only), h, mean, lo80, hi80, lo95, hi95.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
data_dir <- if (length(args)) args[1] else "/work/shared/data"

num <- function(x) paste(sprintf("%.17g", as.numeric(x)), collapse = " ")
put <- function(key, x) cat(key, num(x), "\n")
word <- function(key, w) cat(key, gsub(" ", "_", w), "\n")

const_of <- function(f) {
  nm <- names(f$coef)
  if ("drift" %in% nm) 2 else if ("intercept" %in% nm) 1 else 0
}

report <- function(kind, name, y, f, h, xreg = NULL, xfuture = NULL) {
  cat("case", kind, name, "\n")
  put("period", frequency(y)); put("y", y)
  if (!is.null(xreg)) {
    xreg <- as.matrix(xreg)
    put("xcols", ncol(xreg)); put("xreg", t(xreg)); put("xfuture", t(as.matrix(xfuture)))
  }
  o <- f$arma[c(1, 6, 2, 3, 7, 4)]
  put("order", o); put("const", const_of(f)); word("model", as.character(f))
  if (length(f$coef)) {
    put("coef", f$coef)
    se <- rep(NaN, length(f$coef))
    if (length(f$var.coef)) se[f$mask] <- sqrt(pmax(diag(f$var.coef), 0))
    put("se", se)
  }
  put("loglik", f$loglik); put("aic", f$aic); put("aicc", f$aicc); put("bic", f$bic)
  put("sigma2", f$sigma2)
  if (kind == "fixed") put("resid", residuals(f))
  fc <- if (is.null(xfuture)) forecast(f, h = h, level = c(80, 95))
        else forecast(f, xreg = as.matrix(xfuture), level = c(80, 95))
  put("h", length(fc$mean)); put("mean", fc$mean)
  put("lo80", fc$lower[, 1]); put("hi80", fc$upper[, 1])
  put("lo95", fc$lower[, 2]); put("hi95", fc$upper[, 2])
  cat("end\n")
}

# Explicit orders: R's estimates, then the same model with them fixed.
explicit <- function(name, y, order, seasonal = c(0, 0, 0), h = 12, drift = FALSE,
                     mean = TRUE, xreg = NULL, xfuture = NULL) {
  f <- Arima(y, order = order, seasonal = seasonal, include.drift = drift,
             include.mean = mean, xreg = xreg)
  report("estimate", name, y, f, h, xreg, xfuture)
  g <- Arima(y, order = order, seasonal = seasonal, include.drift = drift,
             include.mean = mean, xreg = xreg, fixed = f$coef)
  report("fixed", name, y, g, h, xreg, xfuture)
}

explicit("lh_100", lh, c(1, 0, 0), h = 10)
explicit("lh_301", lh, c(3, 0, 1), h = 10)
explicit("WWWusage_111", WWWusage, c(1, 1, 1), h = 10)
explicit("Nile_011_drift", Nile, c(0, 1, 1), h = 10, drift = TRUE)
explicit("USAccDeaths_011_011", USAccDeaths, c(0, 1, 1), c(0, 1, 1), h = 24)
explicit("USAccDeaths_101_011_drift", USAccDeaths, c(1, 0, 1), c(0, 1, 1), h = 24,
         drift = TRUE)
explicit("AirPassengers_log_011_011", log(AirPassengers), c(0, 1, 1), c(0, 1, 1), h = 24)
explicit("UKgas_log_210_011", log(UKgas), c(2, 1, 0), c(0, 1, 1), h = 8)
explicit("ldeaths_200_100", ldeaths, c(2, 0, 0), c(1, 0, 0), h = 12)
# regression with ARIMA errors: R's ?arima example, and Seatbelts' drivers
lake_t <- as.numeric(time(LakeHuron) - 1920)
explicit("LakeHuron_200_xreg", LakeHuron, c(2, 0, 0), h = 5, xreg = lake_t,
         xfuture = max(lake_t) + 1:5)
sb <- window(Seatbelts, end = c(1983, 12))
sb_next <- window(Seatbelts, start = c(1984, 1))
explicit("Seatbelts_log_101_011_xreg", log(sb[, "DriversKilled"]), c(1, 0, 1), c(0, 1, 1),
         xreg = sb[, c("PetrolPrice", "law")], xfuture = sb_next[, c("PetrolPrice", "law")])

# Automatic selection.
auto <- function(name, y, h, xreg = NULL, xfuture = NULL)
  report("auto", name, y, auto.arima(y, xreg = xreg), h, xreg, xfuture)

for (nm in c("lh", "WWWusage", "Nile", "LakeHuron", "BJsales", "USAccDeaths",
             "UKgas", "JohnsonJohnson", "austres", "airmiles", "lynx", "ldeaths")) {
  y <- get(nm)
  auto(nm, y, if (frequency(y) > 1) 2 * frequency(y) else 10)
}
auto("AirPassengers", AirPassengers, 24)
auto("nottem", nottem, 24)            # more than 150 values: CSS during the search
auto("Seatbelts_log_xreg", log(sb[, "DriversKilled"]), 12,
     sb[, c("PetrolPrice", "law")], sb_next[, c("PetrolPrice", "law")])
fr <- freeny[, c("income.level", "price.index")]
auto("freeny_xreg", ts(freeny$y[1:35], frequency = 4),
     4, as.matrix(fr[1:35, ]), as.matrix(fr[36:39, ]))
# shorter than two seasons, and shorter than one
auto("USAccDeaths_20", ts(USAccDeaths[1:20], frequency = 12), 12)
auto("USAccDeaths_8", ts(USAccDeaths[1:8], frequency = 12), 12)

# M1 series (Makridakis et al. 1982), by id.
m1 <- function(file, ids) {
  d <- read.csv(file.path(data_dir, file), colClasses = "character")
  for (id in ids) {
    r <- d[d$id == id, ]
    y <- ts(as.numeric(strsplit(r$train, " ")[[1]]), frequency = as.numeric(r$period))
    auto(paste0("M1_", id), y, as.integer(r$h))
  }
}
m1("m1-monthly.csv", c("MRF1", "MRM1", "MNB1", "MND20"))
m1("m1-quarterly.csv", c("QRM1", "QNM15"))
m1("m1-yearly.csv", c("YAF2", "YAM3"))
