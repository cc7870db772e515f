"""mypy's own `.test` data files, split into cases that can be written out and checked.

A case starts with `[case name]`; its text up to the first section is the module `main`; each
`[file path]` section is another file (later incremental versions, `path.2`, are skipped); other
sections (`[out]`, `[builtins ...]` fixtures, ...) are ignored: the fuzzer runs the real typeshed
and only asks whether mypy with the plugin crashes.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

CASE_RE = re.compile(r"^\[case (?P<name>[^\]]+)\]\s*$")
SECTION_RE = re.compile(r"^\[(?P<kind>[a-z0-9_]+)(?: (?P<arg>[^\]]*))?\]\s*$")
FLAGS_RE = re.compile(r"^# flags: (?P<flags>.*)$", re.MULTILINE)
LATER_VERSION_RE = re.compile(r"\.\d+$")
ASYNC_RE = re.compile(r"\basync\b|\bawait\b")


class Case(NamedTuple):
    source_file: str
    name: str
    files: dict[str, str]
    """Path (relative to the case directory) -> text; `main.py` is the case's main module."""

    @property
    def flags(self) -> list[str]:
        match = FLAGS_RE.search(self.files.get("main.py", ""))
        return shlex.split(match.group("flags")) if match else []

    @property
    def is_async(self) -> bool:
        return any(ASYNC_RE.search(text) for text in self.files.values())


def read_cases(path: Path) -> Iterator[Case]:
    name: str | None = None
    files: dict[str, str] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        case = CASE_RE.match(line)
        if case:
            if name is not None:
                yield Case(path.name, name, files)
            name, files, current = case.group("name"), {"main.py": ""}, "main.py"
            continue
        if name is None:
            continue
        section = SECTION_RE.match(line)
        if section:
            arg = (section.group("arg") or "").strip()
            wanted = section.group("kind") == "file" and not LATER_VERSION_RE.search(arg)
            current = _normalise(arg) if wanted else None
            if current is not None:
                files[current] = ""
            continue
        if current is not None:
            files[current] += line
    if name is not None:
        yield Case(path.name, name, files)


def _normalise(path: str) -> str | None:
    """`tmp/m.py` and `m.py` alike become `m.py`; anything leaving the case directory is dropped."""
    parts = [p for p in Path(path).parts if p not in ("tmp", ".")]
    if not parts or ".." in parts or Path(path).is_absolute():
        return None
    return str(Path(*parts))


def write_case(case: Case, directory: Path) -> None:
    for relative, text in case.files.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
