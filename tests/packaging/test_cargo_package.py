"""The published crates have what ``cargo package`` needs (metadata, readme, sources)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CARGO = shutil.which("cargo")
pytestmark = pytest.mark.skipif(CARGO is None, reason="cargo is not installed")


@pytest.mark.parametrize("crate", ["managed-service", "health-monitor", "specgen-build"])
def test_cargo_package_lists_the_crate(crate: str) -> None:
    assert CARGO is not None
    # --offline: listing needs no registry (checked: it passes the same without it).
    done = subprocess.run(
        [CARGO, "package", "--list", "--allow-dirty", "--offline", "-p", crate],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "CARGO_TERM_COLOR": "never"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr, done.stderr  # e.g. "manifest has no description"
    files = done.stdout.split()
    assert {"Cargo.toml", "Cargo.toml.orig", "README.md", "src/lib.rs"} <= set(files)
    assert not any(f.startswith(("target/", "../")) for f in files)
