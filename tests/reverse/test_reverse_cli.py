"""``specgen reverse`` on the command line: where specs go, never over one, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from support import RunCli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "codebase"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with the fixture's commands (and bindings) but no specs yet."""
    shutil.copytree(FIXTURE / "commands", tmp_path / "commands")
    shutil.copytree(FIXTURE / "bindings", tmp_path / "bindings")
    (tmp_path / "specgen.toml").write_text(
        'spec_dirs = ["spec-files"]\n[aliases]\nUUID = "string"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_writes_the_spec_into_the_configured_folder(project: Path, run_cli: RunCli) -> None:
    run = run_cli("reverse", "commands/gpu/stats")
    assert run.exit_code == 0, run.stdout
    assert "wrote spec-files/gpu-stats.json" in run.stdout
    spec = json.loads((project / "spec-files" / "gpu-stats.json").read_text(encoding="utf-8"))
    assert spec["name"] == "gpu/stats"
    assert sorted(spec["types"]) == ["SubsystemInfo"]
    assert run_cli("validate").exit_code == 0


def test_never_over_an_existing_spec_without_force(project: Path, run_cli: RunCli) -> None:
    target = project / "spec-files" / "gpu-reset.json"
    target.parent.mkdir()
    target.write_text('{"version": 2, "name": "gpu/reset", "description": "mine"}\n')
    run = run_cli("reverse", "commands/gpu/reset")
    assert run.exit_code == 2
    assert "spec-files/gpu-reset.json:1:1: error[SG511] a spec for 'gpu/reset' exists already" in (
        run.stdout
    )
    assert "mine" in target.read_text(encoding="utf-8")
    forced = run_cli("reverse", "commands/gpu/reset", "--force")
    assert forced.exit_code == 0
    assert "mine" not in target.read_text(encoding="utf-8")


def test_an_old_spec_under_another_file_name_counts(project: Path, run_cli: RunCli) -> None:
    old = project / "spec-files" / "model-list.json"
    old.parent.mkdir()
    old.write_text('{"version": 2, "name": "ai/model/list", "description": "old"}\n')
    assert run_cli("reverse", "commands/ai/model/list").exit_code == 2
    assert run_cli("reverse", "commands/ai/model/list", "--force").exit_code == 0
    assert sorted(p.name for p in old.parent.iterdir()) == ["model-list.json"]
    assert json.loads(old.read_text(encoding="utf-8"))["description"] != "old"


def test_a_tree_is_reversed_and_a_broken_file_does_not_stop_it(
    project: Path, run_cli: RunCli
) -> None:
    run = run_cli("reverse", "commands/data", "--format", "json")
    data = json.loads(run.stdout)
    assert run.exit_code == 2
    assert sorted(data["written"]) == [
        "spec-files/data-create.json",
        "spec-files/data-delete.json",
        "spec-files/data-list.json",
        "spec-files/data-read.json",
    ]
    [error] = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert error["code"] == "SG501"
    assert error["location"]["file"] == "commands/data/export/shared/DataExportTypes.ts"
    assert not (project / "spec-files" / "data-export.json").exists()


def test_a_types_file_can_be_given_and_printed(project: Path, run_cli: RunCli) -> None:
    run = run_cli("reverse", "commands/system/daemons/shared/DaemonsTypes.ts", "--print")
    assert run.exit_code == 0
    assert json.loads(run.stdout)["name"] == "system/daemons"
    assert "note[SG510]" in run.stderr
    assert not (project / "spec-files").exists()


def test_dir_option_and_warnings_keep_exit_zero(project: Path, run_cli: RunCli) -> None:
    run = run_cli("reverse", "commands/sentinel/stop", "--dir", "elsewhere")
    assert run.exit_code == 0
    assert "warning[SG502]" in run.stdout
    spec = json.loads((project / "elsewhere" / "sentinel-stop.json").read_text(encoding="utf-8"))
    assert spec["results"][1] == {"name": "pending", "type": "unknown[]"}


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("commands/nope", "commands/nope:1:1: error[SG514] no such file or folder"),
        ("bindings", "bindings:1:1: error[SG514] not a command folder"),
        ("commands/file/watch", "commands/file/watch:1:1: error[SG507]"),
    ],
)
def test_bad_paths_are_located_errors(run_cli: RunCli, path: str, message: str) -> None:
    run = run_cli("reverse", path)
    assert run.exit_code == 2
    assert message in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def _types_file(root: Path, command: str, text: str) -> None:
    """Write ``command``'s Types file (``commands/<command>/shared/<Name>Types.ts``)."""
    folder = root / "commands" / command / "shared"
    folder.mkdir(parents=True)
    name = "".join(part.capitalize() for part in command.split("/"))
    (folder / f"{name}Types.ts").write_text(text, encoding="utf-8")


def _reversed(root: Path, command: str, run_cli: RunCli) -> tuple[Any, dict[str, Any]]:
    """Reverse ``command`` (the working folder is ``root``): the run and the spec written."""
    run = run_cli("reverse", f"commands/{command}")
    assert run.exit_code == 0, run.stdout
    path = root / "specs" / (command.replace("/", "-") + ".json")
    return run, json.loads(path.read_text(encoding="utf-8"))


def test_a_type_two_commands_use_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    _types_file(
        tmp_path,
        "media/probe",
        "export interface StreamInfo { size: [number, number] }\n"
        "export interface MediaProbeParams extends CommandParams { path: string }\n"
        "export interface MediaProbeResult extends CommandResult { streams: StreamInfo[] }\n",
    )
    _types_file(
        tmp_path,
        "media/tag",
        "import type { StreamInfo } from '../../probe/shared/MediaProbeTypes';\n"
        "export interface MediaTagParams extends CommandParams { target: string }\n"
        "export interface MediaTagResult extends CommandResult { stream: StreamInfo }\n",
    )
    monkeypatch.chdir(tmp_path)
    run = run_cli("reverse", "commands/media")
    assert run.exit_code == 0, run.stdout
    tuples = [line for line in run.stdout.splitlines() if "tuple type" in line]
    assert len(tuples) == 1, run.stdout
    assert tuples[0].startswith("commands/media/probe/shared/MediaProbeTypes.ts:1:")


def test_plain_aliases_are_written_in_place_and_the_spec_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    _types_file(
        tmp_path,
        "media/probe",
        "export type StreamId = string;\n"
        "type Ids = StreamId[];\n"  # an alias of an alias
        "type Tag = { key: string };\n"  # an object alias: a struct
        "type Tags = Array<Tag> | null;\n"
        "type Tree = Tree[] | null;\n"  # names itself: cannot be written out
        "export interface MediaProbeParams extends CommandParams { id: StreamId; ids?: Ids }\n"
        "export interface MediaProbeResult extends CommandResult { tags: Tags; tree: Tree }\n",
    )
    monkeypatch.chdir(tmp_path)
    run, spec = _reversed(tmp_path, "media/probe", run_cli)
    assert [(p["name"], p["type"]) for p in spec["params"]] == [
        ("id", "string"),
        ("ids", "string[]"),
    ]
    assert [(r["name"], r["type"]) for r in spec["results"]] == [
        ("tags", "Tag[] | null"),
        ("tree", "Tree"),
    ]
    assert sorted(spec["types"]) == ["Tag"]
    assert run.stdout.count("note[SG548]") == 3, run.stdout  # StreamId, Ids, Tags
    assert "warning[SG509] type alias 'Tree'" in run.stdout
    (tmp_path / "specs" / "media-probe.json").write_text(
        json.dumps({**spec, "results": spec["results"][:1]}), encoding="utf-8"
    )
    assert run_cli("validate", "specs").exit_code == 0  # without the self-naming alias


def test_intersections_and_generic_defaults_reverse_into_a_valid_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    _types_file(
        tmp_path,
        "media/clip",
        "interface Unit { name: string }\n"
        "export interface Range<T = number, U = Unit> { start: T; end: T; unit?: U }\n"
        "export type MediaClipParams = CommandParams\n"
        "  & { range: Range; ranges?: Range<string>[] };\n"
        "export type MediaClipResult = CommandResult & { outputs: Record<string, Range> };\n",
    )
    monkeypatch.chdir(tmp_path)
    run, spec = _reversed(tmp_path, "media/clip", run_cli)
    assert "SG506" not in run.stdout, run.stdout
    assert "SG508" not in run.stdout, run.stdout
    assert [(p["name"], p["type"]) for p in spec["params"]] == [
        ("range", "Range"),
        ("ranges", "StringRange[]"),
    ]
    assert spec["types"]["Range"]["fields"]["start"] == {"type": "number"}
    assert spec["types"]["StringRange"]["fields"]["start"] == {"type": "string"}
    assert spec["types"]["StringRange"]["fields"]["unit"] == {"type": "Unit", "optional": True}
    assert "Unit" in spec["types"]  # reached only through the parameters' default
    assert run_cli("validate", "specs").exit_code == 0


def test_library_types_are_unknown_unless_the_file_has_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    _types_file(
        tmp_path,
        "media/stamp",
        "interface Blob { id: string }\n"  # the file's own Blob, not the library's
        "export interface MediaStampParams extends CommandParams { at: Date; blob: Blob }\n"
        "export interface MediaStampResult extends CommandResult { ok: boolean }\n",
    )
    monkeypatch.chdir(tmp_path)
    run, spec = _reversed(tmp_path, "media/stamp", run_cli)
    assert [(p["name"], p["type"]) for p in spec["params"]] == [("at", "unknown"), ("blob", "Blob")]
    assert "`Date` is a type of TypeScript's library" in run.stdout
    assert "ISO 8601 string" in run.stdout
    assert run_cli("validate", "specs").exit_code == 0


def test_members_a_spec_cannot_carry_are_reported_and_the_spec_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    _types_file(
        tmp_path,
        "x/y",
        "interface Meta { id: string; [key: string]: unknown; describe(): string }\n"
        "export interface XYParams extends CommandParams {\n"
        '  "quoted-name": string;\n'
        "  'plain': string;\n"  # quoted, but an identifier: a field
        "  meta: Meta;\n"
        "  [extra: string]: unknown;\n"
        "}\n"
        "export interface XYResult extends CommandResult { ok: boolean }\n",
    )
    monkeypatch.chdir(tmp_path)
    run, spec = _reversed(tmp_path, "x/y", run_cli)
    assert [p["name"] for p in spec["params"]] == ["plain", "meta"]
    assert list(spec["types"]["Meta"]["fields"]) == ["id"]
    dropped = [line for line in run.stdout.splitlines() if "dropped)" in line]
    assert [line.split(": warning")[0] for line in dropped] == [
        "commands/x/y/shared/XYTypes.ts:1:30",  # Meta's index signature
        "commands/x/y/shared/XYTypes.ts:1:54",  # Meta's method
        "commands/x/y/shared/XYTypes.ts:3:3",  # the quoted name
        "commands/x/y/shared/XYTypes.ts:6:3",  # the index signature of Params
    ], run.stdout
    assert "field name 'quoted-name' is not an identifier" in run.stdout
    assert run_cli("validate", "specs").exit_code == 0


def test_a_generic_params_or_result_takes_its_parameters_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    _types_file(
        tmp_path,
        "data/list",
        "interface BaseEntity { id: string }\n"
        "export interface DataListParams<F = Record<string, unknown>> extends CommandParams {\n"
        "  filter?: F;\n"
        "}\n"
        "export interface DataListResult<T extends BaseEntity = BaseEntity, K>\n"
        "  extends CommandResult { items: T[]; key: K }\n",
    )
    monkeypatch.chdir(tmp_path)
    run, spec = _reversed(tmp_path, "data/list", run_cli)
    assert spec["params"] == [
        {"name": "filter", "type": "Record<string, unknown>", "optional": True}
    ]
    assert [(r["name"], r["type"]) for r in spec["results"]] == [
        ("items", "BaseEntity[]"),  # declared: reached through the default only
        ("key", "unknown"),
    ]
    assert list(spec["types"]) == ["BaseEntity"]
    assert "K read as `unknown`" in run.stdout
    assert "SG508" not in run.stdout, run.stdout
    assert run_cli("validate", "specs").exit_code == 0
