"""``specgen validate SPEC`` for one spec of a project: the other specs are its context.

A type is declared once per project (reverse and migrate put a shared type in one
spec and refer to it from the others), so a spec checked alone would report the types
other specs declare as unknown. Inside the project's spec_dirs the rest of the project
is loaded, as generate loads it, and only what concerns the specs given is reported.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from support import RunCli


def _spec(name: str, *, types: Mapping[str, object] | None = None, uses: str = "string") -> str:
    spec: dict[str, object] = {
        "version": 2,
        "name": name,
        "description": f"The {name} command",
        "params": [{"name": "value", "type": uses}],
        "results": [],
    }
    if types:
        spec["types"] = types
    return json.dumps(spec, indent=2)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    specs = tmp_path / "specs"
    specs.mkdir()
    (tmp_path / "specgen.toml").write_text('spec_dirs = ["specs"]\n', encoding="utf-8")
    shared = {"Shared": {"fields": {"id": {"type": "string"}}}}
    (specs / "a-owner.json").write_text(_spec("a/owner", types=shared), encoding="utf-8")
    (specs / "b-user.json").write_text(_spec("b/user", uses="Shared"), encoding="utf-8")
    (specs / "c-broken.json").write_text("{ not json", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.usefixtures("project")
def test_a_type_another_spec_declares_is_known(run_cli: RunCli) -> None:
    run = run_cli("validate", "specs/b-user.json")
    assert run.exit_code == 0, run.stdout
    assert "1 spec file(s) checked: 0 error(s)" in run.stdout
    assert "c-broken" not in run.stdout  # another spec's own problem is not reported


def test_a_problem_between_two_specs_is_reported_from_either(
    project: Path, run_cli: RunCli
) -> None:
    clash = {"Shared": {"enum": ["x"]}}  # declared again: a problem of both specs
    (project / "specs" / "b-user.json").write_text(
        _spec("b/user", types=clash, uses="Shared"), encoding="utf-8"
    )
    run = run_cli("validate", "specs/b-user.json")
    assert run.exit_code == 2, run.stdout
    assert "'Shared'" in run.stdout


def test_a_spec_outside_the_spec_dirs_is_checked_alone(project: Path, run_cli: RunCli) -> None:
    outside = project / "elsewhere.json"
    outside.write_text(_spec("d/user", uses="Shared"), encoding="utf-8")
    run = run_cli("validate", "elsewhere.json")
    assert run.exit_code == 2
    assert "unknown type 'Shared'" in run.stdout
