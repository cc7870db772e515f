"""Two test sessions at once on one machine do not share a mypy cache (conftest.py)."""

from __future__ import annotations

import os
import tempfile

import pytest


def test_this_session_keeps_mypy_cache_out_of_the_shared_temporary_folder(
    pytestconfig: pytest.Config,
) -> None:
    base = pytestconfig.option.mypy_testing_base

    assert os.path.isdir(base)
    assert os.path.realpath(base) != os.path.realpath(tempfile.gettempdir())
