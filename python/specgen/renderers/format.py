"""The format step: generated Rust goes through rustfmt, in memory, in one batch.

Templates aim for rustfmt's layout already; rustfmt settles what depends on name
lengths (line breaks in signatures, use lists). All files of a run are formatted
by one rustfmt process over a temporary folder. Without rustfmt on the machine
the text is kept as rendered (it compiles either way) and the caller is told.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

RUST_EDITION = "2024"


@dataclass
class FormatResult:
    """Formatted contents by path, and a note when formatting was skipped or failed."""

    files: dict[str, bytes] = field(default_factory=dict)
    note: str = ""


def _scratch_dir() -> str | None:
    """A memory-backed folder for rustfmt's temporary files when the system has one."""
    shm = Path("/dev/shm")  # noqa: S108  # Linux's tmpfs; only our own temporary folder goes there
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def format_rust(files: Mapping[str, bytes], rustfmt: str | None = None) -> FormatResult:
    """Format every ``.rs`` content of ``files`` (other entries pass through)."""
    # mod.rs files only declare modules; rustfmt would chase those into files it
    # was not given, and the templates already lay them out canonically.
    rust = {p: data for p, data in files.items() if p.endswith(".rs") and not p.endswith("mod.rs")}
    result = FormatResult(dict(files))
    if not rust:
        return result
    tool = rustfmt or shutil.which("rustfmt")
    if tool is None:
        result.note = "rustfmt not found: Rust output left as rendered (install rustfmt)"
        return result
    with tempfile.TemporaryDirectory(prefix="specgen-fmt-", dir=_scratch_dir()) as tmp:
        names = {path: Path(tmp) / f"f{index}.rs" for index, path in enumerate(sorted(rust))}
        for path, target in names.items():
            target.write_bytes(rust[path])
        proc = subprocess.run(  # noqa: S603  # rustfmt from PATH, fixed arguments
            [tool, "--edition", RUST_EDITION, "--quiet", *map(str, names.values())],
            capture_output=True,
            check=False,
        )
        if proc.returncode != 0:
            result.note = (
                "rustfmt failed; Rust output left as rendered: "
                + proc.stderr.decode(errors="replace")[:500]
            )
            return result
        for path, target in names.items():
            result.files[path] = target.read_bytes()
    return result
