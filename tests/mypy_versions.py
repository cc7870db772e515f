"""What the tests expect differently on the older mypy releases we support, in one place.

The YAML cases (pytest-mypy-plugins) and the examples state the output under the newest mypy.
On an older mypy:

- `REWORDINGS` rewrite the expected output of every YAML case where that mypy (or the typeshed
  it bundles) words or types something differently; the plugin's behaviour is the same;
- `KNOWN_GAPS` are cases the plugin does not get right on that mypy (a limit of that mypy, or a
  plugin bug still to fix): they are expected to fail, strictly, so an entry must go once the
  case passes;
- `examples_expected_output()` names the recorded output of `examples/mistakes.py`.

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

KNOWN_GAPS = (
    KnownGap(
        (1, 18),
        "mypy < 1.18 has no mypy.checker_state: a plain (non-async) callee under await or "
        "async for keeps mypy's own message (README: Known limits)",
        (
            "tests/codes/test_async-iterate-sync.yml::async_comprehensions_over_sync_iterables",
            "tests/codes/test_async-iterate-sync.yml::async_for_inside_nested_async_functions",
            "tests/codes/test_async-iterate-sync.yml::async_for_over_generic_sync_function_and_method",
            "tests/codes/test_async-iterate-sync.yml::async_for_over_list_returning_function_and_methods",
            "tests/codes/test_async-iterate-sync.yml::async_for_over_overloaded_sync_functions",
            "tests/codes/test_async-iterate-sync.yml::async_for_over_range_and_builtin_iterables",
            "tests/codes/test_async-iterate-sync.yml::async_for_over_sync_callee_imported_from_another_module",
            "tests/codes/test_async-iterate-sync.yml::nothing_cascades_from_the_flagged_iteration",
            "tests/codes/test_await-not-awaitable.yml::await_builtin_function",
            "tests/codes/test_await-not-awaitable.yml::await_class_instantiation",
            "tests/codes/test_await-not-awaitable.yml::await_decorated_sync_function",
            "tests/codes/test_await-not-awaitable.yml::await_generic_sync_function_and_method",
            "tests/codes/test_await-not-awaitable.yml::await_overloaded_sync_function",
            "tests/codes/test_await-not-awaitable.yml::await_sync_call_inside_nested_functions_and_comprehensions",
            "tests/codes/test_await-not-awaitable.yml::await_sync_callee_imported_from_another_module",
            "tests/codes/test_await-not-awaitable.yml::await_sync_function",
            "tests/codes/test_await-not-awaitable.yml::await_sync_method_classmethod_and_staticmethod",
        ),
    ),
    KnownGap(
        (2, 3),
        "plugin bug on mypy < 2.3: nothing is reported for an unannotated coroutine function "
        "iterated with for",
        ("tests/codes/test_iterate-coroutine.yml::coroutine_returning_any_still_needs_await",),
    ),
    KnownGap(
        (2, 4),
        "plugin bug on mypy < 2.4: after non-ASCII text in the call, the suggested fix spells "
        'the "as" target wrong ("as ::" for "as f:")',
        (
            "tests/codes/test_async-with-sync-cm.yml::non_ascii_text_inside_the_call_is_spelled_back_whole",
        ),
    ),
)


def reworded(message: str, version: tuple[int, ...] = MYPY_VERSION) -> str:
    """An expected message as mypy `version` words it."""
    for rewording in REWORDINGS:
        if version < rewording.before:
            message = re.sub(rewording.pattern, rewording.replacement, message)
    return message


def known_gaps(version: tuple[int, ...] = MYPY_VERSION) -> dict[str, str]:
    """The cases expected to fail under mypy `version`, with the reason."""
    return {case: gap.why for gap in KNOWN_GAPS if version < gap.before for case in gap.cases}


def examples_expected_output(version: tuple[int, ...] = MYPY_VERSION) -> Path:
    """The recorded output of `examples/mistakes.py` under mypy `version`."""
    name = "mistakes.expected.txt" if version >= (1, 18) else "mistakes.expected-mypy-1.15.txt"
    return ROOT / "examples" / name
