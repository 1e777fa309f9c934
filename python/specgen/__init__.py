"""specgen: one JSON CommandSpec -> the whole Rust + TypeScript vertical of a command.

The public API is small: load and validate specs, migrate v1 specs, export the
JSON Schema. The native runtime (``specgen._native``) is reached through the
names re-exported here, never imported directly.
"""

from specgen._native import HealthStatus, PressureLevel, PressureThresholds
from specgen.diagnostics import Diagnostic, Location, Severity
from specgen.spec import CommandSpecV1, CommandSpecV2, load_spec_file, load_spec_text
from specgen.spec.schema import export_schema
from specgen.validate import ProjectReport, TypeRegistry, validate_paths
from specgen.version import __version__

__all__ = [
    "CommandSpecV1",
    "CommandSpecV2",
    "Diagnostic",
    "HealthStatus",
    "Location",
    "PressureLevel",
    "PressureThresholds",
    "ProjectReport",
    "Severity",
    "TypeRegistry",
    "__version__",
    "export_schema",
    "load_spec_file",
    "load_spec_text",
    "validate_paths",
]
