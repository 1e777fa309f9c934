"""SIGKILL ``specgen generate`` at random points; every interruption must converge (issue 16).

Each round switches the corpus to its other version, starts the CLI, and kills it
(SIGKILL, no chance to clean up) at a random moment of its locked phase, where it
renders and writes (from when its pid appears in the project lock file, for a random
part of the time an uninterrupted run holds the lock). Then it checks, as SQLite's
crash tests do for every interruption point:

- the forked worker died with its parent, within a second, without a traceback;
- no file is truncated or mixed: each holds the old version's bytes or the new one's;
- ``--check`` tells the truth: fresh exactly when the tree (manifest included) is
  already the uninterrupted run's and no temporary file is left;
- the next run leaves no temporary file and converges to the uninterrupted run's tree,
  byte for byte, and ``--check`` then says fresh.

The kills are dealt to two test files (tests/faults/test_kills_first.py and
test_kills_second.py, each with its own copy of the corpus), so that both pytest-xdist
workers run kills at once: in one file they were the run's critical path, over five
minutes on one worker while the other had finished. ``SPECGEN_FAULT_KILLS`` (default 50,
in all), ``SPECGEN_FAULT_SPECS`` (default 1,000) and ``SPECGEN_FAULT_SEED`` (printed on
failure) set the size and replay a run.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections import Counter
from pathlib import Path

from fault_support import (
    Corpus,
    Seeded,
    children_of,
    cli_env,
    copy_project,
    generate_command,
    generate_here,
    prepare_corpus,
    snapshot,
    switch_to,
    tree,
    wait_gone,
    wait_until_writing,
)

KILLS = int(os.environ.get("SPECGEN_FAULT_KILLS", "50"))
"""Kills in all, over both test files."""
SPECS = int(os.environ.get("SPECGEN_FAULT_SPECS", "1000"))
FRESH_CHECK_EVERY = 5
"""After every this many convergences, ``--check`` must also say fresh (it costs a run)."""
LATEST = 0.95
"""The kill falls at a uniformly random part (up to this) of an uninterrupted run's locked time."""
WORKER_GRACE_S = 1.0
"""The worker must be gone this soon after its parent was killed."""


def _mixed_or_truncated(
    files: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]
) -> list[str]:
    """Files (temporary ones aside) holding neither the old nor the new bytes."""
    return sorted(
        path
        for path, data in files.items()
        if not path.endswith(".tmp") and data not in {old.get(path), new.get(path)}
    )


def kills_of(part: int, parts: int = 2) -> int:
    """How many of the `KILLS` the test file number ``part`` (0-based) of ``parts`` makes."""
    return KILLS // parts + (part < KILLS % parts)


def prepare_kill_corpus(root: Path) -> Corpus:
    """The project in its steady state and both reference trees (four runs)."""
    return prepare_corpus(root / "project", SPECS)


def kill_at_random_points(corpus: Corpus, seeded: Seeded, tmp_path: Path, wanted: int) -> None:
    """Kill ``wanted`` runs at random points; every check above must hold after each."""
    project = copy_project(corpus, tmp_path)
    out = project / "out"
    errors = tmp_path / "stderr.txt"
    version, kills, rounds = 2, 0, 0
    figures: Counter[str] = Counter()
    while kills < wanted:
        rounds += 1
        assert rounds <= 3 * wanted, f"too few runs could be killed in time ({seeded})"
        target = 3 - version
        switch_to(project, corpus, target)
        where = f"round {rounds}, kill {kills + 1}, v{version} -> v{target} ({seeded})"
        delay = seeded.rng.uniform(0, LATEST) * corpus.locked_seconds
        with errors.open("wb") as stderr:
            run = subprocess.Popen(
                generate_command(),
                cwd=project,
                env=cli_env(),
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        wait_until_writing(run, out)
        time.sleep(delay)
        workers = children_of(run.pid)
        if run.poll() is not None:  # it finished first: not a kill
            figures["finished before the kill"] += 1
            assert run.returncode == 0, where
            assert tree(out) == corpus.references[target], where
            version = target
            continue
        run.kill()
        run.wait()
        kills += 1
        figures["worker running at the kill"] += bool(workers)
        assert wait_gone(workers, WORKER_GRACE_S) == [], f"the worker outlived its parent: {where}"
        assert "Traceback" not in errors.read_text(errors="replace"), where

        files, temporaries = snapshot(out)
        old, new = corpus.references[version], corpus.references[target]
        assert _mixed_or_truncated(files, old, new) == [], where
        figures["temporary files left by the kill"] += len(temporaries)
        complete = files == new and not temporaries
        figures["already complete at the kill"] += complete
        figures["files already new at the kill"] += sum(
            files.get(path) == data != old.get(path) for path, data in new.items()
        )
        assert (generate_here(project, check=True) == 0) == complete, f"--check lied: {where}"

        assert generate_here(project) == 0, where
        files, temporaries = snapshot(out)
        assert temporaries == [], where
        assert files == new, f"the rerun did not converge: {where}"
        if kills % FRESH_CHECK_EVERY == 0:
            assert generate_here(project, check=True) == 0, where
        version = target
    figures["kills"] = kills
    print(f"kill figures ({seeded}): {dict(figures)}")  # noqa: T201  # the report's figures
