"""Reverse engineering: hand-written TypeScript commands -> CommandSpec v2.

Types files are read by `specgen.tsread` (tree-sitter-typescript, a real TypeScript
grammar); the spec builder (``build``) turns what it extracts into a spec, reaching
the types the fields use (``collect``, ``declare``, ``externals``, ``typesource``).
The command tree and the settings come from `specgen.codebase`. Exports are
imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from specgen.lazy import lazy_exports

if TYPE_CHECKING:
    from specgen.codebase import CommandDir as CommandDir
    from specgen.codebase import SpecIndex as SpecIndex
    from specgen.codebase import index_specs as index_specs
    from specgen.codebase import scan_tree as scan_tree
    from specgen.codebase.settings import MigrationSettings as MigrationSettings
    from specgen.codebase.settings import load_settings as load_settings
    from specgen.reverse.build import ReverseResult as ReverseResult
    from specgen.reverse.build import reverse_command as reverse_command
    from specgen.tsread.extract import extract as extract
    from specgen.tsread.extract import read_ts_file as read_ts_file
    from specgen.tsread.model import TsFile as TsFile
    from specgen.tsread.parser import parse_typescript as parse_typescript

__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "CommandDir": "specgen.codebase",
        "MigrationSettings": "specgen.codebase.settings",
        "ReverseResult": "specgen.reverse.build",
        "SpecIndex": "specgen.codebase",
        "TsFile": "specgen.tsread.model",
        "extract": "specgen.tsread.extract",
        "index_specs": "specgen.codebase",
        "load_settings": "specgen.codebase.settings",
        "parse_typescript": "specgen.tsread.parser",
        "read_ts_file": "specgen.tsread.extract",
        "reverse_command": "specgen.reverse.build",
        "scan_tree": "specgen.codebase",
    },
)
