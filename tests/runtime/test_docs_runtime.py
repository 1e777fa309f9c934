"""docs/runtime.md: every python example runs, in order, in one namespace."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).parent.parent.parent / "docs" / "runtime.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_runtime_doc_has_examples() -> None:
    assert len(BLOCK.findall(DOC.read_text(encoding="utf-8"))) >= 6


def test_runtime_doc_examples_run() -> None:
    namespace: dict[str, object] = {"__name__": "runtime_doc"}
    for index, block in enumerate(BLOCK.findall(DOC.read_text(encoding="utf-8"))):
        code = compile(block, f"{DOC}:block{index}", "exec")
        exec(code, namespace)  # noqa: S102 - the documentation's own examples
