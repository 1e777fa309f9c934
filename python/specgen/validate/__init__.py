"""Validation: per-spec checks (SpecValidator) and project checks (TypeRegistry)."""

from specgen.validate.project import (
    ProjectReport,
    discover_spec_files,
    validate_documents,
    validate_files,
    validate_in_project,
    validate_paths,
)
from specgen.validate.registry import TypeRegistry

__all__ = [
    "ProjectReport",
    "TypeRegistry",
    "discover_spec_files",
    "validate_documents",
    "validate_files",
    "validate_in_project",
    "validate_paths",
]
