"""Which standard library callees can make something async, as typeshed declares them.

Run as `python tests/stdlib_scan.py 3.13`: prints a JSON list of full names. It loads every
typeshed stdlib module for that Python version, in a process of its own.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import mypy
from mypy.build import BuildSource, build
from mypy.nodes import Decorator, FuncBase, MypyFile, SymbolNode, TypeInfo
from mypy.options import Options

from mypy_async_plugin.kinds import ALWAYS_WORTH_A_LOOK, async_comes_of, function_kind

TYPESHED_STDLIB = Path(mypy.__file__).parent / "typeshed" / "stdlib"


def stdlib_modules() -> list[str]:
    """Every module typeshed has stubs for (those of other Python versions are skipped later)."""
    found = []
    for stub in TYPESHED_STDLIB.rglob("*.pyi"):
        parts = stub.relative_to(TYPESHED_STDLIB).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and all(part.isidentifier() for part in parts):
            found.append(".".join(parts))
    return sorted(found)


def newest_python() -> tuple[int, int]:
    """The newest Python version typeshed's VERSIONS file names."""
    newest = (3, 0)
    for line in (TYPESHED_STDLIB / "VERSIONS").read_text().splitlines():
        line = line.split("#")[0].strip()
        if ":" not in line:
            continue
        for bound in line.split(":")[1].split("-"):
            if bound.strip():
                major, minor = bound.strip().split(".")
                newest = max(newest, (int(major), int(minor)))
    return newest


def loaded_stdlib(version: tuple[int, int]) -> dict[str, MypyFile]:
    options = Options()
    options.python_version = version
    options.ignore_missing_imports = True
    options.follow_imports = "silent"
    options.incremental = False
    with tempfile.TemporaryDirectory() as folder:
        importer = os.path.join(folder, "every_stdlib_module.py")
        Path(importer).write_text("".join(f"import {name}\n" for name in stdlib_modules()))
        return build([BuildSource(importer, None)], options).files


def callees(tree: MypyFile) -> Iterator[SymbolNode]:
    """A module's own functions and classes, and their classes' methods (dunders aside)."""
    for symbol in tree.names.values():
        node = symbol.node
        if node is None or not node.fullname.startswith(f"{tree.fullname}."):
            continue
        if isinstance(node, (FuncBase, Decorator)):
            yield node
        elif isinstance(node, TypeInfo):
            yield node
            for name, member in node.names.items():
                dunder = name.startswith("__") and name.endswith("__")
                if isinstance(member.node, (FuncBase, Decorator)) and not dunder:
                    yield member.node


def makes_something_async(node: SymbolNode) -> bool:
    return function_kind(node)[0] in ALWAYS_WORTH_A_LOOK or async_comes_of(node)


def async_callees(version: tuple[int, int]) -> list[str]:
    return sorted(
        {
            node.fullname
            for tree in loaded_stdlib(version).values()
            for node in callees(tree)
            if makes_something_async(node)
        }
    )


if __name__ == "__main__":
    if sys.argv[1] == "newest":
        print(json.dumps(list(newest_python())))
    else:
        major, minor = sys.argv[1].split(".")
        print(json.dumps(async_callees((int(major), int(minor)))))
