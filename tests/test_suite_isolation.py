"""Two test sessions at once on one machine do not share a mypy cache (conftest.py)."""

from __future__ import annotations

import os
import tempfile

import pytest


def test_this_session_keeps_mypy_cache_in_a_folder_of_its_own(pytestconfig: pytest.Config) -> None:
    base = pytestconfig.option.mypy_testing_base

    assert base != tempfile.gettempdir()
    assert os.path.basename(base).startswith("mypy-async-plugin-tests-")
    assert os.path.isdir(base)
