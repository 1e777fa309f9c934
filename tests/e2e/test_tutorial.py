"""docs/tutorial.md, scripted: add a Rust-backed command with one spec and one logic edit.

The steps are the tutorial's, in its order; the only hand-made change is the handler body.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from e2e_support import build_client, copy_example, node_client, run, running_host, specgen

pytestmark = pytest.mark.long_running(seconds=16)

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "tutorial.md"

SCAFFOLD_BODY = """        let _ = params;
        Err(CommandError::not_implemented(COMMAND))
"""
LOGIC = """        Ok(SystemEchoResult {
            message: params.message,
        })
"""


def test_the_tutorial_commands_are_the_ones_scripted_here() -> None:
    text = TUTORIAL.read_text()
    for step in (
        "specgen new system/echo --adapter rust-ipc",
        "specgen generate",
        "cargo build",
        "cargo test export_bindings",
        "npx tsc -p .",
        "node dist/src/main.js call system/echo",
        "Ok(SystemEchoResult {",
        "message: params.message,",
    ):
        assert step in text, step


def test_a_new_rust_backed_command_from_spec_to_typescript_call(tmp_path: Path) -> None:
    project = copy_example("gpu-stats", tmp_path)

    created = specgen("new", "system/echo", "--adapter", "rust-ipc", cwd=project)
    service = project / "src" / "services" / "system_echo.rs"
    assert "system_echo.rs" in created.stdout
    assert (project / "specs" / "system-echo.json").is_file()

    # The one logic edit: the handler answers with the message it was given.
    source = service.read_text()
    assert source.count(SCAFFOLD_BODY) == 1
    service.write_text(source.replace(SCAFFOLD_BODY, LOGIC))

    specgen("generate", cwd=project)
    run(["cargo", "build"], project)
    build_client(project)

    with running_host("gpu-stats-host") as host:
        done = node_client(project, host.socket, "call", "system/echo", '{"message": "hello"}')
        stats = node_client(project, host.socket, "stats")
        code, stderr = host.stop()
    answer = json.loads(done.stdout)
    assert answer["success"] is True
    assert answer["message"] == "hello"
    assert json.loads(stats.stdout)["success"] is True  # the existing command still works
    assert code == 0, stderr
