"""``specgen reverse`` expands TypeScript's utility types of interfaces it can read.

``Partial<T>``, ``Required<T>``, ``Pick<T, 'a'>`` and ``Omit<T, 'a'>`` become a struct
of their own (``UserPartial``, ``UserPickIdName``), declared once however often the
file uses it; ``Readonly<T>`` is ``T``. An argument that is not a readable interface,
or keys that are not string literals, stay ``unknown`` (SG509). The last test checks,
with tsc, that the generated Types file is structurally the hand-written one.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from compile_support import structural_check
from support import RunCli, invoke_in, write_file

ACCESSOR = (
    "export const UserUpdate = { execute(p: unknown) "
    "{ return Commands.execute('user/update', p); }, commandName: 'user/update' as const };\n"
)
USER = """\
import type { Status } from './Status';
export interface Named {
  /** Shown to people. */
  name: string;
}
/** A user. */
export interface User extends Named { id: string; email?: string | undefined; status?: Status }
export interface Box<T> { value: T }
"""
TYPES = """\
import type { User, Box } from '../../../../shared/User';
export interface UserUpdateParams extends CommandParams {
  patch: Partial<User>;
  again?: Partial<User>[];
  full: Required<User>;
  view: Readonly<User>;
  ids: Pick<User, 'name' | 'id'>;
  byKey: Record<string, Pick<User, 'id' | 'name'>>;
  rest: Omit<User, 'email'> | null;
}
export interface UserUpdateResult extends CommandResult {
  missing: Partial<Ghost>;
  keys: Pick<User, Keys>;
  generic: Partial<Box>;
  notes?: Readonly<string[]>;
}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_file(
        tmp_path,
        "specgen.toml",
        'spec_dirs = ["specs"]\n[migration]\ncommands_dir = "src/commands"\n',
    )
    write_file(tmp_path, "tsconfig.json", '{"compilerOptions": {"baseUrl": "."}}')
    write_file(tmp_path, "src/shared/User.ts", USER)
    write_file(tmp_path, "src/shared/Status.ts", "export interface Status { ok: boolean }\n")
    types = "src/commands/user/update/shared/UserUpdateTypes.ts"
    write_file(tmp_path, types, TYPES + ACCESSOR)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _reverse(project: Path, run_cli: RunCli) -> tuple[dict[str, Any], str]:
    result = run_cli("reverse", "src/commands")
    assert result.exit_code == 0, result.stdout
    spec = json.loads((project / "specs" / "user-update.json").read_text(encoding="utf-8"))
    return spec, result.stdout


def _lines(output: str, code: str) -> list[str]:
    return [line for line in output.splitlines() if f"[{code}]" in line]


def test_each_utility_type_is_a_struct_of_its_own(project: Path, run_cli: RunCli) -> None:
    spec, _ = _reverse(project, run_cli)
    params = {p["name"]: p["type"] for p in spec["params"]}
    assert params == {
        "patch": "UserPartial",
        "again": "UserPartial[]",
        "full": "UserRequired",
        "view": "User",
        "ids": "UserPickIdName",
        "byKey": "Record<string, UserPickIdName>",
        "rest": "UserOmitEmail | null",
    }
    types = spec["types"]
    name = {"type": "string", "description": "Shown to people."}
    assert types["UserPartial"] == {
        "description": "A user.",
        "fields": {
            "name": {**name, "optional": True},
            "id": {"type": "string", "optional": True},
            "email": {"type": "string", "optional": True},
            "status": {"type": "Status", "optional": True},
        },
    }
    assert types["UserRequired"]["fields"] == {
        "name": name,
        "id": {"type": "string"},
        "email": {"type": "string"},  # `?: string | undefined` is `string` once required
        "status": {"type": "Status"},
    }
    assert types["UserPickIdName"]["fields"] == {"name": name, "id": {"type": "string"}}
    assert list(types["UserOmitEmail"]["fields"]) == ["name", "id", "status"]
    assert types["User"]["external"]["typescript"] == {"module": "../../src/shared/User"}
    assert "Status" in types  # the names the expanded fields use are followed
    assert run_cli("validate").exit_code == 0


def test_a_repeated_expansion_is_declared_once_with_one_note(
    project: Path, run_cli: RunCli
) -> None:
    spec, output = _reverse(project, run_cli)
    assert [t for t in spec["types"] if t.startswith("UserPick")] == ["UserPickIdName"]
    notes = _lines(output, "SG551")
    expanded = [line for line in notes if "is declared as" in line]
    assert len(expanded) == 4, output  # Partial, Required, Pick (twice used), Omit
    pick = next(line for line in expanded if "'UserPickIdName'" in line)
    assert (
        "utility type `Pick<User, 'id' | 'name'>` is declared as 'UserPickIdName': "
        "the fields of 'User', only those picked"
    ) in pick
    assert "(at $.types.UserPickIdName)" in pick
    readonly = [line for line in notes if "Readonly" in line]
    assert len(readonly) == 2, output
    assert "(written `Readonly<User>`, read as `User`)" in readonly[0]
    assert "(written `Readonly<string[]>`, read as `string[]`)" in readonly[1]


def test_unreadable_arguments_and_keys_stay_unknown(project: Path, run_cli: RunCli) -> None:
    spec, output = _reverse(project, run_cli)
    results = {r["name"]: r["type"] for r in spec["results"]}
    assert results == {
        "missing": "unknown",
        "keys": "unknown",
        "generic": "unknown",
        "notes": "string[]",
    }
    sg509 = "\n".join(_lines(output, "SG509"))
    assert "utility type `Partial<Ghost>`: no interface 'Ghost'" in sg509
    assert "generic type `Pick<...>` is not in the spec type language" in sg509
    assert "utility type `Partial<Box>`: 'Box' is a generic interface" in sg509
    assert not [t for t in spec["types"] if t.startswith(("Ghost", "Box"))]


# -- tsc: the generated Types file is structurally the hand-written one ----------------------

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adoption"
ENTITY = """\
export interface Named {
  /** Shown to people. */
  name: string;
}
export interface MemberEntity extends Named { id: string; email?: string; age?: number }
"""
HAND = """\
import type { CommandParams, CommandResult, CommandInput }
  from '@system/core/types/JTAGTypes';
import { Commands } from '@system/core/shared/Commands';
import type { MemberEntity } from '../../../../shared/MemberEntity';

export interface Tagged { tags: string[]; note?: string }
export interface UserUpdateParams extends CommandParams {
  patch: Partial<MemberEntity>;
  full?: Required<Tagged>[];
  view: Readonly<MemberEntity> | null;
  ids: Record<string, Pick<MemberEntity, 'id' | 'name'>>;
  again: Partial<MemberEntity>[];
}
export interface UserUpdateResult extends CommandResult {
  user: Omit<MemberEntity, 'email' | 'age'>;
}
export const UserUpdate = {
  execute(params: CommandInput<UserUpdateParams>): Promise<UserUpdateResult> {
    return Commands.execute<UserUpdateParams, UserUpdateResult>('user/update', params);
  },
  commandName: 'user/update' as const,
} as const;
"""


def test_generated_types_are_structurally_the_hand_written_ones(tmp_path: Path) -> None:
    root = tmp_path / "codebase"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("v1-specs", "labels.json"))
    write_file(root, "src/shared/MemberEntity.ts", ENTITY)
    write_file(root, "src/commands/user/update/shared/UserUpdateTypes.ts", HAND)
    output = invoke_in(root, "reverse", "src/commands/user/update")
    assert not _lines(output, "SG509"), output
    spec = json.loads((root / "specs" / "user-update.json").read_text(encoding="utf-8"))
    assert {"MemberEntityPartial", "TaggedRequired", "MemberEntityPickIdName"} <= set(spec["types"])
    assert "MemberEntityOmitAgeEmail" in spec["types"]
    invoke_in(root, "generate")
    structural_check(root, "user/update", "UserUpdate")
