"""The base field table: what restates a base field compatibly, and what conflicts."""

from __future__ import annotations

import pytest

from specgen.base_fields import BASE_FIELDS, base_field, base_field_names
from specgen.codebase.settings import PARAMS_BASE_FIELDS, RESULT_BASE_FIELDS
from specgen.naming import reserved_field_name


@pytest.mark.parametrize(
    ("owner", "name", "type_text", "compatible"),
    [
        ("results", "success", "boolean", True),
        ("results", "success", "boolean | undefined", True),
        ("results", "success", "string", False),
        ("results", "error", "string", True),
        ("results", "error", "JTAGError", True),
        ("results", "error", "Error | undefined", True),
        ("results", "error", "{ message: string }", True),
        ("results", "error", "number", False),
        ("params", "userId", "UUID", True),
        ("params", "userId", "string", True),
        ("params", "userId", "number", False),
        ("params", "sessionId", "SessionId", True),
        ("params", "context", "JTAGContext", True),
        ("params", "context", "object", True),
        ("params", "context", "string", False),
        ("results", "success", "not a type <", False),
    ],
)
def test_compatibility(
    owner: str, name: str, type_text: str, compatible: bool
) -> None:  # parametrized
    field = base_field(owner, name)
    assert field is not None
    assert field.compatible(type_text) is compatible


def test_one_table_drives_validation_reverse_and_migration() -> None:
    assert base_field("params", "success") is None  # success is a result field only
    assert base_field_names("params") == PARAMS_BASE_FIELDS
    assert base_field_names("results") == RESULT_BASE_FIELDS
    for field in BASE_FIELDS:
        for owner in field.owners:
            assert reserved_field_name(field.name, owner) is not None
    assert reserved_field_name("userId", "results") is None
