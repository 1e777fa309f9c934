"""Enforcement: the pre-commit guard that new command folders come with a spec.

Exports are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from specgen.lazy import lazy_exports

if TYPE_CHECKING:
    from specgen.enforce.check import EnforceReport as EnforceReport
    from specgen.enforce.check import enforce as enforce
    from specgen.enforce.check import has_spec as has_spec
    from specgen.enforce.git import GitError as GitError
    from specgen.enforce.git import GitState as GitState
    from specgen.enforce.git import git_state as git_state

__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "EnforceReport": "specgen.enforce.check",
        "GitError": "specgen.enforce.git",
        "GitState": "specgen.enforce.git",
        "enforce": "specgen.enforce.check",
        "git_state": "specgen.enforce.git",
        "has_spec": "specgen.enforce.check",
    },
)
