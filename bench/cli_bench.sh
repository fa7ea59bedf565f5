#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Wall-clock time of `fpa review` on the embedded sample company in each
# output format (targets of issue 19: html and xlsx under 0.5 s each), the
# best of five runs. Usage: sh bench/cli_bench.sh [BUILD_DIR]
set -eu
fpa=${1:-build}/src/cli/fpa
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
best() { # FORMAT OUTPUT
    b=""
    for _ in 1 2 3 4 5; do
        t0=$(date +%s.%N)
        "$fpa" review --format "$1" --output "$2" > /dev/null
        t1=$(date +%s.%N)
        t=$(echo "$t1 - $t0" | bc)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
    done
    printf 'fpa review --format %-5s %6.3f s  (%s bytes)\n' "$1" "$b" \
        "$(du -sb "$2" | cut -f1)"
}
cpu() { /usr/bin/time -f "  (one run: %e s wall, %U + %S s CPU)" "$fpa" review --format "$1" \
          --output "$2" > /dev/null; }
best table "$out/review.txt"
best json "$out/review.json"
best csv "$out/csv"
best html "$out/review.html"
cpu html "$out/review.html"
best xlsx "$out/review.xlsx"
cpu xlsx "$out/review.xlsx"
uptime
