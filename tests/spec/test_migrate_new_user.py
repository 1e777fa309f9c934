"""specgen migrate as a new user meets it: what it once let through silently.

``any`` inside a type failed instead of becoming ``unknown``; a v2 file with errors
was passed through as clean; ``null`` defaults and expected results were dropped
without a word; and a ``customTypes`` name that the codebase also declares for another
command silently replaced the codebase's type.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from specgen.spec.loader import load_spec_text
from specgen.spec.v1_types import v1_type_text
from support import RunCli, SpecWriter


def _spec(**fields: Any) -> dict[str, Any]:
    return {"name": "def/kinds", "description": "d"} | fields


def _load(spec: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    result = load_spec_text(json.dumps(spec, indent=2), "v1.json")
    assert result.document is not None, result.diagnostics
    diags = [(d.code, d.location.json_path, d.message) for d in result.diagnostics]
    return dict(result.document.data), [d for d in diags if d[0] != "SG401"]


def _migrate_from_src(run_cli: RunCli, tmp_path: Path, *specs: Path) -> dict[str, Any]:
    """The JSON report of migrating ``specs`` with ``--from tmp_path/src`` into ``out``."""
    src, out = str(tmp_path / "src"), str(tmp_path / "out")
    run = run_cli("migrate", *map(str, specs), "--from", src, "--format", "json", "--out", out)
    report: dict[str, Any] = json.loads(run.stdout)
    return report


@pytest.mark.parametrize(
    ("written", "migrated"),
    [
        ("any", "unknown"),
        ("any[]", "unknown[]"),
        ("Array<any>", "Array<unknown>"),
        ("Record<string, any>", "Record<string, unknown>"),
        ("any | null", "unknown | null"),
        ("{ x: any }", "{ x: unknown }"),
        ("{ any: string; b?: any }", "{ any: string; b?: unknown }"),
        ("Promise<Array<any>>", "Array<unknown>"),
    ],
)
def test_any_anywhere_in_a_type_is_unknown_with_a_note(written: str, migrated: str) -> None:
    data, diags = _load(_spec(params=[{"name": "p", "type": written}]))
    assert data["params"][0]["type"] == migrated
    assert diags == [("SG402", "$.params[0].type", f"v1 type '{written}' migrated as '{migrated}'")]


@pytest.mark.parametrize("written", ["'any' | 'all'", "Company", "{ any: string }", "anyOf"])
def test_any_in_a_literal_or_a_name_is_kept(written: str) -> None:
    assert v1_type_text(written) == written


def test_any_in_a_custom_type_field_is_unknown() -> None:
    data, diags = _load(_spec(customTypes={"Msg": {"body": "Record<string, any>"}}))
    assert data["types"]["Msg"]["fields"]["body"]["type"] == "Record<string, unknown>"
    assert [code for code, *_ in diags] == ["SG413"]


BAD_V2 = {
    "version": 2,
    "name": "gpu/stats",
    "description": "x",
    "results": [{"name": "payload", "type": "Nope"}],
}


def test_a_v2_file_with_errors_is_left_as_it_is_and_fails(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    bad = write_spec("gpu-stats.json", BAD_V2)
    good = write_spec("gpu-info.json", BAD_V2 | {"name": "gpu/info", "results": []})
    before = bad.read_text()
    out = tmp_path / "out"
    run = run_cli("migrate", str(bad), str(good), "--out", str(out), "--format", "json")
    assert run.exit_code == 1, run.stdout
    report = json.loads(run.stdout)
    assert report["ok"] is False
    assert report["summary"]["failed"] == 1
    failed, written = report["specs"]
    assert (failed["outcome"], failed["notes"]) == ("failed", {"SG203": 1})
    assert "SG203 unknown type 'Nope'" in failed["reason"]
    assert written["outcome"] == "written"
    assert bad.read_text() == before
    assert not (out / bad.name).exists()


def test_a_clean_v2_file_still_passes(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    good = write_spec("gpu-info.json", BAD_V2 | {"results": [{"name": "p", "type": "string"}]})
    run = run_cli("migrate", str(good), "--out", str(tmp_path / "out"))
    assert run.exit_code == 0, run.stderr


def test_a_null_default_and_a_null_expected_result_are_said_to_be_dropped() -> None:
    param = {"name": "p", "type": "string | null", "optional": True, "default": None}
    example = {"description": "e", "expectedResult": None}
    data, diags = _load(_spec(params=[param], examples=[example], example=example))
    assert "default" not in data["params"][0]
    assert all("expectedResult" not in e for e in data["examples"])
    assert [(code, path) for code, path, _ in diags] == [
        ("SG402", "$.examples[0].expectedResult"),
        ("SG402", "$.example.expectedResult"),
        ("SG402", "$.params[0].default"),
    ]
    assert diags[2][2].startswith("v1 default null of 'p' was dropped")


def test_absent_defaults_and_results_say_nothing() -> None:
    _data, diags = _load(
        _spec(params=[{"name": "p", "type": "string"}], examples=[{"description": "e"}])
    )
    assert diags == []


READ_TYPES = """\
import type { CommandParams, CommandResult } from '@system/core/types/JTAGTypes';
export interface ChatMessage { id: string; body: string }
export interface ChatReadParams extends CommandParams { limit?: number }
export interface ChatReadResult extends CommandResult { messages: ChatMessage[] }
"""


def test_custom_types_that_shadow_the_codebase_type_another_spec_means_are_reported(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    shared = tmp_path / "src" / "commands" / "chat" / "read" / "shared"
    shared.mkdir(parents=True)
    (shared / "ChatReadTypes.ts").write_text(READ_TYPES)
    send = write_spec(
        "chat-send.json",
        {
            "name": "chat/send",
            "description": "d",
            "customTypes": {"ChatMessage": {"text": "string"}},
            "params": [{"name": "m", "type": "ChatMessage"}],
        },
    )
    read = write_spec(
        "chat-read.json",
        {
            "name": "chat/read",
            "description": "d",
            "results": [{"name": "m", "type": "ChatMessage[]"}],
        },
    )
    report = _migrate_from_src(run_cli, tmp_path, send, read)
    assert [s["notes"] for s in report["specs"]] == [{"SG413": 1}, {"SG410": 1}]
    (sg410,) = report["specs"][1]["diagnostics"]
    assert sg410["location"]["file"].endswith("ChatReadTypes.ts")
    assert sg410["location"]["line"] == 2
    assert f"that {send} declares, which chat/read now uses" in sg410["message"]


def test_custom_types_of_the_commands_own_codebase_type_are_not_reported(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    shared = tmp_path / "src" / "commands" / "chat" / "read" / "shared"
    shared.mkdir(parents=True)
    (shared / "ChatReadTypes.ts").write_text(READ_TYPES)
    owner = write_spec(
        "chat-read.json",
        {"name": "chat/read", "description": "d", "customTypes": {"ChatMessage": {"id": "string"}}},
    )
    user = write_spec(
        "chat-list.json",
        {
            "name": "chat/list",
            "description": "d",
            "results": [{"name": "m", "type": "ChatMessage"}],
        },
    )
    report = _migrate_from_src(run_cli, tmp_path, owner, user)
    assert [s["notes"] for s in report["specs"]] == [{"SG413": 1}, {}]


def _v2(name: str, **fields: Any) -> dict[str, Any]:
    return {"version": 2, "name": name, "description": "d"} | fields


def test_a_v2_spec_of_the_project_is_checked_with_the_rest_of_the_project(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate specs/one.json``: a type another spec of the project declares is known."""
    (tmp_path / "specgen.toml").write_text('spec_dirs = ["specs"]\n')
    monkeypatch.chdir(tmp_path)
    write_spec("a.json", _v2("chat/a", types={"Thing": {"fields": {"id": {"type": "string"}}}}))
    user = write_spec("b.json", _v2("chat/b", params=[{"name": "t", "type": "Thing"}]))
    run = run_cli("migrate", str(user), "--format", "json")
    assert run.exit_code == 0, run.stdout
    assert json.loads(run.stdout)["specs"][0]["diagnostics"] == []


def test_the_earlier_version_of_a_migrated_command_is_not_context(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-migrating into spec_dirs: the old v2 of the same command does not clash (SG301)."""
    (tmp_path / "specgen.toml").write_text('spec_dirs = ["specs"]\n')
    monkeypatch.chdir(tmp_path)
    write_spec("chat-send.json", _v2("chat/send", types={"Msg": {"enum": ["a"]}}))
    v1 = tmp_path / "v1" / "chat-send.json"
    v1.parent.mkdir()
    v1.write_text(json.dumps(_spec(name="chat/send", customTypes={"Msg": ["a", "b"]})))
    run = run_cli("migrate", str(v1), "--out", "specs", "--force", "--format", "json")
    assert run.exit_code == 0, run.stdout
    codes = [d["code"] for d in json.loads(run.stdout)["specs"][0]["diagnostics"]]
    assert "SG301" not in codes


def test_a_folder_stands_for_every_spec_below_it(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "v1" / "sub").mkdir(parents=True)
    (tmp_path / "v1" / "a.json").write_text(json.dumps(_spec(name="chat/a")))
    (tmp_path / "v1" / "sub" / "b.json").write_text(json.dumps(_spec(name="chat/b")))
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    run = run_cli("migrate", str(tmp_path / "v1"), str(tmp_path / "empty"), "--out", str(out))
    assert run.exit_code == 0, run.stdout + run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    assert "warning[SG007] no spec file (*.json) in this folder" in run.stdout + run.stderr
    alone = run_cli("migrate", str(tmp_path / "v1"))
    assert alone.exit_code == 2
    assert "several specs need --out DIR or --in-place" in alone.stdout + alone.stderr


INSTANCES = """\
export interface Item { id: string; name: string; size?: number }
export interface Page<T> { items: T[]; total: number }
export interface Listing { patch: Partial<Item>; page: Page<Item>; picked: Pick<Item, 'id'> }
"""


def test_generic_and_utility_uses_of_a_carried_type_are_declared_as_reverse_does(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """Was: ItemPartial, ItemPage and ItemPickId left undeclared (SG409), specs invalid."""
    shared = tmp_path / "src" / "commands" / "item" / "get" / "shared"
    shared.mkdir(parents=True)
    (shared / "ItemGetTypes.ts").write_text(INSTANCES)
    v1 = tmp_path / "v1" / "item-get.json"
    v1.parent.mkdir()
    results = [{"name": "listing", "type": "Listing"}]
    v1.write_text(json.dumps(_spec(name="item/get", results=results)))
    out = tmp_path / "specs"
    run = run_cli("migrate", str(v1), "--from", str(tmp_path / "src"), "--out", str(out))
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "SG409" not in run.stdout + run.stderr
    types = json.loads((out / "item-get.json").read_text())["types"]
    assert types["ItemPartial"]["fields"]["id"] == {"type": "string", "optional": True}
    assert types["ItemPickId"]["fields"] == {"id": {"type": "string"}}
    assert types["ItemPage"]["fields"]["items"] == {"type": "Item[]"}
    assert "Item" in types  # the generic's argument is carried too
    assert run_cli("validate", str(out)).exit_code == 0
