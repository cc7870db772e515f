"""The README tells the truth: its Quick start test command is the one CI runs, and the
plugin output it shows is what the plugin prints for the bundled example."""

from __future__ import annotations

import os
import re
from pathlib import Path

import mypy.api
import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands() -> None:
    assert len(quick_start_commands()) == 2


def test_ci_runs_the_quick_start_test_command() -> None:
    ci_script = (ROOT / ".ci" / "run").read_text()
    assert quick_start_commands()[1] in ci_script.splitlines()


def test_before_and_after_shows_real_plugin_output() -> None:
    blocks = README.split("With the plugin")[1:]
    assert len(blocks) == 2
    expected = (ROOT / "examples" / "mistakes.expected.txt").read_text()
    for block in blocks:
        shown = block.split("```text\n", 1)[1].split("```", 1)[0]
        lines = [line for line in shown.splitlines() if line]
        assert lines
        for line in lines:
            assert f"examples/{line}" in expected, line


def test_async_kinds_example_gives_the_error_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = README.split("## Annotating your own decorators", 1)[1].split("\n## ", 1)[0]
    snippet = section.split("```python\n", 1)[1].split("```", 1)[0]
    shown = section.split("```text\n", 1)[1].split("```", 1)[0]
    (tmp_path / "snippet.py").write_text(snippet, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = str(ROOT / "tests" / "mypy.ini")
    stdout, stderr, status = mypy.api.run(
        ["--config-file", config, "--no-incremental", "--cache-dir", os.devnull, "snippet.py"]
    )
    assert (status, stderr) == (1, "")
    assert stdout == shown + "Found 1 error in 1 file (checked 1 source file)\n"
