"""What specgen's features need from outside Python, and how to get what is missing.

`requirements` is the one table of external tools and optional extras; every place
that runs a tool or imports an extra reports a missing one with its hint from there.
`specgen doctor` (`cli`) lists them all.
"""

from specgen.doctor.requirements import (
    REQUIREMENTS,
    MissingRequirementError,
    Requirement,
    find_tool,
    missing_message,
    require_module,
)

__all__ = [
    "REQUIREMENTS",
    "MissingRequirementError",
    "Requirement",
    "find_tool",
    "missing_message",
    "require_module",
]
