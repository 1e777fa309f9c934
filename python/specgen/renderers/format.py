"""The format step: generated Rust goes through rustfmt, in memory, in one batch.

The built-in templates lay their files out as rustfmt would (`rust_layout`): those
skip rustfmt unless their names grow past what that layout covers. The other files
of a run are formatted in a temporary folder by a few rustfmt processes at once (one
per CPU, at most `MAX_PROCESSES`), each over its share of the files. Without rustfmt
on the machine the text is kept as rendered (it compiles either way) and the caller
is told.

Scratch folders (``specgen-fmt-<pid>-*``, in the system's memory-backed temporary
folder) go on every exit path: when formatting ends or fails, when the run is
interrupted (`remove_scratch_folders`, which a forked worker calls before it exits),
and, for a process that was killed outright, when the next run starts: the first
scratch folder a process makes first removes those of processes that are gone
(`remove_stale_scratch`).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from specgen.doctor.requirements import missing_message
from specgen.renderers.rust_layout import outgrows_layout

RUST_EDITION = "2024"
MAX_PROCESSES = 4
"""The most rustfmt processes one run starts (each costs a start-up of a few ms)."""
MIN_FILES_PER_PROCESS = 32
"""Fewer files than this per process are not worth another start-up."""


@dataclass
class FormatResult:
    """Formatted contents by path, and a note when formatting was skipped or failed."""

    files: dict[str, bytes] = field(default_factory=dict)
    note: str = ""


def formats(path: str) -> bool:
    """Whether the format step looks at a file: Rust, but not a module index.

    ``mod.rs`` files are in rustfmt's layout by construction.
    """
    return path.endswith(".rs") and not path.endswith("mod.rs")


def needs_rustfmt(path: str, data: bytes, *, laid_out: bool) -> bool:
    """Whether the format step runs rustfmt over a rendered file.

    Every file it `formats` does, unless its template laid it out (``laid_out``) and its
    lines stay within that layout (`outgrows_layout`).
    """
    return formats(path) and (not laid_out or outgrows_layout(data.decode()))


def _process_count(files: int) -> int:
    """How many rustfmt processes share ``files`` files: one per CPU, none idle or tiny."""
    return max(1, min(os.cpu_count() or 1, MAX_PROCESSES, files // MIN_FILES_PER_PROCESS))


def _scratch_dir() -> str | None:
    """A memory-backed folder for rustfmt's temporary files when the system has one."""
    shm = Path("/dev/shm")  # noqa: S108  # Linux's tmpfs; only our own temporary folder goes there
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


SCRATCH_PREFIX = "specgen-fmt-"
_SCRATCH_NAME = re.compile(re.escape(SCRATCH_PREFIX) + r"(\d+)-.+")
_LIVE: dict[str, PendingFormat] = {}
"""This process's running formats, by scratch folder."""
_swept: set[int] = set()
"""The processes that already removed stale scratch folders (a forked worker is new)."""


def remove_scratch_folders() -> None:
    """Stop this process's rustfmt runs and remove their scratch folders (any exit path)."""
    for pending in list(_LIVE.values()):
        pending.close()


def remove_stale_scratch(folder: str | None = None) -> list[str]:
    """Remove scratch folders of processes that are gone (killed outright); their names.

    Only folders named by this module (``specgen-fmt-<pid>-*``), owned by this user,
    whose process no longer exists.
    """
    base = folder or _scratch_dir() or tempfile.gettempdir()
    removed: list[str] = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed
    for entry in entries:
        match = _SCRATCH_NAME.fullmatch(entry.name)
        if match is None or _process_exists(int(match.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False) and entry.stat().st_uid == os.getuid():
                shutil.rmtree(entry.path)
                removed.append(entry.name)
    return removed


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _new_scratch() -> tempfile.TemporaryDirectory[str]:
    """A new scratch folder named after this process, stale ones removed first (once)."""
    base = _scratch_dir()
    if os.getpid() not in _swept:
        _swept.add(os.getpid())
        remove_stale_scratch(base)
    return tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=base)


class PendingFormat:
    """A rustfmt run started in the background; ``result()`` waits for it.

    The pipeline starts rustfmt as soon as the Rust files are rendered and renders
    the TypeScript files while it runs. Files are dealt to the processes in turn, so
    each gets a similar mix of file kinds.
    """

    def __init__(
        self,
        files: Mapping[str, bytes],
        rustfmt: str | None = None,
        *,
        laid_out: Collection[str] = (),
    ) -> None:
        """Write the Rust files to a scratch folder and start rustfmt over them.

        Files named in ``laid_out`` were rendered in rustfmt's layout already
        (`specgen.renderers.rust_layout`): they skip rustfmt unless a line outgrows it.
        """
        self._files = dict(files)
        self._rust = {
            path: data
            for path, data in files.items()
            if needs_rustfmt(path, data, laid_out=path in laid_out)
        }
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._procs: list[subprocess.Popen[bytes]] = []
        self._names: dict[str, Path] = {}
        self.note = ""
        if not self._rust:
            return
        tool = rustfmt or shutil.which("rustfmt")
        if tool is None:
            self.note = f"{missing_message('rustfmt')}; Rust output left as rendered"
            return
        self._tmp = _new_scratch()
        _LIVE[self._tmp.name] = self
        try:
            self._start(tool, Path(self._tmp.name))
        except BaseException:
            self.close()
            raise

    def _start(self, tool: str, scratch: Path) -> None:
        """Write the files to the ``scratch`` folder and start the rustfmt processes."""
        for index, path in enumerate(sorted(self._rust)):
            target = scratch / f"f{index}.rs"
            target.write_bytes(self._rust[path])
            self._names[path] = target
        targets = [str(target) for target in self._names.values()]
        count = _process_count(len(targets))
        for index in range(count):
            self._procs.append(
                subprocess.Popen(  # noqa: S603  # rustfmt from PATH, fixed arguments
                    [tool, "--edition", RUST_EDITION, "--quiet", *targets[index::count]],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
            )

    def close(self) -> None:
        """End any rustfmt still running and remove the scratch folder (idempotent)."""
        for proc in self._procs:
            if proc.poll() is None:
                with contextlib.suppress(OSError):
                    proc.kill()
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                proc.communicate()
        if self._tmp is not None:
            _LIVE.pop(self._tmp.name, None)
            with contextlib.suppress(OSError):
                self._tmp.cleanup()
            self._tmp = None

    def result(self) -> FormatResult:
        """Wait for rustfmt; the formatted files (or the rendered ones, with a note)."""
        result = FormatResult(dict(self._files), self.note)
        if not self._procs or self._tmp is None:
            return result
        try:
            errors = [(proc.communicate()[1], proc.returncode) for proc in self._procs]
            failed = [err for err, code in errors if code != 0]
            if failed:
                result.note = (
                    "rustfmt failed; Rust output left as rendered: "
                    + failed[0].decode(errors="replace")[:500]
                )
                return result
            for path, target in self._names.items():
                result.files[path] = target.read_bytes()
        finally:
            self.close()
        return result
