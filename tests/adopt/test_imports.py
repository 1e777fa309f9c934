"""Where the names adopt adds are imported from: the file, the tree, the config, or an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from adopt_support import Style, bare_types, conforming_types, plan, project, write_command
from specgen.adopt.run import apply_plans

CORE = "../../../../core/types/JTAGTypes"
"""JTAGTypes as a command three levels deep (commands/<g>/<v>/shared) imports it relatively."""


def _continuum_types(command: str, module: str, commands_module: str) -> str:
    """A conforming Types file with Continuum's names (JTAGContext, UUID) from ``module``."""
    text = conforming_types(command)
    head, _, rest = text.partition("} from '@specgen/runtime';\n")
    rest = rest.replace(
        "import { Commands, createPayload, transformPayload } from '@specgen/runtime';\n",
        f"import {{ createPayload, transformPayload }} from '{module}';\n"
        f"import {{ Commands }} from '{commands_module}';\n"
        "import type { UUID } from '@system/core/types/CrossPlatformUUID';\n",
    )
    head = head.replace("  CommandContext,\n", "  JTAGContext,\n").replace("  SessionId,\n", "")
    rest = rest.replace("context: CommandContext", "context: JTAGContext")
    rest = rest.replace("sessionId: SessionId", "sessionId: UUID")
    return f"{head}}} from '{module}';\n{rest}"


def test_names_come_from_what_the_tree_imports_and_its_factories_use(tmp_path: Path) -> None:
    commands = project(tmp_path)
    write_command(
        commands,
        "gpu/reset",
        _continuum_types(
            "gpu/reset", "@system/core/types/JTAGTypes", "@system/core/shared/Commands"
        ),
    )
    bare = bare_types("gpu/stats", Style(), runtime="@system/core/types/JTAGTypes")
    path = write_command(commands, "gpu/stats", bare)
    apply_plans(plan(commands))
    new = path.read_text()
    assert (
        "import type { CommandParams, CommandResult, JTAGContext, CommandInput } "
        "from '@system/core/types/JTAGTypes';\n"
        "import { Commands } from '@system/core/shared/Commands';\n"
        "import type { UUID } from '@system/core/types/CrossPlatformUUID';\n"
        "import { createPayload, transformPayload } from '@system/core/types/JTAGTypes';\n"
    ) in new
    assert "  context: JTAGContext,\n  sessionId: UUID,\n" in new


def test_a_relative_import_is_rewritten_for_the_file_and_preferred_by_relative_files(
    tmp_path: Path,
) -> None:
    commands = project(tmp_path)
    # Two tree files: one imports the core by alias, one (three levels deep) relatively.
    write_command(
        commands,
        "gpu/reset",
        _continuum_types(
            "gpu/reset", "@system/core/types/JTAGTypes", "@system/core/shared/Commands"
        ),
    )
    write_command(
        commands,
        "gpu/release",
        _continuum_types("gpu/release", CORE, "../../../../core/shared/Commands"),
    )
    # A relative-style file four levels deep, and an alias-style file.
    relative = write_command(
        commands,
        "ai/model/list",
        bare_types("ai/model/list", Style(), runtime="../../../../../core/types/JTAGTypes"),
    )
    alias = write_command(
        commands,
        "gpu/stats",
        bare_types("gpu/stats", Style(), runtime="@system/core/types/JTAGTypes"),
    )
    apply_plans(plan(commands))
    rel_text = relative.read_text()
    assert "import { Commands } from '../../../../../core/shared/Commands';" in rel_text
    assert "from '../../../../../core/types/JTAGTypes';" in rel_text
    assert "@system" not in rel_text.replace("@system/core/types/CrossPlatformUUID", "")
    alias_text = alias.read_text()
    assert "import { Commands } from '@system/core/shared/Commands';" in alias_text
    assert "../" not in alias_text


def test_the_config_runtime_map_is_used_when_the_tree_says_nothing(tmp_path: Path) -> None:
    commands = project(
        tmp_path,
        "[typescript.runtime]\n"
        'context = { module = "@system/core/types/JTAGTypes", name = "JTAGContext" }\n'
        'session_id = "@system/core/types/CrossPlatformUUID#UUID"\n'
        'command_input = { module = "@system/core/types/JTAGTypes" }\n'
        'commands = "@system/core/shared/Registry#Registry"\n'
        'create_payload = { module = "@system/core/types/JTAGTypes" }\n'
        'transform_payload = { module = "./core/payload" }\n',
    )
    path = write_command(
        commands,
        "gpu/stats",
        bare_types("gpu/stats", Style(), runtime="@system/core/types/JTAGTypes"),
    )
    run = plan(commands)
    assert not run.errors, run.errors
    apply_plans(run)
    new = path.read_text()
    assert (
        "import type { CommandParams, CommandResult, JTAGContext, CommandInput } "
        "from '@system/core/types/JTAGTypes';"
    ) in new
    assert "import { Registry as Commands } from '@system/core/shared/Registry';" in new
    assert "import type { UUID } from '@system/core/types/CrossPlatformUUID';" in new
    # ./ is relative to the TypeScript root (out_dir/ts), rewritten for the file.
    assert "import { transformPayload } from '../../../../generated/ts/core/payload';" in new
    assert "  context: JTAGContext,\n  sessionId: UUID,\n" in new


def test_an_explicit_runtime_import_is_the_default_module(tmp_path: Path) -> None:
    commands = project(tmp_path, '[typescript]\nruntime_import = "@acme/runtime"\n')
    path = write_command(
        commands, "gpu/stats", bare_types("gpu/stats", Style(), runtime="@acme/runtime")
    )
    apply_plans(plan(commands))
    assert (
        "import { createPayload, transformPayload, Commands } from '@acme/runtime';"
        in path.read_text()
    )


def test_a_name_nothing_resolves_is_a_located_error_and_the_file_is_untouched(
    tmp_path: Path,
) -> None:
    commands = project(tmp_path)
    path = write_command(commands, "gpu/stats", bare_types("gpu/stats", Style()))
    before = path.read_bytes()
    run = plan(commands)
    assert run.edit_count == 0
    codes = {(d.code, d.location.line) for d in run.errors}
    assert ("SG521", 7) in codes  # the first statement: where imports go
    messages = " ".join(d.message + " " + d.hint for d in run.errors)
    assert "'CommandInput'" in messages
    assert "[typescript.runtime]" in messages
    assert "command_input = { module" in messages
    apply_plans(run)
    assert path.read_bytes() == before


def test_a_value_imported_type_only_is_an_error(tmp_path: Path) -> None:
    commands = project(tmp_path)
    write_command(commands, "gpu/reset", conforming_types("gpu/reset"))
    text = bare_types("gpu/stats", Style()).replace(
        "import type { CommandParams, CommandResult } from '@specgen/runtime';",
        "import type { CommandParams, CommandResult, Commands } from '@specgen/runtime';",
    )
    path = write_command(commands, "gpu/stats", text)
    run = plan(commands)
    (error,) = run.errors
    assert error.code == "SG521"
    assert "import type" in error.message
    assert (error.location.line, error.location.column) == (7, 45)
    assert path.read_text() == text


@pytest.mark.parametrize(
    ("comma", "expected"),
    [
        (",", "  CommandResult, // the base\n  CommandContext,\n"),
        ("", "  CommandInput,\n  CommandResult // the base\n}"),
    ],
)
def test_a_comment_ending_the_last_name_stays_with_that_name(
    tmp_path: Path, comma: str, expected: str
) -> None:
    commands = project(tmp_path, '[typescript]\nruntime_import = "@acme/runtime"\n')
    bare = bare_types("gpu/stats", Style(), runtime="@acme/runtime").replace(
        "import type { CommandParams, CommandResult } from '@acme/runtime';",
        "import type {\n  CommandParams,\n"
        f"  CommandResult{comma} // the base\n}} from '@acme/runtime';",
    )
    path = write_command(commands, "gpu/stats", bare)
    apply_plans(plan(commands))
    assert expected in path.read_text()
    assert not plan(commands).edited
