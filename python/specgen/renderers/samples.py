"""TestRenderer: sample values of wire types, for the generated test scaffolds.

A sample is the smallest value of a type that its deserializer accepts: empty
strings and lists, zero, the first enum value, and every required field of a
struct filled in (required cycles are rejected by validation, so this ends).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from specgen.ir.model import (
    EnumIR,
    ExternalRef,
    IRType,
    ListOf,
    MapOf,
    NamedRef,
    Nullable,
    Prim,
    SizedNum,
    StructIR,
)

Sample = None | bool | int | float | str | list["Sample"] | dict[str, "Sample"]


class SampleBuilder:
    """Builds samples against every struct and enum of the project."""

    def __init__(self, structs: Mapping[str, StructIR], enums: Mapping[str, EnumIR]) -> None:
        """Index the project's named types."""
        self.structs = structs
        self.enums = enums
        self.unknown: set[str] = set()
        """Rust paths of external types met whose values specgen cannot write (null stands in)."""

    def value(self, type_: IRType) -> Sample:  # noqa: PLR0911  # one branch per IR type
        """The sample of ``type_``."""
        if isinstance(type_, Prim):
            prim_samples: dict[str, Sample] = {"string": "", "number": 0, "boolean": False}
            return prim_samples.get(type_.kind)
        if isinstance(type_, SizedNum):
            return 0
        if isinstance(type_, ListOf):
            return []
        if isinstance(type_, MapOf):
            return {}
        if isinstance(type_, Nullable):
            return None
        if isinstance(type_, ExternalRef):
            return self.external(type_)
        return self.named(type_)

    def external(self, ref: ExternalRef) -> Sample:
        """The sample of an external type: from its wire representation, else unknown."""
        if ref.decl.rust_path is None and ref.wire is not None:
            return self.value(ref.wire)
        self.unknown.add(ref.decl.rust_path or ref.name)
        return None

    def named(self, ref: NamedRef) -> Sample:
        """The sample of a struct or enum."""
        if ref.kind == "enum":
            return self.enums[ref.name].variants[0].value
        return self.struct(self.structs[ref.name])

    def struct(self, struct: StructIR) -> dict[str, Sample]:
        """Every required field of ``struct`` with its sample."""
        return {f.name: self.value(f.type) for f in struct.fields if not f.optional}


def sample_json(value: Sample) -> str:
    """Compact, deterministic JSON text of a sample."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _ts_string(text: str) -> str:
    return (
        json.dumps(text, ensure_ascii=False)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _ts_key(name: str) -> str:
    """An object literal key; ``__proto__`` is computed.

    Written plainly (even quoted) it would set the object's prototype, not a property.
    """
    key = _ts_string(name)
    return f"[{key}]" if name == "__proto__" else key


class TsSampleWriter:
    """Writes samples as TypeScript expressions (``0n`` for 64-bit ints as bigint)."""

    def __init__(self, builder: SampleBuilder, bigint64: bool) -> None:
        """Use ``builder`` for named types; ``bigint64`` follows the project's int64 choice."""
        self.builder = builder
        self.bigint64 = bigint64

    def value(self, type_: IRType) -> str:
        """The sample of ``type_`` as TS source."""
        if isinstance(type_, SizedNum):
            return "0n" if self.bigint64 and type_.kind in ("i64", "u64") else "0"
        if isinstance(type_, NamedRef) and type_.kind == "struct":
            return self.struct(self.builder.structs[type_.name])
        if isinstance(type_, ExternalRef):
            # The project's own type: the wire value stands in, typed to fit (edit the scaffold).
            wire = type_.wire if type_.decl.rust_path is None else None
            return f"{self.value(wire)} as never" if wire is not None else "undefined as never"
        sample = self.builder.value(type_)
        return _ts_string(sample) if isinstance(sample, str) else sample_json(sample)

    def struct(self, struct: StructIR) -> str:
        """An object literal with every required field of ``struct``."""
        parts = [
            f"{_ts_key(f.name)}: {self.value(f.type)}" for f in struct.fields if not f.optional
        ]
        return "{ " + ", ".join(parts) + " }" if parts else "{}"
