"""A code base with its own runtime and core types: generated code plugs into it and compiles.

The runtime-map fixture maps every runtime name to its own modules (path aliases,
renamed types) and declares external types in its config and specs. Its specs go
through every built-in adapter; the Rust compiles (clippy -D warnings, cargo test,
ts-rs export) with external types by path and by wire representation, and the whole
TypeScript tree compiles with the project's own tsconfig (tsc --strict).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compile_support import RUNTIME_TS, ensure_typescript, run, rust_check
from specgen.adapters import BUILTIN
from specgen.config import load_config
from specgen.generate.pipeline import run_generation

pytestmark = pytest.mark.long_running(seconds=70)

FIXTURE = Path(__file__).parent.parent / "fixtures" / "runtime-map"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixture with its code generated (and its own node_modules)."""
    root = tmp_path_factory.mktemp("runtime-map") / "project"
    shutil.copytree(FIXTURE, root)
    ensure_typescript()
    (root / "node_modules").symlink_to(RUNTIME_TS / "node_modules", target_is_directory=True)
    config, diags = load_config(root)
    assert diags == []
    assert config.out_dir is not None
    result = run_generation(config.spec_dirs, config, config.out_dir)
    assert result.ok, result.diagnostics
    assert {c.adapter for c in result.commands} == {a.name for a in BUILTIN}
    return root


@pytest.fixture(scope="module")
def rust_output(project: Path) -> str:
    """clippy and cargo test over the generated Rust (exports the ts-rs bindings)."""
    return rust_check(project / "src" / "generated", crate_dir=project.parent / "check_crate")


def _read(project: Path, path: str) -> str:
    return (project / "src" / "generated" / path).read_text(encoding="utf-8")


def test_rust_with_external_paths_and_wires_compiles(rust_output: str) -> None:
    assert "test result: ok" in rust_output
    assert "1 ignored" in rust_output  # the scaffold test that needs a PressureLevel sample


def test_typescript_compiles_with_the_projects_own_tsconfig(
    project: Path, rust_output: str
) -> None:
    del rust_output  # the ts-rs bindings must exist first
    node = shutil.which("node")
    assert node is not None
    tsc = RUNTIME_TS / "node_modules" / "typescript" / "bin" / "tsc"
    run([node, str(tsc), "-p", str(project / "tsconfig.json")], project)


def test_bindings_name_the_external_typescript_types(project: Path, rust_output: str) -> None:
    del rust_output
    bindings = project / "src" / "generated" / "ts" / "bindings"
    params = (bindings / "system" / "pressure" / "set" / "SystemPressureSetParams.ts").read_text()
    assert "level: import('@system/core/types/Pressure').PressureLevel" in params
    assert "peers?: import('@system/core/types/Network').IpAddress[]" in params
    page = (bindings / "data" / "list" / "DataPage.ts").read_text()
    assert "items: import('../../../../../system/data/entities/ChatMessage')" in page


def test_types_files_import_the_projects_names(project: Path) -> None:
    types = _read(project, "ts/commands/chat/send/shared/ChatSendTypes.ts")
    assert "import { Commands } from '@system/core/shared/Commands';" in types
    error_line = "import type { JTAGError as CommandError } from '@system/core/types/ErrorTypes';"
    assert error_line in types
    assert "JTAGContext as CommandContext" in types
    assert "'@specgen/runtime'" not in types
    # ../ relative to the TypeScript root, rewritten for this file; renamed on import.
    assert (
        "import type {\n  ChatMessageEntity as ChatMessage,\n"
        "} from '../../../../../../system/data/entities/ChatMessage';" in types
    )
    # One import per module: the external UUID and the runtime's session id type.
    uuid_line = (
        "import type { UUID, UUID as SessionId } from '@system/core/types/CrossPlatformUUID';"
    )
    assert uuid_line in types
    scaffold = _read(project, "ts/commands/ui/theme/get/browser/UiThemeGetBrowserCommand.ts")
    assert (
        "import {\n  JTAGFailure as CommandFailure,\n  createJTAGError as commandError,\n"
        "} from '@system/core/types/ErrorTypes';" in scaffold
    )


def test_rust_uses_paths_and_imports(project: Path) -> None:
    wire = _read(project, "rust/system_pressure_set/wire.rs")
    assert "use managed_service::PressureLevel;\nuse std::net::IpAddr;\n" in wire
    assert "#[allow(unused_imports)]\nuse managed_service::HealthStatus;" in wire
    assert "pub owner: String," in wire  # UUID: a wire representation
    assert "pub peers: Option<Vec<IpAddr>>," in wire
