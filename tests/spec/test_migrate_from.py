"""specgen migrate --from DIR: undeclared v1 types filled in from the codebase's Types files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from specgen.migrate.codebase import TypeFinder, index_codebase
from support import RunCli, SpecWriter

TYPES_FILE = """\
/** Chat Send - send a message */
import type { CommandParams, CommandResult } from '@system/core/types/JTAGTypes';
import type { UUID } from '../../../../system/core/types/CrossPlatformUUID';
import type { ChatMessage } from '@system/data/entities/ChatMessage';
import type { Scope as RoomScope } from '@system/core/types/Scopes';
import { Commands } from '@system/core/shared/Commands';

/** Delivery state. */
export type DeliveryState = 'queued' | 'sent';

/** Priority of a message. */
export enum Priority { Low = 'low', High = 'high' }

/** A receipt for one message. */
export interface Receipt {
  /** Id of the message */
  messageId: string;
  state: DeliveryState;
  priority?: Priority;
  at: Stamp;
}

interface Stamp { ms: number }

export interface ChatSendParams extends CommandParams {
  roomId: UUID;
  text: string;
}

export interface ChatSendResult extends CommandResult {
  success: boolean;
  receipt: Receipt;
  message?: ChatMessage;
  scope?: RoomScope;
}

export const ChatSend = {
  execute(params: ChatSendParams): Promise<ChatSendResult> {
    return Commands.execute<ChatSendParams, ChatSendResult>('chat/send', params);
  },
  commandName: 'chat/send' as const,
} as const;
"""

UUID_MODULE = "/** A UUID string. */\nexport type UUID = string;\n"
SCOPES_MODULE = "export interface Scope { level: number }\n"


def _codebase(root: Path) -> Path:
    src = root / "src"
    shared = src / "commands" / "chat" / "send" / "shared"
    shared.mkdir(parents=True)
    (shared / "ChatSendTypes.ts").write_text(TYPES_FILE)
    core = src / "system" / "core" / "types"
    core.mkdir(parents=True)
    (core / "CrossPlatformUUID.ts").write_text(UUID_MODULE)
    (core / "Scopes.ts").write_text(SCOPES_MODULE)
    entities = src / "system" / "data" / "entities"
    entities.mkdir(parents=True)
    (entities / "ChatMessage.ts").write_text("export interface ChatMessage { id: string }\n")
    return src


def test_types_declared_in_a_types_file_are_carried_over(
    tmp_path: Path, write_spec: SpecWriter, run_cli: RunCli
) -> None:
    src = _codebase(tmp_path)
    v1 = write_spec(
        "chat-send.json",
        {
            "name": "chat/send",
            "description": "Send",
            "results": [
                {"name": "success", "type": "boolean"},
                {"name": "receipt", "type": "Receipt"},
            ],
        },
    )
    out = tmp_path / "out"
    run = run_cli("migrate", str(v1), "--out", str(out), "--from", str(src), "--format", "json")
    assert run.exit_code == 0, run.stdout
    data = json.loads((out / "chat-send.json").read_text())
    assert list(data) == [
        "version",
        "name",
        "description",
        "environment",
        "adapter",
        "types",
        "params",
        "results",
    ]
    types = data["types"]
    assert types["Receipt"] == {
        "description": "A receipt for one message.",
        "fields": {
            "messageId": {"type": "string", "description": "Id of the message"},
            "state": {"type": "DeliveryState"},
            "priority": {"type": "Priority", "optional": True},
            "at": {"type": "Stamp"},
        },
    }
    assert types["DeliveryState"] == {"description": "Delivery state.", "enum": ["queued", "sent"]}
    assert types["Priority"]["enum"] == ["low", "high"]
    assert types["Stamp"] == {"fields": {"ms": {"type": "number"}}}
    (spec,) = json.loads(run.stdout)["specs"]
    assert spec["notes"].get("SG403") is None
    assert spec["notes"]["SG407"] == 4
    carried = next(d for d in spec["diagnostics"] if d["code"] == "SG407")
    assert carried["location"]["file"].endswith("ChatSendTypes.ts")
    assert run_cli("validate", str(out)).exit_code == 0


def test_a_type_used_by_two_specs_is_declared_once_by_its_owner(
    tmp_path: Path, write_spec: SpecWriter, run_cli: RunCli
) -> None:
    src = _codebase(tmp_path)
    user = write_spec(
        "chat-ack.json",
        {"name": "chat/ack", "description": "Ack", "params": [{"name": "r", "type": "Receipt"}]},
    )
    owner = write_spec(
        "chat-send.json",
        {"name": "chat/send", "description": "Send", "results": [{"name": "r", "type": "Receipt"}]},
    )
    out = tmp_path / "out"
    run = run_cli("migrate", str(user), str(owner), "--out", str(out), "--from", str(src))
    assert run.exit_code == 0, run.stderr
    ack = json.loads((out / "chat-ack.json").read_text())
    send = json.loads((out / "chat-send.json").read_text())
    assert "types" not in ack  # chat/send's Types file declares Receipt: its spec owns it
    assert set(send["types"]) == {"Receipt", "DeliveryState", "Priority", "Stamp"}
    assert run_cli("validate", str(out)).exit_code == 0


def test_unknown_type_without_from_tells_how_to_resolve(
    write_spec: SpecWriter, run_cli: RunCli
) -> None:
    v1 = write_spec(
        "chat-send.json",
        {"name": "chat/send", "description": "x", "params": [{"name": "r", "type": "Nowhere"}]},
    )
    run = run_cli("migrate", str(v1))
    assert run.exit_code == 0
    assert "warning[SG403]" in run.stderr
    assert "1 type(s) named but not declared (Nowhere): pass --from DIR" in run.stderr


def test_type_missing_from_the_codebase_is_sg409(
    tmp_path: Path, write_spec: SpecWriter, run_cli: RunCli
) -> None:
    src = _codebase(tmp_path)
    v1 = write_spec(
        "chat-send.json",
        {"name": "chat/send", "description": "x", "params": [{"name": "r", "type": "Nowhere"}]},
    )
    run = run_cli("migrate", str(v1), "--from", str(src), "--format", "json")
    (spec,) = json.loads(run.stdout)["specs"]
    assert spec["notes"] == {"SG409": 1}
    diag = spec["diagnostics"][0]
    assert (diag["location"]["file"], diag["location"]["jsonPath"]) == (
        str(v1),
        "$.params[0].type",
    )


def _resolve(src: Path, *names: str) -> dict[str, Any]:
    finder = TypeFinder(index_codebase(src))
    found = finder.resolve("chat/send", names)
    return {name: None if f is None else f.entry for name, f in found.items()}


def test_core_module_types_become_external_references(tmp_path: Path) -> None:
    src = _codebase(tmp_path)
    found = _resolve(src, "UUID", "ChatMessage", "RoomScope")
    assert found["UUID"] == {
        "description": "A UUID string.",
        "external": {
            "typescript": {"module": "./system/core/types/CrossPlatformUUID"},
            "rust": {"wire": "string"},
        },
    }
    assert found["ChatMessage"] == {
        "external": {"typescript": {"module": "@system/data/entities/ChatMessage"}}
    }
    assert found["RoomScope"] == {
        "external": {"typescript": {"module": "@system/core/types/Scopes", "name": "Scope"}}
    }


@pytest.mark.parametrize("command", ["chat/other", "nowhere/else"])
def test_a_name_is_found_from_any_types_file(tmp_path: Path, command: str) -> None:
    src = _codebase(tmp_path)
    finder = TypeFinder(index_codebase(src))
    found = finder.resolve(command, ["Receipt", "ChatMessage"])
    receipt, message = found["Receipt"], found["ChatMessage"]
    assert receipt is not None
    assert receipt.owner_command == "chat/send"
    assert message is not None
    assert message.external


def _second_command(src: Path, body: str) -> None:
    shared = src / "commands" / "chat" / "ack" / "shared"
    shared.mkdir(parents=True)
    (shared / "ChatAckTypes.ts").write_text(body)


def test_two_types_under_one_name_are_reported(
    tmp_path: Path, write_spec: SpecWriter, run_cli: RunCli
) -> None:
    src = _codebase(tmp_path)
    _second_command(src, "export interface Receipt {\n  other: number;\n}\n")
    send = write_spec(
        "chat-send.json",
        {"name": "chat/send", "description": "x", "results": [{"name": "r", "type": "Receipt"}]},
    )
    ack = write_spec(
        "chat-ack.json",
        {"name": "chat/ack", "description": "x", "results": [{"name": "r", "type": "Receipt"}]},
    )
    out = tmp_path / "out"
    run = run_cli(
        "migrate", str(send), str(ack), "--out", str(out), "--from", str(src), "--format", "json"
    )
    assert run.exit_code == 0, run.stdout
    _send, ack_report = json.loads(run.stdout)["specs"]
    (collision,) = [d for d in ack_report["diagnostics"] if d["code"] == "SG410"]
    assert collision["location"]["file"].endswith("ChatAckTypes.ts")
    assert collision["location"]["line"] == 1
    assert "ChatSendTypes.ts" in collision["message"]


def test_a_carried_type_with_errors_is_located_in_the_typescript_file(
    tmp_path: Path, write_spec: SpecWriter, run_cli: RunCli
) -> None:
    src = _codebase(tmp_path)
    _second_command(src, "export interface Ack {\n  id: string;\n  toString: string;\n}\n")
    ack = write_spec(
        "chat-ack.json",
        {"name": "chat/ack", "description": "x", "results": [{"name": "a", "type": "Ack"}]},
    )
    run = run_cli("migrate", str(ack), "--from", str(src), "--format", "json")
    assert run.exit_code == 2
    (spec,) = json.loads(run.stdout)["specs"]
    assert spec["outcome"] == "failed"
    error = next(d for d in spec["diagnostics"] if d["severity"] == "error")
    assert error["code"] == "SG303"
    assert error["location"]["file"].endswith("ChatAckTypes.ts")
    assert error["location"]["jsonPath"] == "$.types.Ack.fields.toString"
    assert (error["location"]["line"], error["location"]["column"]) == (1, 18)


def test_external_types_are_written_and_validate(
    tmp_path: Path, write_spec: SpecWriter, run_cli: RunCli
) -> None:
    src = _codebase(tmp_path)
    (tmp_path / "specgen.toml").write_text('spec_dirs = ["out"]\nout_dir = "gen"\n')
    v1 = write_spec(
        "chat-send.json",
        {
            "name": "chat/send",
            "description": "Send",
            "environments": ["server", "browser"],  # full-stack: Rust-backed
            "params": [{"name": "roomId", "type": "UUID"}],
            "results": [{"name": "message", "type": "ChatMessage", "optional": True}],
        },
    )
    out = tmp_path / "out"
    run = run_cli("migrate", str(v1), "--out", str(out), "--from", str(src), "--format", "json")
    assert run.exit_code == 0, run.stdout
    data = json.loads((out / "chat-send.json").read_text())
    assert data["adapter"] == "full-stack"
    assert data["types"]["UUID"]["external"] == {
        # relative to the TypeScript root, gen/ts, as generated files import it
        "typescript": {"module": "../../src/system/core/types/CrossPlatformUUID"},
        "rust": {"wire": "string"},
    }
    assert data["types"]["ChatMessage"]["external"] == {
        "typescript": {"module": "@system/data/entities/ChatMessage"},
        "rust": {"wire": "Record<string, unknown>"},  # a Rust-backed spec needs a Rust side
    }
    (spec,) = json.loads(run.stdout)["specs"]
    assert spec["notes"]["SG408"] == 2
    validate = run_cli("validate", str(out), "--format", "json")
    assert validate.exit_code == 0, validate.stdout
    assert json.loads(validate.stdout)["counts"]["error"] == 0


def test_names_the_config_declares_are_not_looked_up(
    tmp_path: Path, write_spec: SpecWriter, run_cli: RunCli
) -> None:
    src = _codebase(tmp_path)
    (tmp_path / "specgen.toml").write_text(
        'spec_dirs = ["out"]\n\n[external_types.UUID]\n'
        'typescript = { module = "@system/core/types/CrossPlatformUUID" }\n'
        'rust = { path = "uuid::Uuid" }\n'
    )
    v1 = write_spec(
        "chat-send.json",
        {"name": "chat/send", "description": "x", "params": [{"name": "id", "type": "UUID"}]},
    )
    out = tmp_path / "out"
    run = run_cli("migrate", str(v1), "--out", str(out), "--from", str(src), "--format", "json")
    assert run.exit_code == 0, run.stdout
    assert "types" not in json.loads((out / "chat-send.json").read_text())
    (spec,) = json.loads(run.stdout)["specs"]
    assert spec["notes"] == {}
    assert run_cli("validate", str(out)).exit_code == 0


ALIASED_TYPES_FILE = """\
import type { UUID } from '@core/types/CrossPlatformUUID';
import type { ChatMessage } from '@data/entities/ChatMessage';

export interface ChatSendParams { roomId: UUID; message: ChatMessage }
"""


def test_aliases_resolve_through_the_tsconfig_above_the_tree(
    tmp_path: Path, write_spec: SpecWriter, run_cli: RunCli
) -> None:
    # the aliases do not mirror the folders: @core/* is src/system/core/*
    (tmp_path / "tsconfig.json").write_text(
        '{\n  // as the project writes it\n  "compilerOptions": {"baseUrl": ".", "paths": {\n'
        '    "@core/*": ["src/system/core/*"], "@data/*": ["src/system/data/*"],\n  }},\n}\n'
    )
    src = _codebase(tmp_path)
    types_file = src / "commands" / "chat" / "send" / "shared" / "ChatSendTypes.ts"
    types_file.write_text(ALIASED_TYPES_FILE)
    (tmp_path / "specgen.toml").write_text('spec_dirs = ["out"]\nout_dir = "gen"\n')
    v1 = write_spec(  # chat/ack has no Types file: the names are found through chat/send's imports
        "chat-ack.json",
        {
            "name": "chat/ack",
            "description": "Acknowledge",
            "environments": ["server", "browser"],
            "params": [{"name": "roomId", "type": "UUID"}],
            "results": [{"name": "message", "type": "ChatMessage"}],
        },
    )
    out = tmp_path / "out"
    run = run_cli("migrate", str(v1), "--out", str(out), "--from", str(src), "--format", "json")
    assert run.exit_code == 0, run.stdout
    types = json.loads((out / "chat-ack.json").read_text())["types"]
    assert types["UUID"] == {
        "description": "A UUID string.",
        "external": {
            "typescript": {"module": "@core/types/CrossPlatformUUID"},
            "rust": {"wire": "string"},  # read off the declaration the alias leads to
        },
    }
    assert types["ChatMessage"]["external"]["rust"] == {"wire": "Record<string, unknown>"}
    assert run_cli("validate", str(out)).exit_code == 0


def test_without_a_tsconfig_an_alias_is_read_below_the_tree(tmp_path: Path) -> None:
    src = _codebase(tmp_path)
    index = index_codebase(src)
    assert index.tsconfig is None
    found = TypeFinder(index).resolve("nowhere/else", ["ChatMessage"])["ChatMessage"]
    assert found is not None
    assert found.is_object  # @system/data/entities/ChatMessage is src/system/data/...


def test_a_broken_tsconfig_is_a_located_warning(
    tmp_path: Path, write_spec: SpecWriter, run_cli: RunCli
) -> None:
    (tmp_path / "tsconfig.json").write_text(
        '{\n  "compilerOptions": {"baseUrl": "." "paths": {}}\n}\n'  # a comma missing
    )
    src = _codebase(tmp_path)
    v1 = write_spec(
        "chat-send.json",
        {"name": "chat/send", "description": "x", "params": [{"name": "id", "type": "UUID"}]},
    )
    out = tmp_path / "out"
    run = run_cli("migrate", str(v1), "--out", str(out), "--from", str(src), "--format", "json")
    assert run.exit_code == 0, run.stdout  # a warning: the rest of the tree is still read
    (spec,) = json.loads(run.stdout)["specs"]
    (problem,) = [d for d in spec["diagnostics"] if d["code"] == "SG540"]
    assert problem["severity"] == "warning"
    assert problem["location"]["file"].endswith("tsconfig.json")
    assert (problem["location"]["line"], problem["location"]["column"]) == (2, 38)
