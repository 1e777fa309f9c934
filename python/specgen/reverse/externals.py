"""External type references made by reverse: a type that lives elsewhere in the codebase.

A type a command uses but does not own (another module of the codebase, reached
through an alias or a relative import, or a package) goes into the spec as an
``external`` entry (the agreed shape of issue 15):

- ``typescript.module`` is the import specifier as the codebase writes it: an alias
  or package is kept verbatim; a relative import is rewritten relative to the
  project's TypeScript root (the folder generated ``ts/`` files live in), which is
  what a ``./`` or ``../`` module in a spec is relative to;
- ``typescript.name`` is the exported name when the file imports it under another;
- ``rust.wire`` is given when the declaration is a plain alias of a primitive (a
  template literal or a string-literal union is a ``string`` on the wire); otherwise
  the Rust side is left out, unless the spec's adapter is Rust-backed, which needs one:
  then a loose wire representation is used and reported (SG543).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from specgen.codebase import is_relative
from specgen.tsread.model import TsAlias, TsInterface

_PRIMITIVE_WIRES = frozenset({"string", "number", "boolean"})


def spec_module(specifier: str, importer: Path, ts_root: Path) -> str:
    """The spec's ``typescript.module`` for ``specifier`` as the file ``importer`` wrote it."""
    if not is_relative(specifier):
        return specifier
    target = os.path.normpath(importer.absolute().parent / specifier)
    rel = os.path.relpath(target, ts_root.absolute()).replace(os.sep, "/")
    return rel if rel.startswith("../") else "./" + rel


def exact_wire(declaration: TsInterface | TsAlias | None) -> str | None:
    """The wire type of a plain alias of a primitive (``string``...), else None."""
    if not isinstance(declaration, TsAlias):
        return None
    if declaration.values is not None or declaration.type.written.startswith("`"):
        return "string"
    text = declaration.type.text
    return text if text in _PRIMITIVE_WIRES else None


def loose_wire(declaration: TsInterface | TsAlias | None) -> str:
    """What a Rust-backed adapter carries a type of unknown Rust shape as."""
    return "Record<string, unknown>" if isinstance(declaration, TsInterface) else "unknown"


def external_entry(
    key: str,
    exported: str,
    module: str,
    declaration: TsInterface | TsAlias | None,
) -> dict[str, Any]:
    """The spec's ``types`` entry for the type ``key``: ``module``'s export ``exported``.

    The entry names the export only when it differs from ``key``; the declaration, when
    the codebase has it, gives the description and (when exact) the Rust wire type.
    """
    typescript: dict[str, str] = {"module": module}
    if exported != key:
        typescript["name"] = exported
    external: dict[str, Any] = {"typescript": typescript}
    wire = exact_wire(declaration)
    if wire is not None:
        external["rust"] = {"wire": wire}
    entry: dict[str, Any] = {}
    if declaration is not None and declaration.description:
        entry["description"] = declaration.description
    entry["external"] = external
    return entry
