"""Resolved import lines: module paths per file, renames, layout, and the no-map default."""

from __future__ import annotations

from specgen.external import RuntimeBinding
from specgen.renderers.ts_imports import Imported, RuntimeImports, import_block, module_specifier

TYPES_FILE = "ts/commands/chat/send/shared/ChatSendTypes.ts"


def test_aliases_and_packages_are_used_verbatim() -> None:
    assert (
        module_specifier("@system/core/types/UUID", TYPES_FILE, "ts") == "@system/core/types/UUID"
    )
    assert module_specifier("uuid", TYPES_FILE, "ts") == "uuid"


def test_relative_modules_are_rewritten_for_each_file() -> None:
    assert module_specifier("./core/UUID", TYPES_FILE, "ts") == "../../../../core/UUID"
    assert module_specifier("./core/UUID", "ts/Index.ts", "ts") == "./core/UUID"
    assert module_specifier("../../lib/UUID", TYPES_FILE, "ts") == "../../../../../../lib/UUID"
    binding = "ts/bindings/chat/send/ChatSendParams.ts"
    assert module_specifier("./core/UUID", binding, "ts") == "../../../core/UUID"


def test_without_a_map_the_lines_are_the_ones_templates_always_wrote() -> None:
    imports = RuntimeImports.of("@specgen/runtime", (), "ts")
    keys = ("context", "error", "command_input", "command_params", "command_result", "session_id")
    assert imports.block(
        TYPES_FILE, (*keys, "commands", "create_payload", "transform_payload"), "split"
    ) == (
        "import type {\n"
        "  CommandContext,\n"
        "  CommandError,\n"
        "  CommandInput,\n"
        "  CommandParams,\n"
        "  CommandResult,\n"
        "  SessionId,\n"
        "} from '@specgen/runtime';\n"
        "import { Commands, createPayload, transformPayload } from '@specgen/runtime';"
    )
    scaffold = ("command_base", "ipc_client", "context", "commander")
    assert imports.block(TYPES_FILE, scaffold, "inline") == (
        "import { CommandBase, IpcClient, type CommandContext, type Commander } "
        "from '@specgen/runtime';"
    )
    # The default module keeps its layout even when long.
    long = RuntimeImports.of("@a-very-long-organisation/specgen-runtime-package", (), "ts")
    assert "\n" not in long.block(TYPES_FILE, scaffold, "inline")


def test_mapped_names_are_grouped_per_module_and_renamed() -> None:
    bindings = (
        RuntimeBinding("context", "@system/core/types/JTAGTypes", "JTAGContext"),
        RuntimeBinding("command_params", "@system/core/types/JTAGTypes", "CommandParams"),
        RuntimeBinding("command_base", "./daemons/CommandBase", "CommandBase"),
    )
    imports = RuntimeImports.of("@specgen/runtime", bindings, "ts")
    keys = ("command_base", "context", "command_params", "commander")
    assert imports.block(TYPES_FILE, keys, "inline").splitlines() == [
        "import { CommandBase } from '../../../../daemons/CommandBase';",
        "import type { Commander } from '@specgen/runtime';",
        (
            "import type { CommandParams, JTAGContext as CommandContext } "
            "from '@system/core/types/JTAGTypes';"
        ),
    ]


def test_long_imports_from_configured_modules_wrap() -> None:
    names = [
        Imported("JTAGFailure", "CommandFailure", type_only=False),
        Imported("createJTAGError", "commandError", type_only=False),
    ]
    module = "@system/core/types/ErrorTypes"
    assert import_block({module: names}, "inline") == (
        "import {\n  JTAGFailure as CommandFailure,\n  createJTAGError as commandError,\n"
        "} from '@system/core/types/ErrorTypes';"
    )
    assert "\n" not in import_block({module: names}, "inline", fixed=(module,))


def test_remembered_lines_follow_the_folder_of_each_file() -> None:
    # A block is remembered per folder: a file one level deeper gets its own relative path,
    # a sibling file the same lines, and names added with `also` are never taken from memory.
    bindings = (RuntimeBinding("command_base", "./daemons/CommandBase", "CommandBase"),)
    imports = RuntimeImports.of("@specgen/runtime", bindings, "ts")
    keys = ("command_base",)
    here = imports.block("ts/commands/a/shared/ATypes.ts", keys, "split")
    assert here == "import { CommandBase } from '../../../daemons/CommandBase';"
    assert imports.block("ts/commands/a/shared/BTypes.ts", keys, "split") == here
    deeper = imports.block("ts/commands/a/b/shared/CTypes.ts", keys, "split")
    assert deeper == "import { CommandBase } from '../../../../daemons/CommandBase';"
    also = {"@ext/uuid": [Imported("UUID", "UUID", type_only=True)]}
    with_also = imports.block("ts/commands/a/shared/ATypes.ts", keys, "split", also)
    assert with_also.splitlines() == [
        "import { CommandBase } from '../../../daemons/CommandBase';",
        "import type { UUID } from '@ext/uuid';",
    ]
    assert imports.block("ts/commands/a/shared/ATypes.ts", keys, "split") == here
    packaged = ("context",)  # from runtime_import: the same line in every folder
    assert imports.block("ts/commands/a/shared/ATypes.ts", packaged, "split") == (
        "import type { CommandContext } from '@specgen/runtime';"
    )
    assert imports.block("ts/x/y/z/shared/DTypes.ts", packaged, "split") == (
        "import type { CommandContext } from '@specgen/runtime';"
    )
