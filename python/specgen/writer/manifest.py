"""The manifest: which files in an output root specgen wrote, for whom, and with which bytes.

It lives at ``<root>/.specgen-manifest.json`` and maps each path (relative to the root) to
``{"owner", "spec", "sha256"}``. ``sha256`` is the hash of the bytes specgen last wrote there
(for a scaffold that already existed when specgen first met it: the bytes it found). The
file is deterministic JSON: sorted keys, 2-space indent, a trailing newline.

A missing manifest is an empty one. A corrupt one is never a crash: what can be read is kept,
the rest is dropped and reported as a note, and the next write repairs the file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from pathlib import Path

from specgen.values import value_type
from specgen.writer._paths import MANIFEST_NAME, path_problem
from specgen.writer.plan import OWNERS, Owner

__all__ = [
    "MANIFEST_NAME",
    "ManifestEntry",
    "read_manifest",
    "render_manifest",
    "sha256_hex",
]

_SHA256 = re.compile(r"[0-9a-f]{64}")


@value_type(slots=True)
class ManifestEntry:
    """What the manifest records about one file."""

    owner: Owner
    spec: str
    sha256: str


def sha256_hex(data: bytes) -> str:
    """Return the lowercase hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def read_manifest(root: Path) -> tuple[dict[str, ManifestEntry], list[str]]:
    """Read ``root``'s manifest.

    Returns:
        The valid entries, and notes about anything that had to be ignored (an unreadable or
        invalid file, entries with a bad shape or an unsafe path).
    """
    path = root / MANIFEST_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError as error:
        return {}, [f"ignored unreadable manifest {MANIFEST_NAME}: {error}"]
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, [f"ignored corrupt manifest {MANIFEST_NAME}: {error}"]
    if not isinstance(data, dict):
        return {}, [f"ignored corrupt manifest {MANIFEST_NAME}: not a JSON object"]
    entries: dict[str, ManifestEntry] = {}
    dropped: list[str] = []
    for key, value in data.items():
        entry = _entry(value)
        if entry is None or path_problem(key) is not None:
            dropped.append(key)
        else:
            entries[key] = entry
    notes = []
    if dropped:
        names = ", ".join(repr(key) for key in sorted(dropped))
        notes.append(f"ignored invalid entries in manifest {MANIFEST_NAME}: {names}")
    return entries, notes


def render_manifest(entries: Mapping[str, ManifestEntry]) -> bytes:
    """Serialise ``entries`` as the manifest's deterministic bytes.

    The text is what ``json.dumps(data, sort_keys=True, indent=2)`` prints, built
    directly: every entry has the same three keys, and the standard encoder's
    indented mode runs in pure Python (slow for thousands of entries).
    """
    if not entries:
        return b"{}\n"
    quote = json.dumps
    items = [
        f'  {quote(path)}: {{\n    "owner": {quote(entry.owner)},\n'
        f'    "sha256": {quote(entry.sha256)},\n    "spec": {quote(entry.spec)}\n  }}'
        for path, entry in sorted(entries.items())
    ]
    return ("{\n" + ",\n".join(items) + "\n}\n").encode("utf-8")


def _entry(value: object) -> ManifestEntry | None:
    if not isinstance(value, dict):
        return None
    owner = value.get("owner")
    spec = value.get("spec")
    sha = value.get("sha256")
    if owner not in OWNERS or not isinstance(spec, str) or not isinstance(sha, str):
        return None
    if _SHA256.fullmatch(sha) is None:
        return None
    return ManifestEntry(
        owner="generated" if owner == "generated" else "scaffold", spec=spec, sha256=sha
    )
