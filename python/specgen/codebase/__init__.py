"""The hand-written codebase, as reverse, audit, enforce and adopt see it.

- `commands`: command folders of a tree (``shared/*Types.ts``, ``server/``,
  ``browser/``) and the TypeScript files in each;
- `specs`: the specs a project has already, by command name, file name and the
  types they declare;
- `tsconfig` and `jsonc`: ``baseUrl``, ``paths`` and ``extends`` chains of tsconfig
  files (JSON with comments);
- `modules`: an import specifier, seen from a file, resolved to a file on disk
  (relative paths, ``paths`` aliases, ``baseUrl``, ``index.ts``) or to a package.

Nothing here parses TypeScript: that is `specgen.reverse.extract`'s job.
"""

from __future__ import annotations

from specgen.codebase.commands import (
    COMMAND_SUFFIX,
    IPC_MIXIN_SUFFIX,
    TYPES_SUFFIX,
    CommandDir,
    command_dir_at,
    command_path,
    regular_files,
    scan_tree,
    skipped_note,
)
from specgen.codebase.modules import ModuleResolver, ResolvedModule, is_relative, source_file
from specgen.codebase.specs import SpecIndex, index_specs
from specgen.codebase.tsconfig import PathMapping, TsConfig, TsConfigLoader

__all__ = [
    "COMMAND_SUFFIX",
    "IPC_MIXIN_SUFFIX",
    "TYPES_SUFFIX",
    "CommandDir",
    "ModuleResolver",
    "PathMapping",
    "ResolvedModule",
    "SpecIndex",
    "TsConfig",
    "TsConfigLoader",
    "command_dir_at",
    "command_path",
    "index_specs",
    "is_relative",
    "regular_files",
    "scan_tree",
    "skipped_note",
    "source_file",
]
