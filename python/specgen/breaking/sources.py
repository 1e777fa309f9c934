"""Load the old side of a comparison: the project's spec folders at a git ref, or a folder.

``--against`` names a folder when one exists at that path; otherwise a git revision
(branch, tag, commit, ``HEAD~1``...). At a revision, the same spec folders as now are
read (without a checkout, with one git process for the whole run); a folder is read
like ``specgen validate`` reads one (every ``*.json`` below it). Old specs are loaded,
not validated: they are history, and a spec that no longer loads is reported (SG704)
and left out rather than stopping the check.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from specgen.breaking.gitread import GitObjects, GitReadError, read_folders, resolve_commit
from specgen.diagnostics import CODES, Diagnostic, Location, Severity, coded, has_errors
from specgen.spec.document import SourceText, SpecDocument
from specgen.spec.loader import load_spec_bytes, load_spec_file
from specgen.validate import discover_spec_files


@dataclass
class OldSpecs:
    """The specs of the old version, and what went wrong reading them."""

    label: str
    documents: list[SpecDocument] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when the old version could not be read at all (bad ref, no git)."""
        return has_errors(self.diagnostics)


def _diag(code: str, message: str, file: str, hint: str) -> Diagnostic:
    return coded(code, message, Location(file), hint)


def _relative(path: Path, cwd: Path) -> str:
    rel = os.path.relpath(path.absolute(), cwd.absolute()).replace(os.sep, "/")
    return rel if rel.startswith("../") else f"./{rel}"


def _keep_loaded(
    old: OldSpecs, raw: bytes, display: str, known: Mapping[str, SpecDocument]
) -> None:
    text = raw.decode("utf-8-sig", errors="replace")
    same = known.get(text)
    if same is not None:  # the spec did not change: its model is already loaded and valid
        source = SourceText(display, text)
        old.documents.append(
            SpecDocument(source, same.data, same.spec, same.source_version, same.v1)
        )
        return
    result = load_spec_bytes(raw, display)
    if result.document is not None and not has_errors(result.diagnostics):
        old.documents.append(result.document)
    else:
        old.diagnostics.extend(_loaded_problem(result.diagnostics, display))


def read_at_ref(
    ref: str,
    spec_dirs: Sequence[Path],
    cwd: Path,
    current: Sequence[SpecDocument] = (),
) -> OldSpecs:
    """The specs under ``spec_dirs`` as they were at revision ``ref``.

    A spec whose text is that of one of the ``current`` documents is not loaded again:
    its (immutable) model is shared, under the old file name.
    """
    old = OldSpecs(ref)
    try:
        with GitObjects(str(cwd)) as git:
            commit = resolve_commit(git, ref)
            if commit is None:
                old.diagnostics.append(
                    _diag(
                        "SG700",
                        f"'{ref}' names no commit of this repository (and no folder)",
                        ref,
                        "pass a branch, tag or commit (git rev-parse REF must work), "
                        "or a folder of old specs",
                    )
                )
                return old
            folders = [_relative(d, cwd) for d in spec_dirs]
            blobs = read_folders(git, commit, folders, ".json")
    except (GitReadError, OSError) as exc:
        old.diagnostics.append(
            _diag(
                "SG701",
                f"cannot read git: {exc}",
                str(cwd),
                "run in a git work tree with git installed, or pass a folder to --against",
            )
        )
        return old
    known = {doc.source.text: doc for doc in current}
    for blob in blobs:
        _keep_loaded(old, blob.data, f"{ref}:{blob.path.removeprefix('./')}", known)
    return old


def read_folder(folder: Path) -> OldSpecs:
    """The specs in ``folder`` (every ``*.json`` below it)."""
    old = OldSpecs(str(folder))
    files, _missing = discover_spec_files([folder])
    for file in files:
        result = load_spec_file(file)
        if result.document is not None and not has_errors(result.diagnostics):
            old.documents.append(result.document)
        else:
            old.diagnostics.extend(_loaded_problem(result.diagnostics, str(file)))
    if not files:
        old.diagnostics.append(
            _diag(
                "SG702",
                "the folder has no spec files",
                str(folder),
                "pass the folder that holds the old *.json specs",
            )
        )
    return old


def _loaded_problem(diags: list[Diagnostic], file: str) -> list[Diagnostic]:
    first = next((d for d in diags if d.severity is Severity.ERROR), None)
    reason = f": {first.code} {first.message}" if first is not None else ""
    return [
        Diagnostic(
            "SG704",
            CODES["SG704"].severity,
            f"old spec does not load, left out of the comparison{reason}",
            first.location if first is not None else Location(file),
            "its command is compared as if it were new",
        )
    ]


def read_old(
    against: str, spec_dirs: Sequence[Path], cwd: Path, current: Sequence[SpecDocument] = ()
) -> OldSpecs:
    """The old side: the folder ``against`` names when there is one, else the git ref."""
    folder = Path(against)
    if against and folder.is_dir():
        return read_folder(folder)
    return read_at_ref(against, spec_dirs, cwd, current)
