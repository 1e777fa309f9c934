"""``specgen init --commands DIR``: the runtime import map, read off a hand-written tree.

On the adoption fixture (its specgen.toml removed) the map init reads is the one the
fixture's hand-written config gives, which the adoption walkthrough compiles with tsc
against the fixture's own modules. Smaller trees show what is read from what: a
renamed base, a role nothing plays, and a folder that is not there.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import tomllib

from specgen.external.model import RUNTIME_NAMES
from support import RunCli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adoption"


def _runtime(config: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each role's (module, exported name), the name defaulting to specgen's own."""
    table = config["typescript"]["runtime"]
    return {
        key: (entry["module"], entry.get("name", RUNTIME_NAMES[key].local))
        for key, entry in table.items()
    }


def test_the_fixture_map_is_read_off_its_code(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "codebase"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("specgen.toml"))
    monkeypatch.chdir(root)
    run = run_cli("init", "--commands", "src/commands")
    assert run.exit_code == 0, run.stdout
    assert "read 15 runtime names off src/commands" in run.stdout
    assert "next: specgen audit, then specgen reverse src/commands" in run.stdout
    written = tomllib.loads((root / "specgen.toml").read_text(encoding="utf-8"))
    expected = tomllib.loads((FIXTURE / "specgen.toml").read_text(encoding="utf-8"))
    assert _runtime(written) == _runtime(expected)
    assert written["migration"] == {"commands_dir": "src/commands"}
    assert not (root / "specs").exists()  # the tree's commands are the examples


def _command(root: Path, rel: str, types: str, server: str = "") -> None:
    pascal = "".join(part.capitalize() for part in rel.split("/"))
    (root / rel / "shared").mkdir(parents=True)
    (root / rel / "shared" / f"{pascal}Types.ts").write_text(types, encoding="utf-8")
    if server:
        (root / rel / "server").mkdir()
        (root / rel / "server" / f"{pascal}ServerCommand.ts").write_text(server, encoding="utf-8")


def test_renamed_bases_relative_imports_and_roles_nothing_plays(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = tmp_path / "src" / "core"
    core.mkdir(parents=True)
    (core / "base.ts").write_text(
        "export interface AppParams { sessionId: string }\n"
        "export interface AppResult { success: boolean }\n"
        "export interface Ctx { id: string }\n",
        encoding="utf-8",
    )
    types = (
        "import type { AppParams, AppResult as Outcome, Ctx } from '../../../../core/base';\n"
        "interface Paged extends AppParams { page?: number }\n"  # local: not a runtime name
        "export interface {P}Params extends Paged { id: string }\n"
        "export interface {P}Result extends Outcome { n: number }\n"
        "export const create{P}Params = (context: Ctx, sessionId: string) => ({});\n"
    )
    for rel in ("src/commands/a/get", "src/commands/a/put"):
        pascal = "".join(part.capitalize() for part in rel.split("/")[-2:])
        _command(tmp_path, rel, types.replace("{P}", pascal))
    monkeypatch.chdir(tmp_path)
    run = run_cli("init", "--commands", "src/commands")
    assert run.exit_code == 0, run.stdout
    written = tomllib.loads((tmp_path / "specgen.toml").read_text(encoding="utf-8"))
    # Relative imports are written from the generated TypeScript root, as specs write them.
    assert _runtime(written) == {
        "context": ("../../src/core/base", "Ctx"),
        "command_params": ("../../src/core/base", "AppParams"),
        "command_result": ("../../src/core/base", "AppResult"),
    }
    # The names the hand-written code uses are what audit, reverse and adopt look for.
    assert written["migration"]["params_base"] == "AppParams"
    assert written["migration"]["result_base"] == "Outcome"
    text = (tmp_path / "specgen.toml").read_text(encoding="utf-8")
    assert "# commands = " in text  # nothing plays it: shown, commented out
    assert "not found: session_id, error, command_input, command_base, commands" in run.stdout
    assert "SessionId: nothing in src/commands plays it" in text


def test_a_commands_folder_that_is_not_there_is_refused(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli("init", "--commands", "src/commands")
    assert run.exit_code == 2
    assert "--commands src/commands: no such folder" in run.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_tree_that_gives_no_runtime_name_says_so(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _command(tmp_path, "src/commands/a/b", "export interface ABParams { x: string }\n")
    monkeypatch.chdir(tmp_path)
    run = run_cli("init", "--commands", "src/commands")
    assert run.exit_code == 0, run.stdout
    assert "no runtime name read off src/commands" in run.stdout
    written = tomllib.loads((tmp_path / "specgen.toml").read_text(encoding="utf-8"))
    assert written["typescript"]["runtime"] == {}  # every key there commented out
    assert written["migration"] == {"commands_dir": "src/commands"}


def test_the_object_that_runs_commands_is_read_off_the_accessors(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = tmp_path / "src" / "core"
    core.mkdir(parents=True)
    (core / "Daemon.ts").write_text("export const Daemon = { execute() {} };\n", encoding="utf-8")
    types = (
        "import { Daemon } from '../../../../core/Daemon';\n"
        "export const AGet = {\n"
        "  execute(params: AGetParams): Promise<AGetResult> {\n"
        "    return Daemon.execute<AGetParams, AGetResult>('a/get', params);\n"
        "  },\n"
        "};\n"
    )
    _command(tmp_path, "src/commands/a/get", types)
    monkeypatch.chdir(tmp_path)
    run = run_cli("init", "--commands", "src/commands")
    assert run.exit_code == 0, run.stdout
    written = tomllib.loads((tmp_path / "specgen.toml").read_text(encoding="utf-8"))
    assert written["migration"]["execute_object"] == "Daemon"
    assert _runtime(written)["commands"] == ("../../src/core/Daemon", "Daemon")
    audit = run_cli("audit")  # the config init wrote: the accessor is the sanctioned call
    assert "missing static accessors" not in audit.stdout, audit.stdout
