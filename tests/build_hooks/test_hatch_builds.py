"""The hook inside hatchling's own builders (in process): wheel, sdist and editable."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

import pytest

from hatch_support import MARK, SpecgenBuildError, break_spec, build, copy_example

OUT = "src/gpu_stats_client/generated"
EXPECTED = {
    "rust/mod.rs",
    "rust/gpu_stats/mod.rs",
    "rust/gpu_stats/wire.rs",
    "ts/commands/gpu/stats/shared/GpuStatsTypes.ts",
    "ts/commands/gpu/stats/shared/GpuStatsIpcMixin.ts",
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def set_hook_options(root: Path, lines: str) -> None:
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    table = "[tool.hatch.build.hooks.specgen]\n"
    pyproject.write_text(text.replace(table, table + lines + "\n"), encoding="utf-8")


def test_a_wheel_ships_the_generated_files_inside_the_package(project: Path) -> None:
    wheel = build(project, "wheel", "standard")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        shipped = {
            n.removeprefix("gpu_stats_client/generated/")
            for n in names
            if n.startswith("gpu_stats_client/generated/")
        }
        assert shipped >= EXPECTED
        for name in EXPECTED:
            assert MARK in archive.read(f"gpu_stats_client/generated/{name}").decode()
    assert "gpu_stats_client/__init__.py" in names
    assert not [n for n in names if ".specgen-" in n]  # the writer's bookkeeping stays home
    assert (project / OUT / "rust" / "mod.rs").is_file()  # written in the project, like the CLI


def test_wheel_dir_puts_the_files_elsewhere_in_the_wheel(project: Path) -> None:
    set_hook_options(project, 'wheel-dir = "gpu_stats_client/specgen_out"')
    wheel = build(project, "wheel", "standard")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "gpu_stats_client/specgen_out/rust/mod.rs" in names
    assert not [n for n in names if n.startswith("gpu_stats_client/generated/")]


def test_a_second_build_generates_nothing_new_and_ships_the_same(project: Path) -> None:
    first = build(project, "wheel", "standard")
    with zipfile.ZipFile(first) as archive:
        before = sorted(archive.namelist())
    stamp = (project / OUT / "rust" / "mod.rs").stat().st_mtime_ns
    second = build(project, "wheel", "standard")
    with zipfile.ZipFile(second) as archive:
        assert sorted(archive.namelist()) == before
    assert (project / OUT / "rust" / "mod.rs").stat().st_mtime_ns == stamp


def test_an_sdist_ships_specs_and_generated_files_but_no_bookkeeping(project: Path) -> None:
    sdist = build(project, "sdist", "standard")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
        types = archive.extractfile(
            f"gpu_stats_client-0.1.0/{OUT}/ts/commands/gpu/stats/shared/GpuStatsTypes.ts"
        )
        assert types is not None
        assert MARK in types.read().decode()
    assert "specs/gpu-stats.json" in names
    assert "pyproject.toml" in names
    assert ".gitignore" in names  # so a wheel built from the sdist skips the bookkeeping too
    assert {f"{OUT}/{name}" for name in EXPECTED} <= names
    assert not [n for n in names if ".specgen-" in n]


def test_an_editable_wheel_leaves_the_files_in_place(project: Path) -> None:
    wheel = build(project, "wheel", "editable")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        pth = [archive.read(n).decode() for n in names if n.endswith(".pth")]
    assert not [n for n in names if "generated" in n]
    assert any(str(project / "src") in text for text in pth)
    assert (project / OUT / "ts/commands/gpu/stats/shared/GpuStatsTypes.ts").is_file()


def test_an_editable_wheel_copies_files_mapped_elsewhere(project: Path) -> None:
    set_hook_options(project, 'wheel-dir = "gpu_stats_client/specgen_out"')
    wheel = build(project, "wheel", "editable")
    with zipfile.ZipFile(wheel) as archive:
        assert "gpu_stats_client/specgen_out/rust/mod.rs" in archive.namelist()


def test_an_invalid_spec_fails_the_build_with_located_diagnostics(project: Path) -> None:
    spec = break_spec(project)
    with pytest.raises(SpecgenBuildError) as caught:
        build(project, "wheel", "standard")
    lines = str(caught.value).splitlines()
    assert lines[0] == "specgen: generation failed: 1 error(s)"
    assert lines[1].startswith(f"{spec}:")
    location, rest = lines[1].split(": ", 1)
    line, column = location.rsplit(":", 2)[1:]
    assert int(line) > 1
    assert int(column) > 1
    assert rest.startswith("error[SG")
    assert "NoSuchType" in rest
    assert not (project / OUT).exists()  # nothing is written from a spec that does not validate


def test_a_missing_spec_path_fails_the_build(project: Path) -> None:
    set_hook_options(project, 'specs = ["specs", "nowhere"]')
    with pytest.raises(SpecgenBuildError, match=r"nowhere:1:1: error\[SG001\] no such file"):
        build(project, "wheel", "standard")


def test_an_invalid_option_fails_the_build_before_generating(project: Path) -> None:
    set_hook_options(project, 'out_dir = "generated"')
    with pytest.raises(ValueError, match="unknown option\\(s\\) 'out_dir'"):
        build(project, "wheel", "standard")
    assert not (project / OUT).exists()


def test_an_invalid_specgen_config_fails_the_build(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace('spec_dirs = ["specs"]', 'spec_dirs = "specs"'), "utf-8")
    line = text[: text.index("spec_dirs = ")].count("\n") + 1  # located at the key's value
    where = rf"pyproject.toml:{line}:13: error\[SG104\] spec_dirs"
    with pytest.raises(SpecgenBuildError, match=where):
        build(project, "wheel", "standard")


def test_without_specs_the_build_says_how_to_configure_them(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace('spec_dirs = ["specs"]\n', ""), "utf-8")
    with pytest.raises(SpecgenBuildError, match="no specs configured"):
        build(project, "wheel", "standard")


def test_an_out_dir_outside_the_project_is_refused(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(text.replace(f'out_dir = "{OUT}"', 'out_dir = "../elsewhere"'), "utf-8")
    with pytest.raises(SpecgenBuildError, match="is not below the project root"):
        build(project, "wheel", "standard")
    assert not (project.parent / "elsewhere").exists()


def test_a_spec_folder_without_specs_fails_the_build(project: Path) -> None:
    (project / "empty").mkdir()
    set_hook_options(project, 'specs = ["empty"]')
    with pytest.raises(SpecgenBuildError, match=r"no spec files \(\*\.json\) found in .*empty"):
        build(project, "wheel", "standard")
