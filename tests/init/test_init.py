"""``specgen init``: a working project from an empty folder, fitted or refused as asked."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from specgen.config import load_config
from support import RunCli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

CONFIG_DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def _keys(toml_text: str) -> set[tuple[str, str]]:
    """(table, key) of every line, set or commented out (``# key = ...``, ``# [table]``)."""
    table, found = "", set()
    for raw in toml_text.splitlines():
        line = raw.removeprefix("# ")
        header = re.match(r"^\[([\w.]+)\]", line)
        if header:
            table = header.group(1).removeprefix("tool.specgen").lstrip(".")
            continue
        key = re.match(r"^([A-Za-z_][A-Za-z0-9_]*) *=", line)
        if key:
            found.add((table, key.group(1)))
    return found


def _documented_keys() -> set[tuple[str, str]]:
    """The keys of the "Keys" block of docs/configuration.md, by table."""
    text = CONFIG_DOC.read_text(encoding="utf-8").split("## Keys", 1)[1]
    block = re.search(r"```toml\n(.*?)```", text, flags=re.DOTALL)
    assert block is not None
    return _keys(block.group(1))


def test_every_documented_key_is_in_the_new_config(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_cli("init").exit_code == 0
    text = (tmp_path / "specgen.toml").read_text()
    documented = _documented_keys()
    assert {("", "spec_dirs"), ("typescript", "int64"), ("migration", "commands_dir")} <= documented
    assert documented - _keys(text) == set(), "documented but not in specgen init's config"
    for line in text.splitlines():  # every key has its comment
        if re.match(r"^(# )?\w+ = ", line):
            assert re.search(r" # \S", line), line
    # Uncommented, every shown default and example is a valid setting too.
    uncommented = re.sub(r"^# (\w+ = |\[)", r"\1", text, flags=re.MULTILINE)
    (tmp_path / "specgen.toml").write_text(uncommented)
    config, diags = load_config(tmp_path)
    assert diags == []
    assert config.aliases == {"Millis": "number"}
    assert set(config.external_types) == {"UUID"}
    assert config.spec_dirs == (tmp_path / "specs",)


def test_an_empty_folder_becomes_a_project_that_validates_and_generates(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "app"
    monkeypatch.chdir(tmp_path)
    run = run_cli("init", "app", "--gitignore")
    assert run.exit_code == 0, run.stderr
    assert "wrote app/specgen.toml" in run.stdout
    assert (project / "specs" / "example-hello.json").is_file()
    assert (project / ".gitignore").read_text().splitlines()[-1] == "/generated/"
    monkeypatch.chdir(project)
    validated = run_cli("validate")
    assert validated.exit_code == 0, validated.stdout
    assert "1 spec file(s) checked: 0 error(s), 0 warning(s)" in validated.stdout
    assert run_cli("generate").exit_code == 0
    assert (project / "generated" / "ts" / "commands" / "example" / "hello").is_dir()


@pytest.mark.parametrize("existing", ["specgen.toml", "pyproject.toml"])
def test_an_existing_config_is_refused_and_kept(
    existing: str, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (
        'spec_dirs = ["x"]\n' if existing == "specgen.toml" else '[tool.specgen]\nout_dir = "o"\n'
    )
    (tmp_path / existing).write_text(body)
    monkeypatch.chdir(tmp_path)
    run = run_cli("init")
    assert run.exit_code == 2
    assert existing in run.stderr
    assert "already holds a specgen configuration" in run.stderr
    assert (tmp_path / existing).read_text() == body
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing]


def test_pyproject_gets_tool_specgen_and_keeps_its_bytes(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = b'[project]\nname = "app"  # keep this comment\r\nversion = "1"'
    (tmp_path / "pyproject.toml").write_bytes(before)
    monkeypatch.chdir(tmp_path)
    plain = run_cli("init", "--no-example")
    assert "specgen init --pyproject" in plain.stdout  # offered, not done
    (tmp_path / "specgen.toml").unlink()
    run = run_cli("init", "--pyproject", "--ts-root", "web")
    assert run.exit_code == 0, run.stderr
    after = (tmp_path / "pyproject.toml").read_bytes()
    assert after.startswith(before)
    assert not (tmp_path / "specgen.toml").exists()
    table = tomllib.loads(after.decode())
    assert table["project"]["name"] == "app"
    assert table["tool"]["specgen"]["out_dir"] == "web/generated"
    config, diags = load_config(tmp_path)
    assert diags == []
    assert config.file == tmp_path / "pyproject.toml"
    assert config.out_dir == tmp_path / "web" / "generated"


def test_adapter_is_checked_with_did_you_mean(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli("init", "--adapter", "rust-ipx")
    assert run.exit_code == 2
    assert "no adapter named 'rust-ipx'" in run.stderr
    assert "did you mean 'rust-ipc'?" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_rust_crate_fits_an_existing_crate(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    crate = tmp_path / "core"
    (crate / "src").mkdir(parents=True)
    manifest = '[package]\nname = "core"\nversion = "0.1.0"\n'
    (crate / "Cargo.toml").write_text(manifest)
    monkeypatch.chdir(tmp_path)
    run = run_cli("init", "--rust-crate", "core", "--adapter", "rust-ipc", "--gitignore")
    assert run.exit_code == 0, run.stderr
    assert (crate / "Cargo.toml").read_text() == manifest  # never edited
    assert "specgen_build::Builder" in (crate / "build.rs").read_text()
    assert 'specgen-build = "0.1"' in run.stdout  # what to add, said once
    config, diags = load_config(tmp_path)
    assert diags == []
    assert config.rust.build_script is True
    assert config.rust.scaffold_dir == crate / "src" / "services"
    assert config.default_adapter == "rust-ipc"
    assert "/core/target/" in (tmp_path / ".gitignore").read_text()


def test_rust_crate_outside_the_project_is_refused(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli("init", "--rust-crate", "../elsewhere")
    assert run.exit_code == 2
    assert "not a folder inside the project" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_without_a_config_writes_inits_defaults_with_a_note(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli("new", "a/b", "--adapter", "rust-ipc")
    assert run.exit_code == 0, run.stderr
    assert "note: no specgen.toml here or above; wrote specgen.toml" in run.stdout
    assert (tmp_path / "specs" / "a-b.json").is_file()
    assert not (tmp_path / "specs" / "example-hello.json").exists()
    validated = run_cli("validate")  # the first-ten-minutes failure: no spec_dirs configured
    assert validated.exit_code == 0, validated.stdout + validated.stderr
    again = run_cli("new", "a/c")
    assert "note:" not in again.stdout


def test_new_refuses_an_unknown_adapter_before_writing(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli("new", "a/b", "--adapter", "rust-ipx")
    assert run.exit_code == 2
    assert "did you mean 'rust-ipc'?" in run.stderr
    assert list(tmp_path.iterdir()) == []
