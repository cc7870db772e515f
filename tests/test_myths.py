"""docs/myths.md shows what Python really does.

The page marks its snippets with HTML comments on the line before each fenced block:

- `<!-- runs -->` then `<!-- output -->`: a ```python program and the ```text it prints; it must
  print exactly that, and pass mypy with the plugin under `--strict`;
- `<!-- raises -->` then `<!-- error -->`: a ```python program and the last line of the traceback
  Python prints for it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import mypy.api
import pytest

PAGE = Path(__file__).resolve().parent.parent / "docs" / "myths.md"
TEXT = PAGE.read_text(encoding="utf-8")
CONFIG = "[mypy]\nplugins = mypy_async_plugin\nstrict = True\n"


def pairs(first: str, second: str) -> list[tuple[str, str]]:
    """(python, text) for each `<!-- first -->` block followed by a `<!-- second -->` block."""
    pattern = (
        rf"^<!-- {first} -->\n```python\n(.*?)^```\n\n"
        rf"<!-- {second} -->\n```text\n(.*?)^```$"
    )
    found = re.findall(pattern, TEXT, re.MULTILINE | re.DOTALL)
    assert len(found) == TEXT.count(f"<!-- {first} -->") == TEXT.count(f"<!-- {second} -->"), (
        f"each `<!-- {first} -->` python block needs a `<!-- {second} -->` text block after it"
    )
    return found


RUNS = pairs("runs", "output")
RAISES = pairs("raises", "error")


def run_python(source: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    program = tmp_path / "snippet.py"
    program.write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(program)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_page_has_snippets_of_both_kinds() -> None:
    assert len(RUNS) >= 3 and len(RAISES) >= 3


@pytest.mark.parametrize(("source", "output"), RUNS, ids=[f"runs-{n}" for n in range(len(RUNS))])
def test_working_snippet_prints_what_the_page_shows(
    source: str, output: str, tmp_path: Path
) -> None:
    done = run_python(source, tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == output


@pytest.mark.parametrize(("source", "output"), RUNS, ids=[f"runs-{n}" for n in range(len(RUNS))])
def test_working_snippet_passes_mypy_with_the_plugin(
    source: str, output: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "snippet.py").write_text(source, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text(CONFIG, encoding="utf-8")
    stdout, stderr, status = mypy.api.run(["--config-file", "mypy.ini", "snippet.py"])
    assert (stdout, stderr, status) == ("Success: no issues found in 1 source file\n", "", 0)


@pytest.mark.parametrize(
    ("source", "error"), RAISES, ids=[f"raises-{n}" for n in range(len(RAISES))]
)
def test_failing_snippet_raises_what_the_page_shows(
    source: str, error: str, tmp_path: Path
) -> None:
    done = run_python(source, tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == error.strip()
