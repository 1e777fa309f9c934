"""``specgen reverse``: parents declared in other files, and enum members as defaults.

A Params may extend interfaces of other files (``extends CommandParams, TaskRef``):
their fields are read where they are declared, and the names those fields use are
looked up in that file. A factory default ``Priority.High`` is the enum member's value
(unless the param's type is that enum kept as an external reference: no literal fits
it). The last test checks, with tsc, that the generated Types file is structurally the
hand-written one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from compile_support import structural_check
from support import RunCli, invoke_in, write_file

TSCONFIG = json.dumps(
    {
        "compilerOptions": {
            "baseUrl": ".",
            "paths": {"@core/*": ["src/core/*"], "@shared/*": ["src/shared/*"]},
        }
    }
)
TASK_REF = """\
import type { Status } from '@core/Status';
import type { Label as Tag } from './Labels';
export type TaskId = string;
export enum Priority { Low = 'low', High = 'high' }
export interface Owned { owner: string }
export interface TaskRef extends Owned { taskId: TaskId; status?: Status; tags?: Tag[] }
"""
LABELS = "export interface Label { text: string }\n"
VERSIONED = """\
export interface Versioned extends Loop { version: number }
export interface Loop extends Versioned { looped?: boolean }
"""
TYPES = """\
import type { TaskRef } from '../../../../shared/TaskRef';
import { Priority } from '../../../../shared/TaskRef';
import type { Versioned } from '@shared/Versioned';
import { Severity } from './TaskEnums';
export enum Mode { Fast = 'fast', Slow = 'slow' }
export enum Level { Low, High }
export interface TaskUpdateParams extends CommandParams, TaskRef, Versioned, Missing {
  title?: string; priority?: Priority; mode?: Mode; level?: Level; limit?: number; other?: string;
  absent?: Priority; severity?: Severity; label?: string;
}
export interface TaskUpdateResult extends CommandResult { }
export const createTaskUpdateParams = (c: C, s: S, data: D): TaskUpdateParams =>
  createPayload(c, s, {
    priority: Priority.High, mode: Mode.Slow, level: Level.High, title: 'untitled',
    limit: DEFAULT_LIMIT, other: Other.Thing, absent: Priority.Medium,
    severity: Severity.Major, label: Priority.Low, ...data
  });
export const TaskUpdate = {
  execute(p: unknown) { return Commands.execute('task/update', p); },
  commandName: 'task/update' as const,
};
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_file(
        tmp_path,
        "specgen.toml",
        'spec_dirs = ["specs"]\n[migration]\ncommands_dir = "src/commands"\n',
    )
    write_file(tmp_path, "tsconfig.json", TSCONFIG)
    write_file(tmp_path, "src/core/Status.ts", "export interface Status { ok: boolean }\n")
    write_file(tmp_path, "src/shared/TaskRef.ts", TASK_REF)
    write_file(tmp_path, "src/shared/Labels.ts", LABELS)
    write_file(tmp_path, "src/shared/Versioned.ts", VERSIONED)
    write_file(tmp_path, "src/commands/task/update/shared/TaskUpdateTypes.ts", TYPES)
    write_file(
        tmp_path,
        "src/commands/task/update/shared/TaskEnums.ts",
        "export enum Severity { Minor = 'minor', Major = 'major' }\n",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _reverse(project: Path, run_cli: RunCli) -> tuple[dict[str, Any], str]:
    run = run_cli("reverse", "src/commands")
    assert run.exit_code == 0, run.stdout
    spec = json.loads((project / "specs" / "task-update.json").read_text(encoding="utf-8"))
    return spec, run.stdout


def test_parents_in_other_files_give_their_fields(project: Path, run_cli: RunCli) -> None:
    spec, output = _reverse(project, run_cli)
    params = {p["name"]: p for p in spec["params"]}
    # TaskRef (relative import) with its own parent Owned, Versioned (an alias) and the
    # loop Versioned -> Loop -> Versioned read once; then the Params' own fields.
    assert list(params)[:6] == ["owner", "taskId", "status", "tags", "looped", "version"]
    # the names TaskRef's fields use are resolved in TaskRef.ts
    assert params["taskId"]["type"] == "string"  # its local alias, written in place
    assert params["status"]["type"] == "Status"
    assert params["tags"]["type"] == "Tag[]"  # imported there under another name
    # external references with the module as TaskRef.ts writes it (alias kept, relative
    # rewritten from generated/ts)
    assert spec["types"]["Status"]["external"]["typescript"] == {"module": "@core/Status"}
    tag = spec["types"]["Tag"]["external"]["typescript"]
    assert tag == {"module": "../../src/shared/Labels", "name": "Label"}
    # only the parent that cannot be found is reported
    sg506 = [line for line in output.splitlines() if "[SG506]" in line]
    assert len(sg506) == 1, output
    assert "extends 'Missing', whose declaration is not found" in sg506[0]
    assert run_cli("validate").exit_code == 0


def test_enum_members_are_defaults_and_the_rest_is_reported(project: Path, run_cli: RunCli) -> None:
    spec, output = _reverse(project, run_cli)
    defaults = {p["name"]: p.get("default") for p in spec["params"]}
    assert defaults["severity"] == "major"  # an enum the command's folder declares
    assert spec["types"]["Severity"] == {"enum": ["minor", "major"]}
    assert defaults["mode"] == "slow"  # the file's own enum
    assert defaults["level"] == 1  # a numeric enum, counted on
    assert defaults["label"] == "low"  # an imported enum's member, for a string
    assert defaults["title"] == "untitled"
    for name in ("limit", "other", "absent", "priority"):
        assert defaults[name] is None, name
    sg550 = [line for line in output.splitlines() if "[SG550]" in line]
    assert len(sg550) == 4, output
    why = {line.split("default `", 1)[1].split("`", 1)[0]: line for line in sg550}
    assert "'limit' is not carried into the spec: it is not a literal" in why["DEFAULT_LIMIT"]
    assert "'Other' is neither declared in the file nor imported by it" in why["Other.Thing"]
    assert "enum 'Priority' has no member 'Medium'" in why["Priority.Medium"]
    # the type of `priority` is the codebase's enum, an external reference: no literal fits
    assert "the param's type is the codebase's enum 'Priority'" in why["Priority.High"]
    assert all("(at $.params[" in line and "].default)" in line for line in sg550)
    assert run_cli("validate").exit_code == 0


# -- tsc: the generated Types file is structurally the hand-written one ----------------------

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adoption"
SHARED = """\
import type { UUID } from '@system/core/types/CrossPlatformUUID';
import type { Label as Tag } from './Labels';
export enum Priority { Low = 'low', High = 'high' }
export type Level = 'low' | 'high';
export type Revision = number;
export interface Owned { ownerId: UUID }
export interface TaskRef extends Owned { taskId: string; tags?: Tag[]; revision?: Revision }
export interface Versioned { version: number }
"""
HAND = """\
/** Update a task. */
import type { CommandParams, CommandResult, CommandInput, JTAGContext }
  from '@system/core/types/JTAGTypes';
import { createPayload } from '@system/core/types/JTAGTypes';
import { Commands } from '@system/core/shared/Commands';
import type { UUID } from '@system/core/types/CrossPlatformUUID';
import { Priority, type Level, type TaskRef, type Versioned } from '../../../../shared/TaskRef';

export interface TaskUpdateParams extends CommandParams, TaskRef, Versioned {
  priority?: Priority;
  level?: Level;
  title?: string;
}
export interface TaskUpdateResult extends CommandResult { updated: boolean }
export const createTaskUpdateParams = (
  context: JTAGContext, sessionId: UUID, data: Omit<TaskUpdateParams, 'context' | 'sessionId'>
): TaskUpdateParams => createPayload(context, sessionId, {
  priority: Priority.High, level: Priority.Low, title: Priority.High, ...data
});
export const TaskUpdate = {
  execute(params: CommandInput<TaskUpdateParams>): Promise<TaskUpdateResult> {
    return Commands.execute<TaskUpdateParams, TaskUpdateResult>('task/update', params);
  },
  commandName: 'task/update' as const,
} as const;
"""


def test_generated_types_are_structurally_the_hand_written_ones(tmp_path: Path) -> None:
    root = tmp_path / "codebase"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("v1-specs", "labels.json"))
    write_file(root, "src/shared/TaskRef.ts", SHARED)
    write_file(root, "src/shared/Labels.ts", LABELS)
    write_file(root, "src/commands/task/update/shared/TaskUpdateTypes.ts", HAND)
    output = invoke_in(root, "reverse", "src/commands/task/update")
    assert "SG506" not in output, output
    # `priority` is the codebase's enum, imported by generated code: no literal fits it
    sg550 = [line for line in output.splitlines() if "[SG550]" in line]
    assert len(sg550) == 1, output
    assert "default `Priority.High` of 'priority' is not carried" in sg550[0]
    spec = json.loads((root / "specs" / "task-update.json").read_text(encoding="utf-8"))
    params = [(p["name"], p["type"], p.get("default")) for p in spec["params"]]
    assert params == [
        ("ownerId", "UUID", None),
        ("taskId", "string", None),
        ("tags", "Tag[]", None),
        ("revision", "number", None),
        ("version", "number", None),
        ("priority", "Priority", None),
        ("level", "Level", "low"),
        ("title", "string", "high"),
    ]
    invoke_in(root, "generate")
    structural_check(root, "task/update", "TaskUpdate")
