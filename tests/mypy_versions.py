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
            "tests/codes/test_async-iterate-sync.yml::async_for_over_list_returning_function_and_methods",
            "tests/codes/test_async-iterate-sync.yml::async_for_over_overloaded_sync_functions",
            "tests/codes/test_async-iterate-sync.yml::async_for_over_range_and_builtin_iterables",
            "tests/codes/test_async-iterate-sync.yml::async_for_over_sync_callee_imported_from_another_module",
            "tests/codes/test_async-iterate-sync.yml::nothing_cascades_from_the_flagged_iteration",
            "tests/codes/test_await-not-awaitable.yml::await_builtin_function",
            "tests/codes/test_await-not-awaitable.yml::await_class_instantiation",
            "tests/codes/test_await-not-awaitable.yml::await_decorated_sync_function",
            "tests/codes/test_await-not-awaitable.yml::await_overloaded_sync_function",
            "tests/codes/test_await-not-awaitable.yml::await_sync_call_inside_nested_functions_and_comprehensions",
            "tests/codes/test_await-not-awaitable.yml::await_sync_callee_imported_from_another_module",
            "tests/codes/test_await-not-awaitable.yml::await_sync_function",
            "tests/codes/test_await-not-awaitable.yml::await_sync_method_classmethod_and_staticmethod",
        ),
    ),
    KnownGap(
        (1, 18),
        "on mypy < 1.18 mypy's own message stays where the plugin refines mypy's errors "
        "(error watcher): uncalled and wrong-kind async functions, async_kinds, return in an "
        "async generator, coroutines held in names and parameters",
        (
            "tests/codes/test_async-function-kind.yml::async_generator_function_passed_for_an_awaitable_factory",
            "tests/codes/test_async-function-kind.yml::async_generator_method_passed_for_a_coroutine_factory",
            "tests/codes/test_async-function-kind.yml::coroutine_function_passed_for_an_async_iterator_factory",
            "tests/codes/test_async-function-kind.yml::decorator_for_coroutine_functions_above_an_async_generator_function",
            "tests/codes/test_async-function-kind.yml::ignores_keep_working",
            "tests/codes/test_async-function-kind.yml::mistake_before_any_call_in_the_module",
            "tests/codes/test_async-function-kind.yml::streaming_decorator_above_a_coroutine_function",
            "tests/codes/test_async-generator-return.yml::ignores_keep_working",
            "tests/codes/test_async-generator-return.yml::return_a_total_after_yielding",
            "tests/codes/test_async-generator-return.yml::return_an_expression",
            "tests/codes/test_async-generator-return.yml::return_inside_a_branch_of_an_async_generator_method",
            "tests/codes/test_async-iterator-declaration.yml::class_passed_for_the_protocol_names_the_declaration",
            "tests/codes/test_async-iterator-declaration.yml::module_level_declaration_in_a_module_without_classes_or_calls",
            "tests/codes/test_async-iterator-declaration.yml::override_with_an_async_generator_names_the_declaration",
            "tests/codes/test_async-with-sync-cm.yml::async_with_on_a_parameter_and_a_variable",
            "tests/codes/test_await-async-generator.yml::await_a_call_of_a_function_stored_in_a_dict",
            "tests/codes/test_await-async-generator.yml::await_a_value_narrowed_from_optional_or_a_union",
            "tests/codes/test_iterate-coroutine.yml::for_over_super_call_of_coroutine_method",
            "tests/codes/test_iterate-coroutine.yml::iterate_a_coroutine_parameter",
            "tests/codes/test_missing-await.yml::awaitables_that_are_not_coroutines",
            "tests/codes/test_stop-async-iteration-value.yml::ignores_keep_working",
            "tests/codes/test_truthy-coroutine.yml::an_awaitable_predicate_tested_without_await",
            "tests/codes/test_uncalled-async-function.yml::async_for_over_an_async_generator_function",
            "tests/codes/test_uncalled-async-function.yml::async_generator_function_handed_to_a_runner",
            "tests/codes/test_uncalled-async-function.yml::await_a_coroutine_function",
            "tests/codes/test_uncalled-async-function.yml::await_a_coroutine_function_before_any_call_in_the_module",
            "tests/codes/test_uncalled-async-function.yml::await_a_method",
            "tests/codes/test_uncalled-async-function.yml::coroutine_function_handed_to_a_runner",
            "tests/codes/test_uncalled-async-function.yml::ignores_keep_working",
            "tests/codes/test_uncalled-async-function.yml::plain_for_over_async_functions",
            "tests/test_async_kinds.yml::async_generator_function_in_a_registry_of_coroutine_functions",
            "tests/test_async_kinds.yml::async_generator_function_passed_to_a_task_runner",
            "tests/test_async_kinds.yml::async_generator_function_where_coroutine_function_expected",
            "tests/test_async_kinds.yml::async_generator_function_without_asynccontextmanager",
            "tests/test_async_kinds.yml::coroutine_function_where_async_generator_function_expected",
            "tests/test_async_kinds.yml::plain_function_where_async_callable_expected",
            "tests/test_async_kinds.yml::sync_generator_function_where_async_generator_function_expected",
            "tests/test_docs.py::test_before_gives_the_expected_errors[async-function-kind]",
            "tests/test_docs.py::test_before_gives_the_expected_errors[async-generator-return]",
            "tests/test_docs.py::test_before_gives_the_expected_errors[uncalled-async-function]",
            "tests/test_docs.py::test_ignores_silence_the_example[async-function-kind-plugin code]",
            "tests/test_docs.py::test_ignores_silence_the_example"
            "[async-generator-return-plugin code]",
            "tests/test_docs.py::test_ignores_silence_the_example"
            "[uncalled-async-function-plugin code]",
            "tests/test_readme.py::test_async_kinds_example_gives_the_error_shown",
        ),
    ),
    KnownGap(
        (2, 0),
        "mypy < 2.0 only warns about an unknown code in disable_error_code (exit status 1)",
        ("tests/test_bad_input.py::test_unknown_error_code_in_config",),
    ),
    KnownGap(
        (2, 3),
        "plugin bug on mypy < 2.3: nothing is reported for an unannotated coroutine function "
        "iterated with for",
        ("tests/codes/test_iterate-coroutine.yml::coroutine_returning_any_still_needs_await",),
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
