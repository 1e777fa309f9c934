"""Golden tree of the runtime-map fixture: external types and the runtime map, file for file.

A missing, extra or changed file fails. With UPDATE_GOLDENS=1 the golden tree is
rewritten and the test still fails, so the change is reviewed as a diff.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from specgen.config import load_config
from specgen.generate.fingerprint import CACHE_NAME
from specgen.generate.pipeline import run_generation

FIXTURE = Path(__file__).parent.parent / "fixtures" / "runtime-map"
GOLDEN = Path(__file__).parent.parent / "goldens" / "runtime-map"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != CACHE_NAME
    }


def test_runtime_map_fixture_matches_golden_tree(tmp_path: Path) -> None:
    config, diags = load_config(FIXTURE)
    assert diags == []
    result = run_generation(config.spec_dirs, config, tmp_path / "out")
    assert result.ok, result.diagnostics
    actual = _tree(tmp_path / "out")
    if os.environ.get("UPDATE_GOLDENS") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(tmp_path / "out", GOLDEN, ignore=shutil.ignore_patterns(CACHE_NAME))
        pytest.fail(f"golden tree rewritten in {GOLDEN}; review the diff and rerun")
    expected = _tree(GOLDEN)
    assert sorted(actual) == sorted(expected), "files differ: rerun with UPDATE_GOLDENS=1"
    for path, data in expected.items():
        if actual[path] != data:
            diff = difflib.unified_diff(
                data.decode().splitlines(keepends=True),
                actual[path].decode().splitlines(keepends=True),
                f"golden/{path}",
                f"actual/{path}",
            )
            pytest.fail(f"{path} differs from its golden file:\n{''.join(diff)}")
