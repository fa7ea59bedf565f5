#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: run.sh BUILD_DIR CONSUMER_SRC_DIR CC
# Install the build into a temporary prefix, then build and run a consumer
# twice: through pkg-config and through find_package(fpa) (shared and static).
set -eu
build=$1 src=$2 cc=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
pc=$(find "$tmp/prefix" -name fpa.pc)
libdir=$(dirname "$(dirname "$pc")")
export PKG_CONFIG_PATH="$(dirname "$pc")"

echo "== pkg-config: $(pkg-config --modversion fpa), $(pkg-config --cflags --libs fpa)"
"$cc" -std=c11 -Wall -Werror "$src/consumer.c" -o "$tmp/via_pkgconfig" \
    $(pkg-config --cflags --libs fpa) -lm
LD_LIBRARY_PATH="$libdir" "$tmp/via_pkgconfig"
"$cc" -std=c11 -Wall -Werror "$src/consumer.c" -o "$tmp/via_pkgconfig_static" \
    $(pkg-config --cflags fpa) "$libdir/libfpa.a" $(pkg-config --libs-only-l --static fpa | sed 's/-lfpa//') -lm
"$tmp/via_pkgconfig_static"

echo "== find_package(fpa)"
cmake -S "$src" -B "$tmp/cbuild" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
      -DCMAKE_C_COMPILER="$cc" >/dev/null
cmake --build "$tmp/cbuild" >/dev/null
LD_LIBRARY_PATH="$libdir" "$tmp/cbuild/consumer_shared"
"$tmp/cbuild/consumer_static"
# the shared consumer must resolve the installed SONAME
LD_LIBRARY_PATH="$libdir" ldd "$tmp/cbuild/consumer_shared" | grep -q 'libfpa.so.1 => '"$libdir"
echo "install/consumer: OK"
