"""[breaking] is a known table, and each typo in [migration] or [breaking] is reported once."""

from __future__ import annotations

from pathlib import Path

from specgen.codebase.settings import load_settings
from specgen.config import load_config

_BREAKING = (
    'spec_dirs = ["specs"]\n'
    "[breaking]\n"
    'categories = ["WIRE"]\n'
    'allow_removal_after = "v1.2"\n'
    "[[breaking.ignore]]\n"
    'id = "WIRE_ACCESS_LEVEL_RAISED"\n'
    'reason = "only the admin UI calls these"\n'
    'command = "admin/*"\n'
)


def test_a_valid_breaking_table_loads_without_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "specgen.toml").write_text(_BREAKING, encoding="utf-8")
    _, diags = load_config(tmp_path)
    assert diags == []


def test_a_typo_in_breaking_warns_once_with_did_you_mean(tmp_path: Path) -> None:
    text = _BREAKING.replace("allow_removal_after", "allow_removal_aftr")
    (tmp_path / "specgen.toml").write_text(text, encoding="utf-8")
    _, diags = load_config(tmp_path)
    assert [(d.code, d.location.line) for d in diags] == [("SG116", 4)]
    assert "allow_removal_after" in (diags[0].hint or "")


def test_a_migration_typo_yields_one_located_warning(tmp_path: Path) -> None:
    (tmp_path / "specgen.toml").write_text(
        'spec_dirs = ["specs"]\n[migration]\ncomands_dir = "src/commands"\n', encoding="utf-8"
    )
    _, diags = load_settings(tmp_path)
    assert [(d.code, d.location.line, d.location.column) for d in diags] == [("SG116", 3, 1)]
    assert "commands_dir" in (diags[0].hint or "")


def test_a_migration_value_of_the_wrong_type_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "specgen.toml").write_text(
        'spec_dirs = ["specs"]\n[migration]\ncommands_dir = 3\n', encoding="utf-8"
    )
    _, diags = load_settings(tmp_path)
    assert [(d.code, d.location.line, d.location.column) for d in diags] == [("SG104", 3, 16)]
