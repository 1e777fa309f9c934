"""After adopt, the edited files pass ``tsc --strict``, in every file style."""

from __future__ import annotations

from pathlib import Path

import pytest

from adopt_support import STYLES, bare_types, conforming_types, plan, project, write_command
from compile_support import tsc_check
from specgen.adopt.run import apply_plans

pytestmark = pytest.mark.long_running(seconds=5)

COMMANDS = ["gpu/stats", "ai/model/list", "sentinel/extend-budget", "chat/send", "data/read"]


def test_every_style_variant_compiles_strict_after_adopt(tmp_path: Path) -> None:
    commands = project(tmp_path)
    write_command(commands, "gpu/reset", conforming_types("gpu/reset"))
    paths = []
    for command, style in zip(COMMANDS, STYLES, strict=True):
        paths.append(write_command(commands, command, bare_types(command, style)))
    # A caller: the accessors and factories are typed, not just present.
    (tmp_path / "caller.ts").write_text(
        "import { GpuStats, createGpuStatsResultFromParams, createGpuStatsParams } from "
        "'./commands/gpu/stats/shared/GpuStatsTypes';\n"
        "import type { GpuStatsResult } from './commands/gpu/stats/shared/GpuStatsTypes';\n"
        "export async function call(): Promise<GpuStatsResult> {\n"
        "  const context = { environment: 'server' } as const;\n"
        "  const params = createGpuStatsParams(context, 'id', { subsystem: 'tts' });\n"
        "  const made = createGpuStatsResultFromParams(params, {\n"
        "    success: true, gpuName: 'x', nested: { inner: 1 },\n"
        "  });\n"
        "  void made;\n"
        "  return GpuStats.execute({ subsystem: 'inference' });\n"
        "}\n",
        encoding="utf-8",
    )
    run = plan(commands)
    assert not run.errors
    assert len(run.edited) == len(COMMANDS)
    apply_plans(run)
    tsc_check(tmp_path)
    assert plan(commands).edit_count == 0
