# SPDX-License-Identifier: GPL-3.0-or-later
"""cffi builder of the `fpa._fpa_cffi` extension (API mode).

The declarations handed to cffi are the public headers themselves, run
through the C preprocessor with no predefined macros (so `FPA_API` and the
C++ guards vanish) and empty stand-ins for <stddef.h> and <stdint.h> (cffi
knows size_t and int64_t). Nothing is restated by hand, so the binding can
never drift from the C API: a changed prototype is a compile error here.

Where the headers and library are found, in order:
  FPA_INCLUDE_DIR / FPA_LIBRARY_DIR   (set by the CMake build)
  pkg-config fpa                      (an installed libfpa; PKG_CONFIG_PATH)
  /usr/local/include, /usr/local/lib
When neither holds libfpa, the build stops with a message saying so and
what to set, not with a preprocessor's traceback.
"""
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile

from cffi import FFI


def _pkg_config(flag):
    try:
        out = subprocess.run(["pkg-config", flag, "fpa"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    return shlex.split(out)


HINT = ("set PKG_CONFIG_PATH to the directory of an installed libfpa's fpa.pc "
        "(e.g. PREFIX/lib/pkgconfig), or FPA_INCLUDE_DIR and FPA_LIBRARY_DIR to its "
        "include and library directories")


def fail(problem):
    """Stop the build with `problem` and what to do about it, without a
    Python traceback (pip shows the message)."""
    raise SystemExit(f"fpa: cannot build the binding: {problem}\n  -> {HINT}")


def locate():
    """(include_dir, library_dir) of the libfpa to build against; stops the
    build with advice when either is missing."""
    inc = os.environ.get("FPA_INCLUDE_DIR")
    lib = os.environ.get("FPA_LIBRARY_DIR")
    if not inc:
        incs = [f[2:] for f in _pkg_config("--cflags-only-I") if f.startswith("-I")]
        inc = incs[0] if incs else "/usr/local/include"
    if not lib:
        libs = [f[2:] for f in _pkg_config("--libs-only-L") if f.startswith("-L")]
        lib = libs[0] if libs else "/usr/local/lib"
    inc, lib = os.path.abspath(inc), os.path.abspath(lib)
    if not os.path.isfile(os.path.join(inc, "fpa", "fpa.h")):
        fail(f"libfpa's headers are not in {inc} (no fpa/fpa.h)")
    if not glob.glob(os.path.join(lib, "libfpa.so*")):
        fail(f"libfpa's shared library is not in {lib} (no libfpa.so)")
    return inc, lib


def declarations(include_dir):
    """The public API as plain C declarations, for ffi.cdef()."""
    cc = os.environ.get("CC", "cc")
    with tempfile.TemporaryDirectory() as fake:
        for name in ("stddef.h", "stdint.h"):
            open(os.path.join(fake, name), "w").close()
        try:
            out = subprocess.run(
                [cc, "-E", "-P", "-undef", "-nostdinc", "-I", fake, "-I", include_dir,
                 os.path.join(include_dir, "fpa", "fpa.h")],
                check=True, capture_output=True, text=True).stdout
        except OSError as e:
            fail(f"the C compiler {cc!r} could not run ({e.strerror}); install gcc or set CC")
        except subprocess.CalledProcessError as e:
            fail(f"the C preprocessor could not read {include_dir}/fpa/fpa.h:\n"
                 f"{e.stderr.strip()}")
    return (out + "".join(f"#define {name} ...\n" for name in constants(include_dir))
            + CALLBACKS)


# Python functions C calls back (fpa._core): the progress callback of long
# calls (fpa_progress_fn), which also turns Ctrl-C into a cancellation.
CALLBACKS = 'extern "Python" int _fpa_progress(void *, size_t, size_t);\n'



def constants(include_dir):
    """Names of the headers' integer constant macros (FPA_FORECAST_NAME_MAX
    ...), which the preprocessor removes: declared as ``#define NAME ...``,
    cffi takes their values from the compiled headers, so ``lib.NAME`` can
    never disagree with C."""
    names = []
    folder = os.path.join(include_dir, "fpa")
    for header in sorted(os.listdir(folder)):
        with open(os.path.join(folder, header)) as f:
            names += re.findall(r"^#define (FPA_[A-Z0-9_]+) +\d+\s*$", f.read(), re.M)
    return names


def builder():
    inc, lib = locate()
    ffi = FFI()
    ffi.cdef(declarations(inc))
    ffi.set_source("fpa._fpa_cffi", "#include <fpa/fpa.h>",
                   include_dirs=[inc], library_dirs=[lib], libraries=["fpa"],
                   runtime_library_dirs=[lib],
                   extra_compile_args=["-std=c11", "-O2"])
    return ffi


ffibuilder = builder() if os.environ.get("FPA_SKIP_BUILDER") is None else None

if __name__ == "__main__":
    # python3 _build.py OUTDIR: compile the extension into OUTDIR/fpa/
    import sys
    outdir = sys.argv[1] if len(sys.argv) > 1 else "."
    ffibuilder.compile(tmpdir=outdir, verbose=False)
