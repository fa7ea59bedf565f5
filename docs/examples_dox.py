#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the Doxygen page of every program in examples/ (C, Python, Lua):
one @example block each, described by the program's own opening comment.

usage: examples_dox.py EXAMPLES_DIR OUTPUT.dox"""
import os
import re
import sys


def description(path):
    """The first paragraph of the program's opening comment (after SPDX)."""
    text = open(path, encoding="utf-8").read()
    if path.endswith(".c"):
        blocks = re.findall(r"/\*(.*?)\*/", text, re.S)
        body = next((b for b in blocks if "SPDX" not in b), "")
        lines = [re.sub(r"^\s*\*? ?", "", x) for x in body.splitlines()]
    elif path.endswith(".py"):
        m = re.search(r'"""(.*?)"""', text, re.S)
        lines = m.group(1).splitlines() if m else []
    else:  # Lua
        lines = []
        for x in text.splitlines():
            if not x.startswith("--"):
                break
            if "SPDX" not in x:
                lines.append(x[2:].strip())
    para = []
    for x in lines:
        if not x.strip():
            if para:
                break
            continue
        para.append(x.strip())
    return " ".join(para) or os.path.basename(path)


def main(src, out):
    names = sorted(n for n in os.listdir(src) if n.endswith((".c", ".py", ".lua")))
    with open(out, "w", encoding="utf-8") as f:  # Doxygen lists them on its Examples page
        for n in names:
            text = description(os.path.join(src, n)).replace("*/", "* /")
            f.write(f"/** @example {n}\n{text}\n*/\n\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
