"""The `[mypy_async_plugin]` configuration: what each key does, and every error it can give.

mypy runs in-process (`mypy.api.run`) in the test's `tmp_path` on a small project: a library
`mylib` with a loosely typed runner, consumers and a method runner, and an application `app`
that misuses them. A configuration problem stops mypy with exit status 2 and one
`file:line: error:` line per problem on stderr, the way mypy reports its own config errors.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import mypy
import mypy.api
import pytest
from mypy.options import Options

from mypy_async_plugin.settings import Settings

LIBRARY = {
    "mylib/__init__.py": """\
        from mylib._core import Nursery as Nursery, chunked as chunked, collect as collect
        from mylib._core import spawn as spawn
        """,
    "mylib/_core.py": """\
        from __future__ import annotations

        from collections.abc import Awaitable
        from typing import Any


        def spawn(coro: object) -> None:
            \"\"\"Runs a coroutine in the background (typed loosely, as many libraries do).\"\"\"


        async def collect(source: object) -> list[Any]:
            return []


        def chunked(source: object, size: int) -> list[list[Any]]:
            return []


        class Nursery:
            def start(self, coro: Awaitable[Any]) -> None: ...


        class Pool:
            def start(self, job: object) -> None: ...
        """,
    "app.py": """\
        from __future__ import annotations

        from collections.abc import AsyncIterator

        import mylib
        from mylib import Nursery, spawn
        from mylib._core import Pool


        async def ticks() -> AsyncIterator[int]:
            yield 1


        async def rows() -> list[int]:
            return [1]


        async def main(nursery: Nursery, pool: Pool) -> None:
            spawn(ticks())
            mylib.spawn(ticks())
            nursery.start(ticks())
            pool.start(ticks())
            await mylib.collect(rows())
            mylib.chunked(ticks(), 10)
        """,
    "db.py": """\
        from __future__ import annotations

        from collections.abc import AsyncIterator
        from typing import Any

        Cursor: Any = object  # a base class from an untyped driver: mypy sees Any


        class Rows(Cursor):  # type: ignore[misc]
            \"\"\"Iterable through the driver's cursor, and async-iterable as a stream.\"\"\"

            def __aiter__(self) -> AsyncIterator[int]:
                return self._stream()

            async def _stream(self) -> AsyncIterator[int]:
                yield 1


        def fetch() -> Rows:
            return Rows()


        async def main() -> None:
            for row in fetch():
                print(row)
        """,
}

INI_HEAD = "[mypy]\nplugins = mypy_async_plugin\nstrict = True\nshow_column_numbers = True\n"
TOML_HEAD = (
    '[tool.mypy]\nplugins = ["mypy_async_plugin"]\nstrict = true\nshow_column_numbers = true\n'
)
ALL_KEYS = "async_iterable_consumers, dual_protocol_types, iterable_consumers, runners"
STOPPED = "(errors prevented further checking)"

RUNNERS_INI = """
[mypy_async_plugin]
runners = mylib.spawn, mylib.Nursery.start
async_iterable_consumers = mylib.collect
iterable_consumers = mylib.chunked
"""
RUNNERS_TOML = """
[tool.mypy_async_plugin]
runners = ["mylib.spawn", "mylib.Nursery.start"]
async_iterable_consumers = ["mylib.collect"]
iterable_consumers = ["mylib.chunked"]
"""


def _runner_error(line: int, column: int, runner: str) -> str:
    return (
        f'app.py:{line}:{column}: error: "{runner}" needs a coroutine, but "ticks()" is an async '
        'generator (made by async generator function "ticks"); iterate it inside a coroutine '
        '("async for item in ticks(): ...") and pass that coroutine instead  [run-async-generator]'
    )


CONFIGURED_ERRORS = [
    _runner_error(19, 11, "mylib.spawn"),
    _runner_error(20, 17, "mylib.spawn"),
    _runner_error(21, 19, "nursery.start"),
    'app.py:23:25: error: "mylib.collect()" needs an async iterator, but "rows" is a coroutine '
    'function returning "list[int]"; "await rows()" gives one list[int]  [await-not-awaitable]',
    'app.py:24:19: error: "ticks()" is an async generator (made by async generator function '
    '"ticks"), which "mylib.chunked()" cannot iterate; write "mylib.chunked([item async for '
    'item in ticks()], 10)"  [sync-iterate-async]',
    "Found 5 errors in 1 file (checked 1 source file)",
]
UNCONFIGURED_ERRORS = [
    'app.py:21:19: error: Argument 1 to "start" of "Nursery" has incompatible type '
    '"AsyncIterator[int]"; expected "Awaitable[Any]"  [arg-type]',
    "Found 1 error in 1 file (checked 1 source file)",
]


class Project:
    """The sample project in `root`, with its config file, checked with the cache in `cache`."""

    def __init__(self, root: Path, cache: Path) -> None:
        self.root = root
        self.cache = cache
        for name, text in LIBRARY.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")

    def configure(self, name: str, text: str) -> None:
        (self.root / name).write_text(text, encoding="utf-8")

    def mypy(self, config: str, target: str = "app.py") -> tuple[int, list[str], list[str]]:
        """Exit status, stdout lines and stderr lines of one mypy run."""
        stdout, stderr, status = mypy.api.run(
            ["--config-file", config, "--cache-dir", str(self.cache), target]
        )
        return status, stdout.splitlines(), stderr.splitlines()

    def config_errors(self, config: str, target: str = "app.py") -> list[str]:
        """The errors of a run that a configuration problem stopped."""
        status, stdout, stderr = self.mypy(config, target)
        assert status == 2, (status, stdout, stderr)
        assert stdout[-1].endswith(STOPPED), stdout
        return stderr


@pytest.fixture(scope="session")
def typeshed_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache per test process: typeshed's cache does not depend on the configuration."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typeshed_cache: Path) -> Project:
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path, typeshed_cache)


# ---------------------------------------------------------------- what the keys do


@pytest.mark.parametrize(
    ("config", "text"),
    [
        ("mypy.ini", INI_HEAD + RUNNERS_INI),
        ("setup.cfg", INI_HEAD + RUNNERS_INI),
        ("pyproject.toml", TOML_HEAD + RUNNERS_TOML),
    ],
)
def test_configured_runners_and_consumers_are_caught(
    project: Project, config: str, text: str
) -> None:
    project.configure(config, text)
    assert project.mypy(config) == (1, CONFIGURED_ERRORS, [])


def test_without_configuration_only_mypy_speaks(project: Project) -> None:
    project.configure("mypy.ini", INI_HEAD)
    assert project.mypy("mypy.ini") == (1, UNCONFIGURED_ERRORS, [])


def test_runners_may_be_one_comma_separated_string_in_toml(project: Project) -> None:
    project.configure(
        "pyproject.toml",
        TOML_HEAD + '[tool.mypy_async_plugin]\nrunners = "mylib.spawn, mylib.Nursery.start"\n',
    )
    status, stdout, _ = project.mypy("pyproject.toml")
    assert (status, stdout[:3]) == (1, CONFIGURED_ERRORS[:3])


def test_dual_protocol_type_is_never_reported(project: Project) -> None:
    project.configure("mypy.ini", INI_HEAD)
    unconfigured = project.mypy("mypy.ini", "db.py")
    project.configure("mypy.ini", INI_HEAD + "[mypy_async_plugin]\ndual_protocol_types = db.Rows\n")
    configured = project.mypy("mypy.ini", "db.py")
    assert unconfigured == (
        1,
        [
            'db.py:24:16: error: "fetch()" is an async iterable ("Rows"), which a "for" loop '
            'cannot iterate; write "async for row in fetch():"  [sync-iterate-async]',
            "Found 1 error in 1 file (checked 1 source file)",
        ],
        [],
    )
    assert configured == (0, ["Success: no issues found in 1 source file"], [])


def test_a_name_in_a_module_the_run_never_loads_cannot_be_checked(project: Project) -> None:
    project.configure("mypy.ini", INI_HEAD + "[mypy_async_plugin]\nrunners = notloaded.spawn\n")
    assert project.mypy("mypy.ini") == (1, UNCONFIGURED_ERRORS, [])


def test_without_a_cache_a_name_that_does_not_exist_goes_unreported(project: Project) -> None:
    """Names are checked as mypy writes each module's cache; `/dev/null` writes none."""
    project.configure("mypy.ini", INI_HEAD + "[mypy_async_plugin]\nrunners = mylib.spwan\n")
    project.cache = Path("/dev/null")
    assert project.mypy("mypy.ini") == (1, UNCONFIGURED_ERRORS, [])


def test_changing_the_configuration_invalidates_the_cache(project: Project) -> None:
    project.cache = project.root / ".mypy_cache"
    project.configure("mypy.ini", INI_HEAD)
    first = project.mypy("mypy.ini")
    project.configure("mypy.ini", INI_HEAD + RUNNERS_INI)
    after_adding = project.mypy("mypy.ini")
    project.configure("mypy.ini", INI_HEAD + "\n[mypy_async_plugin]\nrunners = mylib.spawn\n")
    after_removing = project.mypy("mypy.ini")
    assert first == (1, UNCONFIGURED_ERRORS, [])
    assert after_adding == (1, CONFIGURED_ERRORS, [])
    assert after_removing == (
        1,
        [
            *CONFIGURED_ERRORS[:2],
            UNCONFIGURED_ERRORS[0],
            "Found 3 errors in 1 file (checked 1 source file)",
        ],
        [],
    )


# ---------------------------------------------------------------- errors in the file itself


def test_unknown_key_names_the_close_match_and_every_key(project: Project) -> None:
    project.configure("mypy.ini", INI_HEAD + "\n[mypy_async_plugin]\nrunner = mylib.spawn\n")
    assert project.config_errors("mypy.ini") == [
        'mypy.ini:7: error: [mypy_async_plugin] unknown key "runner" (did you mean "runners"?); '
        f"the keys are: {ALL_KEYS}"
    ]


def test_unknown_key_without_a_close_match(project: Project) -> None:
    project.configure("pyproject.toml", TOML_HEAD + "\n[tool.mypy_async_plugin]\nstrict = true\n")
    assert project.config_errors("pyproject.toml") == [
        f'pyproject.toml:7: error: [tool.mypy_async_plugin] unknown key "strict"; the keys are: '
        f"{ALL_KEYS}"
    ]


def test_wrong_types_in_toml(project: Project) -> None:
    project.configure(
        "pyproject.toml",
        TOML_HEAD
        + "\n[tool.mypy_async_plugin]\nrunners = 3\ndual_protocol_types = ['db.Rows', true]\n"
        + "iterable_consumers = { name = 'mylib.chunked' }\n",
    )
    assert project.config_errors("pyproject.toml") == [
        "pyproject.toml:7: error: [tool.mypy_async_plugin] runners: expected a list of dotted "
        'names such as ["mylib.spawn"], got an integer (3)',
        "pyproject.toml:8: error: [tool.mypy_async_plugin] dual_protocol_types: expected a list "
        'of dotted names such as ["mylib.spawn"], got a list holding a boolean (true)',
        "pyproject.toml:9: error: [tool.mypy_async_plugin] iterable_consumers: expected a list "
        'of dotted names such as ["mylib.spawn"], got a table',
    ]


def test_names_must_be_dotted_and_start_with_their_module(project: Project) -> None:
    project.configure(
        "mypy.ini",
        INI_HEAD + "\n[mypy_async_plugin]\nrunners =\n    spawn,\n    mylib.spawn()\n",
    )
    assert project.config_errors("mypy.ini") == [
        'mypy.ini:7: error: [mypy_async_plugin] runners: "spawn" needs the module it is defined '
        'in, such as "mylib.spawn"',
        'mypy.ini:7: error: [mypy_async_plugin] runners: "mylib.spawn()" is not a dotted name '
        'such as "mylib.spawn"',
    ]


def test_misspelled_section_is_not_ignored(project: Project) -> None:
    project.configure("setup.cfg", INI_HEAD + "\n[mypy-async-plugin]\nrunners = mylib.spawn\n")
    assert project.config_errors("setup.cfg") == [
        # mypy's own complaint: it takes "mypy-..." sections for per-module options.
        "setup.cfg: [mypy-async-plugin]:Unrecognized option: runners = mylib.spawn",
        "setup.cfg:6: error: [mypy-async-plugin] looks like a misspelling of [mypy_async_plugin], "
        "the section mypy-async-plugin reads",
    ]


def test_misspelled_table_in_toml_is_not_ignored(project: Project) -> None:
    project.configure(
        "pyproject.toml", TOML_HEAD + '\n[tool.mypy_async_plugins]\nrunners = ["mylib.spawn"]\n'
    )
    assert project.config_errors("pyproject.toml") == [
        "pyproject.toml:6: error: [tool.mypy_async_plugins] looks like a misspelling of "
        "[tool.mypy_async_plugin], the section mypy-async-plugin reads"
    ]


def test_section_in_a_file_mypy_does_not_read_is_not_ignored(project: Project) -> None:
    project.configure("mypy.ini", INI_HEAD)
    project.configure("pyproject.toml", '[tool.mypy_async_plugin]\nrunners = ["mylib.spawn"]\n')
    assert project.config_errors("mypy.ini") == [
        "pyproject.toml:1: error: [tool.mypy_async_plugin] is ignored here: mypy reads its "
        "configuration from mypy.ini, and so does mypy-async-plugin; move "
        "[tool.mypy_async_plugin] there"
    ]


# ---------------------------------------------------------------- names that do not resolve


def test_names_that_do_not_exist_get_their_close_matches(project: Project) -> None:
    project.configure(
        "mypy.ini",
        INI_HEAD
        + "\n[mypy_async_plugin]\nrunners = mylib.spwan, mylib.Nursery.strat, mylib.Nursry.start\n",
    )
    assert project.config_errors("mypy.ini") == [
        'mypy.ini:7: error: [mypy_async_plugin] runners: "mylib.spwan" does not exist: module '
        '"mylib" has no "spwan" (did you mean "mylib.spawn"?)',
        'mypy.ini:7: error: [mypy_async_plugin] runners: "mylib.Nursery.strat" does not exist: '
        'class "mylib.Nursery" has no "strat" (did you mean "mylib.Nursery.start"?)',
        'mypy.ini:7: error: [mypy_async_plugin] runners: "mylib.Nursry.start" does not exist: '
        'module "mylib" has no "Nursry" (did you mean "mylib.Nursery"?)',
    ]


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        ("runners = mylib._core", '"mylib._core" is a module, not a function, class or method'),
        (
            "async_iterable_consumers = mylib.Nursery.start",
            '"mylib.Nursery.start" is a method; async_iterable_consumers takes functions and '
            "classes (only runners takes methods too)",
        ),
        ("dual_protocol_types = mylib.spawn", '"mylib.spawn" is a function, not a class'),
    ],
)
def test_names_of_the_wrong_kind(project: Project, setting: str, problem: str) -> None:
    project.configure("mypy.ini", INI_HEAD + f"\n[mypy_async_plugin]\n{setting}\n")
    key = setting.split(" = ")[0]
    assert project.config_errors("mypy.ini") == [
        f"mypy.ini:7: error: [mypy_async_plugin] {key}: {problem}"
    ]


# -------------------------------------------------------- where the configuration comes from


def test_without_a_config_file_mypy_s_own_lookup_finds_it(project: Project) -> None:
    """A plugin built by hand (no `options.config_file`) reads what mypy would have read."""
    project.configure("setup.cfg", INI_HEAD + RUNNERS_INI)
    settings = Settings(Options())
    assert settings.cache_data(str(project.root / "app.py")) == {
        "async_iterable_consumers": ["mylib.collect"],
        "iterable_consumers": ["mylib.chunked"],
        "runners": ["mylib.Nursery.start", "mylib.spawn"],
    }


def test_typeshed_s_cache_does_not_depend_on_the_configuration(project: Project) -> None:
    project.configure("mypy.ini", INI_HEAD + RUNNERS_INI)
    options = Options()
    options.config_file = "mypy.ini"
    typeshed = Path(mypy.__file__).parent / "typeshed" / "stdlib" / "builtins.pyi"
    settings = Settings(options)
    assert settings.cache_data(str(typeshed)) == {}
    assert settings.cache_data("app.py") != {}
