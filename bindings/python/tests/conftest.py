# SPDX-License-Identifier: GPL-3.0-or-later
import os

import pytest


@pytest.fixture(scope="session")
def ref_dir():
    return os.environ.get("FPA_REF_DIR",
                          os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "ref"))
