"""The README's "Getting started" block, run as written in a temporary folder.

The block's commands run in bash with ``set -e``; ``specgen`` is this Python's (a shim
on PATH). Cargo gets the repository's crates through ``[patch.crates-io]`` in the
temporary folder's ``.cargo/config.toml``, works offline, shares the target folder and
starts from the workspace's lock file, so it reuses what the workspace already built.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from e2e_support import environment

ROOT = Path(__file__).resolve().parents[1]

PATCHES = f"""\
[net]
offline = true

[patch.crates-io]
managed-service = {{ path = "{ROOT.as_posix()}/crates/managed-service" }}
specgen-build = {{ path = "{ROOT.as_posix()}/build-hooks/cargo" }}
"""


def getting_started_commands() -> list[str]:
    """The command lines of the README's "Getting started" block, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Getting started", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "README's Getting started has no sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def _environment(tmp: Path) -> dict[str, str]:
    """The e2e tools' environment, with a ``specgen`` shim first on ``PATH``."""
    shims = tmp / "bin"
    shims.mkdir(exist_ok=True)
    shim = shims / "specgen"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m specgen "$@"\n')
    shim.chmod(0o755)
    return environment(PATH=f"{shims}{os.pathsep}{os.environ.get('PATH', '')}")


def run_lines(lines: list[str], cwd: Path, env: dict[str, str]) -> str:
    """Run ``lines`` as one bash script in ``cwd``; fail with the whole output."""
    script = "set -e\n" + "\n".join(lines) + "\n"
    done = subprocess.run(  # bash from PATH, the README's own commands
        [shutil.which("bash") or "bash", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, f"{lines} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def run_getting_started(tmp: Path, *, cargo: bool) -> tuple[Path, str]:
    """Run the block in ``tmp`` (its cargo lines only with ``cargo``); the project folder."""
    env = _environment(tmp)
    lines = getting_started_commands()
    first_cargo = next(i for i, line in enumerate(lines) if line.startswith("cargo "))
    output = run_lines(lines[:first_cargo], tmp, env)
    (created,) = [p for p in tmp.iterdir() if p.is_dir() and p.name not in {"bin", ".cargo"}]
    if cargo:
        (tmp / ".cargo").mkdir(exist_ok=True)
        (tmp / ".cargo" / "config.toml").write_text(PATCHES)
        shutil.copy2(ROOT / "Cargo.lock", created / "Cargo.lock")
        output += run_lines(lines[first_cargo:], created, env)
    return created, output
