#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Timings of the store of closes (issue 20), printed, never asserted:
# - a close of 1,000 lines with 12 months of actuals and 18-month forecasts
#   (target under 2 s);
# - fpa review --store on a store of ten years of closes (120 closes of a
#   200-line company; target under 1 s).
# Usage: sh bench/store_bench.sh [BUILD_DIR]
set -eu
fpa=$(cd "${1:-build}" && pwd)/src/cli/fpa
# wall-clock and CPU seconds of a command (the CPU time tells a loaded
# machine from a slow program)
timed() { # LABEL COMMAND...
    label=$1
    shift
    /usr/bin/time -f "$label: %e s wall, %U + %S s CPU" "$@"
}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
/usr/bin/python3 - "$dir" <<'PY'
import math, os, random, sys
d = sys.argv[1]
def company(name, nlines, first, months):
    rnd = random.Random(nlines)
    os.makedirs(os.path.join(d, name))
    with open(os.path.join(d, name, "lines.csv"), "w") as f:
        f.write("id,parent,nature,name\ncompany,,,Company\nrevenue,company,revenue,Revenue\n"
                "cost,company,opex,Costs\n")
        for i in range(nlines):
            f.write(f"l{i},{'revenue' if i % 10 == 0 else 'cost'},,Line {i}\n")
    with open(os.path.join(d, name, "actuals.csv"), "w") as f, \
         open(os.path.join(d, name, "budget.csv"), "w") as g:
        f.write("series,period,value\n")
        g.write("series,period,value\n")
        for i in range(nlines):
            base = rnd.uniform(1e3, 1e5) * (8 if i % 10 == 0 else 1)
            for k in range(months + 12):
                y, m = divmod(first + k, 12)
                v = base * (1 + 0.2 * math.sin(2 * math.pi * m / 12)) * rnd.uniform(0.9, 1.1)
                if k < months:
                    f.write(f"l{i},{y}-{m + 1:02d},{v:.2f}\n")
                g.write(f"l{i},{y}-{m + 1:02d},{v * 1.02:.2f}\n")
company("big", 1000, 2025 * 12, 12)
company("decade", 200, 2015 * 12, 120)
PY
(cd "$dir/big" && timed "fpa close, 1,000 lines x 12 months, 18-month forecasts" "$fpa" close \
    --store close.db --month 2025-12 --actuals actuals.csv --budget budget.csv \
    --lines lines.csv --horizon 18 --format json --output pack.json)
cd "$dir/decade"
m=0
while [ $m -lt 120 ]; do
    y=$((2015 + m / 12)); mm=$((m % 12 + 1))
    "$fpa" close --store decade.db --month "$(printf '%d-%02d' $y $mm)" --actuals actuals.csv \
        --budget budget.csv --lines lines.csv --method naive --format json --output /dev/null
    m=$((m + 1))
done
printf 'store of ten years: %s closes, %s bytes\n' \
    "$(sqlite3 decade.db 'select count(*) from close')" "$(du -b decade.db | cut -f1)"
for month in "" 2016-06; do
    timed "fpa review --store (${month:-the latest})" "$fpa" review --store decade.db \
        ${month:+--month $month} --format json --output pack.json
done
uptime
