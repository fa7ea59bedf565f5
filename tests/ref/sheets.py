# SPDX-License-Identifier: GPL-3.0-or-later
"""Recalculate spreadsheet formulas with LibreOffice Calc and gnumeric, the
two independent engines the reference generators (make_*_ref.py) use.

    lo, gn = recalculate(["PMT(0.004;360;200000;0;0)", ...])

writes the formulas (OpenFormula syntax, one per row of column A) into a
flat ODF spreadsheet, lets LibreOffice recalculate it
(`soffice --headless --convert-to csv`), converts it to .ods and lets
gnumeric recalculate that (`ssconvert --recalc`), and returns both engines'
column A as text. Formulas may refer to other rows (A1, A2 ...).
"""
import csv
import os
import subprocess
import tempfile
from xml.sax.saxutils import quoteattr


def fods(formulas):
    """A flat ODF spreadsheet with one formula per row of column A."""
    rows = "\n".join(
        '<table:table-row><table:table-cell table:formula=%s/></table:table-row>'
        % quoteattr("of:=" + f) for f in formulas)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet><table:table table:name="cases">
{rows}
</table:table></office:spreadsheet></office:body></office:document>
"""


def _column(path):
    with open(path, newline="") as f:
        return [row[0].strip() if row else "" for row in csv.reader(f)]


def recalculate(formulas):
    """(LibreOffice's values, gnumeric's values), as the text each printed."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "cases.fods")
        with open(src, "w") as f:
            f.write(fods(formulas))
        # the CSV filter's 9th token false: raw values, not as displayed
        subprocess.run(["soffice", "--headless", "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,false,false",
                        "--outdir", tmp, src], check=True, capture_output=True)
        lo = _column(os.path.join(tmp, "cases.csv"))
        subprocess.run(["soffice", "--headless", "--convert-to", "ods",
                        "--outdir", tmp, src], check=True, capture_output=True)
        subprocess.run(["ssconvert", "--recalc", os.path.join(tmp, "cases.ods"),
                        os.path.join(tmp, "gnumeric.csv")], check=True,
                       capture_output=True)
        gn = _column(os.path.join(tmp, "gnumeric.csv"))
    return lo, gn


def versions():
    """The engines' version lines, for the header of a reference file."""
    lo = subprocess.run(["soffice", "--version"], capture_output=True,
                        text=True).stdout.strip()
    gn = subprocess.run(["ssconvert", "--version"], capture_output=True,
                        text=True).stdout.strip().splitlines()[0]
    return lo, gn
