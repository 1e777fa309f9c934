"""One version for everything released from this repository (docs/development.md)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from specgen.project.crate import dependency_lines, series
from specgen.version import __version__

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def _toml(path: str) -> dict[str, object]:
    return tomllib.loads((ROOT / path).read_text(encoding="utf-8"))


def _workspace_version() -> str:
    workspace = _toml("Cargo.toml")["workspace"]
    assert isinstance(workspace, dict)
    version = workspace["package"]["version"]
    assert isinstance(version, str)
    return version


def _released_versions() -> dict[str, str]:
    """Every version number a release publishes, by where it is written."""
    versions: dict[str, str] = {}
    workspace = _workspace_version()
    versions["Cargo.toml [workspace.package]"] = workspace
    for manifest in sorted(
        [*ROOT.glob("crates/*/Cargo.toml"), ROOT / "build-hooks/cargo/Cargo.toml"]
    ):
        package = tomllib.loads(manifest.read_text(encoding="utf-8"))["package"]
        version = package["version"]
        where = str(manifest.relative_to(ROOT))
        versions[where] = workspace if version == {"workspace": True} else version
    members = _toml("Cargo.toml")["workspace"]
    assert isinstance(members, dict)
    for name, dep in members["dependencies"].items():
        if isinstance(dep, dict) and "path" in dep:
            versions[f"[workspace.dependencies] {name}"] = dep["version"]
    package = json.loads((ROOT / "runtimes/typescript/package.json").read_text())
    versions["runtimes/typescript/package.json"] = package["version"]
    lock = json.loads((ROOT / "runtimes/typescript/package-lock.json").read_text())
    versions["runtimes/typescript/package-lock.json"] = lock["version"]
    versions["package-lock.json packages['']"] = lock["packages"][""]["version"]
    for hook in ("hatch", "enforce"):
        project = _toml(f"build-hooks/{hook}/pyproject.toml")["project"]
        assert isinstance(project, dict)
        versions[f"build-hooks/{hook}/pyproject.toml"] = project["version"]
    enforce_init = (ROOT / "build-hooks/enforce/src/specgen_enforce/__init__.py").read_text()
    match = re.search(r'__version__ = "([^"]+)"', enforce_init)
    assert match is not None
    versions["specgen_enforce.__version__"] = match.group(1)
    return versions


def test_every_released_version_agrees() -> None:
    versions = _released_versions()
    assert len(versions) >= 12
    workspace = _workspace_version()
    differing = {where: v for where, v in versions.items() if v != workspace}
    assert differing == {}, f"all must be {workspace}"


def test_the_python_package_takes_the_workspace_version() -> None:
    pyproject = _toml("pyproject.toml")
    project, maturin = pyproject["project"], pyproject["tool"]["maturin"]  # type: ignore[index]
    assert "version" in project["dynamic"]  # type: ignore[index]
    assert maturin["manifest-path"] == "crates/specgen-py/Cargo.toml"
    bindings = _toml("crates/specgen-py/Cargo.toml")["package"]
    assert bindings["version"] == {"workspace": True}  # type: ignore[index]
    if "+source" not in __version__:  # an installed specgen: its metadata says the same
        assert __version__ == _workspace_version()


def test_a_starter_crate_asks_for_the_same_series() -> None:
    if "+source" in __version__:
        pytest.skip("specgen is not installed: no release version to compare")
    assert series() == ".".join(_workspace_version().split(".")[:2])
    assert f'specgen-build = "{series()}"' in dependency_lines()
