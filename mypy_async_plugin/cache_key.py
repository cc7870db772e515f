"""What mypy's incremental cache must be keyed on besides the user's code: the plugin itself.

mypy fingerprints only a plugin's entry module, so a changed rule or message in
another module would otherwise replay stale errors from the cache.
"""

from __future__ import annotations

import os
import zlib

from mypy_async_plugin.version import __version__


def plugin_fingerprint() -> dict[str, str]:
    return fingerprint_of(os.path.dirname(os.path.abspath(__file__)))


def fingerprint_of(package: str) -> dict[str, str]:
    """The version, and a checksum of the Python sources under `package` with their paths."""
    # A change to the sources must change the key; nobody crafts collisions against it, so
    # CRC-32 serves, at about a quarter of BLAKE2b's instructions (every run pays for it).
    checksum = 0
    size = 0
    for relative, path in _sources(package):
        checksum = zlib.crc32(relative.encode(), checksum)
        with open(path, "rb") as source:
            text = source.read()
        checksum = zlib.crc32(text, checksum)
        size += len(text)
    return {"version": __version__, "sources": f"{checksum:08x}-{size}"}


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
