# SPDX-License-Identifier: GPL-3.0-or-later
"""The numpy end of a benchmark's peer protocol (bench/peer.h).

A peer script defines its kernels and calls ``serve(kernels)``:

    kernels = {"name": (run, outputs)}

``run(data)`` computes the kernel with numpy from the loaded arrays (the
dict `data`, scalars set by ``set`` included) and returns a dict of output
arrays; ``outputs`` maps each output to ``(file, dtype, rtol)``: the file
holding libfpa's result and the relative tolerance of the comparison (0 for
exact). Timing is the peer thread's CPU time (``time.thread_time``), as the
benchmark's own clock.
"""
import os
import sys
import time

import numpy as np


def _compare(name, mine, theirs, rtol):
    mine = np.asarray(mine).reshape(-1)
    if mine.shape != theirs.shape:
        return f"{name}: {mine.size} values, libfpa {theirs.size}"
    if rtol == 0:
        bad = mine != theirs
    else:
        bad = ~np.isclose(mine, theirs, rtol=rtol, atol=0)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        return f"{name}[{k}] numpy {mine[k]!r} libfpa {theirs[k]!r} ({int(bad.sum())} differ)"
    return None


def serve(kernels):
    folder = sys.argv[1]
    data = {}
    for line in sys.stdin:
        cmd, *args = line.split()
        try:
            if cmd == "load":
                name, dtype, rows, cols = args
                a = np.fromfile(os.path.join(folder, name), dtype=dtype)
                data[name] = a.reshape(int(rows), int(cols))
                reply = "ok"
            elif cmd == "set":
                data[args[0]] = float(args[1])
                reply = "ok"
            elif cmd == "check":
                run, outputs = kernels[args[0]]
                got = run(data)
                reply = "ok"
                for out, (fname, dtype, rtol) in outputs.items():
                    theirs = np.fromfile(os.path.join(folder, fname), dtype=dtype)
                    msg = _compare(out, got[out], theirs, rtol)
                    if msg:
                        reply = msg
                        break
            elif cmd == "time":
                run, _ = kernels[args[0]]
                t0 = time.thread_time()
                run(data)
                reply = repr(time.thread_time() - t0)
            else:
                reply = f"unknown command {cmd}"
        except Exception as e:  # the benchmark prints it and goes on without the peer
            reply = f"error {type(e).__name__}: {e}"
        print(reply, flush=True)
