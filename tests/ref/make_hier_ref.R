# SPDX-License-Identifier: GPL-3.0-or-later
# Reference values for tests/test_hierarchy.c: reconciled forecasts of two
# small hierarchies, computed by R 4.x with forecast 8.20 (the base
# forecasts: naive(), whose residuals are the first differences) and
# corpcor 1.6.10 (Schaefer & Strimmer's own package: estimate.lambda() and
# cov.shrink(), the shrinkage estimate of MinT(Shrink)):
#
#     Rscript tests/ref/make_hier_ref.R > tests/ref/hier_ref.txt
#
# Every method is evaluated in the textbook form ytilde = S G yhat with
# G = (S' W^-1 S)^-1 S' W^-1 (FPP3 section 11.3; Wickramasuriya,
# Athanasopoulos & Hyndman 2019, eq. 9), bottom-up and top-down by
# forecast proportions as FPP3 section 11.2 writes them, and the Gaussian
# intervals as FPP3 section 11.5: var = diag(S G W_h G' S'), W_h = D_h R D_h,
# D_h the base standard deviations read off R's own naive() intervals and R
# the correlation matrix of the shrinkage estimate. (libfpa computes MinT
# in the projection form of the paper's lemma 1 and rolls the leaves up the
# tree, so the two computations share nothing.)
#
# Format (tests/refcases.h): "case hier NAME" ... "end"; "parent" holds
# each node's parent index (-1 for a root), "data" the nodes x periods
# history row by row, "mode" 0 when every node's row is given and 1 when
# aggregates are the sums of their leaves; bounds are laid out node,
# level, horizon as fpa_hierarchy_result_bounds().
suppressMessages({library(forecast); library(corpcor)})

num <- function(x) paste(sprintf("%.17g", as.numeric(x)), collapse = " ")
put <- function(key, x) cat(key, num(x), "\n")

# S (n x m) from parent indices (0-based, -1 for roots)
summing <- function(parent) {
  n <- length(parent)
  leaf <- which(!(seq_len(n) - 1) %in% parent)
  S <- matrix(0, n, length(leaf))
  for (j in seq_along(leaf)) {
    v <- leaf[j]
    while (v > 0) { S[v, j] <- 1; v <- parent[v] + 1 }
  }
  S
}

# top-down forecast proportions at one horizon: the leaves' p_j
td_props <- function(parent, yhat) {
  n <- length(parent)
  leaf <- which(!(seq_len(n) - 1) %in% parent)
  p <- numeric(length(leaf))
  for (j in seq_along(leaf)) {
    v <- leaf[j]; pj <- 1
    while (parent[v] >= 0) {
      sib <- which(parent == parent[v])
      if (length(sib) > 1) pj <- pj * yhat[v] / sum(yhat[sib])
      v <- parent[v] + 1
    }
    p[j] <- pj
  }
  p
}

root_of <- function(parent, v) { while (parent[v] >= 0) v <- parent[v] + 1; v }

one_case <- function(name, parent, Y, mode, h, levels) {
  n <- nrow(Y); Tn <- ncol(Y)
  S <- summing(parent)
  leaf <- which(!(seq_len(n) - 1) %in% parent)
  if (mode == 1) Y <- S %*% Y[leaf, , drop = FALSE]
  cat("case hier", name, "\n")
  put("parent", parent); put("periods", Tn); put("h", h); put("mode", mode)
  put("levels", levels); put("data", t(Y))
  fc <- lapply(seq_len(n), function(i) naive(ts(Y[i, ]), h = h, level = levels))
  yhat <- t(sapply(fc, function(f) as.numeric(f$mean)))          # n x h
  E <- sapply(fc, function(f) as.numeric(residuals(f)))          # T x n
  E <- E[complete.cases(E), , drop = FALSE]
  lambda <- estimate.lambda(E, verbose = FALSE)
  W <- unclass(cov.shrink(E, lambda.var = 0, verbose = FALSE))
  attributes(W) <- list(dim = c(n, n))
  put("lambda", lambda)
  R <- cov2cor(W)
  z <- qnorm(0.5 + levels / 200)
  blo <- bup <- array(0, c(h, length(levels), n))
  for (i in seq_len(n)) for (k in seq_along(levels)) {
    blo[, k, i] <- fc[[i]]$lower[, k]; bup[, k, i] <- fc[[i]]$upper[, k]
  }
  put("base_mean", t(yhat)); put("base_lo", blo); put("base_up", bup)
  Ws <- list(ols = diag(n), wls_struct = diag(rowSums(S)), wls_var = diag(diag(W)),
             mint_shrink = W)
  for (method in c("bottom_up", "top_down", names(Ws))) {
    mean <- matrix(0, n, h); lo <- hi <- array(0, c(h, length(levels), n))
    for (j in seq_len(h)) {
      G <- matrix(0, ncol(S), n)
      if (method == "bottom_up") {
        G[cbind(seq_along(leaf), leaf)] <- 1
      } else if (method == "top_down") {
        p <- td_props(parent, yhat[, j])
        for (l in seq_along(leaf)) G[l, root_of(parent, leaf[l])] <- p[l]
      } else {
        Wi <- solve(Ws[[method]])
        G <- solve(t(S) %*% Wi %*% S) %*% t(S) %*% Wi
      }
      SG <- S %*% G
      mean[, j] <- SG %*% yhat[, j]
      for (k in seq_along(levels)) {
        sd <- (bup[j, k, ] - blo[j, k, ]) / (2 * z[k])
        Wh <- diag(sd) %*% R %*% diag(sd)
        v <- diag(SG %*% Wh %*% t(SG))
        lo[j, k, ] <- mean[, j] - z[k] * sqrt(v)
        hi[j, k, ] <- mean[, j] + z[k] * sqrt(v)
      }
    }
    put(paste0("mean_", method), t(mean)); put(paste0("lo_", method), lo)
    put(paste0("up_", method), hi)
  }
  cat("end\n")
}

# FPP3 figure 11.1: Total -> A, B; A -> AA, AB, AC; B -> BA, BB. Every
# node's history given; the aggregates are the sums of their leaves plus
# their own noise (as reported figures often are), so the base forecasts
# are not coherent.
set.seed(2019)
parent <- c(-1, 0, 0, 1, 1, 1, 2, 2)
Tn <- 24
shock <- matrix(rnorm(5 * Tn), 5)
shock[1:3, ] <- shock[1:3, ] + 0.8 * rnorm(Tn)          # AA, AB, AC move together
leaves <- 100 + t(apply(5 * shock, 1, cumsum))
S <- summing(parent)
Y <- S %*% leaves
Y[1:3, ] <- Y[1:3, ] + matrix(rnorm(3 * Tn, sd = 6), 3)
one_case("fpp3_fig11_1", parent, Y, 0, 4, c(80, 95))

# A group with one region (an only child) over three countries; the
# aggregates are the sums of the leaves, so aggregate residuals are sums of
# leaf residuals and the sample covariance is singular (rank 3 of 5).
parent <- c(-1, 0, 1, 1, 1)
Tn <- 16
leaves <- 50 + t(apply(matrix(rnorm(3 * Tn, sd = 3), 3), 1, cumsum))
Y <- rbind(matrix(0, 2, Tn), leaves)
one_case("only_child_singular", parent, Y, 1, 3, c(90))
