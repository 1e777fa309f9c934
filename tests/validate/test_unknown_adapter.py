"""SG113: an adapter that is neither built in nor installed is an error at validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from specgen.adapters import load_registry
from specgen.validate import validate_paths
from support import RunCli


def _spec(folder: Path, adapter: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "gpu-stats.json"
    spec = {"version": 2, "name": "gpu/stats", "description": "x", "adapter": adapter}
    path.write_text(json.dumps(spec, indent=2))
    return path


def test_misspelt_adapter_fails_validate_with_did_you_mean(tmp_path: Path, run_cli: RunCli) -> None:
    path = _spec(tmp_path / "specs", "rust-ipx")
    run = run_cli("validate", str(path))
    assert run.exit_code == 2, run.stdout
    (diag,) = run.diagnostics()
    assert diag["code"] == "SG113"
    assert diag["severity"] == "error"
    assert (diag["line"], diag["col"]) == ("5", "14")
    assert diag["hint"] == "did you mean 'rust-ipc'?"


def test_every_registered_adapter_validates(tmp_path: Path) -> None:
    names = load_registry().names()  # the registry, never a list written here
    assert "rust-ipc" in names
    for name in names:
        _spec(tmp_path, name)
        codes = [d.code for d in validate_paths([tmp_path]).diagnostics]
        assert "SG113" not in codes, name


def test_an_adapter_far_from_every_name_lists_them(tmp_path: Path) -> None:
    _spec(tmp_path, "zzzz")
    (diag,) = validate_paths([tmp_path]).diagnostics
    for name in load_registry().names():
        assert name in diag.hint
    assert "specgen.adapters" in diag.hint


def test_a_plugin_that_fails_to_load_is_named_in_the_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from specgen.adapters import registry  # noqa: PLC0415

    real = registry.load_registry

    def with_broken() -> registry.AdapterRegistry:
        loaded = real()
        loaded.broken["docs-only"] = "ImportError: no module named jinja3"
        return loaded

    monkeypatch.setattr(registry, "load_registry", with_broken)
    monkeypatch.setattr("specgen.adapters.load_registry", with_broken)
    _spec(tmp_path, "docs-only")
    (diag,) = validate_paths([tmp_path]).diagnostics
    assert diag.code == "SG113"
    assert (
        diag.hint
        == "the plugin that provides it failed to load: ImportError: no module named jinja3"
    )
