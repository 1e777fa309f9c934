"""``specgen reverse`` follows the codebase: aliases, external references, one owner per type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support import RunCli, write_file

TSCONFIG = '{"compilerOptions": {"baseUrl": ".", "paths": {"@core/*": ["src/core/*"]}}}'
ACCESSOR = (
    "export const {pascal} = {{ execute(p: unknown) {{ return Commands.execute('{name}', p); }},"
    " commandName: '{name}' as const }};\n"
)


def _command(root: Path, name: str, body: str, *, folder: str = "") -> Path:
    pascal = "".join(p.capitalize() for p in name.split("/"))
    path = root / "src" / "commands" / (folder or name) / "shared" / f"{pascal}Types.ts"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body + ACCESSOR.format(pascal=pascal, name=name), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_file(
        tmp_path,
        "specgen.toml",
        'spec_dirs = ["specs"]\n[migration]\ncommands_dir = "src/commands"\n',
    )
    write_file(tmp_path, "tsconfig.json", TSCONFIG)
    write_file(
        tmp_path,
        "src/core/Status.ts",
        "/** A status. */\nexport interface Status { ok: boolean }\n",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _spec(root: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (root / "specs" / (name.replace("/", "-") + ".json")).read_text(encoding="utf-8")
    )
    return data


def _codes(output: str) -> list[str]:
    return [line.split("[", 1)[1].split("]", 1)[0] for line in output.splitlines() if "[SG" in line]


def test_one_type_by_alias_and_by_relative_path_is_declared_once(
    project: Path, run_cli: RunCli
) -> None:
    _command(
        project,
        "a/get",
        "import type { Status } from '../../../../core/Status';\n"
        "export interface AGetParams extends CommandParams { s: Status }\n"
        "export interface AGetResult extends CommandResult { }\n",
    )
    _command(
        project,
        "b/get",
        "import type { Status as State } from '@core/Status';\n"
        "export interface BGetParams extends CommandParams { s?: State }\n"
        "export interface BGetResult extends CommandResult { }\n",
    )
    run = run_cli("reverse", "src/commands")
    assert run.exit_code == 0, run.stdout
    a, b = _spec(project, "a/get"), _spec(project, "b/get")
    # b imports it under another name: its key is that name, the export is named
    assert b["types"] == {
        "State": {
            "description": "A status.",
            "external": {"typescript": {"module": "@core/Status", "name": "Status"}},
        }
    }
    # a writes a relative path: rewritten from generated/ts; the same type, another key
    assert a["types"]["Status"]["external"]["typescript"] == {"module": "../../src/core/Status"}
    assert run_cli("validate").exit_code == 0


def test_same_key_same_home_is_declared_once_and_the_alias_spelling_wins(
    project: Path, run_cli: RunCli
) -> None:
    for name, module in (("a/get", "../../../../core/Status"), ("b/get", "@core/Status")):
        pascal = name.replace("/get", "").upper() + "Get"
        _command(
            project,
            name,
            f"import type {{ Status }} from '{module}';\n"
            f"export interface {pascal}Params extends CommandParams {{ s: Status }}\n"
            f"export interface {pascal}Result extends CommandResult {{ }}\n",
        )
    assert run_cli("reverse", "src/commands").exit_code == 0
    assert "types" not in _spec(project, "a/get")
    assert _spec(project, "b/get")["types"]["Status"]["external"]["typescript"] == {
        "module": "@core/Status"
    }
    assert run_cli("validate").exit_code == 0


def test_two_different_types_of_one_name_both_keep_their_shape(
    project: Path, run_cli: RunCli
) -> None:
    for name, field in (("a/get", "ok: boolean"), ("b/get", "level: number")):
        pascal = name.replace("/get", "").upper() + "Get"
        _command(
            project,
            name,
            f"export interface Mode {{ {field} }}\n"
            f"export interface {pascal}Params extends CommandParams {{ m: Mode }}\n"
            f"export interface {pascal}Result extends CommandResult {{ }}\n",
        )
    run = run_cli("reverse", "src/commands")
    assert run.exit_code == 0, run.stdout
    assert "SG545" in _codes(run.stdout)
    assert "b/get/shared/BGetTypes.ts:1:" in run.stdout.replace("\\", "/")
    a, b = _spec(project, "a/get"), _spec(project, "b/get")
    assert a["types"] == {"Mode": {"fields": {"ok": {"type": "boolean"}}}}
    assert b["types"] == {"BGetMode": {"fields": {"level": {"type": "number"}}}}
    assert b["params"][0]["type"] == "BGetMode"
    assert run_cli("validate").exit_code == 0


def test_a_type_a_spec_on_disk_declares_is_referenced(project: Path, run_cli: RunCli) -> None:
    _command(
        project,
        "x/list",
        "export interface Item { id: string }\n"
        "export interface XListParams extends CommandParams { }\n"
        "export interface XListResult extends CommandResult { items: Item[] }\n",
    )
    _command(
        project,
        "y/get",
        "import type { Item } from '@commands/x/list/shared/XListTypes';\n"
        "export interface YGetParams extends CommandParams { }\n"
        "export interface YGetResult extends CommandResult { item: Item }\n",
    )
    write_file(
        project,
        "tsconfig.json",
        TSCONFIG.replace('"@core/*"', '"@commands/*": ["src/commands/*"], "@core/*"'),
    )
    assert run_cli("reverse", "src/commands/x/list").exit_code == 0
    assert run_cli("reverse", "src/commands/y/get").exit_code == 0
    assert "types" not in _spec(project, "y/get")
    # rewriting x/list's own spec: its declaration is not "another spec's"
    assert run_cli("reverse", "--force", "src/commands/x/list").exit_code == 0
    assert "Item" in _spec(project, "x/list")["types"]
    assert run_cli("validate").exit_code == 0


def test_rust_backed_command_gets_a_loose_wire_for_an_unreadable_rust_side(
    project: Path, run_cli: RunCli
) -> None:
    write_file(project, "src/bindings/Level.ts", 'export type Level = "Low" | "High";\n')
    _command(
        project,
        "gpu/stats",
        "import type { Level } from '../../../../bindings/Level';\n"
        "import type { Status } from '@core/Status';\n"
        "export interface GpuStatsParams extends CommandParams { }\n"
        "export interface GpuStatsResult extends CommandResult { level: Level; status: Status }\n",
    )
    run = run_cli("reverse", "src/commands")
    assert run.exit_code == 0, run.stdout
    spec = _spec(project, "gpu/stats")
    assert spec["adapter"] == "rust-ipc"
    assert spec["types"]["Level"] == {"enum": ["Low", "High"]}  # a binding: carried in
    assert spec["types"]["Status"]["external"]["rust"] == {"wire": "Record<string, unknown>"}
    assert _codes(run.stdout).count("SG543") == 1
    assert run_cli("validate").exit_code == 0


def test_missing_module_generic_from_a_package_and_a_taken_name(
    project: Path, run_cli: RunCli
) -> None:
    _command(
        project,
        "z/get",
        "import type { Gone } from './Gone';\n"
        "import type { Box } from 'some-package';\n"
        "export interface PressureLevel { n: number }\n"
        "export interface ZGetParams extends CommandParams { g: Gone; b?: Box<string> }\n"
        "export interface ZGetResult extends CommandResult { p: PressureLevel }\n",
    )
    run = run_cli("reverse", "src/commands")
    assert run.exit_code == 0, run.stdout
    codes = _codes(run.stdout)
    assert {"SG547", "SG509", "SG544"} <= set(codes), run.stdout
    spec = _spec(project, "z/get")
    assert spec["types"]["Gone"]["external"]["typescript"] == {
        "module": "../../src/commands/z/get/shared/Gone"
    }
    assert spec["params"][1]["type"] == "unknown"  # Box<string>: no declaration to instantiate
    assert spec["results"][0]["type"] == "ZGetPressureLevel"
    assert "ZGetPressureLevel" in spec["types"]
    assert run_cli("validate").exit_code == 0


def test_a_broken_tsconfig_is_a_located_warning(project: Path, run_cli: RunCli) -> None:
    write_file(
        project, "tsconfig.json", '{\n  "compilerOptions": {\n    "baseUrl": "."\n    "x": 1 }\n}'
    )
    _command(
        project,
        "a/get",
        "import type { Status } from '@core/Status';\n"
        "export interface AGetParams extends CommandParams { s: Status }\n"
        "export interface AGetResult extends CommandResult { }\n",
    )
    run = run_cli("reverse", "src/commands")
    assert run.exit_code == 0, run.stdout
    assert "tsconfig.json:4:5: warning[SG540] tsconfig.json: not valid JSON" in run.stdout
    # the alias cannot be followed: the import is kept as written, as a package's would be
    external = _spec(project, "a/get")["types"]["Status"]["external"]
    assert external == {"typescript": {"module": "@core/Status"}}


def test_barrels_and_parents_in_other_files_are_followed(project: Path, run_cli: RunCli) -> None:
    write_file(
        project, "src/core/index.ts", "export * from './Base';\nexport * as all from './Status';\n"
    )
    write_file(
        project,
        "src/core/Base.ts",
        "import type { Status } from './Status';\n"
        "export interface Base { id: string; status: Status }\n",
    )
    write_file(
        project,
        "src/commands/c/get/shared/Extra.ts",
        "import type { Base } from '@core/index';\n"
        "export interface Extra extends Base { n: number }\n",
    )
    _command(
        project,
        "c/get",
        "import type { Extra } from './Extra';\n"
        "export interface CGetParams extends CommandParams { e: Extra }\n"
        "export interface CGetResult extends CommandResult { }\n",
    )
    run = run_cli("reverse", "src/commands")
    assert run.exit_code == 0, run.stdout
    types = _spec(project, "c/get")["types"]
    # Extra is the command's own: carried, with the fields of Base (found through the barrel)
    assert list(types["Extra"]["fields"]) == ["id", "status", "n"]
    # Base's Status, imported relatively in Base.ts, is rewritten from generated/ts
    assert types["Status"]["external"]["typescript"] == {"module": "../../src/core/Status"}
    assert run_cli("validate").exit_code == 0


def test_a_later_run_refers_to_an_external_a_spec_on_disk_declares(
    project: Path, run_cli: RunCli
) -> None:
    _command(
        project,
        "a/get",
        "import type { Status } from '../../../../core/Status';\n"
        "export interface AGetParams extends CommandParams { s: Status }\n"
        "export interface AGetResult extends CommandResult { }\n",
    )
    _command(
        project,
        "b/get",
        "import type { Status } from '@core/Status';\n"
        "export interface BGetParams extends CommandParams { s: Status }\n"
        "export interface BGetResult extends CommandResult { }\n",
    )
    assert run_cli("reverse", "src/commands/a/get").exit_code == 0
    assert not (project / "generated").exists()  # the TS root is only a path here
    assert run_cli("reverse", "src/commands/b/get").exit_code == 0
    # the same type, spelled another way: b refers to a's declaration
    assert "types" not in _spec(project, "b/get")
    assert run_cli("validate").exit_code == 0


def test_a_spec_not_replaced_keeps_owning_its_types(project: Path, run_cli: RunCli) -> None:
    """Without --force the existing spec stays: the others must agree with it, not with
    the copy reverse made of it and could not write."""
    test_a_later_run_refers_to_an_external_a_spec_on_disk_declares(project, run_cli)
    (project / "specs" / "b-get.json").unlink()
    run = run_cli("reverse", "src/commands")  # a/get: kept (found in the tree); b/get: written
    assert run.exit_code == 0, run.stdout
    assert "note[SG549] 'a/get' has a spec already; kept" in run.stdout
    assert "1 spec(s) written, 1 kept (a spec exists)" in run.stdout
    named = run_cli("reverse", "src/commands/a/get")  # named itself: refused (SG511)
    assert named.exit_code == 2
    assert "error[SG511] a spec for 'a/get' exists already" in named.stdout
    assert "types" not in _spec(project, "b/get")
    assert run_cli("validate").exit_code == 0
