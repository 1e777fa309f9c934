"""`specgen demo` runs the incident under the runtime, prints a timeline, draws a PNG."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from specgen.demo import runtime_demo
from support import RunCli

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_runtime_demo_prints_a_timeline_with_the_denial() -> None:
    buffer = io.StringIO()
    summary = runtime_demo(Console(file=buffer, width=200))
    text = buffer.getvalue()
    assert summary["deniedAt"] == 7
    assert summary["loaded"] == 7
    assert "adapter  8  denied" in text
    assert "level=critical" in text
    assert "system:gate:denied" in text
    assert "the gate denied adapter 8 before allocating" in text


def test_demo_plot_is_a_real_png(run_cli: RunCli, tmp_path: Path) -> None:
    image = pytest.importorskip("matplotlib.image")
    png = tmp_path / "incident.png"
    run = run_cli("demo", "--out", str(tmp_path / "demo"), "--plot", str(png))
    assert run.exit_code == 0, run.stderr
    assert "plot written to" in run.stdout
    data = png.read_bytes()
    assert data.startswith(PNG_MAGIC)
    pixels = image.imread(str(png))
    height, width = pixels.shape[:2]
    assert width >= 600
    assert height >= 400
    # Not a blank canvas: the figure has drawn content in many colours.
    assert len({tuple(row) for row in pixels.reshape(-1, pixels.shape[2])[::97]}) > 10


def test_demo_json_reports_the_runtime_part(run_cli: RunCli, tmp_path: Path) -> None:
    run = run_cli("demo", "--format", "json", "--out", str(tmp_path / "demo"))
    data = json.loads(run.stdout)
    assert data["runtime"]["deniedAt"] == 7
    assert data["runtime"]["gatedGrowthMiB"] <= data["runtime"]["budgetMiB"] + 16
