"""The bundled examples: `mistakes.py` gets exactly the documented errors, `fixed.py` none."""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parent.parent


def run_mypy(file: str) -> str:
    stdout, stderr, _ = api.run(["--config-file", "examples/mypy.ini", "--no-incremental", file])
    assert stderr == ""
    return stdout


def test_fixed_example_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert run_mypy("examples/fixed.py") == "Success: no issues found in 1 source file\n"


def test_mistakes_example_gets_exactly_the_documented_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    assert (
        run_mypy("examples/mistakes.py")
        == (ROOT / "examples" / "mistakes.expected.txt").read_text()
    )
