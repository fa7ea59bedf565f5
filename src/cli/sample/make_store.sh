#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The sample company's store of closes, built from its files: the twelve
# monthly closes 2025-10 .. 2026-09, each with the actuals to its month (what
# came after is not of record yet), so that the last one shows forecast
# against actual for eleven earlier closes. The store is built, never
# committed.
#     sh src/cli/sample/make_store.sh STORE [FPA]
set -eu
db=${1:?usage: make_store.sh STORE [FPA]}
fpa=${2:-fpa}
rm -f "$db" "$db-wal" "$db-shm"
for m in 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 \
         2026-07 2026-08 2026-09; do
    "$fpa" close --store "$db" --month "$m" --sample --format json --output /dev/null
done
echo "$db: 12 closes, 2025-10 .. 2026-09"
