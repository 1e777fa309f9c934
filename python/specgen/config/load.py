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

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from specgen.diagnostics import CODES, Diagnostic, Location, has_errors
from specgen.external.config import read_external_types, read_runtime_map
from specgen.external.model import ExternalDecl, RuntimeBinding
from specgen.spec.structure import did_you_mean
from specgen.tomlkeys import key_positions, locate_key
from specgen.typeexpr import TypeExprError, parse_type_expr

CONFIG_FILE = "specgen.toml"

LANGUAGES = ("rust", "ts")
"""The output languages, by the name of their folder in the layout."""


class AliasTable(dict[str, str]):
    """The ``[aliases]`` of a config (name -> type expression) and the file that holds them.

    A plain dict for everything that reads it; validation uses ``file`` to locate a bad
    alias at its line in the config.
    """

    def __init__(self, values: Mapping[str, str] | None = None, file: Path | None = None) -> None:
        """``values`` as written under ``[aliases]`` of ``file``."""
        super().__init__(values or {})
        self.file = file

    def locate(self, name: str, index: int | None = None) -> Location:
        """Where alias ``name``'s expression is written (``index``: a character of it)."""
        if self.file is None:
            return Location("(aliases)")
        return config_location(self.file, f"aliases.{name}", value=True, index=index)

    def syntax_problems(self) -> list[Diagnostic]:
        """A located diagnostic for each alias whose expression does not parse.

        The config loader reports these, so that a config with a broken alias stops every
        command; what an alias refers to is checked with the specs (``validate.aliases``).
        """
        return [d for name, text in self.items() if (d := self._syntax(name, text)) is not None]

    def _syntax(self, name: str, text: str) -> Diagnostic | None:
        try:
            parse_type_expr(text)
        except TypeExprError as exc:
            where = self.locate(name, exc.span.start)
            message = f"alias '{name}': {exc.message}"
            return Diagnostic(exc.code, CODES[exc.code].severity, message, where, exc.hint)
        return None


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


KNOWN_KEYS: dict[str, frozenset[str] | None] = {
    "": frozenset(
        {
            *("spec_dirs", "out_dir", "default_adapter", "aliases", "typescript", "rust"),
            *("migration", "external_types", "breaking"),
        }
    ),
    "aliases": None,
    "external_types": None,
    "typescript": frozenset(
        {"runtime_import", "bindings_dir", "int64", "optional_fields", "runtime"}
    ),
    "typescript.runtime": None,
    "rust": frozenset({"build_script", "scaffold_dir"}),
    "migration": frozenset({"commands_dir", "params_base", "result_base", "execute_object"}),
    "breaking": frozenset({"categories", "allow_removal_after", "ignore"}),
}
"""The keys each table of the config may hold, by dotted table name ("" is the top level).

None: any key (the names of ``[aliases]``). A key not listed is warned about (SG116)
with the closest known one; a feature that adds keys adds them here.
"""

_PATH_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def _key_path(file: Path, key: str) -> tuple[str, ...]:
    prefix = ("tool", "specgen") if file.name == "pyproject.toml" else ()
    return (*prefix, *key.split(".")) if key else prefix


def _position(
    file: Path, key: str, *, value: bool = False, index: int | None = None
) -> tuple[int, int]:
    """Line and column of the dotted ``key`` in ``file`` (its value with ``value``)."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 1, 1
    return locate_key(key_positions(text), _key_path(file, key), value=value, index=index)


def config_location(
    file: Path, key: str, *, value: bool = False, index: int | None = None
) -> Location:
    """Where the dotted ``key`` (``typescript.int64``; an alias: ``aliases.UUID``) is written.

    With ``value`` the value's column; with ``index`` a character of a one-line string
    value. A key not written there is located at its table, else at 1:1.
    """
    line, column = _position(file, key, value=value, index=index)
    return Location(str(file), line, column, key or "$")


def _bad(  # noqa: PLR0913  # a location has several optional parts
    file: Path,
    message: str,
    hint: str,
    line: int = 1,
    column: int = 1,
    *,
    key: str | None = None,
    code: str = "SG104",
) -> Diagnostic:
    """A config diagnostic, at the dotted ``key``'s value when given, else at line:column."""
    where = (
        config_location(file, key, value=True)
        if key is not None
        else Location(str(file), line, column)
    )
    return Diagnostic(code, CODES[code].severity, message, where, hint)


def _read_table(file: Path) -> tuple[dict[str, Any] | None, str, list[Diagnostic]]:
    """The TOML table of ``file`` and its text, or None and the diagnostics saying why not."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return (
            None,
            "",
            [
                _bad(
                    file,
                    f"cannot read config: {exc.strerror or exc}",
                    "check the file",
                    code="SG001",
                )
            ],
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start].decode("utf-8", errors="replace")
        line = head.count("\n") + 1
        column = len(head) - (head.rfind("\n") + 1) + 1
        message = f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8"
        return (
            None,
            "",
            [_bad(file, message, "a config is UTF-8 TOML text", line, column, code="SG004")],
        )
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line, column = _toml_error(exc, text)
        return (
            None,
            text,
            [_bad(file, f"invalid TOML: {message}", "fix the TOML syntax", line, column)],
        )
    if file.name == "pyproject.toml":
        specgen = table.get("tool", {}).get("specgen", {})
        if not isinstance(specgen, dict):
            return (
                None,
                text,
                [_bad(file, "[tool.specgen] must be a table", "see docs/configuration.md", key="")],
            )
        table = specgen
    return table, text, []


_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def _toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[str, int, int]:
    """The message and line:column of a TOML syntax error (Python 3.11 has them only as text)."""
    message = str(getattr(exc, "msg", exc))
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    found = _TOML_AT.search(message)
    if found is not None:
        message = message[: found.start()]
        if found.group(1) is not None:
            line, column = int(found.group(1)), int(found.group(2))
    if not line or not column:  # at the end of the document
        lines = text.split("\n")
        line, column = len(lines), len(lines[-1]) + 1
        if not lines[-1] and len(lines) > 1:
            line, column = len(lines) - 1, len(lines[-2]) + 1
    return message, line, column


def unknown_keys(table: dict[str, Any], file: Path) -> list[Diagnostic]:
    """A warning (SG116) for each key of a known table that no feature reads."""
    diags = []
    for name, known in KNOWN_KEYS.items():
        section: Any = table
        for part in name.split(".") if name else ():
            section = section.get(part) if isinstance(section, dict) else None
        if known is None or not isinstance(section, dict):
            continue
        for key in section:
            if key in known:
                continue
            dotted = f"{name}.{key}" if name else key
            guess = did_you_mean(key, sorted(known))
            hint = (
                f"did you mean '{guess}'?" if guess else "known keys: " + ", ".join(sorted(known))
            )
            where = config_location(file, dotted)
            diags.append(
                Diagnostic(
                    "SG116", CODES["SG116"].severity, f"unknown config key '{dotted}'", where, hint
                )
            )
    return diags


def load_config(start: Path) -> tuple[ProjectConfig, list[Diagnostic]]:
    """Load the configuration that applies at ``start`` (defaults when there is none).

    Any error diagnostic means the configuration is unusable: every command that reads
    it stops (exit 2) and writes nothing.
    """
    file = find_config(start)
    if file is None:
        return ProjectConfig(root=start.resolve()), []
    table, text, diags = _read_table(file)
    if table is None:
        return ProjectConfig(root=file.parent, file=file), diags
    prefix = _key_path(file, "")
    diags += unknown_keys(table, file)
    dirs = table.get("spec_dirs", [])
    aliases = table.get("aliases", {})
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        diags.append(
            _bad(
                file,
                "spec_dirs must be a list of paths",
                'write spec_dirs = ["specs"]',
                key="spec_dirs",
            )
        )
        dirs = []
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        diags.append(
            _bad(
                file,
                "aliases must map type names to type expressions",
                'write UUID = "string" under [aliases]',
                key=_first_bad_alias(aliases),
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
    if not isinstance(out_dir, str):
        diags.append(
            _bad(file, "out_dir must be a path", 'write out_dir = "generated"', key="out_dir")
        )
        out_dir = "generated"
    if not isinstance(default_adapter, str):
        diags.append(
            _bad(
                file,
                "default_adapter must be a string",
                'write default_adapter = "server-only"',
                key="default_adapter",
            )
        )
        default_adapter = "server-only"
    diags += _path_values(file, {"out_dir": [out_dir], "spec_dirs": dirs})
    alias_table = AliasTable(aliases, file)
    diags += alias_table.syntax_problems()
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
    )
    if not has_errors(diags):
        diags += _overlap(config)
    return config, diags


def _first_bad_alias(aliases: object) -> str:
    if isinstance(aliases, dict):
        for name, value in aliases.items():
            if not isinstance(value, str):
                return f"aliases.{name}"
    return "aliases"


def _path_values(file: Path, values: dict[str, list[str]]) -> list[Diagnostic]:
    """A path with a NUL or another control character can be neither created nor read."""
    diags = []
    for key, paths in values.items():
        for path in paths:
            bad = _PATH_CHARS.search(path)
            if bad is not None:
                diags.append(
                    _bad(
                        file,
                        f"{key} {path!r} contains the control character U+{ord(bad.group()):04X}",
                        "a path is plain text; remove the character",
                        key=key,
                    )
                )
    return diags


def overlap_problem(spec_dirs: Sequence[Path], out_dir: Path) -> str | None:
    """Why ``out_dir`` and a spec folder cannot go together (one holds the other), or None.

    Generated files and specgen's manifest inside a spec folder would be read as specs;
    a spec folder inside the output root would be treated as generated output.
    """
    out = out_dir.resolve()
    for folder in spec_dirs:
        spec = folder.resolve()
        if out == spec:
            return f"out_dir {out_dir} is the spec folder {folder}"
        if spec in out.parents:
            return f"out_dir {out_dir} is inside the spec folder {folder}"
        if out in spec.parents:
            return f"the spec folder {folder} is inside out_dir {out_dir}"
    return None


def _overlap(config: ProjectConfig) -> list[Diagnostic]:
    if config.file is None or config.out_dir is None:
        return []
    try:
        problem = overlap_problem(config.spec_dirs, config.out_dir)
    except (OSError, RuntimeError, ValueError):  # a symlink loop: reported where it is used
        return []
    if problem is None:
        return []
    key = "out_dir" if "out_dir" in _written_keys(config.file) else "spec_dirs"
    hint = 'keep them apart, e.g. spec_dirs = ["specs"] and out_dir = "generated"'
    return [_bad(config.file, problem, hint, key=key, code="SG117")]


def _written_keys(file: Path) -> set[str]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    prefix = _key_path(file, "")
    return {".".join(k[len(prefix) :]) for k in key_positions(text) if k[: len(prefix)] == prefix}


_TS_CHOICES = {"int64": ("number", "bigint"), "optional_fields": ("question", "question-undefined")}


def _typescript(table: Any, file: Path) -> tuple[TypeScriptConfig, list[Diagnostic]]:  # noqa: ANN401  # raw TOML
    if not isinstance(table, dict):
        return TypeScriptConfig(), [
            _bad(
                file, "[typescript] must be a table", "see docs/configuration.md", key="typescript"
            )
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
                _bad(
                    file,
                    f"typescript.{key} must be {expected}",
                    f"fix {key} under [typescript]",
                    key=f"typescript.{key}",
                )
            )
            value = default
        values[key] = value
    return TypeScriptConfig(**values), diags  # type: ignore[arg-type]  # checked against the choices


def _rust(table: Any, file: Path) -> tuple[RustConfig, list[Diagnostic]]:  # noqa: ANN401  # raw TOML
    if not isinstance(table, dict):
        return RustConfig(), [
            _bad(file, "[rust] must be a table", "see docs/configuration.md", key="rust")
        ]
    diags = []
    build_script = table.get("build_script", False)
    if not isinstance(build_script, bool):
        diags.append(
            _bad(
                file,
                "rust.build_script must be true or false",
                "write build_script = true",
                key="rust.build_script",
            )
        )
        build_script = False
    scaffold_dir = table.get("scaffold_dir")
    if scaffold_dir is not None and not isinstance(scaffold_dir, str):
        diags.append(
            _bad(
                file,
                "rust.scaffold_dir must be a path",
                'write scaffold_dir = "src/services"',
                key="rust.scaffold_dir",
            )
        )
        scaffold_dir = None
    folder = file.parent / scaffold_dir if scaffold_dir is not None else None
    return RustConfig(build_script, folder), diags
