"""What mypy's incremental cache must be keyed on besides the user's code: the plugin itself.

mypy fingerprints only a plugin's entry module, so a changed rule or message in
another module would otherwise replay stale errors from the cache.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from mypy_async_plugin.version import __version__


def plugin_fingerprint() -> dict[str, str]:
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return {"version": __version__, "sources": digest.hexdigest()[:16]}
