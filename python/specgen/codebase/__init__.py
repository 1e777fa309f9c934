"""The hand-written codebase, as reverse, audit, enforce and adopt see it.

- `commands`: command folders of a tree (``shared/*Types.ts``, ``server/``,
  ``browser/``) and the TypeScript files in each;
- `specs`: the specs a project has already, by command name, file name and the
  types they declare;
- `tsconfig` and `jsonc`: ``baseUrl``, ``paths`` and ``extends`` chains of tsconfig
  files (JSON with comments);
- `modules`: an import specifier, seen from a file, resolved to a file on disk
  (relative paths, ``paths`` aliases, ``baseUrl``, ``index.ts``) or to a package;
- `spelling`: the reverse, a file written as a specifier from a given file (a
  relative path, or the shortest ``paths`` alias that leads back to it).
- `settings`: the ``[migration]`` settings (where the command tree is, the base names);
- `find`: the command folders a command line names.

`settings` and `find` are not imported here: they read the project config.

Nothing here parses TypeScript: that is `specgen.tsread.extract`'s job.
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
from specgen.codebase.spelling import (
    alias_specifier,
    module_path,
    relative_specifier,
    specifier_from,
)
from specgen.codebase.tsconfig import PathMapping, TsConfig, TsConfigLoader, conventional_config

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
    "alias_specifier",
    "command_dir_at",
    "command_path",
    "conventional_config",
    "index_specs",
    "is_relative",
    "module_path",
    "regular_files",
    "relative_specifier",
    "scan_tree",
    "skipped_note",
    "source_file",
    "specifier_from",
]
