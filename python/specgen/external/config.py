"""Config tables of names that live in the user's codebase.

``[external_types.<Name>]`` declares external types project-wide; ``[typescript.runtime]``
maps each runtime name (`RUNTIME_NAMES`) to the module and exported name the
project's code uses. Both are read once, with located diagnostics (SG130-SG134,
SG210, SG310), into `ExternalDecl` and `RuntimeBinding` values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specgen.diagnostics import Diagnostic, Location, coded
from specgen.external.checks import (
    Problem,
    check_module,
    check_rust_path,
    check_ts_name,
    check_wire,
)
from specgen.external.model import RUNTIME_NAMES, ExternalDecl, RuntimeBinding
from specgen.naming import IDENTIFIER, reserved_external_name
from specgen.spec.structure import did_you_mean
from specgen.tomlkeys import key_positions, locate_key


@dataclass
class _Reader:
    """Reads one config file's tables, collecting located diagnostics."""

    file: Path
    text: str
    prefix: tuple[str, ...]
    """``("tool", "specgen")`` in pyproject.toml, else empty."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, code: str, message: str, path: Sequence[str], hint: str) -> None:
        location = self.locate(path)
        self.diagnostics.append(coded(code, message, location, hint))

    def locate(self, path: Sequence[str]) -> Location:
        """Where the config writes ``path`` (below the prefix), else its nearest ancestor."""
        key = (*self.prefix, *path)
        line, column = locate_key(key_positions(self.text), key, inline=True)
        return Location(str(self.file), line, column, ".".join(key))

    def problems(self, problems: Sequence[Problem], path: Sequence[str], what: str) -> bool:
        for p in problems:
            self.report(p.code, f"{what}: {p.message}", path, p.hint)
        return not problems


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None


def read_external_types(
    raw: Any,  # noqa: ANN401  # raw TOML
    aliases: Sequence[str],
    file: Path,
    text: str,
    prefix: tuple[str, ...] = (),
) -> tuple[dict[str, ExternalDecl], list[Diagnostic]]:
    """The ``[external_types]`` table: one `ExternalDecl` per valid entry."""
    reader = _Reader(file, text, prefix)
    found: dict[str, ExternalDecl] = {}
    if not isinstance(raw, dict):
        hint = 'write [external_types.UUID] with typescript = { module = "..." }'
        reader.report("SG134", "[external_types] must be a table", ["external_types"], hint)
        return found, reader.diagnostics
    for name, entry in raw.items():
        decl = _external(reader, name, entry, aliases)
        if decl is not None:
            found[name] = decl
    return found, reader.diagnostics


_EXAMPLE = 'typescript = { module = "@app/types", name = "UUID" }, rust = { path = "uuid::Uuid" }'


def _external(
    reader: _Reader, name: str, entry: object, aliases: Sequence[str]
) -> ExternalDecl | None:
    path = ["external_types", name]
    if not _name_ok(reader, name, path, aliases):
        return None
    if not isinstance(entry, dict):
        reader.report("SG134", f"external_types.{name} must be a table", path, "write " + _EXAMPLE)
        return None
    unknown = sorted(set(entry) - {"typescript", "rust", "description"})
    if unknown:
        hint = "allowed: typescript, rust, description"
        reader.report("SG134", f"unknown key '{unknown[0]}'", [*path, unknown[0]], hint)
        return None
    what = f"external type '{name}'"
    typescript = _typescript_side(reader, name, path, entry.get("typescript"))
    rust_path, rust_wire, rust_ok = _rust_side(reader, path, entry.get("rust"), what)
    description = entry.get("description", "")
    if not isinstance(description, str):
        reader.report("SG134", "description must be a string", [*path, "description"], "quote it")
        return None
    if typescript is None or not rust_ok:
        return None
    location = reader.locate(path)
    module, ts_name = typescript
    return ExternalDecl(name, module, ts_name, rust_path, rust_wire, description, location)


def _name_ok(reader: _Reader, name: str, path: list[str], aliases: Sequence[str]) -> bool:
    if not IDENTIFIER.fullmatch(name):
        reader.report("SG112", f"type name '{name}' is not an identifier", path, "use PascalCase")
        return False
    why = reserved_external_name(name)
    if why is not None:
        reader.report("SG303", f"type name '{name}' cannot be used: {why}", path, "rename it")
        return False
    if name in aliases:
        hint = f"remove {name} from [aliases] or [external_types.{name}]"
        reader.report("SG310", f"'{name}' is both an alias and an external type", path, hint)
        return False
    return True


def _typescript_side(
    reader: _Reader, name: str, path: list[str], ts: object
) -> tuple[str, str] | None:
    ts_path = [*path, "typescript"]
    if not isinstance(ts, dict) or _string(ts.get("module")) is None:
        message = f"external_types.{name} needs typescript.module (a string)"
        reader.report("SG134", message, path, "write " + _EXAMPLE)
        return None
    extra = sorted(set(ts) - {"module", "name"})
    if extra:
        reader.report("SG134", f"unknown key '{extra[0]}'", ts_path, "allowed: module, name")
        return None
    ts_name = ts.get("name", name)
    if not isinstance(ts_name, str):
        reader.report("SG134", "typescript.name must be a string", ts_path, 'name = "UUID"')
        return None
    what = f"external type '{name}'"
    ok = reader.problems(check_module(ts["module"]), [*ts_path, "module"], what)
    ok = reader.problems(check_ts_name(ts_name), [*ts_path, "name"], what) and ok
    return (ts["module"], ts_name) if ok else None


def _rust_side(
    reader: _Reader, path: list[str], rust: object, what: str
) -> tuple[str | None, str | None, bool]:
    if rust is None:
        return None, None, True
    hint = 'write rust = { path = "uuid::Uuid" } or rust = { wire = "string" }'
    if not isinstance(rust, dict) or set(rust) not in ({"path"}, {"wire"}):
        reader.report("SG134", "rust gives exactly one of path or wire", [*path, "rust"], hint)
        return None, None, False
    rust_path, rust_wire = _string(rust.get("path")), _string(rust.get("wire"))
    if rust_path is None and rust_wire is None:
        reader.report("SG134", "rust.path or rust.wire must be a string", [*path, "rust"], hint)
        return None, None, False
    if rust_path is not None:
        problems, side = check_rust_path(rust_path), "path"
    else:
        problems, side = check_wire(rust_wire or ""), "wire"
    return rust_path, rust_wire, reader.problems(problems, [*path, "rust", side], what)


def read_runtime_map(
    raw: Any,  # noqa: ANN401  # raw TOML
    file: Path,
    text: str,
    prefix: tuple[str, ...] = (),
) -> tuple[tuple[RuntimeBinding, ...], list[Diagnostic]]:
    """The ``[typescript.runtime]`` table: where each mapped runtime name comes from."""
    reader = _Reader(file, text, prefix)
    table_path = ["typescript", "runtime"]
    if not isinstance(raw, dict):
        hint = 'write [typescript.runtime] with context = { module = "...", name = "..." }'
        reader.report("SG134", "[typescript.runtime] must be a table", table_path, hint)
        return (), reader.diagnostics
    bindings = []
    for key, value in raw.items():
        path = [*table_path, key]
        if key not in RUNTIME_NAMES:
            guess = did_you_mean(key, list(RUNTIME_NAMES))
            hint = f"did you mean '{guess}'?" if guess else "known: " + ", ".join(RUNTIME_NAMES)
            reader.report("SG133", f"unknown runtime name '{key}'", path, hint)
            continue
        binding = _binding(reader, key, value, path)
        if binding is not None:
            bindings.append(binding)
    return tuple(sorted(bindings, key=lambda b: b.key)), reader.diagnostics


def _binding(reader: _Reader, key: str, value: object, path: list[str]) -> RuntimeBinding | None:
    local = RUNTIME_NAMES[key].local
    hint = f'write {key} = {{ module = "...", name = "{local}" }} or {key} = "module#{local}"'
    module: object
    name: object
    if isinstance(value, str):
        module, _, name = value.partition("#")
        name = name or local
    elif isinstance(value, dict) and set(value) <= {"module", "name"} and "module" in value:
        module, name = value["module"], value.get("name", local)
    else:
        reader.report("SG134", f"typescript.runtime.{key} must be a module", path, hint)
        return None
    if not isinstance(module, str) or not isinstance(name, str):
        reader.report("SG134", f"typescript.runtime.{key}: module and name are strings", path, hint)
        return None
    what = f"runtime name '{key}'"
    ok = reader.problems(check_module(module), [*path, "module"], what)
    ok = reader.problems(check_ts_name(name), [*path, "name"], what) and ok
    return RuntimeBinding(key, module, name) if ok else None
