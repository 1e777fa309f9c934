"""Project configuration: ``specgen.toml`` or ``[tool.specgen]`` in ``pyproject.toml``.

Read with the standard library's tomllib. The Foundation reads what validation
needs (spec directories and type aliases); generation options join later.

Example ``specgen.toml`` (every key optional; these are the defaults but
``spec_dirs``)::

    spec_dirs = ["specs"]
    out_dir = "generated"          # output root; rust/ and ts/ below it
    default_adapter = "server-only"

    [aliases]
    UUID = "string"

    [typescript]
    runtime_import = "@specgen/runtime"   # where the generated code imports the runtime from
    bindings_dir = "bindings"             # ts-rs output, relative to the TS root
    int64 = "number"                      # i64/u64 in TS: "number" or "bigint"
    optional_fields = "question"          # or "question-undefined" (x?: T | undefined)
    import_extension = ""                 # ".js" on "module": "nodenext": './x.js' specifiers

    [typescript.runtime]                  # where each runtime name comes from (default: above)
    context = { module = "@app/core/types", name = "AppContext" }

    [external_types.UUID]                 # a type that lives in the codebase
    typescript = { module = "@app/core/uuid", name = "UUID" }
    rust = { path = "uuid::Uuid" }        # or rust = { wire = "string" }

    [rust]
    build_script = false     # true: Rust generated code comes from build.rs (specgen-build);
                             # `specgen generate` then writes only the TypeScript
    scaffold_dir = "src/services"   # where your Rust service files live: <dir>/<snake>.rs

The package: `model` (what a config says), `read` (finding and parsing the file),
`locate` (where a key is written), `keys` (the keys each table may hold, SG116),
`tables` (each table checked) and `load` (`load_config`, which runs them in order).
"""

from __future__ import annotations

from specgen.config.keys import KNOWN_KEYS, unknown_keys
from specgen.config.load import load_config
from specgen.config.locate import config_location
from specgen.config.model import (
    LANGUAGES,
    TS_DIR,
    AliasTable,
    ProjectConfig,
    RustConfig,
    TypeScriptConfig,
)
from specgen.config.read import CONFIG_FILE, config_in, find_config
from specgen.config.tables import missing_spec_dirs, overlap_problem

__all__ = [
    "CONFIG_FILE",
    "KNOWN_KEYS",
    "LANGUAGES",
    "TS_DIR",
    "AliasTable",
    "ProjectConfig",
    "RustConfig",
    "TypeScriptConfig",
    "config_in",
    "config_location",
    "find_config",
    "load_config",
    "missing_spec_dirs",
    "overlap_problem",
    "unknown_keys",
]
