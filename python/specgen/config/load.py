"""`load_config`: the configuration that applies at a folder, checked, with its diagnostics."""

from __future__ import annotations

from pathlib import Path

from specgen.config.keys import unknown_keys
from specgen.config.locate import key_path
from specgen.config.model import AliasTable, ProjectConfig
from specgen.config.read import find_config, read_table
from specgen.config.tables import (
    output_choices,
    overlap,
    path_values,
    rust_table,
    spec_dirs_and_aliases,
    typescript_table,
)
from specgen.diagnostics import Diagnostic, has_errors
from specgen.external.config import read_external_types


def load_config(start: Path) -> tuple[ProjectConfig, list[Diagnostic]]:
    """Load the configuration that applies at ``start`` (defaults when there is none).

    Any error diagnostic means the configuration is unusable: every command that reads
    it stops (exit 2) and writes nothing.
    """
    file = find_config(start)
    if file is None:
        return ProjectConfig(root=start.resolve()), []
    table, text, diags = read_table(file)
    if table is None:
        return ProjectConfig(root=file.parent, file=file), diags
    diags += unknown_keys(table, file)
    dirs, aliases, top_diags = spec_dirs_and_aliases(table, file)
    typescript, ts_diags = typescript_table(table, file, text)
    external_types, external_diags = read_external_types(
        table.get("external_types", {}), list(aliases), file, text, key_path(file, "")
    )
    rust, rust_diags = rust_table(table.get("rust", {}), file)
    out_dir, default_adapter, output_diags = output_choices(table, file)
    diags += top_diags + ts_diags + external_diags + rust_diags + output_diags
    diags += path_values(file, {"out_dir": [out_dir], "spec_dirs": dirs})
    alias_table = AliasTable(aliases, file)
    diags += alias_table.syntax_problems()
    root = file.parent
    config = ProjectConfig(
        root,
        tuple(root / d for d in dirs),
        alias_table,
        file,
        root / out_dir,
        default_adapter,
        typescript,
        rust,
        external_types,
        table=table,
        text=text,
    )
    if not has_errors(diags):
        diags += overlap(config)
    return config, diags
