#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Doxygen input filter of the public headers: puts everything a header
# declares in one group (a "module" page) named after the header and titled
# by its @brief up to the first colon, so the reference is organised by
# module without a grouping command in every header. The group opens on the
# header's first line and closes after its last, so warnings keep their
# line numbers.  usage: doxygen_group.sh include/fpa/NAME.h
set -eu
name=$(basename "$1" .h)
title=$(sed -n 's/^ \* @brief \([^:]*\).*/\1/p' "$1" | head -n 1 | sed 's/[.,]* *$//')
printf '/** @defgroup %s %s (fpa/%s.h) */ /** @{ */' "$name" "${title:-$name}" "$name"
cat "$1"
printf '/** @} */\n'
