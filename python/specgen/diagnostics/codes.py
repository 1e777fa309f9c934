"""The registry of diagnostic codes.

Codes are stable: once published a code keeps its meaning. Each is documented in
``docs/diagnostics.md`` with an example and a fix; a test keeps the two in step.
Numbering: SG0xx reading files, SG1xx spec structure, SG2xx type expressions,
SG3xx the project as a whole (TypeRegistry, naming), SG4xx v1 migration, SG5xx the
migration tools (reverse, audit, enforce, adopt) reading hand-written TypeScript, SG6xx build
integration (``specgen build-request`` for Cargo build scripts), SG7xx ``specgen breaking``
(reading the versions to compare and its configuration).
"""

from __future__ import annotations

from specgen.diagnostics.model import Diagnostic, Location, Severity
from specgen.values import value_type


@value_type(slots=True)
class Code:
    """A diagnostic code: its id, a short title and its usual severity."""

    id: str
    title: str
    severity: Severity


_E = Severity.ERROR
_W = Severity.WARNING
_N = Severity.NOTE

_ALL = (
    # Reading files.
    Code("SG001", "file cannot be read", _E),
    Code("SG002", "invalid JSON", _E),
    Code("SG003", "duplicate key in a JSON object", _E),
    Code("SG004", "file is not UTF-8 text", _E),
    Code("SG005", "string holds a lone surrogate", _E),
    Code("SG006", "not a regular file, skipped", _N),
    Code("SG007", "folder holds no spec", _W),
    # Spec structure.
    Code("SG101", "unknown field", _E),
    Code("SG102", "missing required field", _E),
    Code("SG103", "wrong value type", _E),
    Code("SG104", "invalid value", _E),
    Code("SG105", "unsupported spec version", _E),
    Code("SG110", "command name is not in group/verb form", _E),
    Code("SG111", "field declared twice", _E),
    Code("SG112", "invalid identifier", _E),
    Code("SG113", "unknown adapter", _E),
    Code("SG114", "unknown Rust trait", _E),
    Code("SG115", "command prefix does not match the command name", _E),
    Code("SG116", "unknown config key", _W),
    Code("SG117", "spec_dirs and out_dir overlap", _E),
    Code("SG118", "path segment too long", _E),
    Code("SG119", "name reserved on Windows", _E),
    Code("SG130", "invalid TypeScript module", _E),
    Code("SG131", "invalid Rust path", _E),
    Code("SG132", "invalid TypeScript export name", _E),
    Code("SG133", "unknown runtime name in [typescript.runtime]", _E),
    Code("SG134", "invalid [external_types] or [typescript.runtime] entry", _E),
    # Type expressions.
    Code("SG201", "type expression syntax error", _E),
    Code("SG202", "`any` is not allowed", _E),
    Code("SG203", "unknown type", _E),
    Code("SG204", "unsupported type construct", _E),
    Code("SG205", "alias refers to itself", _E),
    Code("SG206", "default is not a value of the field's type", _E),
    Code("SG210", "unsupported wire representation of an external type", _E),
    # The project as a whole.
    Code("SG301", "type defined in more than one spec", _E),
    Code("SG302", "names collide after case conversion", _E),
    Code("SG303", "reserved name", _E),
    Code("SG304", "type cycle cannot be represented", _E),
    Code("SG305", "command defined in more than one spec", _E),
    Code("SG306", "Rust-backed command uses a TypeScript-only type", _E),
    Code("SG310", "external type declared differently or clashing with another type", _E),
    Code("SG311", "Rust-backed command uses an external type without a Rust side", _E),
    Code("SG312", "Rust names of external types collide", _E),
    # v1 migration.
    Code("SG401", "v1 spec, validated through migration", _N),
    Code("SG402", "v1 field not carried over to v2", _W),
    Code("SG403", "v1 type referenced but never declared", _W),
    Code("SG404", "v1 field restates a base field and was dropped", _N),
    Code("SG405", "v1 field conflicts with a base field", _E),
    Code("SG406", "v1 example converted", _N),
    Code("SG407", "type carried over from the codebase", _N),
    Code("SG408", "type referred to as an external type", _N),
    Code("SG409", "type found neither in the v1 spec nor in the codebase", _W),
    Code("SG410", "two types share a name", _W),
    Code("SG411", "migrated spec not written: its target holds another file", _W),
    Code("SG412", "migrated spec not written: its target cannot be written", _E),
    Code("SG413", "v1 custom type declared in types", _N),
    # Migration tools: reverse, audit, enforce.
    Code("SG501", "TypeScript syntax error", _W),
    Code("SG502", "`any` in command types", _W),
    Code("SG503", "no static accessor", _W),
    Code("SG504", "raw Commands.execute call outside an accessor", _W),
    Code("SG505", "command has no spec", _W),
    Code("SG506", "Params or Result interface missing or not extending its base", _W),
    Code("SG507", "Types file not found", _W),
    Code("SG508", "type not found", _W),
    Code("SG509", "type cannot be expressed in a spec", _W),
    Code("SG510", "convention not followed", _N),
    Code("SG511", "spec already exists", _E),
    Code("SG512", "new command folder without a spec", _E),
    Code("SG513", "git cannot tell what is new", _E),
    Code("SG514", "not a command folder", _E),
    Code("SG515", "commands folder not found", _E),
    # adopt: in-place edits of hand-written commands.
    Code("SG520", "cannot adopt a file with syntax errors", _E),
    Code("SG521", "cannot import a name the added code needs", _E),
    Code("SG522", "file changed while adopt ran", _E),
    Code("SG523", "edited file would not parse", _E),
    Code("SG524", "edited file cannot be written", _E),
    # reverse following the codebase (tsconfig, external references).
    Code("SG540", "tsconfig cannot be read", _W),
    Code("SG541", "tsconfig extends not found", _W),
    Code("SG542", "type kept as an external reference", _N),
    Code("SG543", "external type without a fitting Rust side", _W),
    Code("SG544", "type name taken by specgen", _N),
    Code("SG545", "type renamed: another spec has a different type of that name", _N),
    Code("SG546", "generic type instantiated", _N),
    Code("SG547", "imported module not found", _W),
    Code("SG548", "type alias written in place of its name", _N),
    Code("SG549", "command found in a tree has a spec already: kept", _N),
    Code("SG550", "params factory default not carried", _W),
    Code("SG551", "utility type expanded", _N),
    # Build integration.
    Code("SG601", "no specs to generate from", _E),
    Code("SG602", "service file not found: the command answers not_implemented", _W),
    Code("SG603", "a file specgen did not write is in a generated file's place", _E),
    Code("SG604", "timed out waiting for the project lock", _E),
    # specgen breaking: reading the two versions to compare.
    Code("SG700", "revision not found", _E),
    Code("SG701", "git cannot be read", _E),
    Code("SG702", "no old specs in the folder", _E),
    Code("SG703", "new specs have errors", _E),
    Code("SG704", "old spec does not load", _W),
    Code("SG705", "invalid [breaking] configuration", _E),
    Code("SG706", "ignore without a reason", _E),
    Code("SG707", "unknown rule id", _E),
)

CODES: dict[str, Code] = {code.id: code for code in _ALL}


def code_info(code_id: str) -> Code:
    """Look up a code; an unknown id is a programming error."""
    return CODES[code_id]


def coded(
    code: str,
    message: str,
    location: Location,
    hint: str = "",
    related: tuple[Location, ...] = (),
) -> Diagnostic:
    """A diagnostic of ``code`` at its registered severity."""
    return Diagnostic(code, CODES[code].severity, message, location, hint, related)
