"""What git knows: the folders with files in HEAD, in the index, and untracked."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

GIT_HINT = "install git (https://git-scm.com)"


class GitError(Exception):
    """git is missing, or the folder is not inside a work tree."""


def _git(args: list[str], cwd: Path) -> tuple[int, str, str]:
    exe = shutil.which("git")
    if exe is None:
        raise GitError(f"git is not found on PATH; install: {GIT_HINT}")
    proc = subprocess.run([exe, *args], cwd=cwd, capture_output=True, check=False)  # noqa: S603
    return (
        proc.returncode,
        proc.stdout.decode("utf-8", errors="surrogateescape"),
        proc.stderr.decode("utf-8", errors="replace").strip(),
    )


def _folders(paths: list[str]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        for parent in PurePosixPath(path).parents:
            text = str(parent)
            if text == "." or text in found:
                break
            found.add(text)
    return found


def _files(args: list[str], top: Path) -> list[str]:
    code, out, err = _git(args, top)
    if code != 0:
        raise GitError(f"`git {' '.join(args[:2])}` failed: {err}")
    return [p for p in out.split("\0") if p]


@dataclass(frozen=True)
class GitState:
    """Folders (relative to the top, ``/``-separated) holding files in each state."""

    top: Path
    in_head: set[str]
    in_index: set[str]
    untracked: set[str]

    def status(self, folder: Path) -> str:
        """``tracked``, ``staged``, ``untracked`` or ``ignored``."""
        try:
            rel = folder.resolve().relative_to(self.top).as_posix()
        except ValueError:
            return "ignored"
        if rel in self.in_head:
            return "tracked"
        if rel in self.in_index:
            return "staged"
        if rel in self.untracked:
            return "untracked"
        return "ignored"


def git_state(start: Path, within: Path) -> GitState:
    """The state of every file under ``within``, in the repository around ``start``."""
    code, out, err = _git(["rev-parse", "--show-toplevel"], start)
    if code != 0:
        raise GitError(err or "not inside a git work tree")
    top = Path(out.strip()).resolve()
    try:
        spec = within.resolve().relative_to(top).as_posix()
    except ValueError as exc:
        raise GitError(f"{within} is outside the repository at {top}") from exc
    has_head = _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], top)[0] == 0
    head = (
        _files(["ls-tree", "-r", "-z", "--name-only", "HEAD", "--", spec], top) if has_head else []
    )
    index = _files(["ls-files", "-z", "--cached", "--", spec], top)
    others = _files(["ls-files", "-z", "--others", "--exclude-standard", "--", spec], top)
    return GitState(top, _folders(head), _folders(index), _folders(others))
