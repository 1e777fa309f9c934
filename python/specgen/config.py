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

    [typescript.runtime]                  # where each runtime name comes from (default: above)
    context = { module = "@app/core/types", name = "AppContext" }

    [external_types.UUID]                 # a type that lives in the codebase
    typescript = { module = "@app/core/uuid", name = "UUID" }
    rust = { path = "uuid::Uuid" }        # or rust = { wire = "string" }

    [rust]
    build_script = false     # true: Rust generated code comes from build.rs (specgen-build);
                             # `specgen generate` then writes only the TypeScript
    scaffold_dir = "src/services"   # where your Rust service files live: <dir>/<snake>.rs
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from specgen.diagnostics import CODES, Diagnostic, Location
from specgen.external.config import read_external_types, read_runtime_map
from specgen.external.model import ExternalDecl, RuntimeBinding

CONFIG_FILE = "specgen.toml"

LANGUAGES = ("rust", "ts")
"""The output languages, by the name of their folder in the layout."""


@dataclass(frozen=True)
class TypeScriptConfig:
    """Choices for the generated TypeScript."""

    runtime_import: str = "@specgen/runtime"
    bindings_dir: str = "bindings"
    int64: Literal["number", "bigint"] = "number"
    optional_fields: Literal["question", "question-undefined"] = "question"
    runtime: tuple[RuntimeBinding, ...] = ()
    """``[typescript.runtime]``: runtime names imported from elsewhere than ``runtime_import``."""


@dataclass(frozen=True)
class RustConfig:
    """Choices for the generated Rust when a Cargo build script generates it."""

    build_script: bool = False
    """The Rust generated code comes from ``build.rs``; the CLI writes only TypeScript."""
    scaffold_dir: Path | None = None
    """Where the Rust services (scaffolds) live, one ``<snake>.rs`` per command."""


@dataclass(frozen=True)
class ProjectConfig:
    """What a project tells specgen about itself."""

    root: Path
    spec_dirs: tuple[Path, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    file: Path | None = None
    out_dir: Path | None = None
    default_adapter: str = "server-only"
    typescript: TypeScriptConfig = field(default_factory=TypeScriptConfig)
    rust: RustConfig = field(default_factory=RustConfig)
    external_types: Mapping[str, ExternalDecl] = field(default_factory=dict)
    """``[external_types]``: types that live in the codebase, by name."""

    @property
    def cli_languages(self) -> tuple[str, ...]:
        """What ``specgen generate`` (and the hatch hook) write: no Rust when build.rs does."""
        return ("ts",) if self.rust.build_script else LANGUAGES


def find_config(start: Path) -> Path | None:
    """The nearest ``specgen.toml``, or ``pyproject.toml`` with ``[tool.specgen]``, upwards."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and b"[tool.specgen" in pyproject.read_bytes():
            return pyproject
    return None


def _bad(file: Path, message: str, hint: str, line: int = 1, column: int = 1) -> Diagnostic:
    return Diagnostic(
        "SG104", CODES["SG104"].severity, message, Location(str(file), line, column), hint
    )


def load_config(start: Path) -> tuple[ProjectConfig, list[Diagnostic]]:
    """Load the configuration that applies at ``start`` (defaults when there is none)."""
    file = find_config(start)
    if file is None:
        return ProjectConfig(root=start.resolve()), []
    try:
        text = file.read_text(encoding="utf-8")
        table = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return ProjectConfig(root=file.parent), [
            _bad(file, f"cannot read config: {exc}", "check the file")
        ]
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 1) or 1
        column = getattr(exc, "colno", 1) or 1
        return ProjectConfig(root=file.parent), [
            _bad(file, f"invalid TOML: {exc}", "fix the TOML syntax", line, column)
        ]
    prefix: tuple[str, ...] = ()
    if file.name == "pyproject.toml":
        table = table.get("tool", {}).get("specgen", {})
        prefix = ("tool", "specgen")
    diags: list[Diagnostic] = []
    dirs = table.get("spec_dirs", [])
    aliases = table.get("aliases", {})
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        diags.append(_bad(file, "spec_dirs must be a list of paths", 'write spec_dirs = ["specs"]'))
        dirs = []
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        diags.append(
            _bad(
                file,
                "aliases must map type names to type expressions",
                'write UUID = "string" under [aliases]',
            )
        )
        aliases = {}
    root = file.parent
    typescript, ts_diags = _typescript(table.get("typescript", {}), file)
    diags += ts_diags
    if isinstance(table.get("typescript"), dict) and "runtime" in table["typescript"]:
        runtime, runtime_diags = read_runtime_map(
            table["typescript"]["runtime"], file, text, prefix
        )
        typescript = replace(typescript, runtime=runtime)
        diags += runtime_diags
    external_types, external_diags = read_external_types(
        table.get("external_types", {}), list(aliases), file, text, prefix
    )
    diags += external_diags
    rust, rust_diags = _rust(table.get("rust", {}), file)
    diags += rust_diags
    out_dir = table.get("out_dir", "generated")
    default_adapter = table.get("default_adapter", "server-only")
    if not isinstance(out_dir, str) or not isinstance(default_adapter, str):
        diags.append(
            _bad(file, "out_dir and default_adapter must be strings", 'write out_dir = "generated"')
        )
        out_dir, default_adapter = "generated", "server-only"
    return ProjectConfig(
        root,
        tuple(root / d for d in dirs),
        dict(aliases),
        file,
        root / out_dir,
        default_adapter,
        typescript,
        rust,
        external_types,
    ), diags


_TS_CHOICES = {"int64": ("number", "bigint"), "optional_fields": ("question", "question-undefined")}


def _typescript(table: Any, file: Path) -> tuple[TypeScriptConfig, list[Diagnostic]]:  # noqa: ANN401  # raw TOML
    if not isinstance(table, dict):
        return TypeScriptConfig(), [
            _bad(file, "[typescript] must be a table", "see docs/configuration.md")
        ]
    diags = []
    values: dict[str, str] = {}
    for key, default in (
        ("runtime_import", "@specgen/runtime"),
        ("bindings_dir", "bindings"),
        ("int64", "number"),
        ("optional_fields", "question"),
    ):
        value = table.get(key, default)
        choices = _TS_CHOICES.get(key)
        if not isinstance(value, str) or (choices is not None and value not in choices):
            expected = " or ".join(f'"{c}"' for c in choices) if choices else "a string"
            diags.append(
                _bad(file, f"typescript.{key} must be {expected}", f"fix {key} under [typescript]")
            )
            value = default
        values[key] = value
    return TypeScriptConfig(**values), diags  # type: ignore[arg-type]  # checked against the choices


def _rust(table: Any, file: Path) -> tuple[RustConfig, list[Diagnostic]]:  # noqa: ANN401  # raw TOML
    if not isinstance(table, dict):
        return RustConfig(), [_bad(file, "[rust] must be a table", "see docs/configuration.md")]
    diags = []
    build_script = table.get("build_script", False)
    if not isinstance(build_script, bool):
        diags.append(
            _bad(file, "rust.build_script must be true or false", "write build_script = true")
        )
        build_script = False
    scaffold_dir = table.get("scaffold_dir")
    if scaffold_dir is not None and not isinstance(scaffold_dir, str):
        diags.append(
            _bad(file, "rust.scaffold_dir must be a path", 'write scaffold_dir = "src/services"')
        )
        scaffold_dir = None
    folder = file.parent / scaffold_dir if scaffold_dir is not None else None
    return RustConfig(build_script, folder), diags
