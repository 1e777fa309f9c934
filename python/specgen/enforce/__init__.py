"""Enforcement: the pre-commit guard that new command folders come with a spec.

Exports are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from specgen.enforce.check import EnforceReport, enforce, has_spec
    from specgen.enforce.git import GitError, GitState, git_state

_EXPORTS = {
    "EnforceReport": "specgen.enforce.check",
    "GitError": "specgen.enforce.git",
    "GitState": "specgen.enforce.git",
    "enforce": "specgen.enforce.check",
    "git_state": "specgen.enforce.git",
    "has_spec": "specgen.enforce.check",
}

__all__ = [
    "EnforceReport",
    "GitError",
    "GitState",
    "enforce",
    "git_state",
    "has_spec",
]


def __getattr__(name: str) -> object:
    """Import an export on first use, so ``specgen --help`` does not load the parser."""
    module = _EXPORTS.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)
