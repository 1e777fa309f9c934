"""Read files of a git revision without a checkout: one ``git cat-file --batch`` per run.

The one process answers every question of the run: the revision's commit, the trees of
the spec folders (walked level by level) and then every spec blob, each level sent as
one batch. Queries are written from a helper thread while the answers are read, so a
batch of any size cannot fill both pipes and stall. Paths are given relative to the
folder git runs in (``<rev>:./specs``), as git itself resolves them.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import threading
from dataclasses import dataclass
from typing import IO

_TREE_MODE = b"40000"


class GitReadError(Exception):
    """git is missing, the folder is not in a repository, or git stopped answering."""


@dataclass(frozen=True, slots=True)
class Blob:
    """One file read from the revision: its path (``/``-separated, as queried) and bytes."""

    path: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Answer:
    """What git said about one object: its id, its type and its content."""

    oid: str
    type: str
    data: bytes


class GitObjects:
    """A running ``git cat-file --batch`` in ``cwd``; close it (or use ``with``)."""

    def __init__(self, cwd: str) -> None:
        """Start git; raise GitReadError when it cannot run."""
        exe = shutil.which("git")
        if exe is None:
            msg = "git is not installed (or not on PATH)"
            raise GitReadError(msg)
        self._proc = subprocess.Popen(  # noqa: S603  # fixed git subcommand, no shell
            [exe, "cat-file", "--batch"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def __enter__(self) -> GitObjects:  # noqa: PYI034  # Self needs Python 3.11; final class
        """Use as a context manager."""
        return self

    def __exit__(self, *_exc: object) -> None:
        """Stop git."""
        self.close()

    def close(self) -> None:
        """Close git's input and wait for it to end."""
        proc = self._proc
        if proc.stdin is not None and not proc.stdin.closed:
            with contextlib.suppress(OSError):  # git ended first: a broken pipe, nothing to tell
                proc.stdin.close()
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()

    def query(self, names: list[str]) -> list[Answer | None]:
        """Id, type and content of each object name (``rev:path``, an id); None when missing."""
        proc = self._proc
        if proc.stdin is None or proc.stdout is None:  # pragma: no cover - set by Popen
            raise GitReadError("git has no pipes")
        payload = "".join(n + "\n" for n in names).encode("utf-8", errors="surrogateescape")
        writer = threading.Thread(target=_write_all, args=(proc.stdin, payload), daemon=True)
        writer.start()
        answers = [_read_answer(proc, proc.stdout) for _ in names]
        writer.join()
        return answers


def _write_all(stream: IO[bytes], payload: bytes) -> None:
    try:
        stream.write(payload)
        stream.flush()
    except (BrokenPipeError, ValueError):
        pass  # git ended; the reader reports it


def _read_answer(proc: subprocess.Popen[bytes], out: IO[bytes]) -> Answer | None:
    header = out.readline()
    if not header:
        err = proc.stderr.read().decode("utf-8", errors="replace").strip() if proc.stderr else ""
        raise GitReadError(err or "git cat-file ended early")
    parts = header.rstrip(b"\n").split(b" ")
    if len(parts) != 3 or not parts[2].isdigit():  # "<id> <type> <size>"
        return None  # "<name> missing" or "<name> ambiguous"
    data = out.read(int(parts[2]))
    out.read(1)  # the newline after the content
    return Answer(parts[0].decode("ascii"), parts[1].decode("ascii"), data)


def tree_entries(data: bytes, id_length: int) -> list[tuple[bytes, str, str]]:
    """(mode, name, object id) of each entry of a raw tree object."""
    entries = []
    pos = 0
    while pos < len(data):
        space = data.index(b" ", pos)
        nul = data.index(b"\0", space)
        oid = data[nul + 1 : nul + 1 + id_length].hex()
        name = data[space + 1 : nul].decode("utf-8", errors="surrogateescape")
        entries.append((data[pos:space], name, oid))
        pos = nul + 1 + id_length
    return entries


def read_folders(git: GitObjects, commit: str, folders: list[str], suffix: str) -> list[Blob]:
    """Every file named ``*suffix`` below each folder (``./``-relative) at ``commit``.

    A path that names a file is read as it is, whatever its name.
    """
    id_length = len(commit) // 2
    level = [(f, f"{commit}:{f}") for f in folders]
    wanted: list[tuple[str, str]] = []
    while level:
        answers = git.query([name for _path, name in level])
        next_level = []
        for (path, _name), answer in zip(level, answers, strict=True):
            if answer is not None and answer.type == "blob":  # a file named directly
                wanted.append((path, answer.oid))
            if answer is None or answer.type != "tree":
                continue
            for mode, entry, oid in tree_entries(answer.data, id_length):
                child = f"{path.rstrip('/')}/{entry}"
                if mode == _TREE_MODE:
                    next_level.append((child, oid))
                elif entry.endswith(suffix) and mode.startswith(b"100"):
                    wanted.append((child, oid))
        level = next_level
    blobs = git.query([oid for _path, oid in wanted])
    return [
        Blob(path, answer.data)
        for (path, _oid), answer in zip(wanted, blobs, strict=True)
        if answer is not None
    ]


def resolve_commit(git: GitObjects, ref: str) -> str | None:
    """The id of the commit ``ref`` names, or None when it names none."""
    if not ref or "\n" in ref or ref.startswith("-"):
        return None
    answer = git.query([f"{ref}^{{commit}}"])[0]
    return answer.oid if answer is not None and answer.type == "commit" else None
