"""The build request: what a build script asks ``specgen build-request`` to generate.

Example (relative paths are taken from ``manifest_dir``)::

    {
      "version": 1,
      "manifest_dir": "/work/gpu-stats",
      "out_dir": "/work/target/debug/build/gpu-stats-1f2e/out/specgen",
      "specs": ["specs/gpu-stats.json"],
      "adapter": null,
      "scaffold_dir": "src/services"
    }

Only ``manifest_dir`` and ``out_dir`` are required. Without ``specs`` the project's
``spec_dirs`` (specgen.toml) are used; without ``scaffold_dir``, its ``[rust] scaffold_dir``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specgen.writer._paths import root_problem

PROTOCOL_VERSION = 1
"""The version of the request and response format."""

_KEYS = {"version", "manifest_dir", "out_dir", "specs", "adapter", "scaffold_dir", "config"}


class BadRequestError(ValueError):
    """The request is not JSON, or not a request of this protocol version."""


@dataclass(frozen=True)
class BuildRequest:
    """A parsed, checked build request; every path is absolute."""

    manifest_dir: Path
    out_dir: Path
    specs: tuple[Path, ...] = ()
    adapter: str | None = None
    scaffold_dir: Path | None = None
    config: Path | None = None


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _string(table: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = table.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise BadRequestError(f'"{key}" must be a non-empty string, got {json.dumps(value)}')
    if _CONTROL.search(value) is not None:  # a NUL cannot be in a path
        raise BadRequestError(f'"{key}" holds a control character: {value!r}')
    return value


def parse_request(text: str) -> BuildRequest:
    """Parse and check a request; a `BadRequestError` says what is wrong with it."""
    try:
        table = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"the request is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise BadRequestError(message) from exc
    if not isinstance(table, dict):
        raise BadRequestError("the request must be a JSON object")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise BadRequestError(f"unknown request keys: {', '.join(unknown)}")
    if table.get("version") != PROTOCOL_VERSION:
        found = json.dumps(table.get("version"))
        message = f"request version {found} is not supported (this specgen speaks version 1)"
        raise BadRequestError(message)
    base = Path(_string(table, "manifest_dir", required=True) or "")
    if not base.is_absolute():
        raise BadRequestError(f'"manifest_dir" must be an absolute path, got {str(base)!r}')
    specs = table.get("specs", [])
    if not isinstance(specs, list) or not all(
        isinstance(s, str) and s and not _CONTROL.search(s) for s in specs
    ):
        raise BadRequestError('"specs" must be a list of paths')
    optional = {key: _string(table, key) for key in ("adapter", "scaffold_dir", "config")}
    out_dir = base / (_string(table, "out_dir", required=True) or "")
    unusable = root_problem(out_dir)
    if unusable is not None:
        raise BadRequestError(unusable)
    return BuildRequest(
        manifest_dir=base,
        out_dir=out_dir,
        specs=tuple(base / s for s in specs),
        adapter=optional["adapter"],
        scaffold_dir=base / optional["scaffold_dir"] if optional["scaffold_dir"] else None,
        config=base / optional["config"] if optional["config"] else None,
    )
