"""Moved to `specgen.codebase` (shared by reverse, audit, enforce and adopt); re-exported here."""

from specgen.codebase.commands import (
    COMMAND_SUFFIX,
    IPC_MIXIN_SUFFIX,
    TYPES_SUFFIX,
    CommandDir,
    command_dir_at,
    command_path,
    scan_tree,
    skipped_note,
)
from specgen.codebase.specs import SpecIndex, index_specs

__all__ = [
    "COMMAND_SUFFIX",
    "IPC_MIXIN_SUFFIX",
    "TYPES_SUFFIX",
    "CommandDir",
    "SpecIndex",
    "command_dir_at",
    "command_path",
    "index_specs",
    "scan_tree",
    "skipped_note",
]
