"""Two ``specgen generate`` runs at once on one project, 20 rounds (issue 16).

Before the project lock, two runs each saved a manifest without the other's files:
a file stayed on disk unrecorded and ``--check`` called the tree fresh. Now the
second run waits ("waiting for lock on ...") and the result must be exactly what a
single run leaves: the same tree, the same manifest, and ``--check`` fresh.

Each round switches the corpus to its other version and starts a whole-project
run, then, after a random part of its run time, a second one: by the seeded draw
another whole-project run, a run of half the specs (``--spec``: one that read the
manifest before the first run saved it, and saved its own after, would drop the
other half's entries), or a ``--check`` (which shares the lock with other checks
but never reads a tree a writer is halfway through). The lock itself is tested
deterministically in tests/writer/test_lock.py and tests/generate/test_interrupts.py.
``SPECGEN_FAULT_ROUNDS`` (default 20), ``SPECGEN_FAULT_RACE_SPECS`` (default 200)
and ``SPECGEN_FAULT_SEED`` set the size and replay a run.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from fault_support import (
    Corpus,
    Seeded,
    cli_env,
    copy_project,
    generate_command,
    generate_here,
    prepare_corpus,
    snapshot,
    switch_to,
)

pytestmark = pytest.mark.long_running(seconds=40)

ROUNDS = int(os.environ.get("SPECGEN_FAULT_ROUNDS", "20"))
SPECS = int(os.environ.get("SPECGEN_FAULT_RACE_SPECS", "200"))
"""Large enough that each run forks its worker (more than 200 files)."""
WAITING = "waiting for lock on "
LATEST = 0.8
"""The second run starts after up to this part of an uninterrupted run's wall time."""


def _second_run(seeded: Seeded, project: Path) -> tuple[str, list[str]]:
    """The kind and options of the run started next to a whole-project run."""
    kind = seeded.rng.choice(["whole", "some specs", "check"])
    if kind == "some specs":
        specs = sorted((project / "specs").glob("*.json"))
        chosen = seeded.rng.sample(specs, len(specs) // 2)
        return kind, [option for spec in chosen for option in ("--spec", f"specs/{spec.name}")]
    return kind, ["--check"] if kind == "check" else []


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The project in its steady state and both reference trees (built once: four runs)."""
    return prepare_corpus(tmp_path_factory.mktemp("corpus") / "project", SPECS)


def test_two_runs_at_once_equal_one_run(corpus: Corpus, seeded: Seeded, tmp_path: Path) -> None:
    project = copy_project(corpus, tmp_path)
    out = project / "out"
    version = 2
    figures: Counter[str] = Counter()
    for round_ in range(1, ROUNDS + 1):
        target = 3 - version
        switch_to(project, corpus, target)
        kind, extra = _second_run(seeded, project)
        where = f"round {round_}, v{version} -> v{target}, whole + {kind} ({seeded})"
        runs = []
        for options in ([], extra):
            runs.append(
                subprocess.Popen(
                    generate_command(*options),
                    cwd=project,
                    env=cli_env(),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            time.sleep(seeded.rng.uniform(0, LATEST) * corpus.run_seconds)
        outcomes = [run.communicate(timeout=300) for run in runs]
        codes = [run.returncode for run in runs]
        assert codes[0] == 0, f"{where}: {outcomes[0]}"
        assert codes[1] in ({0, 1} if kind == "check" else {0}), f"{where}: {outcomes[1]}"
        for _, stderr in outcomes:
            assert "Traceback" not in stderr, where
            figures["lock waits"] += WAITING in stderr
        figures[f"second run: {kind}"] += 1
        files, temporaries = snapshot(out)
        assert temporaries == [], where
        assert files == corpus.references[target], f"not what one run leaves: {where}"
        assert generate_here(project, check=True) == 0, where
        version = target
    figures["rounds"] = ROUNDS
    print(f"concurrency figures ({seeded}): {dict(figures)}")  # noqa: T201  # the report's figures
