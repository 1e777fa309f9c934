"""NamingConventions: case conversion and escaping, as the conventions file defines."""

from __future__ import annotations

import pytest

from specgen.naming import (
    camel_case,
    command_type_name,
    pascal_case,
    reserved_type_name,
    rust_field_name,
    snake_case,
    spec_file_name,
)


@pytest.mark.parametrize(
    ("command", "name"),
    [
        ("gpu/stats", "GpuStats"),
        ("ai/model/list", "AiModelList"),
        ("sentinel/extend-budget", "SentinelExtendBudget"),
        ("data/list_all", "DataListAll"),
    ],
)
def test_command_type_names(command: str, name: str) -> None:
    assert command_type_name(command) == name


def test_case_conversions() -> None:
    assert snake_case("totalVRAMMb") == "total_vram_mb"
    assert camel_case("gpu_name") == "gpuName"
    assert pascal_case("in-progress") == pascal_case("in_progress") == "InProgress"
    assert spec_file_name("ai/model/list") == "ai-model-list.json"


@pytest.mark.parametrize(
    ("field", "rust"),
    [
        ("type", "r#type"),
        ("fn", "r#fn"),
        ("async", "r#async"),
        ("self", "self_"),
        ("gpuName", "gpu_name"),
    ],
)
def test_rust_field_names_escape_keywords(field: str, rust: str) -> None:
    assert rust_field_name(field) == rust


@pytest.mark.parametrize("name", ["Self", "Array", "type", "Option", "Promise", "CommandResult"])
def test_reserved_type_names(name: str) -> None:
    assert reserved_type_name(name) is not None


def test_ordinary_type_names_are_free() -> None:
    assert reserved_type_name("SubsystemInfo") is None
