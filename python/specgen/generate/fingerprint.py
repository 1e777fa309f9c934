"""The no-op fast path: skip a run whose inputs and outputs are exactly as last time.

After a clean write, the pipeline records a fingerprint of every input (spec and
config bytes, options, specgen's version and templates) and the size and mtime of
every output, in ``.specgen-cache.json`` in the output root. The next run first
compares both; if nothing changed, it writes nothing and renders nothing. Any edit
to a spec, template, config or output file falls back to a full run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from specgen.version import __version__

CACHE_NAME = ".specgen-cache.json"


def _templates_digest() -> str:
    digest = hashlib.sha256()
    root = resources.files("specgen") / "templates"
    stack = [root]
    entries = []
    while stack:
        folder = stack.pop()
        for item in folder.iterdir():
            if item.is_dir():
                stack.append(item)
            elif item.name.endswith(".jinja"):
                entries.append((str(item), item.read_bytes()))
    for name, data in sorted(entries):
        digest.update(name.encode())
        digest.update(data)
    return digest.hexdigest()


def input_fingerprint(files: Sequence[Path], extra: Iterable[str]) -> str:
    """A hash of the input files' bytes, the options in ``extra``, version and templates."""
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(_templates_digest().encode())
    for item in extra:
        digest.update(b"\0" + item.encode())
    for file in sorted(files):
        digest.update(b"\0" + str(file).encode() + b"\0")
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()


def _stats(out_dir: Path, paths: Iterable[str]) -> dict[str, list[int]] | None:
    folder = os.fspath(out_dir)
    result = {}
    for path in paths:  # thousands of outputs: os on strings, ~10x cheaper than pathlib
        try:
            stat = os.stat(os.path.join(folder, path))  # noqa: PTH116, PTH118
        except (OSError, ValueError):
            return None
        result[path] = [stat.st_size, stat.st_mtime_ns]
    return result


def is_fresh(out_dir: Path, fingerprint: str) -> list[str] | None:
    """The recorded outputs when nothing changed since the last run, else None."""
    try:
        cache = json.loads((out_dir / CACHE_NAME).read_text(encoding="utf-8"))
        recorded = cache["files"]
        if cache["fingerprint"] != fingerprint or not isinstance(recorded, dict):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return sorted(recorded) if _stats(out_dir, recorded) == recorded else None


def record(out_dir: Path, fingerprint: str, paths: Iterable[str]) -> None:
    """Remember the fingerprint and the outputs' stats (best effort)."""
    stats = _stats(out_dir, paths)
    if stats is None:
        return
    data = json.dumps({"fingerprint": fingerprint, "files": stats}, sort_keys=True)
    try:
        (out_dir / CACHE_NAME).write_text(data + "\n", encoding="utf-8")
    except OSError:
        return
