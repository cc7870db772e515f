"""The plugin's own section of mypy's config file: read, checked, and kept as plain data.

`[mypy_async_plugin]` in mypy.ini, .mypy.ini or setup.cfg; `[tool.mypy_async_plugin]` in
pyproject.toml. Only the file mypy itself reads counts. Whether the names in it exist is
known only once mypy has analyzed their modules: `config_names` checks that.
"""

from __future__ import annotations

import configparser
import os
import re
import sys
from collections.abc import Mapping

from mypy import defaults

from mypy_async_plugin.records import Record

INI_SECTION = "mypy_async_plugin"
TOML_TABLE = "mypy_async_plugin"
"""Under `[tool]`: `[tool.mypy_async_plugin]`."""

KEYS: Mapping[str, str] = {
    "runners": "functions, classes and methods that run the coroutine given as their first "
    "argument, like asyncio.create_task",
    "async_iterable_consumers": "functions and classes that iterate their first argument "
    "with async for, like anext",
    "iterable_consumers": "functions and classes that iterate their first argument with "
    "for, like list",
    "dual_protocol_types": "classes whose instances are legitimately both sync and async "
    "(iterable and async-iterable, or both kinds of context manager); the plugin never "
    "reports them",
}
"""Every key the section may hold, and what its names stand for."""

_LOOKALIKE = 0.85
"""How close a section name must be to ours to be taken for a misspelling of it."""


class Problem(Record):
    """One thing wrong with the configuration, where it is."""

    file: str
    line: int
    text: str

    def render(self) -> str:
        """As mypy prints its own errors about a config file."""
        return f"{self.file}:{self.line}: error: {self.text}"


class ConfigError(Exception):
    """The configuration is wrong; mypy must stop and say why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(problem.render() for problem in problems))
        self.problems = problems


class PluginConfig(Record):
    """The names configured under each key, and where each key stands in the file."""

    file: str | None = None
    section: str = f"[{INI_SECTION}]"
    """The section as the user wrote its header, for messages."""
    names: Mapping[str, tuple[str, ...]] = {}
    lines: Mapping[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def fingerprint(self) -> dict[str, list[str]]:
        """What mypy's cache must be keyed on: the names, without order or duplicates."""
        return {key: sorted(set(names)) for key, names in sorted(self.names.items()) if names}


def read_config(config_file: str | None) -> PluginConfig:
    """The plugin's section of `config_file`; an empty configuration when there is none."""
    if config_file is None:
        return PluginConfig()
    try:
        with open(config_file, "rb") as file:
            text = file.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([Problem(config_file, 1, f"cannot read it: {error}")]) from error
    _raise_if_any(_ignored_beside(config_file))
    if _is_toml(config_file):
        return _read_toml(config_file, text)
    return _read_ini(config_file, text)


def _is_toml(path: str) -> bool:
    return path.lower().endswith(".toml")


def _ignored_beside(config_file: str) -> list[Problem]:
    """Our section in another config file of the same folder, which mypy does not read."""
    folder = os.path.dirname(config_file)
    problems: list[Problem] = []
    for name in (*defaults.CONFIG_NAMES, *defaults.SHARED_CONFIG_NAMES):
        other = os.path.join(folder, name)
        if not os.path.isfile(other) or os.path.abspath(other) == os.path.abspath(config_file):
            continue
        header = f"[tool.{TOML_TABLE}]" if _is_toml(other) else f"[{INI_SECTION}]"
        try:
            with open(other, encoding="utf-8", errors="replace") as file:
                lines = file.read().splitlines()
        except OSError:
            continue
        problems.extend(
            Problem(
                other,
                number,
                f"{header} is ignored here: mypy reads its configuration from {config_file}, "
                f"and so does mypy-async-plugin; move {header} there",
            )
            for number, line in enumerate(lines, start=1)
            if line.strip() == header
        )
    return problems


def _read_ini(config_file: str, text: str) -> PluginConfig:
    parser = configparser.RawConfigParser()
    try:
        parser.read_string(text, source=config_file)
    except configparser.Error as error:
        raise ConfigError([Problem(config_file, 1, str(error))]) from error
    lines = text.splitlines()
    problems = [
        Problem(config_file, _header_line(lines, f"[{name}]"), _misspelled(name, INI_SECTION))
        for name in parser.sections()
        if _looks_like_ours(name, INI_SECTION)
    ]
    section = f"[{INI_SECTION}]"
    if not parser.has_section(INI_SECTION):
        _raise_if_any(problems)
        return PluginConfig(config_file)
    values = dict(parser.items(INI_SECTION))
    return _checked(config_file, section, lines, values, problems)


def _read_toml(config_file: str, text: str) -> PluginConfig:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - mypy itself depends on tomli before Python 3.11
        import tomli as tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([Problem(config_file, 1, f"not valid TOML: {error}")]) from error
    lines = text.splitlines()
    tool = data.get("tool")
    tool = tool if isinstance(tool, dict) else {}
    problems = [
        Problem(
            config_file,
            _header_line(lines, f"[tool.{name}]"),
            _misspelled(f"tool.{name}", f"tool.{TOML_TABLE}"),
        )
        for name in tool
        if _looks_like_ours(name, TOML_TABLE)
    ]
    section = f"[tool.{TOML_TABLE}]"
    table = tool.get(TOML_TABLE)
    if table is None:
        _raise_if_any(problems)
        return PluginConfig(config_file, section)
    if not isinstance(table, dict):
        line = _header_line(lines, TOML_TABLE)
        problems.append(Problem(config_file, line, f"{section} must be a table of keys"))
        _raise_if_any(problems)
    return _checked(config_file, section, lines, table, problems)


def _checked(
    config_file: str,
    section: str,
    lines: list[str],
    values: Mapping[str, object],
    problems: list[Problem],
) -> PluginConfig:
    """Every key known, every value a list of dotted names; or a ConfigError naming each fault."""
    start = _header_line(lines, section)
    names: dict[str, tuple[str, ...]] = {}
    key_lines: dict[str, int] = {}
    for key, value in values.items():
        line = key_lines[key] = _key_line(lines, start, key)
        if key not in KEYS:
            problems.append(Problem(config_file, line, f"{section} {_unknown_key(key)}"))
            continue
        entries, fault = _entries(value)
        if fault is not None:
            problems.append(Problem(config_file, line, f"{section} {key}: {fault}"))
            continue
        bad = [entry for entry in entries if not _is_dotted_name(entry)]
        problems.extend(
            Problem(config_file, line, f"{section} {key}: {_not_a_dotted_name(entry)}")
            for entry in bad
        )
        names[key] = tuple(dict.fromkeys(entries))
    _raise_if_any(problems)
    return PluginConfig(config_file, section, names, key_lines)


def _entries(value: object) -> tuple[list[str], str | None]:
    """The names in a value: a list of strings, or one string of comma-separated names."""
    if isinstance(value, str):
        return [entry.strip() for entry in re.split(r"[,\n]", value) if entry.strip()], None
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value if item.strip()], None
    return [], f'expected a list of dotted names such as ["mylib.spawn"], got {_shown(value)}'


def _shown(value: object) -> str:
    """A TOML value in words, as its author would call it."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        strange = next(item for item in value if not isinstance(item, str))
        return f"a list holding {_shown(strange)}"
    return f"a {type(value).__name__}"


def _is_dotted_name(name: str) -> bool:
    parts = name.split(".")
    return len(parts) >= 2 and all(part.isidentifier() for part in parts)


def _not_a_dotted_name(entry: str) -> str:
    if entry.isidentifier():
        return f'"{entry}" needs the module it is defined in, such as "mylib.{entry}"'
    return f'"{entry}" is not a dotted name such as "mylib.spawn"'


def _unknown_key(key: str) -> str:
    import difflib  # only when there is something to suggest

    close = difflib.get_close_matches(key, KEYS, n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return f'unknown key "{key}"{hint}; the keys are: {", ".join(sorted(KEYS))}'


def _looks_like_ours(name: str, ours: str) -> bool:
    if name in (ours, "mypy"):
        return False
    import difflib

    return difflib.SequenceMatcher(None, name.lower(), ours).ratio() >= _LOOKALIKE


def _misspelled(name: str, ours: str) -> str:
    return f"[{name}] looks like a misspelling of [{ours}], the section mypy-async-plugin reads"


def _raise_if_any(problems: list[Problem]) -> None:
    if problems:
        raise ConfigError(problems)


def _header_line(lines: list[str], header: str) -> int:
    """The 1-based line of a section header (or of a table's name), 1 when not found."""
    bare = header.strip("[]")
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.strip("[]").strip() == bare:
            return number
        if not header.startswith("[") and re.match(rf"\s*{re.escape(bare)}\s*=", line):
            return number
    return 1


def _key_line(lines: list[str], start: int, key: str) -> int:
    """The line where `key` is set in the section starting at line `start`."""
    pattern = re.compile(rf"""\s*["']?{re.escape(key)}["']?\s*[=:]""", re.IGNORECASE)
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if line.strip().startswith("["):
            break
        if pattern.match(line):
            return number
    return start
