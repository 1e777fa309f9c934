"""Every example of the README and docs/*.md runs or validates here, or names where it is run.

- Shell: each ``specgen`` command of a sh/console block (and of the ``$ `` lines of a
  text block) runs in-process, in the page's order, in one temporary project per page
  built from the fixtures the page talks about. It must exit 0 or 1, or 2 where the block
  itself shows an error; a usage error always fails. A block with another tool's command
  (cargo, pip, npm, ...) is either run by a walkthrough test (``WALKTHROUGHS``, which
  must exist and read the page) or marked in ``NOT_RUN`` with a reason the block bears out.
- JSON: a spec, or a part of one (``"types"``, a type, a field), validates with no error;
  the build protocol and report examples have the keys of the real thing. diagnostics.md's
  specs are wrong on purpose: tests/test_docs_diagnostics.py runs them.
- TOML: a specgen configuration (whole or a few tables) loads without a diagnostic, and in
  diagnostics.md gives its section's code; pyproject, Cargo.toml and .cargo/config
  snippets are checked against the hook's options, the adapter entry-point group and the
  workspace's crates. YAML: each pre-commit hook named exists.

A failure names the example as ``page.md:LINE`` (the line of its opening fence).
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomllib
from click.testing import CliRunner

from docs_support import PAGES, ROOT, Block, all_blocks, command_lines, fenced_blocks
from fault_support import working_directory
from specgen.adapters.builtin import BUILTIN
from specgen.adapters.registry import ENTRY_POINT_GROUP
from specgen.build.request import parse_request
from specgen.build.respond import answer
from specgen.cli import cli
from specgen.validate import validate_paths

FIXTURES = ROOT / "tests" / "fixtures"
HATCH_HOOK = ROOT / "build-hooks" / "hatch" / "src"
GPU_INFO_V1 = {  # migration-tools.md's v1 spec that cannot migrate (SG405)
    "name": "gpu/info",
    "description": "GPU name",
    "results": [{"name": "success", "type": "string"}],
}
SHELLS = ("sh", "console", "text", "")
RUN_HERE = ("specgen", "cd", "mkdir")

# Pages whose commands a walkthrough test runs end to end (with cargo, npm, tsc, node).
WALKTHROUGHS = {
    "docs/adoption.md": ("tests/adoption/test_adoption_walkthrough.py",),
    "docs/tutorial.md": ("tests/e2e/test_tutorial.py", "tests/breaking/test_tutorial_breaking.py"),
}
# Blocks not run at all: (page, first line) -> (why, a word of the block that shows it).
NOT_RUN = {
    ("README.md", "python3 -m pip install . && specgen demo"): (
        "installs specgen into the environment; tests/test_demo.py runs the demo",
        "pip install",
    ),
    ("README.md", "python3 -m pip install 'nox[uv]' && nox"): (
        "installs nox and runs the whole CI; docs/development.md lists its sessions",
        "nox",
    ),
    ("README.md", "mkdir hello && cd hello"): (
        (
            "cargo build of a new crate: tests/init/test_getting_started.py runs the block"
            " up to cargo, tests/e2e/test_readme_getting_started.py all of it"
        ),
        "cargo build",
    ),
    ("docs/build-hooks.md", "maturin build --release --out wheels"): (
        "builds wheels; tests/build_hooks/test_hatch_pip.py builds and installs the hook",
        "pip wheel",
    ),
}


def _shell_blocks() -> list[Block]:
    return [b for b in all_blocks() if b.language in SHELLS and command_lines(b)]


def _key(block: Block) -> tuple[str, str]:
    """The page and the first line of the block, without its comment: the key of NOT_RUN."""
    return block.where.split(":")[0], block.text.splitlines()[0].split(" #")[0].strip()


# --- the temporary project of each page ----------------------------------------------


def _git(root: Path, *args: str) -> None:
    git = shutil.which("git") or "git"
    env = {**os.environ, "GIT_AUTHOR_NAME": "docs", "GIT_AUTHOR_EMAIL": "docs@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "docs", "GIT_COMMITTER_EMAIL": "docs@example.invalid"}
    subprocess.run([git, *args], cwd=root, env=env, check=True, capture_output=True)


def _commit_all(root: Path) -> None:
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "docs example")


def _readme_project(root: Path) -> Path:
    """Empty but for what the README's lines name: v1 specs, a codebase, git history."""
    v1 = {"name": "legacy/ping", "description": "Ping", "params": [], "results": []}
    (root / "old").mkdir()
    (root / "old" / "legacy-ping.json").write_text(json.dumps(v1), encoding="utf-8")
    (root / "src").mkdir()
    shutil.copytree(FIXTURES / "codebase" / "commands" / "chat", root / "commands" / "chat")
    _commit_all(root)
    return root


def _migration_project(root: Path) -> Path:
    """The page's own specgen.toml over the fixture codebase, under src/, and v1 specs."""
    (toml,) = [
        b for b in fenced_blocks(ROOT / "docs" / "migration-tools.md") if b.language == "toml"
    ]
    (root / "specgen.toml").write_text(toml.text, encoding="utf-8")
    for part in ("commands", "bindings"):
        shutil.copytree(FIXTURES / "codebase" / part, root / "src" / part)
    (root / "v1-specs").mkdir()
    shutil.copy2(FIXTURES / "adoption" / "v1-specs" / "chat-send.json", root / "v1-specs")
    (root / "v1-specs" / "gpu-info.json").write_text(json.dumps(GPU_INFO_V1), encoding="utf-8")
    _commit_all(root)
    return root


def _diagnostics_project(root: Path) -> Path:
    """The adoption fixture's codebase and one of its v1 specs, under the names the page uses."""
    shutil.copytree(FIXTURES / "adoption" / "src", root / "src")
    (root / "v1").mkdir()
    shutil.copy2(FIXTURES / "adoption" / "v1-specs" / "chat-send.json", root / "v1")
    return root


def _breaking_project(root: Path) -> Path:
    """The gpu-stats example's specs in git (branch main, tag v1.2) and an old copy beside."""
    project = root / "project"
    shutil.copytree(ROOT / "examples" / "gpu-stats" / "specs", project / "specs")
    shutil.copy2(ROOT / "examples" / "gpu-stats" / "specgen.toml", project / "specgen.toml")
    _commit_all(project)
    _git(project, "tag", "v1.2")
    shutil.copytree(project / "specs", root / "release" / "specs")
    return project


PROJECTS: dict[str, Callable[[Path], Path]] = {
    "README.md": _readme_project,
    "docs/migration-tools.md": _migration_project,
    "docs/breaking.md": _breaking_project,
    "docs/diagnostics.md": _diagnostics_project,
}


def _run_specgen(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    with working_directory(cwd):
        args = [m for a in argv[1:] for m in (sorted(glob.glob(a)) if "*" in a else [a])]  # noqa: PTH207
        result = CliRunner().invoke(cli, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


# --- shell ---------------------------------------------------------------------------


def _page_blocks(page: str) -> list[Block]:
    return [b for b in _shell_blocks() if b.where.split(":")[0] == page]


def _runnable_pages() -> list[str]:
    pages = {b.where.split(":")[0] for b in _shell_blocks() if _key(b) not in NOT_RUN}
    return sorted(pages - set(WALKTHROUGHS))


@pytest.mark.parametrize("page", _runnable_pages())
def test_the_commands_of_each_page_run_in_a_project(page: str, tmp_path: Path) -> None:
    cwd = PROJECTS[page](tmp_path) if page in PROJECTS else tmp_path
    ran = 0
    for block in _page_blocks(page):
        if _key(block) in NOT_RUN:
            continue
        shows_error = "error[" in block.text or "failed" in block.text
        for argv in command_lines(block):
            assert argv[0] in RUN_HERE, f"{block.where}: {argv[0]} is not run here; see NOT_RUN"
            if argv[0] == "cd":
                cwd = cwd / argv[1]
                continue
            if argv[0] == "mkdir":
                (cwd / argv[-1]).mkdir(parents=True, exist_ok=True)
                continue
            code, stdout, stderr = _run_specgen(argv, cwd)
            output = stdout + stderr
            ran += 1
            allowed = {0, 1, 2} if shows_error else {0, 1}
            assert "\nTry '" not in output, f"{block.where}: {' '.join(argv)}\n{output}"
            assert code in allowed, f"{block.where}: {' '.join(argv)} exited {code}\n{output}"
    assert ran, f"{page}: no command ran"


def test_every_shell_block_runs_here_or_says_where_or_why_not() -> None:
    marked = set()
    for block in _shell_blocks():
        page = block.where.split(":")[0]
        tools = {argv[0] for argv in command_lines(block)} - set(RUN_HERE)
        if _key(block) in NOT_RUN:
            marked.add(_key(block))
            why, shown_by = NOT_RUN[_key(block)]
            assert shown_by in block.text, f"{block.where}: the reason does not fit the block"
            for test in re.findall(r"tests/\S+\.py", why):
                assert (ROOT / test).is_file(), f"{block.where}: {test} does not exist"
        elif page not in WALKTHROUGHS:
            assert not tools, f"{block.where}: {sorted(tools)} cannot run here; mark it in NOT_RUN"
    assert marked == set(NOT_RUN), f"marks for blocks that are gone: {set(NOT_RUN) - marked}"


@pytest.mark.parametrize("page", sorted(WALKTHROUGHS))
def test_walkthrough_pages_are_run_by_their_tests(page: str) -> None:
    for test in WALKTHROUGHS[page]:
        assert Path(page).name in (ROOT / test).read_text(encoding="utf-8"), (page, test)


# --- JSON ----------------------------------------------------------------------------


def _json_blocks() -> list[Block]:
    return [b for b in all_blocks() if b.language == "json" and b.page.name != "diagnostics.md"]


def _as_spec(data: dict[str, Any]) -> dict[str, Any] | None:
    """The spec that holds ``data``: itself, or a spec around a part of one; None: no spec."""
    spec: dict[str, Any] = {"version": 2, "name": "docs/example", "description": "x"}
    if {"version", "name"} <= data.keys():
        return data
    if set(data) == {"types"}:
        return spec | data
    if {"name", "type"} <= data.keys():
        return spec | {"results": [data]}
    if len(data) == 1 and isinstance(next(iter(data.values())), dict):
        return spec | {"types": data}
    return None


def _real_shape(data: dict[str, Any], tmp_path: Path) -> set[str] | None:
    """The keys of the real thing the example shows, when it is not a spec."""
    if "manifest_dir" in data:
        parse_request(json.dumps(data))  # raises on a bad request
        return set(data)
    if "include" in data:
        example = shutil.copytree(ROOT / "examples" / "gpu-stats", tmp_path / "gpu-stats")
        request = {"version": 1, "manifest_dir": str(example), "out_dir": "out"}
        return set(answer(parse_request(json.dumps(request))))
    if "mode" in data:
        project = _migration_project(tmp_path)
        argv = ["specgen", "migrate", "v1-specs/*.json", "--out", "specs", "--format", "json"]
        return set(json.loads(_run_specgen(argv, project)[1]))
    if {"success", "context"} <= data.keys():  # the tutorial's call, run by tests/e2e
        return set(data)
    return None


@pytest.mark.parametrize("block", _json_blocks(), ids=lambda b: b.where)
def test_json_examples_are_valid_specs_or_the_real_shape(block: Block, tmp_path: Path) -> None:
    text = block.text.strip()
    data = json.loads("{" + text + "}" if text.startswith('"') else text)
    spec = _as_spec(data)
    if spec is None:
        shape = _real_shape(data, tmp_path)
        assert shape == set(data), f"{block.where}: not a spec, nor a known JSON document"
        return
    (tmp_path / "example.json").write_text(json.dumps(spec), encoding="utf-8")
    report = validate_paths([tmp_path / "example.json"])
    errors = [d for d in report.diagnostics if d.severity.value == "error"]
    assert not errors, f"{block.where}: {errors}"


# --- TOML and YAML -------------------------------------------------------------------


def _toml_blocks() -> list[Block]:
    return [b for b in all_blocks() if b.language == "toml"]


def _diagnostics_section(block: Block) -> str | None:
    """In diagnostics.md, the code of the section that holds ``block``."""
    if block.page.name != "diagnostics.md":
        return None
    heads: list[str] = re.findall(r"^## (SG\d{3}) ", block.preceding_text(block.line), re.MULTILINE)
    return heads[-1]


def _check_pyproject(block: Block, table: dict[str, Any]) -> None:
    hooks = table.get("tool", {}).get("hatch", {}).get("build", {}).get("hooks", {})
    if "specgen" in hooks:
        if str(HATCH_HOOK) not in sys.path:
            sys.path.insert(0, str(HATCH_HOOK))
        from hatch_specgen.config import parse_config  # noqa: PLC0415  # the hook's own check

        parse_config(hooks["specgen"])  # raises ConfigError on an unknown option or type
    groups = set(table.get("project", {}).get("entry-points", {}))
    assert groups <= {ENTRY_POINT_GROUP}, f"{block.where}: {sorted(groups)}"


def _check_crates(block: Block, crates: dict[str, Any]) -> None:
    """Dependencies on, or patches of, the workspace's crates name real features and paths."""
    manifests = [*ROOT.glob("crates/*/Cargo.toml"), *ROOT.glob("build-hooks/*/Cargo.toml")]
    ours = {tomllib.loads(m.read_text())["package"]["name"]: m for m in manifests}
    for name, spec in crates.items():
        if name not in ours or not isinstance(spec, dict):
            continue
        features = set(tomllib.loads(ours[name].read_text()).get("features", {}))
        wanted = set(spec.get("features", []))
        assert wanted <= features, f"{block.where}: {name} has no feature {wanted - features}"
        if "path" in spec:
            local = Path(spec["path"].replace("/path/to/specgen", str(ROOT)))
            assert local == ours[name].parent, f"{block.where}: {name} is not at {spec['path']}"


def _check_foreign_toml(block: Block, table: dict[str, Any]) -> bool:
    """Check a pyproject, Cargo.toml or .cargo/config snippet; False: it is none of those."""
    if {"tool", "project", "build-system"} & table.keys():
        _check_pyproject(block, table)
        return True
    crates = {**table.get("dependencies", {}), **table.get("build-dependencies", {})}
    crates |= table.get("patch", {}).get("crates-io", {})
    _check_crates(block, crates)
    return bool(crates)


@pytest.mark.parametrize("block", _toml_blocks(), ids=lambda b: b.where)
def test_toml_examples_load(block: Block, tmp_path: Path) -> None:
    table = tomllib.loads(block.text)
    if _check_foreign_toml(block, table):
        return
    (tmp_path / "specgen.toml").write_text(block.text, encoding="utf-8")
    spec = {"version": 2, "name": "docs/example", "description": "x"}
    folders = table.get("spec_dirs", ["specs"])
    for folder in folders:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "example.json").write_text(json.dumps(spec), encoding="utf-8")
    code, stdout, _stderr = _run_specgen(["specgen", "validate", *folders], tmp_path)
    section = _diagnostics_section(block)
    if section is None:
        assert code == 0, f"{block.where}: specgen validate exited {code}\n{stdout}"
        assert not re.search(r"(warning|error)\[", stdout), f"{block.where}:\n{stdout}"
    else:
        assert f"[{section}]" in stdout, f"{block.where}: expected {section}\n{stdout}"


def test_yaml_examples_name_hooks_that_exist() -> None:
    declared = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks = set(re.findall(r"^- id: (\S+)", declared, re.MULTILINE))
    named = 0
    for block in (b for b in all_blocks() if b.language == "yaml"):
        for hook in re.findall(r"- id: (\S+)", block.text):
            assert hook in hooks, f"{block.where}: no pre-commit hook {hook}"
            named += 1
    assert named


ADAPTER_NAMED = re.compile(r"(?:--adapter[ =]|adapter = \"|\"adapter\": \")(?P<name>[a-z][\w-]*)")
HATCH_DOCS = (
    ROOT / "build-hooks" / "hatch" / "README.md",
    HATCH_HOOK / "hatch_specgen" / "config.py",
)


def test_every_adapter_named_in_the_docs_exists() -> None:
    """Outside diagnostics.md (whose examples are wrong on purpose), and in the hatch hook's."""
    builtin = {adapter.name for adapter in BUILTIN}
    named = 0
    for page in (*PAGES, *HATCH_DOCS):
        if page.name == "diagnostics.md":
            continue
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            for match in ADAPTER_NAMED.finditer(line):
                assert match["name"] in builtin, f"{page.relative_to(ROOT)}:{number}: {line}"
                named += 1
    assert named
