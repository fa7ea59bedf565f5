# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the cffi extension against an installed libfpa (found with
# pkg-config, or FPA_INCLUDE_DIR / FPA_LIBRARY_DIR). Metadata: pyproject.toml.
from setuptools import setup

setup(cffi_modules=["fpa/_build.py:ffibuilder"])
