#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: run.sh BUILD_DIR CONSUMER_SRC_DIR CC [PYTHON]
# Install the build into a temporary prefix, then build and run a consumer
# twice: through pkg-config and through find_package(fpa) (shared and static);
# then install the Python binding with pip and the Lua binding with luarocks
# against that prefix, offline, and import both.
set -eu
build=$1 src=$2 cc=$3 python=${4:-/usr/bin/python3}
root=$(cd "$src/../.." && pwd)
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

if [ -e "$tmp/prefix/bin/fpa" ]; then  # built unless FPA_BUILD_CLI=OFF
  echo "== the fpa program, run from the prefix (it finds its library by rpath)"
  "$tmp/prefix/bin/fpa" --version
  "$tmp/prefix/bin/fpa" tvm npv --rate 0.1 --values -10000,3000,4200,6800 --format csv
  test -s "$(find "$tmp/prefix" -name fpa.1)"
fi
# what fpa(1) points to: the guides, and the API reference when it was built
test -s "$tmp/prefix/share/doc/fpa/cli.md"
if [ -e "$build/docs/html/index.html" ]; then
  test -s "$tmp/prefix/share/doc/fpa/html/index.html"
  test -s "$tmp/prefix/share/doc/fpa/html/md_docs_cli.html"
  test -s "$tmp/prefix/share/doc/fpa/html/modules.html"
fi

echo "== find_package(fpa)"
cmake -S "$src" -B "$tmp/cbuild" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
      -DCMAKE_C_COMPILER="$cc" >/dev/null
cmake --build "$tmp/cbuild" >/dev/null
LD_LIBRARY_PATH="$libdir" "$tmp/cbuild/consumer_shared"
"$tmp/cbuild/consumer_static"
# the shared consumer must resolve the installed SONAME
LD_LIBRARY_PATH="$libdir" ldd "$tmp/cbuild/consumer_shared" | grep -q 'libfpa.so.1 => '"$libdir"

echo "== pip install bindings/python (offline, against the installed libfpa)"
cp -r "$root/bindings/python" "$tmp/pysrc"
rm -rf "$tmp/pysrc/build" "$tmp/pysrc"/*.egg-info
(cd "$tmp" && "$python" -m pip install -q --no-build-isolation --no-deps --no-index \
    --target "$tmp/site" "$tmp/pysrc" 2>&1 | grep -v "Running pip as the 'root' user" || true)
PYTHONPATH="$tmp/site" "$python" -c "import fpa; print('python: fpa', fpa.__version__, 'on libfpa', fpa.lib_version())"

echo "== the Lua modules cmake --install put under the prefix (found by RUNPATH)"
for mod in $(find "$tmp/prefix" -path '*/lua/*/fpa.so'); do
  v=$(basename "$(dirname "$mod")")
  for lua in "lua$v" $([ "$v" = 5.1 ] && echo luajit); do
    command -v "$lua" >/dev/null 2>&1 || continue
    env -u LD_LIBRARY_PATH "$lua" -e "package.cpath='$(dirname "$mod")/?.so'
      print('$lua: fpa', require('fpa').version())"
  done
done

if command -v luarocks >/dev/null 2>&1 && command -v lua5.4 >/dev/null 2>&1; then
  echo "== luarocks make bindings/lua with FPA_DIR alone (against the installed libfpa)"
  cp -r "$root/bindings/lua" "$tmp/luasrc"
  (cd "$tmp/luasrc" && luarocks --lua-version=5.4 make --tree="$tmp/rocks" \
      FPA_DIR="$tmp/prefix" >/dev/null)
  env -u LD_LIBRARY_PATH lua5.4 -e "package.cpath='$tmp/rocks/lib/lua/5.4/?.so'
    local fpa = require 'fpa'; print('lua: fpa', fpa.version())"
fi
echo "install/consumer: OK"
