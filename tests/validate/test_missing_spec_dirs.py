"""A configured spec folder that does not exist yet is said at ``spec_dirs``, with what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import RunCli


@pytest.mark.parametrize("command", [("validate",), ("generate",)])
def test_a_missing_spec_folder_is_located_in_the_config_with_a_hint(
    command: tuple[str, ...], run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "specgen.toml").write_text('out_dir = "gen"\nspec_dirs = ["specs"]\n')
    monkeypatch.chdir(tmp_path)
    run = run_cli(*command)
    assert run.exit_code == 2, run.stdout
    (line,) = [line for line in run.stdout.splitlines() if "[SG" in line]
    assert line.startswith(f"{tmp_path / 'specgen.toml'}:2:13: error[SG001] ")
    assert "spec folder 'specs' (spec_dirs) does not exist yet (at spec_dirs)" in line
    assert "hint: write the first specs there: specgen new, specgen migrate --out" in line
    assert not (tmp_path / "gen").exists()


def test_an_existing_folder_beside_a_missing_one_is_still_checked(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "specgen.toml").write_text('spec_dirs = ["specs", "more"]\n')
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "bad.json").write_text("{")
    monkeypatch.chdir(tmp_path)
    run = run_cli("validate")
    assert run.exit_code == 2
    assert "spec folder 'more' (spec_dirs) does not exist yet" in run.stdout
    assert "bad.json:1:2: error[SG002]" in run.stdout
