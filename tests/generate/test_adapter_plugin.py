"""A third-party adapter, installed for real from tests/fixtures, works with no core change."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from specgen.adapters import ENTRY_POINT_GROUP, load_registry
from specgen.config import ProjectConfig
from specgen.generate.pipeline import run_generation
from specgen.validate import validate_paths

FIXTURE = Path(__file__).parent.parent / "fixtures" / "adapter-plugin"


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """pip-install the fixture package into a folder put on sys.path for this module."""
    target = tmp_path_factory.mktemp("plugin-site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(FIXTURE),
        ],
        check=True,
        capture_output=True,
    )
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    yield target
    sys.path.remove(str(target))
    sys.modules.pop("specgen_docs_adapter", None)


def test_plugin_is_discovered_through_its_entry_point(installed_plugin: Path) -> None:
    assert (installed_plugin / "specgen_docs_adapter").is_dir()
    registry = load_registry()
    assert "docs-only" in registry.names()
    assert registry.broken == {}
    assert ENTRY_POINT_GROUP == "specgen.adapters"


def test_generate_with_the_plugin_adapter(installed_plugin: Path, tmp_path: Path) -> None:
    del installed_plugin
    specs = tmp_path / "specs"
    specs.mkdir()
    spec = {
        "version": 2,
        "name": "report/build",
        "description": "Build a <report>",
        "adapter": "docs-only",
        "params": [{"name": "title", "type": "string"}],
    }
    (specs / "report-build.json").write_text(json.dumps(spec))
    result = run_generation([specs], ProjectConfig(root=tmp_path), tmp_path / "out")
    assert result.ok, result.diagnostics
    assert [d.code for d in result.diagnostics] == []  # no SG113: the plugin is known
    doc = (tmp_path / "out" / "docs" / "report-build.md").read_text()
    assert "# `report/build`" in doc
    assert "Build a &lt;report&gt;" in doc
    assert "Params: title." in doc
    assert not (tmp_path / "out" / "ts").exists()


def test_validation_knows_the_plugin_adapter(installed_plugin: Path, tmp_path: Path) -> None:
    del installed_plugin
    spec = {"version": 2, "name": "report/build", "description": "x", "adapter": "docs-only"}
    (tmp_path / "report-build.json").write_text(json.dumps(spec))
    assert validate_paths([tmp_path]).diagnostics == []  # no SG113: found at validation
    spec["adapter"] = "docs-onyl"
    (tmp_path / "report-build.json").write_text(json.dumps(spec))
    (diag,) = validate_paths([tmp_path]).diagnostics
    assert (diag.code, diag.severity.value) == ("SG113", "error")
    assert diag.hint == "did you mean 'docs-only'?"  # a plugin's name is suggested too


def test_unknown_adapter_without_the_plugin_is_one_error(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    spec = {"version": 2, "name": "report/build", "description": "x", "adapter": "docs-onyl"}
    (specs / "report-build.json").write_text(json.dumps(spec))
    result = run_generation([specs], ProjectConfig(root=tmp_path), tmp_path / "out")
    # Validation finds it (SG113, an error); generation stops there and says so once.
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("SG113", "error")]
    assert not (tmp_path / "out").exists()
