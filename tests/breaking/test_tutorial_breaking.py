"""docs/tutorial.md, section 7, scripted: the output it shows is what specgen prints.

The section's spec edit (its JSON block) is applied to the spec `specgen new` starts, in a
git repository holding the gpu-stats example's specs, and `specgen breaking --against
HEAD` must print exactly the section's text block; the suggested fix must then pass.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from support import RunCli

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "tutorial.md"
EXAMPLE = ROOT / "examples" / "gpu-stats"
GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


def _section() -> str:
    text = TUTORIAL.read_text(encoding="utf-8")
    start = text.index("## 7. Change it without breaking callers")
    return text[start : text.index("\n## ", start + 1)]


def _blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section, re.DOTALL)


def git(repo: Path, *args: str) -> None:
    assert GIT is not None
    subprocess.run([GIT, *args], cwd=repo, check=True, capture_output=True)


def test_section_7_shows_what_specgen_breaking_prints(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = _section()
    commands = _blocks(section, "sh")
    assert commands == [
        'git add specs/system-echo.json && git commit -m "system/echo"\n',
        "specgen breaking --against HEAD\n",
    ]
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    project = tmp_path / "host"
    project.mkdir()
    shutil.copy(EXAMPLE / "specgen.toml", project / "specgen.toml")
    shutil.copytree(EXAMPLE / "specs", project / "specs")
    monkeypatch.chdir(project)
    assert run_cli("new", "system/echo", "--adapter", "rust-ipc").exit_code == 0
    git(project, "init", "-q")
    git(project, "config", "user.email", "dev@example.com")
    git(project, "config", "user.name", "Dev")
    git(project, "config", "commit.gpgsign", "false")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "system/echo")

    spec_file = project / "specs" / "system-echo.json"
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    (param,) = _blocks(section, "json")
    spec["params"].append(json.loads(param))
    spec_file.write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")
    (expected,) = _blocks(section, "text")
    breaking = run_cli("breaking", "--against", "HEAD")
    assert breaking.exit_code == 1
    assert breaking.stdout == expected

    spec["params"][-1] |= {"optional": True, "default": 1}
    assert '"optional": true,\n"default": 1' in section
    spec_file.write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")
    fixed = run_cli("breaking", "--against", "HEAD")
    assert fixed.exit_code == 0
    assert fixed.stdout.startswith("0 breaking change(s)")
