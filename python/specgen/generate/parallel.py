"""Large runs on two CPUs: a forked worker renders and writes a share of the files.

After planning, a large run's time goes to rendering and to creating thousands of
files and folders (as much kernel time as Python time). With more than one CPU
and at least `MIN_PARALLEL_FILES` planned files, `generate_in_two` splits the plan
(`split_planned`) by spec: a forked worker process renders and writes about half
of the files (whole specs), while this process renders and writes the others, then
merges both reports and records the run. The writer's rules hold for the batch as
a whole (`specgen.writer.shares`):

- every path of the batch is validated before the fork, so an unsafe or conflicting
  path still means nothing written;
- this process writes only once the worker has rendered its share: a template
  failing in the worker means nothing written. The worker does not wait for this
  process: a template failing here is raised once the files the worker wrote (each
  complete) are recorded in the manifest;
- each file is written atomically, by exactly one process;
- the manifest is saved once, here, with the steps both processes carried out, also
  when one of them failed; the failure is then raised here.

The worker sends its rendered files and its outcome back over a pipe (pickled). A
worker that dies without a report is a `WorkerError`: the files it wrote are
complete, and the next run, which compares every file with the disk, records them.

The worker never outlives this process: it asks the kernel for a SIGTERM when its
parent dies (``PR_SET_PDEATHSIG``) and checks its parent between two files. A stop
request here (SIGTERM, SIGINT: `specgen.writer.stopping`) is passed on to the worker,
which finishes the file at hand and reports what it wrote; the manifest then records
both processes' files before the interruption is raised. A batch in which a file the
manifest does not know is in the way (`PreparedWrite.unowned`) is written in this
process alone, so that a refusal comes before anything is written.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn, Protocol, TypeVar

from specgen.renderers.format import remove_scratch_folders
from specgen.writer import (
    Action,
    FileChange,
    ManifestEntry,
    OutputFile,
    Owner,
    WriteMode,
    WriteOptions,
    WriteReport,
    stopping,
)
from specgen.writer.shares import (
    PreparedWrite,
    ShareOutcome,
    finish_write,
    prepare_write,
    write_share,
)

MIN_PARALLEL_FILES = 200
"""Smaller batches are generated in one process (a fork costs more than it saves)."""
WORKER_SHARE = 0.5
"""The part of the planned files the worker takes (this process then also merges, records)."""

Entry = TypeVar("Entry")


class StartedRender(Protocol):
    """Rendered files: some ready to write, the others (formatting) after `finish`."""

    ready: list[OutputFile]

    def finish(self) -> tuple[list[OutputFile], list[str]]:
        """The other files, once formatted, and notes for the user."""
        ...


Render = Callable[[Sequence[Entry]], StartedRender]
"""Renders planned entries (and starts formatting those that need it)."""


class WorkerError(RuntimeError):
    """The worker process failed in a way that cannot be raised as its own error."""


def fork_is_safe() -> bool:
    """Whether this process may fork a worker: Linux, two usable CPUs or more, one thread.

    A fork copies only the calling thread; a lock another thread held would stay
    locked in the worker, so any other thread (Python's or a native library's,
    as ``/proc`` lists them) means no fork.
    """
    if not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2:
        return False
    if threading.active_count() != 1:
        return False
    try:
        return len(list(Path("/proc/self/task").iterdir())) == 1
    except OSError:
        return False


def should_split(files: int, options: WriteOptions) -> bool:
    """Whether a run of ``files`` planned files is generated in two processes.

    Only plain writes are: ``--check`` and ``--dry-run`` write nothing, and ``--force``
    (which replaces scaffolds and names backups) stays in one process.
    """
    plain = options.mode is WriteMode.WRITE and not options.force
    return plain and files >= MIN_PARALLEL_FILES and fork_is_safe()


def split_planned(
    planned: Sequence[Entry], spec_of: Callable[[Entry], str]
) -> tuple[list[Entry], list[Entry]]:
    """(this process's entries, the worker's): the worker takes whole specs' files.

    Whole specs, so that the two processes create different folders; the worker takes
    specs until it has `WORKER_SHARE` of the files. Should that take every spec, the
    last one stays here (so one spec means no worker).
    A Rust file that needs rustfmt is formatted by the process that renders it.
    """
    by_spec: dict[str, list[Entry]] = {}
    for entry in planned:
        by_spec.setdefault(spec_of(entry), []).append(entry)
    wanted = len(planned) * WORKER_SHARE
    mine, theirs = list[Entry](), list[Entry]()
    for entries in by_spec.values():
        (theirs if len(theirs) < wanted else mine).extend(entries)
    if not mine:  # the last spec went too: it stays here (one spec: no worker at all)
        last = list(by_spec.values())[-1]
        mine, theirs = last, theirs[: len(theirs) - len(last)]
    return mine, theirs


def generate_in_two(  # noqa: PLR0913  # the batch, the writer's options and the renderer
    root: Path,
    mine: Sequence[Entry],
    theirs: Sequence[Entry],
    placeholders: Sequence[OutputFile],
    *,
    options: WriteOptions,
    render: Render[Entry],
    scope: Collection[str] | None = None,
) -> tuple[list[OutputFile], list[str], WriteReport]:
    """Render and write ``mine`` here and ``theirs`` in a forked worker; merge both.

    ``placeholders`` are every file of the batch (contents may be empty): they are
    validated before anything else. Returns every rendered file sorted by path, this
    process's render notes, and the write report of the whole batch.

    Raises:
        UnsafePathError, WriteConflictError: As the writer; nothing written.
        BaseException: A render or write failure, here or in the worker. Nothing is
            written when the worker's render fails; otherwise the manifest records every
            file either process wrote.
    """
    prepared = prepare_write(root, placeholders, options, scope=scope)
    if prepared.unowned:  # a refusal must come before any write: one process plans it all
        return _alone(prepared, [*mine, *theirs], render)
    parent = os.getpid()
    from_worker, worker_out = os.pipe()
    # SIGINT and SIGTERM stay blocked from before the fork until the worker is registered
    # with `stopping.forward_to` and its reaping is armed: a stop arriving in between would
    # otherwise raise here at once and orphan a worker that keeps writing after this
    # process removed the lock. Blocked, it waits (pending) and is delivered when the old
    # mask comes back, where the handler forwards it to the registered worker.
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, stopping.STOP_SIGNALS)
    try:
        pid = os.fork()
    except OSError:  # no memory or process slot for a worker: everything here
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        os.close(from_worker)
        os.close(worker_out)
        return _alone(prepared, [*mine, *theirs], render)
    if pid == 0:  # pragma: no cover  # the worker: runs in the child and never returns
        os.close(from_worker)
        _worker_main(prepared, theirs, render, worker_out, parent=parent, mask=old_mask)
    worker = _Worker(pid)
    os.close(worker_out)
    with stopping.forward_to(pid):
        try:
            with os.fdopen(from_worker, "rb") as reader:
                signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)  # a pending stop lands here
                return _lead(prepared, mine, render, reader, worker)
            # leaving closes the pipe: a worker still sending gets EPIPE and stops
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
            _reap(worker)


def _lead(
    prepared: PreparedWrite,
    mine: Sequence[Entry],
    render: Render[Entry],
    reader: IO[bytes],
    worker: _Worker,
) -> tuple[list[OutputFile], list[str], WriteReport]:
    """This process's side: render, wait for the worker's render, write, merge."""
    try:
        started = render(mine)
    except BaseException as exc:  # noqa: BLE001  # raised once the worker's files are recorded
        _raise_after_worker(prepared, exc, reader, worker)
    try:
        _expect_rendered(reader, worker)
    except BaseException:
        with contextlib.suppress(Exception):
            started.finish()  # let rustfmt end and its scratch folder go
        raise
    late, notes, outcomes = _write_here(prepared, started)
    try:
        theirs, their_notes, outcome = _worker_result(reader, worker)
    except BaseException as exc:  # noqa: BLE001  # recorded with what was written
        theirs, their_notes, outcome = [], [], ShareOutcome(failure=exc)
    report = finish_write(prepared, [*outcomes, outcome])
    outputs = sorted([*started.ready, *late, *theirs], key=lambda file: file.path)
    return outputs, list(dict.fromkeys([*notes, *their_notes])), report


def _alone(
    prepared: PreparedWrite, entries: Sequence[Entry], render: Render[Entry]
) -> tuple[list[OutputFile], list[str], WriteReport]:
    """Render every entry, then write them all in this process as one share."""
    started = render(entries)
    late, notes = started.finish()
    outputs = sorted([*started.ready, *late], key=lambda file: file.path)
    report = finish_write(prepared, [write_share(prepared, outputs)])
    return outputs, notes, report


def _write_here(
    prepared: PreparedWrite, started: StartedRender
) -> tuple[list[OutputFile], list[str], list[ShareOutcome]]:
    """Write the ready files, then the formatted ones: those, the notes, both outcomes."""
    outcomes = [write_share(prepared, started.ready)]
    late: list[OutputFile] = []
    notes: list[str] = []
    try:
        late, notes = started.finish()
        outcomes.append(write_share(prepared, late))
    except BaseException as exc:  # noqa: BLE001  # recorded with what was written
        outcomes.append(ShareOutcome(failure=exc))
    return late, notes, outcomes


def _raise_after_worker(
    prepared: PreparedWrite, exc: BaseException, reader: IO[bytes], worker: _Worker
) -> NoReturn:
    """Raise ``exc`` (rendering failed here) once what the worker wrote is in the manifest."""
    outcome = ShareOutcome()
    try:
        kind, _ = _receive(reader, worker)
        if kind == "rendered":  # it has been writing: wait for its report
            outcome = _worker_result(reader, worker)[2]
    except BaseException as other:  # noqa: BLE001  # recorded; the render failure is raised
        outcome = ShareOutcome(failure=other)
    if outcome.done:
        finish_write(prepared, [ShareOutcome(failure=exc), outcome])  # raises exc
    raise exc


def _expect_rendered(reader: IO[bytes], worker: _Worker) -> None:
    """Wait until the worker has rendered its share; raise its failure if it could not."""
    kind, payload = _receive(reader, worker)
    if kind != "rendered":
        raise _failure(payload)


def _worker_result(
    reader: IO[bytes], worker: _Worker
) -> tuple[list[OutputFile], list[str], ShareOutcome]:
    """The worker's files, render notes and outcome, once it has written its share."""
    kind, payload = _receive(reader, worker)
    if kind != "done" or not isinstance(payload, tuple):
        raise _failure(payload)
    packed, notes, failure = payload
    files, outcome = _unpack(packed, failure)
    return files, notes, outcome


def _worker_main(  # noqa: PLR0913  # all a forked worker gets is this one call's arguments
    prepared: PreparedWrite,
    share: Sequence[Entry],
    render: Render[Entry],
    out_fd: int,
    *,
    parent: int,
    mask: set[int | signal.Signals],
) -> None:  # pragma: no cover  # runs in the forked child
    """Render ``share``; say so; write it; report; exit (also when the parent is gone).

    ``mask`` is the signal mask to restore once this worker handles stops itself.
    """
    code = 0
    try:
        stopping.start_in_worker(parent)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a stop sent meanwhile lands here
        _die_with(parent)
        gc.disable()  # a short-lived process: nothing to gain from collecting
        with os.fdopen(out_fd, "wb") as out:
            try:
                started = render(share)
                formatted, notes = started.finish()
                outputs = [*started.ready, *formatted]
            except BaseException as exc:  # noqa: BLE001  # sent to the parent, raised there
                with stopping.deferred():
                    _send(out, ("failed", _portable(exc)))
                return
            with stopping.deferred():  # the parent gets every report whole
                _send(out, ("rendered", None))
                outcome = write_share(prepared, outputs)
                failure = None if outcome.failure is None else _portable(outcome.failure)
                _send(out, ("done", (_pack(outputs, outcome), notes, failure)))
    except (BrokenPipeError, stopping.Interrupted):  # the parent is gone or asked to stop
        code = 0
    except BaseException:  # noqa: BLE001  # the parent sees the missing report
        code = 70
        traceback.print_exc()
    finally:
        remove_scratch_folders()  # os._exit runs no clean-up of its own
        os._exit(code)


PR_SET_PDEATHSIG = 1
"""prctl(2)'s option: the signal this process gets when its parent thread ends."""


def _die_with(parent: int) -> None:  # pragma: no cover  # runs in the forked child
    """Ask Linux for a SIGTERM when ``parent`` ends; raise `Interrupted` if it already has.

    The worker also checks its parent between two files (`stopping.check`), so it stops
    even where ``prctl`` is not available.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # it ended before the request was made
        raise stopping.Interrupted(signal.SIGTERM)


Packed = tuple[
    list[tuple[str, bytes, Owner, str]],
    list[tuple[str, str, Owner, str, bool, str]],
    list[tuple[str, Owner, str, str] | tuple[str]],
]
"""A share's files, changes and manifest steps as plain tuples (quick to pickle)."""


def _pack(files: Sequence[OutputFile], outcome: ShareOutcome) -> Packed:
    """The worker's files and outcome (less its failure) as plain tuples."""
    return (
        [(f.path, f.content, f.owner, f.spec) for f in files],
        [(c.path, c.action.value, c.owner, c.spec, c.drift, c.backup) for c in outcome.changes],
        [(path, e.owner, e.spec, e.sha256) if e else (path,) for path, e in outcome.done],
    )


def _unpack(packed: Packed, failure: BaseException | None) -> tuple[list[OutputFile], ShareOutcome]:
    """`_pack` undone: the worker's files and its outcome."""
    files, changes, done = packed
    return [OutputFile(*file) for file in files], ShareOutcome(
        changes=[
            FileChange(path, Action(action), owner, spec, drift=drift, backup=backup)
            for path, action, owner, spec, drift, backup in changes
        ],
        done=[(step[0], ManifestEntry(*step[1:]) if len(step) == 4 else None) for step in done],
        failure=failure,
    )


def _send(out: IO[bytes], message: tuple[str, object]) -> None:
    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _receive(reader: IO[bytes], worker: _Worker) -> tuple[str, object]:
    """The worker's next message; a `WorkerError` when it ended without one.

    A stop request while waiting is passed on to the worker (`stopping.forward_to`), which
    then reports what it did: the message is read whole, never cut by the signal.
    """
    try:
        with stopping.deferred():
            message = pickle.load(reader)  # noqa: S301  # our own forked child, over our own pipe
    except (EOFError, pickle.UnpicklingError) as exc:
        status = _reap(worker)
        raise WorkerError(f"the worker process ended without a report ({status})") from exc
    if not isinstance(message, tuple) or len(message) != 2 or not isinstance(message[0], str):
        raise WorkerError(f"the worker process sent an unexpected message: {message!r:.200}")
    return message[0], message[1]


def _failure(payload: object) -> BaseException:
    if isinstance(payload, BaseException):
        return payload
    return WorkerError(f"the worker process failed: {payload!r:.500}")


def _portable(exc: BaseException) -> BaseException:
    """``exc`` with the worker's traceback as a note, if it survives pickling; else its text."""
    text = "".join(traceback.format_exception(exc))
    try:
        exc.add_note(f"raised in the worker process:\n{text}")
        copy = pickle.loads(pickle.dumps(exc))  # noqa: S301  # our own bytes
    except Exception:  # noqa: BLE001  # any failure to round-trip: send the text instead
        return WorkerError(f"the worker process failed:\n{text}")
    return copy if isinstance(copy, BaseException) else WorkerError(text)


@dataclass
class _Worker:
    """The forked worker: its process id and, once reaped, how it ended."""

    pid: int
    ended: str = ""


def _reap(worker: _Worker) -> str:
    """Wait for the worker (once); how it ended, in words."""
    if not worker.ended:
        with stopping.deferred():  # a stop meanwhile is passed on: the worker ends
            _, status = os.waitpid(worker.pid, 0)
        if os.WIFSIGNALED(status):
            worker.ended = f"killed by signal {os.WTERMSIG(status)}"
        else:
            worker.ended = f"exit status {os.waitstatus_to_exitcode(status)}"
    return worker.ended
