"""The standalone hook (build-hooks/enforce) reads specgen.toml as specgen does.

The hook must not import specgen, so it keeps its own small reader. The same configs,
good and bad, go to both: an unreadable one is refused by both, and every other one
names the same commands folder, spec folders and execute object.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from specgen.codebase.settings import load_settings
from specgen.diagnostics import has_errors

HOOK_SRC = Path(__file__).resolve().parents[2] / "build-hooks" / "enforce" / "src"

CONFIGS = {
    "good": ("specgen.toml", b'spec_dirs = ["specs"]\n[migration]\ncommands_dir = "src/cmd"\n'),
    "pyproject": (
        "pyproject.toml",
        b'[tool.specgen]\nspec_dirs = ["s"]\n[tool.specgen.migration]\nexecute_object = "Run"\n',
    ),
    "bad toml": ("specgen.toml", b"spec_dirs = [\n"),
    "not utf-8": ("specgen.toml", b'spec_dirs = ["\xff"]\n'),
    "migration not a table": ("specgen.toml", b'migration = "src"\n'),
    "commands_dir a number": ("specgen.toml", b"[migration]\ncommands_dir = 3\n"),
    "commands_dir empty": ("specgen.toml", b'[migration]\ncommands_dir = ""\n'),
    "execute_object a number": ("specgen.toml", b"[migration]\nexecute_object = 5\n"),
    "spec_dirs a string": ("specgen.toml", b'spec_dirs = "specs"\n'),
    "empty": ("specgen.toml", b""),
}


@pytest.fixture
def hook_settings() -> Iterator[ModuleType]:
    sys.path.insert(0, str(HOOK_SRC))
    try:
        yield importlib.import_module("specgen_enforce.settings")
    finally:
        sys.path.remove(str(HOOK_SRC))
        for name in [m for m in sys.modules if m.startswith("specgen_enforce")]:
            del sys.modules[name]


@pytest.mark.parametrize("case", sorted(CONFIGS))
def test_the_hook_and_specgen_agree_on_a_config(
    case: str, tmp_path: Path, hook_settings: ModuleType
) -> None:
    name, content = CONFIGS[case]
    (tmp_path / name).write_bytes(content)
    ours, diags = load_settings(tmp_path)
    try:
        theirs = hook_settings.load_settings(tmp_path)
    except hook_settings.ConfigError:
        assert has_errors(diags), f"{case}: the hook refuses it, specgen does not"
        return
    assert theirs.root == ours.config.root
    assert theirs.commands_dir == ours.commands_dir
    assert theirs.spec_dirs == ours.spec_dirs
    assert theirs.execute_object == ours.execute_object
