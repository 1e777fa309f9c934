"""Helpers of the fault-injection suite (tests/faults): a spec corpus, CLI runs, tree snapshots.

The corpus has two versions of one project. Version 2 changes every spec's text
(so every generated file is rewritten), drops the last tenth of the specs (their
files are removed) and adds as many new ones (their files are created): a run from
version 1 to version 2 creates, updates and removes files, and a kill can land in
any of those steps.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from specgen.generate.fingerprint import CACHE_NAME
from specgen.writer import MANIFEST_NAME
from specgen.writer.lock import LOCK_NAME

BOOKKEEPING = frozenset({CACHE_NAME, LOCK_NAME})
"""Files of the output root that are not part of the generated tree (the manifest is)."""


def make_spec(index: int, version: int) -> dict[str, object]:
    """One realistic spec: two types, four params, three results; ``version`` changes its text."""
    info = f"Info{index}"
    extra = {"note": {"type": "string", "optional": True}} if version == 2 else {}
    return {
        "version": 2,
        "name": f"group{index % 37}/verb-{index}",
        "description": f"Generated command number {index} (corpus v{version})",
        "environment": "server",
        "adapter": "rust-ipc" if index % 2 else "server-only",
        "rust": {
            "traits": ["ManagedService", "MetricsEmitter"],
            "command_prefix": f"group{index % 37}/",
        },
        "types": {
            info: {
                "description": f"Per-subsystem figures, v{version}",
                "fields": {
                    "budgetMb": {"type": "number", "description": "Budget in MB"},
                    "usedMb": {"type": "u64"},
                    "tags": {"type": "string[]", "optional": True},
                    **extra,
                },
            },
            f"Mode{index}": {"enum": ["fast", "slow", "balanced"]},
        },
        "params": [
            {"name": "subsystem", "type": "'inference' | 'tts' | 'rendering'", "optional": True},
            {"name": "limit", "type": "i32", "optional": True, "default": 10},
            {"name": "filter", "type": "Record<string, unknown>", "optional": True},
            {"name": "mode", "type": f"Mode{index}"},
        ],
        "results": [
            {"name": "items", "type": f"{info}[]"},
            {"name": "total", "type": "number"},
            {"name": "bounds", "type": "{ x: number; y: number }"},
        ],
        "examples": [{"description": "Default", "command": f"./jtag group/verb-{index}"}],
        "accessLevel": "ai-safe",
    }


def spec_indices(count: int, version: int) -> range:
    """The specs of a version: v2 drops the last tenth of v1 and adds as many new ones."""
    turnover = max(1, count // 10)
    return range(count) if version == 1 else range(turnover, count + turnover)


@functools.cache
def spec_files(count: int, version: int) -> dict[str, bytes]:
    """The file names and bytes of ``version`` of a ``count``-spec corpus (encoded once)."""
    return {
        f"spec-{index:05}.json": json.dumps(make_spec(index, version), indent=2).encode()
        for index in spec_indices(count, version)
    }


def write_specs(folder: Path, count: int, version: int) -> None:
    """Make ``folder`` hold exactly ``version`` of a ``count``-spec corpus.

    Every spec file is written again (new bytes, new mtime); files of no spec are removed.
    """
    wanted = spec_files(count, version)
    folder.mkdir(parents=True, exist_ok=True)
    with os.scandir(folder) as entries:
        stale = [entry.path for entry in entries if entry.name not in wanted]
    for path in stale:
        os.unlink(path)  # noqa: PTH108  # plain os calls: this runs a thousand times a round
    for name, data in wanted.items():
        with open(os.path.join(folder, name), "wb") as file:  # noqa: PTH118, PTH123  # as above
            file.write(data)


def write_project(root: Path, count: int, version: int) -> Path:
    """A project (specgen.toml + specs) under ``root``; its root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "specgen.toml").write_text('spec_dirs = ["specs"]\nout_dir = "out"\n', encoding="utf-8")
    write_specs(root / "specs", count, version)
    return root


def generate_command(*extra: str) -> list[str]:
    """The ``specgen generate`` command line (run in the project's folder)."""
    return [sys.executable, "-m", "specgen", "generate", *extra]


def cli_env() -> dict[str, str]:
    """The environment for a CLI run: this checkout's specgen, no colours."""
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    return env


def run_generate(root: Path, *extra: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``specgen generate`` in ``root`` to the end."""
    return subprocess.run(
        generate_command(*extra),
        cwd=root,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def tree(out: Path) -> dict[str, bytes]:
    """Every file below ``out`` (manifest included, bookkeeping files left out) and its bytes."""
    return snapshot(out)[0]


def temporary_files(out: Path) -> list[str]:
    """The writer's temporary files (``.<name>.<pid>.tmp``) below ``out``."""
    return snapshot(out)[1]


def snapshot(out: Path) -> tuple[dict[str, bytes], list[str]]:
    """``tree(out)`` and the writer's temporary files in it (``.<name>.<pid>.tmp``), in one pass."""
    files: dict[str, bytes] = {}
    _read_below(os.fspath(out), "", files)
    for name in BOOKKEEPING:
        files.pop(name, None)
    return files, sorted(path for path in files if _is_temporary(path.rpartition("/")[2]))


def _read_below(folder: str, prefix: str, files: dict[str, bytes]) -> None:
    """Add every file below ``folder`` to ``files``, named ``prefix`` + its relative path."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _read_below(entry.path, f"{prefix}{entry.name}/", files)
            else:
                with open(entry.path, "rb") as file:  # noqa: PTH123  # cheaper than pathlib here
                    files[prefix + entry.name] = file.read()


def _is_temporary(name: str) -> bool:
    """Whether ``name`` is a writer's temporary file name (``.<name>.<pid>.tmp``)."""
    return name.startswith(".") and name.endswith(".tmp") and name.split(".")[-2].isdigit()


def manifest_paths(out: Path) -> set[str]:
    """The paths the manifest lists."""
    data = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    return set(data)


def seeded_from_environment() -> Seeded:
    """A seeded generator: ``SPECGEN_FAULT_SEED`` replays a run; otherwise a new seed is drawn.

    The seed is printed (pytest shows it with a failure) and named in every assertion.
    """
    seed = int(os.environ.get("SPECGEN_FAULT_SEED") or random.SystemRandom().randrange(2**32))
    print(f"fault-injection seed: SPECGEN_FAULT_SEED={seed}")  # noqa: T201  # shown on failure
    return Seeded(seed, random.Random(seed))  # noqa: S311  # test choices, not secrets


@dataclass
class Seeded:
    """A random generator and the seed that reproduces it (``SPECGEN_FAULT_SEED``)."""

    seed: int
    rng: random.Random

    def __str__(self) -> str:
        """How to rerun with the same choices."""
        return f"SPECGEN_FAULT_SEED={self.seed}"


@dataclass
class Corpus:
    """A generated project in its steady state (v2) and the reference trees of both versions."""

    root: Path
    count: int
    references: dict[int, dict[str, bytes]]
    """version -> the tree an uninterrupted run to that version leaves (from the other one)."""
    run_seconds: float
    """Wall time of one uninterrupted CLI run from one version to the other."""
    locked_seconds: float
    """The part of it spent holding the project lock: rendering and writing."""


def prepare_corpus(root: Path, count: int) -> Corpus:
    """Write the project and run v1, v2, v1, v2 to the end (after those, runs repeat exactly)."""
    write_project(root, count, 1)
    references: dict[int, dict[str, bytes]] = {}
    seconds, locked = 0.0, 0.0
    for step, version in enumerate((1, 2, 1, 2)):
        write_specs(root / "specs", count, version)
        start = time.perf_counter()
        with subprocess.Popen(
            generate_command(), cwd=root, env=cli_env(), stdout=subprocess.DEVNULL
        ) as run:
            locking = wait_until_writing(run, root / "out")
            assert run.wait(timeout=600) == 0
        seconds = time.perf_counter() - start
        locked = time.perf_counter() - locking
        if step >= 2:  # the first two runs reach the steady state
            references[version] = tree(root / "out")
    return Corpus(root, count, references, seconds, locked)


def wait_until_writing(run: subprocess.Popen[bytes], out: Path) -> float:
    """Wait until ``run`` holds the project lock to write (its pid is in the lock file).

    Returns the moment (``time.perf_counter``); the moment it ended if it never did.
    """
    lock = out / LOCK_NAME
    mark = f"{run.pid}\n"
    while run.poll() is None:
        with contextlib.suppress(OSError):
            if lock.read_text(encoding="ascii") == mark:
                break
        time.sleep(0.002)
    return time.perf_counter()


def copy_project(corpus: Corpus, folder: Path) -> Path:
    """A private copy of ``corpus``'s project (in its v2 state), mtimes kept."""
    copy = folder / "project"
    shutil.copytree(corpus.root, copy, symlinks=True)
    return copy


def switch_to(root: Path, corpus: Corpus, version: int) -> None:
    """Put ``version``'s specs in place (the next run generates it)."""
    write_specs(root / "specs", corpus.count, version)


@contextlib.contextmanager
def working_directory(folder: Path) -> Iterator[None]:
    """Run the section in ``folder`` (the CLI resolves the project from there)."""
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def generate_here(root: Path, *, check: bool = False) -> int:
    """``specgen generate [--check]`` in this process, in ``root``; its exit code."""
    from specgen.generate.cli_support import run_generate_command  # noqa: PLC0415

    with working_directory(root), contextlib.redirect_stdout(io.StringIO()):
        return run_generate_command(
            (),
            None,
            None,
            check=check,
            dry_run=False,
            force=False,
            backup=False,
            output_format="json",
        )


def children_of(pid: int) -> list[int]:
    """The Python child processes of ``pid`` (its forked worker; rustfmt is left out)."""
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii").split()
    except OSError:
        return []
    found = []
    for child in map(int, listed):
        with contextlib.suppress(OSError):
            if "rustfmt" not in Path(f"/proc/{child}/comm").read_text(encoding="ascii"):
                found.append(child)
    return found


def wait_gone(pids: list[int], seconds: float) -> list[int]:
    """Wait up to ``seconds`` for the processes to end; those still running."""
    deadline = time.monotonic() + seconds
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if _running(pid)]
        if alive:
            time.sleep(0.005)
    return alive


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended but not reaped by its new parent, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in {"Z", "X"}
