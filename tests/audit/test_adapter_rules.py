"""Audit holds a command to the rules of the adapter its spec declares.

The Types files audited here are the ones specgen itself writes for each adapter:
``types`` and ``trait-only`` write no static accessor by design, so SG503 does not
apply to them; every other rule still does, and a command without a spec keeps all.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from specgen.audit.rules import APPLICABLE_RULES, EVERY_RULE, applicable_rules
from specgen.config import ProjectConfig
from specgen.generate.new_spec import starter_spec
from specgen.generate.pipeline import run_generation
from specgen.spec.v2 import BUILTIN_ADAPTERS
from support import RunCli

TYPES_FILE = "src/commands/shop/order/shared/ShopOrderTypes.ts"


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, adapter: str) -> Path:
    """A project holding the command specgen generates for a starter spec of ``adapter``."""
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "shop-order.json").write_text(
        json.dumps(starter_spec("shop/order", adapter)), encoding="utf-8"
    )
    config = ProjectConfig(root=tmp_path, spec_dirs=(specs,))
    result = run_generation([specs], config, tmp_path / "gen")
    assert result.ok, result.diagnostics
    shutil.copytree(tmp_path / "gen" / "ts" / "commands", tmp_path / "src" / "commands")
    (tmp_path / "specgen.toml").write_text(
        'spec_dirs = ["specs"]\n[migration]\ncommands_dir = "src/commands"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _codes(run_cli: RunCli) -> list[str]:
    run = run_cli("audit", "--format", "json")
    assert run.exit_code == 0, run.stdout + run.stderr
    return sorted(d["code"] for d in json.loads(run.stdout)["diagnostics"])


@pytest.mark.parametrize("adapter", ["types", "trait-only", "rust-ipc", "server-only"])
def test_a_generated_command_conforms_to_its_adapters_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli, adapter: str
) -> None:
    _project(tmp_path, monkeypatch, adapter)
    assert _codes(run_cli) == []


@pytest.mark.parametrize("adapter", ["types", "trait-only"])
def test_without_its_spec_the_command_keeps_every_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli, adapter: str
) -> None:
    project = _project(tmp_path, monkeypatch, adapter)
    (project / "specs" / "shop-order.json").unlink()
    assert _codes(run_cli) == ["SG503", "SG505"]


@pytest.mark.parametrize("adapter", ["types", "trait-only"])
def test_the_rules_that_apply_still_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli, adapter: str
) -> None:
    project = _project(tmp_path, monkeypatch, adapter)
    types_file = project / TYPES_FILE
    types_file.write_text(
        types_file.read_text(encoding="utf-8") + "export const leak: any = 1;\n",
        encoding="utf-8",
    )
    assert _codes(run_cli) == ["SG502"]


def test_every_builtin_adapter_has_a_row_and_unknown_ones_keep_every_rule() -> None:
    assert set(APPLICABLE_RULES) == set(BUILTIN_ADAPTERS)
    assert all(rules <= EVERY_RULE for rules in APPLICABLE_RULES.values())
    assert applicable_rules(None) == EVERY_RULE
    assert applicable_rules("some-plugin") == EVERY_RULE
    assert "SG503" not in applicable_rules("types")
