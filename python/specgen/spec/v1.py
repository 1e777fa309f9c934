"""Pydantic models of CommandSpec v1, the flat format specs are migrated from.

v1 was written by hand over years, so the models accept what real v1 specs hold
(``optional`` or ``required``, a singular ``example``, examples written as plain
strings, ``environments``...) and keep
anything else as extra data, which migration reports instead of rejecting.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, JsonValue


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


class FieldV1(_Lenient):
    """A flat v1 param or result."""

    name: str
    type: str = "unknown"
    optional: bool | str | None = None
    required: bool | str | None = None
    """Booleans; hand-written specs also hold ``"true"`` / ``"false"`` (migration says so)."""
    description: str = ""
    default: JsonValue = None

    def is_optional(self) -> bool:
        """``optional`` wins; otherwise ``required: false`` means optional."""
        optional, required = as_flag(self.optional), as_flag(self.required)
        if optional is not None:
            return optional
        if required is not None:
            return not required
        return False


def as_flag(value: bool | str | None) -> bool | None:
    """A v1 flag: a boolean, or the strings ``"true"`` / ``"false"`` (any case)."""
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    return value


class ExampleV1(_Lenient):
    """A v1 usage example."""

    description: str = ""
    command: str | None = None
    params: dict[str, JsonValue] | None = None
    expected_result: JsonValue = Field(default=None, alias="expectedResult")
    notes: str | None = None


class CommandSpecV1(_Lenient):
    """A CommandSpec v1 document."""

    version: int | None = None
    name: str
    description: str = ""
    params: list[FieldV1] = []
    results: list[FieldV1] = []
    examples: list[ExampleV1 | str] = []
    example: ExampleV1 | str | None = None
    access_level: str | None = Field(default=None, alias="accessLevel")
    environment: str | None = None
    environments: list[str] | None = None
    category: str | None = None
    custom_types: JsonValue = Field(default=None, alias="customTypes")
