"""An output folder that cannot be used fails the build with specgen's message, not a traceback.

The hook refuses it before generating, so these builds stop at once (no pip, no writing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hatch_support import SpecgenBuildError, build, copy_example

PACKAGE = "src/gpu_stats_client"
LOOP_MESSAGE = (
    r"specgen: the output folder .* cannot be resolved \(Too many levels of symbolic links\)"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def use_out_dir(root: Path, out_dir: str) -> None:
    """Point ``[tool.specgen] out_dir`` at ``out_dir``."""
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    configured = f'out_dir = "{PACKAGE}/generated"'
    assert configured in text
    pyproject.write_text(text.replace(configured, f'out_dir = "{out_dir}"'), "utf-8")


def test_an_out_dir_that_is_a_symlink_loop_fails_the_build(project: Path) -> None:
    out_dir = project / PACKAGE / "generated"
    out_dir.symlink_to("generated")
    with pytest.raises(SpecgenBuildError, match=LOOP_MESSAGE) as caught:
        build(project, "wheel", "standard")
    assert str(out_dir) in str(caught.value)
    assert out_dir.is_symlink()  # left as it was


def test_an_out_dir_below_a_symlink_loop_fails_the_build(project: Path) -> None:
    (project / PACKAGE / "a").symlink_to("b")
    (project / PACKAGE / "b").symlink_to("a")
    use_out_dir(project, f"{PACKAGE}/a/generated")
    with pytest.raises(SpecgenBuildError, match=LOOP_MESSAGE):
        build(project, "wheel", "standard")


def test_the_hooks_own_out_dir_through_a_symlink_loop_fails_the_build(project: Path) -> None:
    (project / "loop").symlink_to("loop")
    pyproject = project / "pyproject.toml"
    table = "[tool.hatch.build.hooks.specgen]\n"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace(table, f'{table}out-dir = "loop/generated"\n'), "utf-8")
    with pytest.raises(SpecgenBuildError, match=LOOP_MESSAGE):
        build(project, "sdist", "standard")
    assert not any((project / "dist").glob("*"))


def test_an_out_dir_that_is_a_file_fails_the_build(project: Path) -> None:
    (project / PACKAGE / "generated").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(SpecgenBuildError, match=r"the output folder .*generated is not a folder"):
        build(project, "wheel", "standard")
    assert (project / PACKAGE / "generated").read_text(encoding="utf-8") == "not a folder\n"
