"""docs/diagnostics.md documents every code, and each json example produces its code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from specgen.diagnostics import CODES
from specgen.validate import validate_paths

DOC = Path(__file__).parent.parent / "docs" / "diagnostics.md"
SECTION = re.compile(r"^## (SG\d{3}) — (.+)$", re.MULTILINE)


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    heads = list(SECTION.finditer(text))
    return {
        m.group(1): text[m.end() : heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        for i, m in enumerate(heads)
    }


def test_every_code_is_documented_and_nothing_else() -> None:
    assert sorted(_sections()) == sorted(CODES)


def test_titles_match_the_registry() -> None:
    text = DOC.read_text(encoding="utf-8")
    for match in SECTION.finditer(text):
        assert match.group(2) == CODES[match.group(1)].title


@pytest.mark.parametrize("code", sorted(CODES))
def test_section_has_an_example_and_a_fix(code: str) -> None:
    body = _sections()[code]
    assert "```" in body
    assert "Fix:" in body


@pytest.mark.parametrize(
    "code",
    [c for c, body in sorted(_sections().items()) if "```json" in body],
)
def test_json_example_produces_its_code(code: str, tmp_path: Path) -> None:
    blocks = re.findall(r"```json\n(.*?)```", _sections()[code], re.DOTALL)
    for index, block in enumerate(blocks):
        (tmp_path / f"spec{index}.json").write_text(block, encoding="utf-8")
    report = validate_paths([tmp_path])
    assert code in {d.code for d in report.diagnostics}, report.diagnostics
