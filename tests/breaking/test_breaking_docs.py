"""docs/breaking.md lists every rule id with its class and TypeScript effect, and nothing else.

Rule ids are published names; this keeps the page and the catalogue from drifting apart.
"""

from __future__ import annotations

import re
from pathlib import Path

from specgen.breaking import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "breaking.md"
ROW = re.compile(
    r"^\| `(?P<id>[A-Z_]+)` \| (?P<class>WIRE|SOURCE) \| (?P<ts>yes|no) \|", re.MULTILINE
)


def test_every_rule_has_one_row_with_its_class_and_typescript_effect() -> None:
    rows = {m["id"]: (m["class"], m["ts"] == "yes") for m in ROW.finditer(DOC.read_text())}
    assert rows == {r.id: (r.rule_class.value, r.breaks_ts) for r in RULES}


def test_rule_ids_are_upper_snake_and_prefixed_by_their_class() -> None:
    for rule in RULES:
        assert re.fullmatch(r"[A-Z]+(_[A-Z0-9]+)+|DEPRECATED", rule.id)
        if rule.id != "DEPRECATED":
            assert rule.id.startswith(rule.rule_class.value + "_")


def test_the_pre_commit_hook_runs_breaking_against_head() -> None:
    text = (DOC.parents[1] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    blocks = text.split("\n- id: ")
    (block,) = [b for b in blocks if b.startswith("specgen-breaking\n")]
    entries = dict(line.strip().split(": ", 1) for line in block.splitlines()[1:] if ": " in line)
    assert entries["entry"] == "specgen breaking"
    assert entries["args"] == '["--against", "HEAD"]'
    assert entries["language"] == "system"  # the installed specgen: nothing to build
    assert entries["pass_filenames"] == "false"  # noqa: S105  # a YAML flag, not a password
    assert entries["always_run"] == "true"  # a config change can break as much as a spec
