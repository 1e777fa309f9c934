"""Helpers of the end-to-end suite (tests/e2e): copy an example, run its tools, host it.

Each test works on a copy of an example in a temporary folder, with the example's relative
paths (to the workspace crates and the TypeScript runtime) made absolute, so nothing in the
repository is touched. Cargo builds share the repository's target folder.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from compile_support import ROOT, TARGET

EXAMPLES = ROOT / "examples"
_SKIP = shutil.ignore_patterns("target", "node_modules", "generated", "dist")


CARGO_TEST_PROFILE = {"CARGO_PROFILE_DEV_DEBUG": "false"}
"""Cargo builds of the tests make no debug info, like the compile checks' crates: the
example's first build takes 49 CPU-s instead of 70."""


def copy_example(name: str, dest: Path) -> Path:
    """Copy ``examples/<name>`` to ``dest/<name>`` with its repository paths made absolute."""
    project = dest / name
    shutil.copytree(EXAMPLES / name, project, ignore=_SKIP)
    cargo = project / "Cargo.toml"
    cargo.write_text(cargo.read_text().replace('path = "../../', f'path = "{ROOT.as_posix()}/'))
    package = project / "client" / "package.json"
    if package.is_file():
        package.write_text(
            package.read_text().replace("file:../../../", f"file:{ROOT.as_posix()}/")
        )
        (project / "client" / "package-lock.json").unlink(missing_ok=True)
    return project


def environment(**extra: str) -> dict[str, str]:
    """The environment of every tool: the generator is this Python's specgen."""
    env = dict(os.environ)
    env["SPECGEN"] = f"{sys.executable} -m specgen"
    env["CARGO_TARGET_DIR"] = str(TARGET)
    env["CARGO_TERM_COLOR"] = "never"
    env.update(CARGO_TEST_PROFILE)
    env.update(extra)
    return env


def run(
    command: Sequence[str | Path], cwd: Path, *, check: bool = True, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run a tool; on an unexpected failure, fail with its whole output."""
    done = subprocess.run(  # the tools of the test, no shell
        [str(part) for part in command],
        cwd=cwd,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if check and done.returncode != 0:
        message = f"{command} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        raise AssertionError(message)
    return done


def specgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``specgen ARGS`` in ``cwd``."""
    return run([sys.executable, "-m", "specgen", *args], cwd)


def cargo_out_dir(project: Path) -> Path:
    """The build script's ``OUT_DIR`` of the example crate (builds it if needed)."""
    done = run(["cargo", "build", "--message-format=json"], project)
    for line in done.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") == "build-script-executed" and "gpu-stats" in message.get(
            "package_id", ""
        ):
            return Path(message["out_dir"])
    raise AssertionError(f"no build-script-executed message for the example:\n{done.stdout}")


def build_client(project: Path) -> None:
    """Export the ts-rs bindings, install the client's packages and compile it (tsc --strict)."""
    bindings = project / "client" / "generated" / "ts" / "bindings"
    run(["cargo", "test", "export_bindings"], project, TS_RS_EXPORT_DIR=str(bindings))
    client = project / "client"
    run(["npm", "install", "--no-audit", "--no-fund"], client)
    run(["node", client / "node_modules" / "typescript" / "bin" / "tsc", "-p", "."], client)


@dataclass
class RunningHost:
    """A host process and its socket."""

    process: subprocess.Popen[str]
    socket: Path

    def stop(self, timeout: float = 15.0) -> tuple[int, str]:
        """SIGTERM; wait; return the exit code and the host's stderr."""
        self.process.send_signal(signal.SIGTERM)
        _, stderr = self.process.communicate(timeout=timeout)
        return self.process.returncode, stderr


@contextmanager
def running_host(binary: str, *args: str) -> Iterator[RunningHost]:
    """Start ``target/debug/<binary> --socket <short path> ARGS``; stop it afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="sg-e2e-", dir="/tmp"))  # short: sun_path is 108 bytes
    socket = folder / "host.sock"
    process = subprocess.Popen(  # our own binary
        [str(TARGET / "debug" / binary), "--socket", str(socket), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    )
    try:
        deadline = time.monotonic() + 20
        while not socket.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                _, stderr = process.communicate(timeout=5)
                raise AssertionError(f"the host did not start: {stderr}")
            time.sleep(0.05)
        yield RunningHost(process, socket)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=5)
        shutil.rmtree(folder, ignore_errors=True)


def node_client(
    project: Path, socket: Path, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """``node dist/src/main.js ARGS`` of the example's client, against ``socket``."""
    client = project / "client"
    return run(
        ["node", client / "dist" / "src" / "main.js", *args],
        client,
        check=check,
        SPECGEN_SOCKET=str(socket),
    )
