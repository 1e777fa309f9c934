"""render_report: one plain line per change worth saying, then the notes."""

from __future__ import annotations

from pathlib import Path

from specgen.writer import (
    Action,
    FileChange,
    OutputFile,
    WriteMode,
    WriteOptions,
    WriteReport,
    render_report,
    write_outputs,
)

SPEC = "specs/gpu/stats.json"


def test_lines_for_each_action() -> None:
    report = WriteReport(
        changes=[
            FileChange("a.rs", Action.CREATE, "generated", SPEC),
            FileChange("b.rs", Action.UPDATE, "generated", SPEC),
            FileChange("c.rs", Action.UNCHANGED, "generated", SPEC),
            FileChange("d.rs", Action.REMOVE, "generated", SPEC, backup="d.rs.bak"),
            FileChange("e.rs", Action.KEEP_SCAFFOLD, "scaffold", SPEC),
            FileChange("f.rs", Action.KEEP_SCAFFOLD, "scaffold", SPEC, drift=True),
            FileChange("g.rs", Action.REPLACE_SCAFFOLD, "scaffold", SPEC),
            FileChange("h.rs", Action.ORPHAN_SCAFFOLD, "scaffold", SPEC),
        ],
        notes=["ignored corrupt manifest"],
    )
    assert render_report(report) == [
        "created a.rs",
        "updated b.rs",
        f"removed d.rs (its spec {SPEC} no longer produces it; old bytes kept in d.rs.bak)",
        (
            f"kept scaffold f.rs ({SPEC} changed its expected content; "
            "the compiler will tell you what to change)"
        ),
        "replaced scaffold g.rs (--force)",
        (
            f"kept scaffold h.rs whose spec is gone ({SPEC} no longer produces it; "
            "delete it if unused)"
        ),
        "note: ignored corrupt manifest",
    ]
    verbose = render_report(report, verbose=True)
    assert "unchanged c.rs" in verbose
    assert "kept scaffold e.rs" in verbose


def test_planning_modes_say_would(tmp_path: Path) -> None:
    files = [OutputFile("a.rs", b"a", "generated", SPEC)]
    for mode in (WriteMode.CHECK, WriteMode.DRY_RUN):
        report = write_outputs(tmp_path, files, WriteOptions(mode=mode))
        assert render_report(report) == ["would create a.rs"]
    assert render_report(write_outputs(tmp_path, files)) == ["created a.rs"]
    assert render_report(write_outputs(tmp_path, files)) == []
