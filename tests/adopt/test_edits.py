"""Each kind of edit, in each file style; everything else stays byte-for-byte the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from adopt_support import (
    STYLES,
    Style,
    bare_types,
    conforming_types,
    only_insertions,
    plan,
    project,
    write_command,
)
from specgen.adopt.edits import ACCESSOR, EXTENDS, FACTORY, IMPORT
from specgen.adopt.run import apply_plans


def _adopted(tmp_path: Path, style: Style) -> tuple[str, str, list[str]]:
    commands = project(tmp_path)
    write_command(commands, "gpu/reset", conforming_types("gpu/reset"))
    path = write_command(commands, "gpu/stats", bare_types("gpu/stats", style))
    old = path.read_bytes().decode()
    run = plan(commands)
    apply_plans(run)
    kinds = [e.kind for p in run.plans for e in p.edits]
    return old, path.read_bytes().decode(), kinds


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.id)
def test_every_fix_is_added_in_the_files_own_style(tmp_path: Path, style: Style) -> None:
    old, new, kinds = _adopted(tmp_path, style)
    assert sorted(kinds) == sorted(
        [IMPORT, IMPORT, EXTENDS, EXTENDS, FACTORY, FACTORY, FACTORY, ACCESSOR]
    )
    assert only_insertions(old, new)
    q, s, i = style.quote, ";" if style.semi else "", style.indent
    added = new.replace(style.eol, "\n")
    assert "export interface GpuStatsParams extends CommandParams {" in added
    assert "export interface GpuStatsResult extends CommandResult {" in added
    assert "import type { CommandParams, CommandResult, " in added
    assert f"from {q}@specgen/runtime{q}{s}\n" in added
    assert f"\n{i}commandName: {q}gpu/stats{q} as const,\n}} as const{s}\n" in added
    assert f"\n{i}{i}return Commands.execute<GpuStatsParams, GpuStatsResult>(\n" in added
    assert f"\n{i}{i}{i}{q}gpu/stats{q},\n" in added
    assert f"\n{i}context: CommandContext,\n{i}sessionId: SessionId,\n" in added
    assert f"): GpuStatsResult => createPayload(context, sessionId, data){s}\n" in added
    assert f"): GpuStatsResult => transformPayload(params, differences){s}\n" in added
    other = "'" if q == '"' else '"'
    inserted = _inserted(old, new)
    assert other not in inserted
    if style.eol == "\r\n":
        assert new.count("\r\n") == new.count("\n")
    else:
        assert "\r" not in new
    code_lines = [
        ln
        for ln in inserted.splitlines()
        if ln.strip() and not ln.lstrip().startswith(("/**", "*"))
    ]
    for line in code_lines:
        lead = line[: len(line) - len(line.lstrip())]
        assert lead.replace(i, "") == "", (line, i)
    if not style.semi:
        assert not any(ln.endswith(";") for ln in code_lines)


def _inserted(old: str, new: str) -> str:
    import difflib  # noqa: PLC0415

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return "".join(new[j1:j2] for tag, _, _, j1, j2 in matcher.get_opcodes() if tag == "insert")


@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.id)
def test_a_second_run_edits_nothing(tmp_path: Path, style: Style) -> None:
    _adopted(tmp_path, style)
    again = plan(tmp_path / "commands")
    assert again.edit_count == 0
    assert [p.errors for p in again.plans] == [[], []]


def test_only_the_missing_extends_is_added(tmp_path: Path) -> None:
    commands = project(tmp_path)
    text = (
        conforming_types("user/prefs")
        .replace(
            "export interface UserPrefsResult extends CommandResult {",
            "export interface UserPrefsResult {",
        )
        .replace(
            "export interface UserPrefsParams extends CommandParams {",
            "export interface UserPrefsParams extends Partial<Other>, Base {",
        )
    )
    text = text.replace(
        "/** Parameters of",
        "interface Base { a?: string }\ninterface Other { b: number }\n\n/** Parameters of",
    )
    path = write_command(commands, "user/prefs", text)
    run = plan(commands)
    assert [e.summary for e in run.plans[0].edits] == [
        "make UserPrefsParams extend CommandParams",
        "make UserPrefsResult extend CommandResult",
    ]
    apply_plans(run)
    new = path.read_text()
    assert "export interface UserPrefsParams extends Partial<Other>, Base, CommandParams {" in new
    assert "export interface UserPrefsResult extends CommandResult {" in new
    assert only_insertions(text, new)


def test_only_the_missing_factory_is_added_after_the_others(tmp_path: Path) -> None:
    commands = project(tmp_path)
    full = conforming_types("agent/list")
    start = full.index("/** Derives a AgentListResult")
    end = full.index("/**\n * AgentList — the typed way")
    text = full[:start] + full[end:]
    path = write_command(commands, "agent/list", text)
    run = plan(commands)
    assert [e.summary for e in run.plans[0].edits] == [
        "add factory createAgentListResultFromParams"
    ]
    apply_plans(run)
    assert path.read_text() == full


def test_the_accessor_alone_is_added_at_the_end_with_its_imports(tmp_path: Path) -> None:
    commands = project(tmp_path)
    write_command(commands, "gpu/reset", conforming_types("gpu/reset"))
    full = conforming_types("agent/stop")
    text = full[: full.index("\n/**\n * AgentStop —")]
    text = text.replace(
        "import { Commands, createPayload, transformPayload }",
        "import { createPayload, transformPayload }",
    )
    text = text.replace("  CommandInput,\n", "")
    path = write_command(commands, "agent/stop", text)
    run = plan(commands)
    summaries = [e.summary for p in run.plans for e in sorted(p.edits, key=lambda e: e.offset)]
    assert summaries == [
        "import CommandInput from @specgen/runtime",
        "import Commands from @specgen/runtime",
        "add static accessor AgentStop for 'agent/stop'",
    ]
    apply_plans(run)
    new = path.read_text()
    assert new.endswith(full[full.index("\n/**\n * AgentStop —") :])
    assert "  SessionId,\n  CommandInput,\n} from '@specgen/runtime';" in new
    assert "import { createPayload, transformPayload, Commands } from '@specgen/runtime';" in new


def test_the_command_name_comes_from_the_execute_string_not_the_folder(tmp_path: Path) -> None:
    commands = project(tmp_path)
    write_command(commands, "gpu/reset", conforming_types("gpu/reset"))
    text = bare_types("ai/model/list", Style()).replace("AiModelList", "ModelList")
    text += (
        "\nimport { Commands } from '@specgen/runtime';\n"
        "export async function runModelList(p: ModelListParams): Promise<ModelListResult> {\n"
        "  return Commands.execute<ModelListParams, ModelListResult>('ai/models/list', p);\n"
        "}\n"
    )
    path = write_command(commands, "ai/model/list", text, "ModelListTypes.ts")
    run = plan(commands)
    summaries = [e.summary for p in run.plans for e in p.edits]
    assert "add static accessor ModelList for 'ai/models/list'" in summaries
    apply_plans(run)
    new = path.read_text()
    assert "export const ModelList = {" in new
    assert "commandName: 'ai/models/list' as const," in new
    assert "export const createModelListParams = (" in new


def test_params_restating_a_required_base_field_keep_it_in_the_factory(tmp_path: Path) -> None:
    commands = project(tmp_path)
    write_command(commands, "gpu/reset", conforming_types("gpu/reset"))
    text = bare_types("user/prefs", Style()).replace(
        "  subsystem?: 'tts' | 'inference';", "  userId: string;"
    )
    path = write_command(commands, "user/prefs", text)
    apply_plans(plan(commands))
    new = path.read_text()
    assert "  data: Omit<UserPrefsParams, 'context' | 'sessionId'>,\n" in new


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            ("export interface GpuStatsParams {", "export type GpuStatsParams = {"),
            "'GpuStatsParams' is a type alias",
        ),
        (  # an intersection reads as an interface (reverse), but is still a type alias
            ("export interface GpuStatsParams {", "export type GpuStatsParams = Paged & {"),
            "'GpuStatsParams' is a type alias",
        ),
        (
            ("export const GPUSTATS_LIMIT = 5;", "export class GpuStats {}"),
            "the name 'GpuStats' is taken in this file",
        ),
        *(
            (
                ("export const GPUSTATS_LIMIT = 5;", taken),
                "the name 'GpuStats' is taken in this file",
            )
            for taken in (
                "export namespace GpuStats { export const LIMIT = 5; }",
                "namespace GpuStats { export const LIMIT = 5; }",
                "declare const GpuStats: number;",
                "export declare function GpuStats(): void;",
                "import GpuStats = Other.Thing;",
            )
        ),
    ],
)
def test_what_is_not_mechanical_is_left_with_the_reason(
    tmp_path: Path, change: tuple[str, str], reason: str
) -> None:
    commands = project(tmp_path)
    write_command(commands, "gpu/reset", conforming_types("gpu/reset"))
    write_command(commands, "gpu/stats", bare_types("gpu/stats", Style()).replace(*change))
    run = plan(commands)
    assert any(reason in d.hint for d in run.left), [d.hint for d in run.left]
    assert not run.errors


CORE = """export interface Payload {
  context: string;
  sessionId: string;
}
export interface CommandParams extends Payload {
  userId?: string;
}
export interface CommandResult extends Payload {
  success: boolean;
  error?: { code: string };
}
"""


@pytest.mark.parametrize(
    ("params_field", "result_field", "reasons"),
    [
        ("sessionId: string;", "success: boolean;", []),
        (
            "sessionId?: string;",
            "error?: string;",
            [
                (
                    "'UserPrefsParams' restates base fields differently ('sessionId' is optional "
                    "here and required in the base)"
                ),
                (
                    "'UserPrefsResult' restates base fields differently ('error' is `string` "
                    "here and `{ code: string }` in the base)"
                ),
            ],
        ),
    ],
)
def test_extends_is_not_added_where_a_restated_base_field_would_not_compile(
    tmp_path: Path, params_field: str, result_field: str, reasons: list[str]
) -> None:
    commands = project(tmp_path)
    write_command(commands, "gpu/reset", conforming_types("gpu/reset"))
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "types.ts").write_text(CORE)
    text = bare_types("user/prefs", Style(), runtime="../../../../core/types")
    text = text.replace("  subsystem?: 'tts' | 'inference';", f"  {params_field}")
    text = text.replace("  success: boolean;", f"  {result_field}")
    write_command(commands, "user/prefs", text)
    run = plan(commands)
    extends = [e.summary for p in run.plans for e in p.edits if e.kind == EXTENDS]
    assert len(extends) == 2 - len(reasons)
    # The accessor's types need both bases: no accessor that would not compile.
    accessors = [e for p in run.plans for e in p.edits if e.kind == ACCESSOR]
    assert len(accessors) == (0 if reasons else 1)
    hints = [d.hint for d in run.left if d.code == "SG506"]
    for reason in reasons:
        assert any(h.startswith(reason) for h in hints), hints


def test_an_accessor_under_another_name_is_kept_and_none_is_added(tmp_path: Path) -> None:
    commands = project(tmp_path)
    text = conforming_types("ai/model/list").replace(
        "export const AiModelList = {", ("export const ListModels = {")
    )
    write_command(commands, "ai/model/list", text)
    run = plan(commands)
    assert run.edit_count == 0
    assert not run.errors
