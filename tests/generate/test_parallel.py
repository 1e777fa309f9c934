"""Generating in two processes: the split, the merge, the fallbacks and the failure paths.

The example project is small, so the tests lower `MIN_PARALLEL_FILES` to send it
through the forked worker; its output must still match the golden tree.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import pytest

from specgen.config import ProjectConfig, load_config
from specgen.doctor.requirements import missing_message
from specgen.generate import parallel
from specgen.generate.fingerprint import CACHE_NAME
from specgen.generate.pipeline import GenerationResult, run_generation
from specgen.renderers import format as format_step
from specgen.renderers import render_plan
from specgen.writer import (
    MANIFEST_NAME,
    OutputFile,
    WriteMode,
    WriteOptions,
    read_manifest,
    shares,
    stopping,
    write,
)
from specgen.writer.lock import LOCK_NAME
from specgen.writer.manifest import sha256_hex

EXAMPLES = Path(str(resources.files("specgen") / "examples" / "specs"))
GOLDEN = Path(__file__).parent.parent / "goldens" / "examples"

# Fork checks need a process with one thread: nox runs them outside the xdist workers.
pytestmark = pytest.mark.single_thread
needs_fork = pytest.mark.skipif(
    not parallel.fork_is_safe(), reason="forking is not possible or not safe here"
)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in {CACHE_NAME, LOCK_NAME}  # bookkeeping, not output
    }


@pytest.fixture
def config() -> ProjectConfig:
    loaded, _ = load_config(EXAMPLES)
    return loaded


@pytest.fixture
def in_two(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every write run goes through the worker; the sizes of the worker's shares."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL_FILES", 1)
    sizes: list[int] = []
    split = parallel.split_planned

    def counting_split(
        planned: Sequence[object], spec_of: Callable[[object], str]
    ) -> tuple[list[object], list[object]]:
        mine, theirs = split(planned, spec_of)
        sizes.append(len(theirs))
        return mine, theirs

    monkeypatch.setattr(parallel, "split_planned", counting_split)
    return sizes


def _generate(config: ProjectConfig, out: Path) -> GenerationResult:
    return run_generation([EXAMPLES], config, out)


# --- the split --------------------------------------------------------------------------------


def test_split_deals_whole_specs_until_the_worker_has_its_share() -> None:
    planned = [
        ("rust/a/mod.rs", "a"),
        ("ts/a/x.ts", "a"),
        ("ts/a/y.ts", "a"),
        ("ts/b/x.ts", "b"),
        ("ts/b/y.ts", "b"),
        ("rust/b/mod.rs", "b"),
        ("ts/c/x.ts", "c"),
        ("ts/c/README.md", "c"),
        ("ts/d/x.ts", "d"),
        ("rust/mod.rs", "(project)"),
    ]
    mine, theirs = parallel.split_planned(planned, lambda e: e[1])
    assert sorted(mine + theirs) == sorted(planned)
    assert {spec for _, spec in mine}.isdisjoint({spec for _, spec in theirs})
    assert [spec for _, spec in theirs] == ["a"] * 3 + ["b"] * 3  # 6 >= WORKER_SHARE of 10
    assert any(path.endswith(".rs") for path, _ in theirs)  # Rust files go too


def test_split_of_many_small_specs_is_even() -> None:
    planned = [(f"ts/{i}/x.ts", str(i)) for i in range(10)]
    mine, theirs = parallel.split_planned(planned, lambda e: e[1])
    assert len(mine) == len(theirs) == 5
    one_spec = [("ts/a/x.ts", "a"), ("ts/a/y.ts", "a")]
    assert parallel.split_planned(one_spec, lambda e: e[1]) == (one_spec, [])
    big_last = [("ts/a/x.ts", "a"), ("ts/b/x.ts", "b")] + [(f"ts/c/{i}.ts", "c") for i in range(9)]
    mine, theirs = parallel.split_planned(big_last, lambda e: e[1])
    assert {spec for _, spec in theirs} == {"a", "b"}  # the big last spec stays here
    assert {spec for _, spec in mine} == {"c"}


def test_small_projects_and_non_writing_modes_stay_in_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "fork_is_safe", lambda: True)
    many = parallel.MIN_PARALLEL_FILES
    assert parallel.should_split(many, WriteOptions())
    assert not parallel.should_split(many - 1, WriteOptions())
    assert not parallel.should_split(many, WriteOptions(mode=WriteMode.CHECK))
    assert not parallel.should_split(many, WriteOptions(mode=WriteMode.DRY_RUN))
    assert not parallel.should_split(many, WriteOptions(force=True))
    monkeypatch.setattr(parallel, "fork_is_safe", lambda: False)
    assert not parallel.should_split(many, WriteOptions())


@needs_fork
def test_no_fork_while_another_thread_runs() -> None:
    if not parallel.fork_is_safe():
        pytest.skip("another thread (from an earlier test) is alive in this process")
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not parallel.fork_is_safe()
    finally:
        release.set()
        thread.join()
    deadline = time.monotonic() + 5  # the kernel drops the thread a moment after join()
    while not parallel.fork_is_safe() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert parallel.fork_is_safe()


@pytest.fixture
def no_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to generate in two processes fails the test."""

    def forked(*_: object, **__: object) -> None:
        raise AssertionError("forked a worker where one process should do")

    monkeypatch.setattr(parallel, "generate_in_two", forked)


@pytest.mark.usefixtures("no_fork")
def test_small_project_is_written_by_one_process(config: ProjectConfig, tmp_path: Path) -> None:
    assert _generate(config, tmp_path / "out").ok


@needs_fork
@pytest.mark.usefixtures("in_two", "no_fork")
def test_no_worker_when_it_would_get_nothing(config: ProjectConfig, tmp_path: Path) -> None:
    one_spec = min(EXAMPLES.glob("*.json"))
    result = run_generation(
        [EXAMPLES], config, tmp_path / "out", only=[one_spec], languages=("ts",)
    )
    assert result.ok
    assert len(result.outputs) > 1
    assert {o.spec for o in result.outputs} == {result.commands[0].spec_file}


# --- the merge --------------------------------------------------------------------------------


@needs_fork
def test_two_processes_write_the_golden_tree(
    config: ProjectConfig, tmp_path: Path, in_two: list[int]
) -> None:
    result = _generate(config, tmp_path / "out")
    assert result.ok, result.diagnostics
    assert in_two
    assert in_two[0] > 0  # the worker had a share
    assert _tree(tmp_path / "out") == _tree(GOLDEN)
    assert [o.path for o in result.outputs] == sorted(o.path for o in result.outputs)
    assert {o.path: o.content for o in result.outputs} == {
        path: data for path, data in _tree(GOLDEN).items() if path != MANIFEST_NAME
    }
    assert result.report is not None
    assert [c.path for c in result.report.changes] == [o.path for o in result.outputs]
    assert sorted(result.report.written()) == [o.path for o in result.outputs]
    assert (tmp_path / "out" / CACHE_NAME).is_file()


@needs_fork
def test_notes_of_both_processes_reach_the_result_once(
    config: ProjectConfig, tmp_path: Path, in_two: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rust files the worker renders need rustfmt, which is missing: the note comes back."""
    here, formats = os.getpid(), format_step.formats

    def worker_needs_rustfmt(path: str, _data: bytes, **_laid_out: bool) -> bool:
        return formats(path) and os.getpid() != here  # no Rust file here needs it

    monkeypatch.setattr(format_step, "needs_rustfmt", worker_needs_rustfmt)
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    result = _generate(config, tmp_path / "out")
    assert in_two
    assert in_two[0] > 0
    assert result.notes == [f"{missing_message('rustfmt')}; Rust output left as rendered"]
    assert result.ok
    monkeypatch.setattr(
        format_step, "needs_rustfmt", lambda path, _data, **_laid_out: formats(path)
    )  # both processes
    assert not (tmp_path / "out" / CACHE_NAME).exists()  # a run with notes is not cached
    assert _generate(config, tmp_path / "out").notes == result.notes  # said once


@needs_fork
def test_a_failed_fork_generates_in_one_process(
    config: ProjectConfig, tmp_path: Path, in_two: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_memory() -> int:
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(os, "fork", no_memory)
    result = _generate(config, tmp_path / "out")
    assert result.ok
    assert in_two
    assert _tree(tmp_path / "out") == _tree(GOLDEN)
    assert [o.path for o in result.outputs] == sorted(_tree(GOLDEN).keys() - {MANIFEST_NAME})


@needs_fork
def test_rerun_in_two_processes_writes_nothing_and_removes_stale_files(
    config: ProjectConfig, tmp_path: Path, in_two: list[int]
) -> None:
    out = tmp_path / "out"
    _generate(config, out)
    stale = out / "ts" / "stale.ts"
    stale.write_text("// old\n")
    manifest = (out / MANIFEST_NAME).read_text()
    sha = sha256_hex(b"// old\n")
    entry = f'"ts/stale.ts": {{"owner": "generated", "sha256": "{sha}", "spec": "x"}}'
    (out / MANIFEST_NAME).write_text(manifest.replace("{\n", "{\n  " + entry + ",\n", 1))
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.ts") if p != stale}
    (out / CACHE_NAME).unlink()  # a full run, not the no-op shortcut
    result = _generate(config, out)
    assert result.report is not None
    assert result.report.written() == []
    assert not stale.exists()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.ts")} == before
    assert _tree(out) == _tree(GOLDEN)
    assert len(in_two) == 2


# --- failures ---------------------------------------------------------------------------------


def _fail_render_in(monkeypatch: pytest.MonkeyPatch, *, worker: bool) -> None:
    """Make rendering fail in the worker (or here) only."""
    start = render_plan.start_render
    parent = os.getpid()

    def failing(planned: object) -> object:
        if (os.getpid() != parent) == worker:
            raise RuntimeError("template exploded")
        return start(planned)  # type: ignore[arg-type]

    monkeypatch.setattr(render_plan, "start_render", failing)


@needs_fork
@pytest.mark.usefixtures("in_two")
def test_a_render_failure_in_the_worker_writes_nothing(
    config: ProjectConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_render_in(monkeypatch, worker=True)
    with pytest.raises(RuntimeError, match="template exploded") as caught:
        _generate(config, tmp_path / "out")
    assert any("raised in the worker process" in note for note in caught.value.__notes__)
    assert _tree(tmp_path / "out") == {}  # at most the project lock's mark of a failed run


@needs_fork
@pytest.mark.usefixtures("in_two")
def test_a_render_failure_here_is_raised_once_the_workers_files_are_recorded(
    config: ProjectConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _fail_render_in(monkeypatch, worker=False)
    with pytest.raises(RuntimeError, match="template exploded"):
        _generate(config, out)
    assert _assert_manifest_matches_disk(out) == set()
    assert not (out / CACHE_NAME).exists()
    assert 0 < len(_tree(out)) < len(_tree(GOLDEN))
    monkeypatch.undo()
    assert _generate(config, out).ok  # the next run completes the tree
    assert _tree(out) == _tree(GOLDEN)


def _fail_write_in(monkeypatch: pytest.MonkeyPatch, *, worker: bool, kill: bool = False) -> None:
    """Fail (or, with ``kill``, end the process) on the second file the worker or here writes."""
    apply = write._apply_step  # noqa: SLF001  # the one write the test can break
    parent = os.getpid()
    seen: list[str] = []

    def failing(root: Path, step: object, new_folders: object = None) -> None:
        if (os.getpid() != parent) == worker:
            seen.append("x")
            if len(seen) == 2:
                if kill:
                    os._exit(9)
                raise OSError(28, "No space left on device")
        apply(root, step, new_folders)  # type: ignore[arg-type]

    monkeypatch.setattr(shares, "_apply_step", failing)


def _assert_manifest_matches_disk(out: Path) -> set[str]:
    """Every manifest entry is a complete file on disk; every file on disk is recorded."""
    entries, notes = read_manifest(out)
    assert not notes
    for path, entry in entries.items():
        assert sha256_hex((out / path).read_bytes()) == entry.sha256, path
    on_disk = set(_tree(out)) - {MANIFEST_NAME}
    assert not any(".tmp" in path for path in on_disk)
    return on_disk - set(entries)


@needs_fork
@pytest.mark.usefixtures("in_two")
@pytest.mark.parametrize("worker", [True, False], ids=["in-worker", "here"])
def test_a_write_failure_is_raised_and_the_manifest_records_what_was_written(
    config: ProjectConfig,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    worker: bool,
) -> None:
    out = tmp_path / "out"
    _fail_write_in(monkeypatch, worker=worker)
    with pytest.raises(OSError, match="No space left"):
        _generate(config, out)
    assert _assert_manifest_matches_disk(out) == set()
    assert not (out / CACHE_NAME).exists()
    written = set(_tree(out)) - {MANIFEST_NAME}
    assert 0 < len(written) < len(_tree(GOLDEN)) - 1
    monkeypatch.undo()
    assert _generate(config, out).ok  # the next run completes the tree
    assert _tree(out) == _tree(GOLDEN)


@needs_fork
@pytest.mark.usefixtures("in_two")
def test_a_worker_that_dies_is_an_error_and_the_next_run_repairs(
    config: ProjectConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _fail_write_in(monkeypatch, worker=True, kill=True)
    with pytest.raises(parallel.WorkerError, match="exit status 9"):
        _generate(config, out)
    unrecorded = _assert_manifest_matches_disk(out)
    assert len(unrecorded) == 1  # the worker's first file: complete, not yet recorded
    assert not (out / CACHE_NAME).exists()
    monkeypatch.undo()
    result = _generate(config, out)
    assert result.ok
    assert _tree(out) == _tree(GOLDEN)


# --- the writer's shares ----------------------------------------------------------------------


def test_shares_write_what_write_outputs_writes(tmp_path: Path) -> None:
    files = [OutputFile(f"d{i}/f{i}.txt", f"{i}\n".encode(), "generated", "s") for i in range(6)]
    files.append(OutputFile("keep/me.txt", b"mine\n", "scaffold", "s"))
    prepared = shares.prepare_write(tmp_path, files, WriteOptions())
    outcomes = [shares.write_share(prepared, files[:3]), shares.write_share(prepared, files[3:])]
    report = shares.finish_write(prepared, outcomes)
    assert report.written() == sorted(f.path for f in files)
    assert {p: (tmp_path / p).read_bytes() for p in report.written()} == {
        f.path: f.content for f in files
    }
    entries, _ = read_manifest(tmp_path)
    assert sorted(entries) == sorted(f.path for f in files)


def test_shares_are_only_for_writing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="WRITE"):
        shares.prepare_write(tmp_path, [], WriteOptions(mode=WriteMode.CHECK))


@needs_fork
def test_a_stop_between_fork_and_forwarding_reaches_the_worker(
    config: ProjectConfig, tmp_path: Path, in_two: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM right after the fork, before the worker is registered: forwarded, reaped."""
    real_fork = os.fork
    forked: list[int] = []

    def fork_then_stop() -> int:
        pid = real_fork()
        if pid:  # the parent, in the window before `stopping.forward_to`
            forked.append(pid)
            os.kill(os.getpid(), signal.SIGTERM)
        return pid

    monkeypatch.setattr(os, "fork", fork_then_stop)
    mask_before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    with pytest.raises(stopping.Interrupted), stopping.handling_stops():
        _generate(config, tmp_path / "out")
    assert in_two
    assert forked
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == mask_before
    with pytest.raises(ChildProcessError):  # the worker was reaped, not left behind
        os.waitpid(forked[0], os.WNOHANG)
    monkeypatch.setattr(os, "fork", real_fork)
    assert _generate(config, tmp_path / "out").ok  # the next run finishes the job
    assert _tree(tmp_path / "out") == _tree(GOLDEN)
