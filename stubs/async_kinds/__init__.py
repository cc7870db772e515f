"""`async_kinds` exists for type checkers only; see `__init__.pyi` beside this file."""

raise ImportError(
    "async_kinds holds type annotations for type checkers only and has nothing to import at "
    "run time; import its names under 'if typing.TYPE_CHECKING:' (it ships with "
    "mypy-async-plugin, a development tool that production installs usually lack)"
)
