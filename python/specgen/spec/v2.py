"""Pydantic models of CommandSpec v2, the normative spec format (DESIGN.md section 3).

These models check structure only: which fields exist and what JSON types they
hold. Meaning (type expressions, names, cross-spec references) is checked by
``specgen.validate``, which reports located diagnostics.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

Environment = Literal["server", "browser", "both"]
AccessLevel = Literal["ai-safe", "system", "owner-only"]

BUILTIN_ADAPTERS: tuple[str, ...] = (
    "rust-ipc",
    "server-only",
    "browser-only",
    "full-stack",
    "trait-only",
    "types",
)
"""The adapters specgen ships; others come from the ``specgen.adapters`` entry points."""

KNOWN_TRAITS: tuple[str, ...] = ("ManagedService", "MetricsEmitter", "Configurable", "Lifecycle")
"""Traits of the ``managed-service`` crate a spec may ask a service to implement."""


Deprecation = bool | str
"""``true``, or a sentence saying what to use instead (``specgen breaking`` reads it)."""

_DEPRECATED_HELP = (
    "Announces a later removal: true, or what to use instead. `specgen breaking` warns "
    "while it is set and allows the removal from the configured point (docs/breaking.md)."
)
_RENAMED_HELP = (
    "The name this had in the previous version; `specgen breaking` reports a wire rename "
    "instead of a removal and an addition."
)


class _Strict(BaseModel):
    """Base: unknown fields are errors, models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class RustConfig(_Strict):
    """Rust-specific settings of a Rust-backed command."""

    module: str | None = Field(
        default=None,
        description="Module path of the service, e.g. 'modules/gpu'. Default: modules/<group>.",
    )
    traits: list[str] = Field(
        default_factory=lambda: ["ManagedService"],
        description="Traits the service implements, from: " + ", ".join(KNOWN_TRAITS) + ".",
    )
    command_prefix: str | None = Field(
        default=None,
        description="Command prefix the service owns, e.g. 'gpu/'. Default: <group>/.",
    )
    imports: list[str] = Field(
        default_factory=list, description="Extra Rust `use` paths the generated module needs."
    )


class FieldDef(_Strict):
    """A field of a struct declared in the ``types`` block."""

    type: str = Field(description="TS-syntax type expression, e.g. 'number' or 'Foo[]'.")
    description: str = Field(default="", description="Documentation of the field.")
    optional: bool = Field(default=False, description="Whether the field may be absent.")
    deprecated: Deprecation = Field(default=False, description=_DEPRECATED_HELP)
    renamed_from: str | None = Field(default=None, alias="renamedFrom", description=_RENAMED_HELP)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ExternalTypeScript(_Strict):
    """Where the TypeScript side of an external type is exported from."""

    module: str = Field(
        description="Module specifier: an alias or package ('@system/core/types/UUID'), used "
        "verbatim, or a path starting with './' or '../', relative to the TypeScript root of "
        "the output and rewritten for each generated file.",
        json_schema_extra={"minLength": 1},
    )
    name: str | None = Field(
        default=None,
        description="The name the module exports; default: the type's key. When it differs, "
        "generated code imports `{ Name as Key }`.",
    )


class ExternalRust(_Strict):
    """The Rust side of an external type: a path to `use`, or a wire representation."""

    path: str | None = Field(
        default=None,
        description="Rust path of the type, e.g. 'uuid::Uuid'; generated Rust `use`s it.",
    )
    wire: str | None = Field(
        default=None,
        description="A type expression of what the value is on the wire (e.g. 'string', "
        "'Record<string, unknown>'); generated Rust uses that representation.",
    )

    @model_validator(mode="after")
    def _exactly_one_side(self) -> ExternalRust:
        if (self.path is None) == (self.wire is None):
            msg = "the Rust side of an external type gives exactly one of 'path' or 'wire'"
            raise ValueError(msg)
        return self


class ExternalDef(_Strict):
    """A type that lives elsewhere in the codebase: generated code imports it."""

    typescript: ExternalTypeScript = Field(description="Where TypeScript imports it from.")
    rust: ExternalRust | None = Field(
        default=None,
        description="How Rust refers to it; needed when a Rust-backed adapter uses the type.",
    )


class TypeDef(_Strict):
    """A named type: a struct (``fields``), a string enum (``enum``) or an ``external`` type."""

    description: str = Field(default="", description="Documentation of the type.")
    fields: dict[str, FieldDef] | None = Field(
        default=None, description="Struct fields by name (camelCase on the wire)."
    )
    enum: list[str] | None = Field(
        default=None, min_length=1, description="String values of an enum type."
    )
    external: ExternalDef | None = Field(
        default=None,
        description="A type declared elsewhere in the codebase, imported by generated code.",
    )

    @model_validator(mode="after")
    def _exactly_one_shape(self) -> TypeDef:
        shapes = (self.fields, self.enum, self.external)
        if sum(shape is not None for shape in shapes) != 1:
            msg = (
                "a type declares exactly one of 'fields' (a struct), 'enum' (string values) "
                "or 'external' (a type that lives elsewhere)"
            )
            raise ValueError(msg)
        return self


class ParamDef(_Strict):
    """A parameter or result field of the command."""

    name: str = Field(description="Field name, camelCase on the wire.")
    type: str = Field(description="TS-syntax type expression.")
    optional: bool = Field(default=False, description="Whether the field may be absent.")
    description: str = Field(default="", description="Documentation of the field.")
    default: JsonValue = Field(default=None, description="Default value of an optional param.")
    deprecated: Deprecation = Field(default=False, description=_DEPRECATED_HELP)
    renamed_from: str | None = Field(default=None, alias="renamedFrom", description=_RENAMED_HELP)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Example(_Strict):
    """A usage example, shown in the command's README and tests."""

    description: str = Field(description="What the example shows.")
    command: str | None = Field(default=None, description="A command line, e.g. './jtag x/y'.")
    params: dict[str, JsonValue] | None = Field(default=None, description="Params passed.")
    expected_result: JsonValue = Field(
        default=None, alias="expectedResult", description="Result (or part of it) expected."
    )
    notes: str | None = Field(default=None, description="Anything else worth knowing.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class CommandSpecV2(_Strict):
    """A CommandSpec v2 document: one command, the whole vertical."""

    schema_uri: str | None = Field(
        default=None,
        alias="$schema",
        description="Optional: the JSON Schema of this file, for editor completion.",
    )
    version: Literal[2] = Field(description="Spec format version; always 2.")
    name: str = Field(
        description="Command name, 'group/verb' or 'group/sub/verb'.",
        json_schema_extra={"pattern": r"^[a-z][a-z0-9_-]*(/[a-z][a-z0-9_-]*)+$"},
    )
    description: str = Field(description="What the command does, one or two sentences.")
    environment: Environment = Field(
        default="server", description="Where the command runs: server, browser or both."
    )
    adapter: str | None = Field(
        default=None,
        description="Generator adapter: "
        + ", ".join(BUILTIN_ADAPTERS)
        + ", or a plugin's name. Default: the project's default_adapter (server-only).",
        json_schema_extra={"examples": list(BUILTIN_ADAPTERS)},
    )
    rust: RustConfig | None = Field(default=None, description="Rust settings (Rust adapters).")
    types: dict[str, TypeDef] = Field(
        default_factory=dict,
        description="Named types: structs, enums and external types, shared by the project.",
    )
    params: list[ParamDef] = Field(default_factory=list, description="Parameters of the command.")
    results: list[ParamDef] = Field(default_factory=list, description="Result fields.")
    examples: list[Example] = Field(default_factory=list, description="Usage examples.")
    access_level: AccessLevel = Field(
        default="ai-safe", alias="accessLevel", description="Who may call the command."
    )
    deprecated: Deprecation = Field(default=False, description=_DEPRECATED_HELP)
    renamed_from: str | None = Field(default=None, alias="renamedFrom", description=_RENAMED_HELP)

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        title="CommandSpec v2",
        json_schema_extra={"description": "One command of a specgen project (spec format v2)."},
    )

    def to_json_data(self) -> dict[str, Any]:
        """Return the spec as JSON data, wire names, defaults left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=True) | {"version": 2}
