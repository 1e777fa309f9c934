"""The Python versions nox runs on come from pyproject.toml; they must agree with each other."""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10 reads TOML with tomli
    import tomli as tomllib

ROOT = Path(__file__).parent.parent


def test_classifier_versions_start_at_requires_python_and_have_no_gap() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floor = re.fullmatch(r">=3\.(\d+)", project["requires-python"])
    assert floor, "requires-python is a plain lower bound"
    minors = sorted(
        int(c.rsplit(".", 1)[1])
        for c in project["classifiers"]
        if c.startswith("Programming Language :: Python :: 3.")
    )
    assert minors, "the classifiers list the supported Python versions (nox reads them)"
    assert minors == list(range(int(floor.group(1)), minors[-1] + 1))
