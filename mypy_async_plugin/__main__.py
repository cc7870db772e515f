"""`python -m mypy_async_plugin`: see `mypy_async_plugin.cli`."""

from mypy_async_plugin.cli import main

raise SystemExit(main())
