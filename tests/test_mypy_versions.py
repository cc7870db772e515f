"""The table of differences between mypy releases (`mypy_versions.py`) stays true to the tests."""

from __future__ import annotations

from pathlib import Path

import yaml
from mypy_versions import (
    KNOWN_GAPS,
    REWORDINGS,
    KnownGap,
    known_gaps,
    reworded,
    version_tuple,
)

ROOT = Path(__file__).resolve().parent.parent


def case_names(yaml_file: str) -> set[str]:
    cases = yaml.safe_load((ROOT / yaml_file).read_text(encoding="utf-8"))
    return {str(case["case"]) for case in cases}


def test_every_known_gap_names_an_existing_test() -> None:
    for gap in KNOWN_GAPS:
        for node_id in gap.cases:
            path, _, name = node_id.partition("::")
            if path.endswith(".yml"):
                assert name in case_names(path), f"{node_id}: no such case (renamed?)"
            else:
                function = name.split("[", 1)[0]
                source = (ROOT / path).read_text(encoding="utf-8")
                assert f"\ndef {function}(" in source, f"{node_id}: no such test (renamed?)"


def test_each_case_is_listed_once() -> None:
    listed = [case for gap in KNOWN_GAPS for case in gap.cases]
    assert len(listed) == len(set(listed))


def test_known_gaps_by_version() -> None:
    gaps = (
        KnownGap((1, 18), "why", ("tests/a.yml::one", "tests/a.yml::two")),
        KnownGap((1, 16), "other", ("tests/b.yml::three",)),
    )
    assert len(known_gaps((1, 15, 0), gaps)) == 3
    assert known_gaps((1, 17, 1), gaps) == {"tests/a.yml::one": "why", "tests/a.yml::two": "why"}
    assert known_gaps((1, 18, 0), gaps) == {}


def test_rewordings_apply_below_their_version_only() -> None:
    message = (
        'a "BufferedReader[_BufferedReaderStream]"; '
        'Error code "x" not covered by "type: ignore[misc, attr-defined]" comment'
    )
    assert reworded(message, (1, 15, 0)) == (
        'a "BufferedReader"; Error code "x" not covered by "type: ignore" comment'
    )
    assert reworded(message, (1, 18, 2)) == (
        'a "BufferedReader[_BufferedReaderStream]"; '
        'Error code "x" not covered by "type: ignore" comment'
    )
    assert reworded(message, (2, 0, 0)) == message
    assert all(rewording.before <= (2, 0) for rewording in REWORDINGS)


def test_version_tuple() -> None:
    assert version_tuple("1.18.2") == (1, 18, 2)
    assert version_tuple("2.5.0+dev.0123abc") == (2, 5, 0)
