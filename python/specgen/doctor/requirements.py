"""The external tools and optional extras specgen uses, with what needs them and the fix.

Only the standard library is imported here: the enforce hook and the formatter use
this table without loading anything else.
"""

from __future__ import annotations

import importlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Literal


@dataclass(frozen=True)
class Requirement:
    """One tool (found on PATH) or Python module (an optional extra)."""

    name: str
    kind: Literal["tool", "module"]
    needed_for: str
    hint: str


REQUIREMENTS: dict[str, Requirement] = {
    r.name: r
    for r in (
        Requirement(
            "cargo",
            "tool",
            "cargo build of the generated Rust (build.rs with specgen-build)",
            "install Rust with rustup (https://rustup.rs), then open a new shell",
        ),
        Requirement(
            "rustfmt",
            "tool",
            "formatting the generated Rust (`specgen generate`)",
            "rustup component add rustfmt",
        ),
        Requirement(
            "ts-rs export",
            "tool",
            "the TS bindings of Rust types (TS_RS_EXPORT_DIR=DIR cargo test export_bindings)",
            "install Rust with rustup (https://rustup.rs); the crate needs the ts-rs dependency",
        ),
        Requirement(
            "node",
            "tool",
            "running the generated TypeScript and its tests",
            "install Node.js 18 or newer (https://nodejs.org)",
        ),
        Requirement(
            "tsc",
            "tool",
            "compiling the generated TypeScript (tsc --strict)",
            "npm install --save-dev typescript (in your TypeScript project)",
        ),
        Requirement(
            "matplotlib",
            "module",
            "`specgen demo --plot`",
            "pip install 'specgen[plot]'",
        ),
        Requirement(
            "git",
            "tool",
            "`specgen enforce` (the pre-commit hook)",
            "install git (https://git-scm.com)",
        ),
    )
}

_EXECUTABLE = {"ts-rs export": "cargo"}
"""Requirements met by another tool: the ts-rs export step is a cargo test run."""


class MissingRequirementError(Exception):
    """A tool or extra that a feature needs is not installed."""

    def __init__(self, name: str) -> None:
        """``name`` is a key of `REQUIREMENTS`."""
        super().__init__(missing_message(name))
        self.requirement = REQUIREMENTS[name]


def missing_message(name: str) -> str:
    """The one wording of a missing requirement: what, for what, and how to install it."""
    requirement = REQUIREMENTS[name]
    what = "not installed" if requirement.kind == "module" else "not found on PATH"
    if name == "tsc":  # find_tool also looks where `npx tsc` would
        what = "not found on PATH nor in node_modules/.bin here or above"
    return f"{name} is {what} (needed for {requirement.needed_for}); install: {requirement.hint}"


def find_tool(name: str, search: Path | None = None) -> str | None:
    """The executable of requirement ``name``: on PATH, else (tsc) in node_modules/.bin.

    ``search`` is the folder whose ``node_modules/.bin`` (and its parents') is tried.
    """
    executable = _EXECUTABLE.get(name, name)
    found = shutil.which(executable)
    if found is not None or executable != "tsc":
        return found
    start = (search or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        candidate = folder / "node_modules" / ".bin" / "tsc"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def require_module(name: str) -> ModuleType:
    """Import the optional module ``name``, or raise `MissingRequirementError`."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise MissingRequirementError(name) from exc
