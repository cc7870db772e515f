"""What the tests expect differently on the older mypy releases we support, in one place.

The YAML cases (pytest-mypy-plugins) and the examples state the output under the newest mypy.
On an older mypy:

- `REWORDINGS` rewrite the expected output of every YAML case where that mypy (or the typeshed
  it bundles) words or types something differently; the plugin's behaviour is the same;
- `KNOWN_GAPS` are cases the plugin does not get right on that mypy (a limit of that mypy, or a
  plugin bug still to fix): they are expected to fail, strictly, so an entry must go once the
  case passes;

`.ci/version-matrix` runs the suite under the oldest, a middle and the newest supported mypy.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from mypy.version import __version__

ROOT = Path(__file__).resolve().parent.parent


def version_tuple(version: str) -> tuple[int, ...]:
    """`(1, 18, 2)` for "1.18.2"; `(2, 5)` for "2.5.0+dev.abc" cut to its release numbers."""
    release = version.split("+")[0]
    return tuple(int(part) for part in re.findall(r"\d+", release)[:3])


MYPY_VERSION = version_tuple(__version__)


class Rewording(NamedTuple):
    """Before mypy `before`, expected output matching `pattern` reads `replacement`."""

    before: tuple[int, ...]
    pattern: str
    replacement: str
    why: str


class KnownGap(NamedTuple):
    """Before mypy `before`, the plugin cannot report what these cases expect."""

    before: tuple[int, ...]
    why: str
    cases: tuple[str, ...]
    """pytest node ids: `tests/<file>.yml::<case>`."""


REWORDINGS = (
    Rewording(
        (1, 17),
        r"BufferedReader\[_BufferedReaderStream\]",
        "BufferedReader",
        "the typeshed of mypy < 1.17 has a BufferedReader without a type parameter",
    ),
    Rewording(
        (2, 0),
        r'not covered by "type: ignore\[[^\]]*\]" comment',
        'not covered by "type: ignore" comment',
        "mypy < 2.0 does not name the ignored codes in this note",
    ),
)

KNOWN_GAPS: tuple[KnownGap, ...] = ()
"""None today: mypy < 1.18 once described a plain classmethod awaited through its class by
its value; the method is now found on the class object on every version."""


def reworded(message: str, version: tuple[int, ...] = MYPY_VERSION) -> str:
    """An expected message as mypy `version` words it."""
    for rewording in REWORDINGS:
        if version < rewording.before:
            message = re.sub(rewording.pattern, rewording.replacement, message)
    return message


def known_gaps(
    version: tuple[int, ...] = MYPY_VERSION, gaps: tuple[KnownGap, ...] = KNOWN_GAPS
) -> dict[str, str]:
    """The cases expected to fail under mypy `version`, with the reason."""
    return {case: gap.why for gap in gaps if version < gap.before for case in gap.cases}
