"""Reverse engineering: hand-written TypeScript commands -> CommandSpec v2.

Types files are parsed with tree-sitter-typescript (a real TypeScript grammar);
the extractor (``extract``) turns a file into declarations, accessors, ``any`` uses
and ``Commands.execute`` calls, which the spec builder (``build``) turns into a
spec and the audit (``specgen.audit``) measures against the conventions. Exports
are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from specgen.codebase import CommandDir, SpecIndex, index_specs, scan_tree
    from specgen.reverse.build import ReverseResult, reverse_command
    from specgen.reverse.extract import extract, read_ts_file
    from specgen.reverse.model import TsFile
    from specgen.reverse.settings import MigrationSettings, load_settings
    from specgen.reverse.tsparse import parse_typescript

_EXPORTS = {
    "CommandDir": "specgen.codebase",
    "MigrationSettings": "specgen.reverse.settings",
    "ReverseResult": "specgen.reverse.build",
    "SpecIndex": "specgen.codebase",
    "TsFile": "specgen.reverse.model",
    "extract": "specgen.reverse.extract",
    "index_specs": "specgen.codebase",
    "load_settings": "specgen.reverse.settings",
    "parse_typescript": "specgen.reverse.tsparse",
    "read_ts_file": "specgen.reverse.extract",
    "reverse_command": "specgen.reverse.build",
    "scan_tree": "specgen.codebase",
}

__all__ = [
    "CommandDir",
    "MigrationSettings",
    "ReverseResult",
    "SpecIndex",
    "TsFile",
    "extract",
    "index_specs",
    "load_settings",
    "parse_typescript",
    "read_ts_file",
    "reverse_command",
    "scan_tree",
]


def __getattr__(name: str) -> object:
    """Import an export on first use, so ``specgen --help`` does not load the parser."""
    module = _EXPORTS.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)
