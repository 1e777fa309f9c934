"""Shared fixtures: write spec files into a temporary project and run the CLI."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fault_support import Corpus, Seeded, seeded_from_environment
from kill_support import prepare_kill_corpus
from order_support import longest_files_first
from specgen.cli import cli
from support import Run, SpecWriter

# The end-to-end suite builds and runs whole example projects (cargo, npm, node): a plain
# `pytest` leaves it out; nox's `tests` and `e2e` sessions set SPECGEN_E2E=1 to run it.
collect_ignore = [] if os.environ.get("SPECGEN_E2E") == "1" else ["e2e"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the longest test files first; in an xdist worker, skip ``single_thread`` tests.

    Order: the files holding a ``long_running(seconds=N)`` test come first, longest
    first, then every other file in collection order (a file's own tests keep theirs).
    ``nox -s tests`` hands files to its workers in this order (``--no-loadscope-reorder``),
    so the longest test starts at once instead of running alone at the end (longest
    processing time first: the workers finish together).

    A worker runs a thread beside the tests, so a test that forks cannot do its work
    there; ``nox -s tests`` runs the ``single_thread`` ones in a pass of their own, in one
    process.
    """
    items[:] = longest_files_first(items)
    if "PYTEST_XDIST_WORKER" not in os.environ:
        return
    skip = pytest.mark.skip(reason="single_thread: needs one process (run it without -n)")
    for item in items:
        if item.get_closest_marker("single_thread"):
            item.add_marker(skip)


@pytest.fixture
def write_spec(tmp_path: Path) -> SpecWriter:
    """Write a spec (dict -> pretty JSON, or raw text) under tmp_path/specs."""

    def write(name: str, content: dict[str, Any] | str) -> Path:
        path = tmp_path / "specs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else json.dumps(content, indent=2) + "\n"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_cli() -> Callable[..., Run]:
    """Invoke the CLI in-process with separate stdout and stderr."""

    def run(*args: str) -> Run:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def spec() -> Callable[..., dict[str, Any]]:
    """Build a valid v2 spec with some fields added or replaced."""

    def build(**fields: Any) -> dict[str, Any]:
        return {"version": 2, "name": "gpu/stats", "description": "Query GPU stats"} | fields

    return build


@pytest.fixture
def seeded() -> Seeded:
    """The fault suite's random generator: a new seed per test (printed on failure;
    ``SPECGEN_FAULT_SEED`` replays it)."""
    return seeded_from_environment()


@pytest.fixture(scope="module")
def kill_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The kill tests' project and reference trees, built once per test file (four runs)."""
    return prepare_kill_corpus(tmp_path_factory.mktemp("corpus"))
