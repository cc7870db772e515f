"""What mypy's incremental cache must be keyed on besides the user's code: the plugin itself.

mypy fingerprints only a plugin's entry module, so a changed rule or message in
another module would otherwise replay stale errors from the cache.
"""

from __future__ import annotations

import hashlib
import os

from mypy_async_plugin.version import __version__


def plugin_fingerprint() -> dict[str, str]:
    # BLAKE2 hashes the sources in half the instructions SHA-256 takes without SHA hardware.
    digest = hashlib.blake2b(digest_size=8)
    for relative, path in _sources(os.path.dirname(os.path.abspath(__file__))):
        digest.update(relative.encode())
        with open(path, "rb") as source:
            digest.update(source.read())
    return {"version": __version__, "sources": digest.hexdigest()}


def _sources(package: str) -> list[tuple[str, str]]:
    """The package's Python files: (path relative to it, with "/", full path), sorted."""
    found = []
    for folder, _, files in os.walk(package):
        relative_folder = os.path.relpath(folder, package).replace(os.sep, "/")
        for name in files:
            if name.endswith(".py"):
                relative = name if relative_folder == "." else f"{relative_folder}/{name}"
                found.append((relative, os.path.join(folder, name)))
    return sorted(found)
