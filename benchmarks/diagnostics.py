"""mypy's diagnostic lines: parsed, counted, and compared between a plain and a plugin run."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

DIAG_RE = re.compile(r"^(?P<loc>.+?:\d+(?::\d+)?): (?P<sev>error|note|warning): (?P<msg>.*)$")
CODE_RE = re.compile(r"  \[(?P<code>[a-z0-9-]+)\]$")


class Diagnostic(NamedTuple):
    path: str
    line: int
    column: int | None
    severity: str
    message: str
    code: str | None


def parse_diagnostics(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if DIAG_RE.match(line)]


def parse_diagnostic(line: str) -> Diagnostic | None:
    """One `file:line[:col]: error: message  [code]` line, or None for anything else."""
    m = DIAG_RE.match(line)
    if m is None:
        return None
    loc = m.group("loc")
    column: int | None = None
    path, _, lineno = loc.rpartition(":")
    if ":" in path and path.rpartition(":")[2].isdigit():
        # file:line:column
        column = int(lineno)
        path, _, lineno = path.rpartition(":")
    code = CODE_RE.search(m.group("msg"))
    return Diagnostic(
        path,
        int(lineno),
        column,
        m.group("sev"),
        m.group("msg"),
        code.group("code") if code else None,
    )


@dataclass
class DiffSummary:
    added: list[str]
    rewritten: list[str]
    removed: list[str]


def diff_outputs(plain: list[str], plugin: list[str]) -> DiffSummary:
    """Lines only in the plugin run; plain lines rewritten (same file:line) or removed."""
    plain_c, plugin_c = Counter(plain), Counter(plugin)
    added = list((plugin_c - plain_c).elements())
    gone = list((plain_c - plugin_c).elements())

    def loc(line: str) -> str:
        m = DIAG_RE.match(line)
        if not m:
            return line
        parts = m.group("loc").split(":")
        return ":".join(parts[:2])  # file:line, ignoring a column if present

    plugin_locs = {loc(line) for line in plugin}
    rewritten = [line for line in gone if loc(line) in plugin_locs]
    removed = [line for line in gone if loc(line) not in plugin_locs]
    return DiffSummary(sorted(added), sorted(rewritten), sorted(removed))


def count_errors(lines: list[str]) -> int:
    return sum(1 for line in lines if (m := DIAG_RE.match(line)) and m.group("sev") == "error")
