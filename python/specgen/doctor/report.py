"""Look for every requirement: found or not, where, which version."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import subprocess
from dataclasses import dataclass
from pathlib import Path

from specgen.doctor.requirements import REQUIREMENTS, Requirement, find_tool

VERSION_TIMEOUT_S = 10


@dataclass(frozen=True)
class Finding:
    """One requirement as found on this machine."""

    requirement: Requirement
    location: str | None
    version: str | None

    @property
    def found(self) -> bool:
        """Whether the tool or module is there."""
        return self.location is not None


def _tool_version(executable: str) -> str | None:
    try:
        proc = subprocess.run(  # noqa: S603  # a found tool, fixed argument, no shell
            [executable, "--version"],
            capture_output=True,
            check=False,
            timeout=VERSION_TIMEOUT_S,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (proc.stdout or proc.stderr).decode("utf-8", errors="replace").strip()
    return text.splitlines()[0] if text else None


def _module_finding(requirement: Requirement) -> Finding:
    try:
        spec = importlib.util.find_spec(requirement.name)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return Finding(requirement, None, None)
    try:
        version = importlib.metadata.version(requirement.name)
    except importlib.metadata.PackageNotFoundError:
        version = None
    return Finding(requirement, spec.origin or requirement.name, version)


def find_all(search: Path | None = None) -> list[Finding]:
    """Every requirement of `REQUIREMENTS`, in its order."""
    findings = []
    for requirement in REQUIREMENTS.values():
        if requirement.kind == "module":
            findings.append(_module_finding(requirement))
            continue
        location = find_tool(requirement.name, search)
        version = _tool_version(location) if location is not None else None
        findings.append(Finding(requirement, location, version))
    return findings
