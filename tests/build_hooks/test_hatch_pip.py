"""Real builds through pip: hatch-specgen installed from its wheel, found by its entry point.

``--no-build-isolation`` builds in this interpreter, whose hatchling and specgen are the
ones under test; hatch-specgen itself is installed into a private folder on PYTHONPATH.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hatch_support import MARK, break_spec, build, copy_example, install_hook, pip

GENERATED = "gpu_stats_client/generated/"


@pytest.fixture(scope="module")
def hook_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_hook(tmp_path_factory.mktemp("hatch-specgen"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def pip_wheel(site: Path, source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return pip(
        "wheel",
        "--no-build-isolation",
        "--no-deps",
        "--no-index",
        "-w",
        str(out),
        str(source),
        env_path=site,
    )


def test_pip_wheel_contains_the_generated_files_and_the_package_finds_them(
    hook_site: Path, project: Path, tmp_path: Path
) -> None:
    built = pip_wheel(hook_site, project, tmp_path / "dist")
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "dist").glob("gpu_stats_client-0.1.0-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        generated = [n for n in archive.namelist() if n.startswith(GENERATED)]
        assert f"{GENERATED}rust/gpu_stats/wire.rs" in generated
        assert f"{GENERATED}ts/commands/gpu/stats/shared/GpuStatsTypes.ts" in generated
        assert MARK in archive.read(f"{GENERATED}rust/gpu_stats/wire.rs").decode()
    installed = tmp_path / "installed"
    done = pip("install", "--no-deps", "--no-index", "--target", str(installed), str(wheel))
    assert done.returncode == 0, done.stdout + done.stderr
    listing = subprocess.run(
        [sys.executable, "-m", "gpu_stats_client"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(installed)},
    ).stdout
    assert "generated  rust/gpu_stats/wire.rs" in listing
    assert "generated  ts/commands/gpu/stats/shared/GpuStatsTypes.ts" in listing


def test_a_wheel_built_from_the_sdist_has_the_same_generated_files(
    hook_site: Path, project: Path, tmp_path: Path
) -> None:
    # pip cannot make an sdist: hatchling's builder does, in process, with the hook
    sdist = build(project, "sdist")
    built = pip_wheel(hook_site, Path(sdist), tmp_path / "dist")
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "dist").glob("gpu_stats_client-0.1.0-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert f"{GENERATED}rust/mod.rs" in names
    assert f"{GENERATED}ts/commands/gpu/stats/shared/GpuStatsIpcMixin.ts" in names
    assert not [n for n in names if ".specgen-" in n]


def test_pip_wheel_of_an_invalid_spec_fails_with_file_line_col(
    hook_site: Path, project: Path, tmp_path: Path
) -> None:
    spec = break_spec(project)
    built = pip_wheel(hook_site, project, tmp_path / "dist")
    output = built.stdout + built.stderr
    assert built.returncode != 0
    assert "specgen: generation failed: 1 error(s)" in output
    located = re.search(
        re.escape(str(spec)) + r":(\d+):(\d+): error\[SG203\] unknown type 'NoSuchType'", output
    )
    assert located is not None, output
    assert "; hint: " in output
    assert not list(tmp_path.glob("dist/*.whl"))
