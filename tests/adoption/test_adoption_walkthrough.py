"""docs/adoption.md, scripted: a hand-written Continuum-style tree becomes spec-driven.

The walkthrough's commands are the ``console`` blocks of the doc. This test runs exactly
those, in the doc's order, on a copy of tests/fixtures/adoption, and checks:

- the doc's commands are the ones scripted here, and what the doc shows of each
  command's output is what the command prints (in order; ``...`` in a shown line
  stands for any text, a line of only ``...`` for any lines); the configuration, the
  external reference and the generated imports it quotes are the real ones;
- the outcomes the doc promises, against the fixture's labels.json: audit starts at
  0 conforming commands; migrate writes every v1 spec; the commands left without a
  spec are exactly the ones reversed; the specs validate; generate succeeds and
  ``generate --check`` is fresh afterwards; adopt edits the Types files of the commands
  with mechanical findings, and only insertions; audit then counts as conforming every
  command whose findings were all mechanical; a second adopt edits nothing; and
  ``tsc --strict`` passes on the whole copy, hand-written and generated code together.

It is the issue's acceptance run end to end, as a new user runs it. The parts are
tested in depth by their own modules (test_migrate_fixture, test_reverse_adoption,
tests/adopt/test_adoption_fixture).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from adopt_support import only_insertions
from compile_support import ensure_typescript
from specgen.audit import run_audit
from specgen.cli import cli
from specgen.codebase.settings import load_settings

pytestmark = pytest.mark.long_running(seconds=6)

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "adoption.md"
FIXTURE = ROOT / "tests" / "fixtures" / "adoption"
LABELS: dict[str, Any] = json.loads((FIXTURE / "labels.json").read_text(encoding="utf-8"))[
    "commands"
]
WITHOUT_V1_SPEC = sorted(command for command, label in LABELS.items() if not label["v1Spec"])
FIXABLE = sorted(
    command for command, label in LABELS.items() if any(f["fixable"] for f in label["findings"])
)


@dataclass(frozen=True)
class Step:
    """One command of the walkthrough and the exit status it must have."""

    command: str
    exit_code: int


REVERSE = "specgen reverse " + " ".join(f"src/commands/{c}" for c in WITHOUT_V1_SPEC)
SCRIPT = [
    Step("specgen audit", 0),
    Step("specgen migrate v1-specs/*.json --out specs --from src", 0),
    Step("specgen audit --details", 0),
    Step(REVERSE, 0),
    Step("specgen validate", 0),
    Step("specgen generate --check", 1),  # nothing generated yet: stale
    Step("specgen generate", 0),
    Step("specgen generate --check", 0),  # fresh
    Step("specgen adopt src/commands --check", 1),  # edits to make
    Step("specgen adopt src/commands", 0),
    Step("specgen audit", 0),
    Step("specgen adopt src/commands --check", 0),  # a second run: nothing to do
    Step("npx tsc --strict -p .", 0),
]
FIRST_AUDIT, MIGRATE, DETAILS, REVERSED, VALIDATE = range(5)
STALE, GENERATE, FRESH, ADOPT_CHECK, ADOPT, LAST_AUDIT, ADOPT_AGAIN, TSC = range(5, 13)


@dataclass(frozen=True)
class Shown:
    """A command of the doc and the lines of output the doc shows for it."""

    command: str
    lines: list[str]


def doc_steps(text: str) -> list[Shown]:
    """The ``$ command`` lines of the doc's console blocks, with the output shown under each."""
    steps: list[Shown] = []
    for block in re.findall(r"^```console\n(.*?)^```", text, re.DOTALL | re.MULTILINE):
        lines = block.splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            if not line.startswith("$ "):
                assert steps, f"output before any command in a console block: {line!r}"
                steps[-1].lines.append(line)
                continue
            command = line.removeprefix("$ ")
            while command.endswith("\\"):  # a continued command line
                command = command.removesuffix("\\").rstrip() + " " + lines[index].strip()
                index += 1
            steps.append(Shown(command, []))
    return steps


def _line_pattern(shown: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in shown.split("...")))


def missing_lines(shown: list[str], printed: str) -> list[str]:
    """The shown lines that are not, in this order, lines of ``printed``."""
    real = [line.rstrip() for line in printed.splitlines()]
    position = 0
    missing = []
    for line in (s.rstrip() for s in shown):
        if line in {"", "..."}:
            continue
        pattern = _line_pattern(line)
        found = next((i for i in range(position, len(real)) if pattern.fullmatch(real[i])), None)
        if found is None:
            missing.append(line)
        else:
            position = found + 1
    return missing


@dataclass(frozen=True)
class Ran:
    """What one step printed and how it exited."""

    exit_code: int
    output: str


@dataclass(frozen=True)
class Walk:
    """The copy the walkthrough ran in, each step's result, and snapshots between steps."""

    root: Path
    ran: list[Ran]
    before_adopt: dict[str, bytes]
    after_adopt: dict[str, bytes]
    after_second_adopt: dict[str, bytes]
    generated_after_generate: dict[str, bytes]
    generated_at_the_end: dict[str, bytes]


def _files(root: Path, pattern: str = "*.ts") -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob(pattern))
        if p.is_file()
    }


def _argv(root: Path, command: str) -> list[str]:
    argv = shlex.split(command)
    expanded: list[str] = []
    for arg in argv:
        if "*" in arg:
            matches = sorted(p.relative_to(root).as_posix() for p in root.glob(arg))
            assert matches, arg
            expanded += matches
        else:
            expanded.append(arg)
    return expanded


def _run(root: Path, command: str) -> Ran:
    argv = _argv(root, command)
    if argv[:2] == ["npx", "tsc"]:
        node = shutil.which("node")
        assert node is not None, "node is needed for tsc"
        proc = subprocess.run(
            [node, str(ensure_typescript()), *argv[2:]],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        return Ran(proc.returncode, proc.stdout + proc.stderr)
    assert argv[0] == "specgen", command
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        result = CliRunner().invoke(cli, argv[1:], catch_exceptions=False)
    return Ran(result.exit_code, result.output)


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Walk:
    """The doc's steps, run once on a copy of the fixture."""
    root = tmp_path_factory.mktemp("adoption") / "project"
    shutil.copytree(FIXTURE, root)
    for about_the_fixture in ("README.md", "labels.json"):  # not part of the code base
        (root / about_the_fixture).unlink()
    ran: list[Ran] = []
    snapshots: dict[int, dict[str, bytes]] = {}
    generated: dict[int, dict[str, bytes]] = {}
    for index, step in enumerate(SCRIPT):
        ran.append(_run(root, step.command))
        snapshots[index] = _files(root / "src")
        generated[index] = _files(root / "generated", "*")
    return Walk(
        root=root,
        ran=ran,
        before_adopt=snapshots[ADOPT_CHECK],
        after_adopt=snapshots[ADOPT],
        after_second_adopt=snapshots[ADOPT_AGAIN],
        generated_after_generate=generated[GENERATE],
        generated_at_the_end=generated[TSC],
    )


def _specs(root: Path) -> dict[str, dict[str, Any]]:
    specs = {}
    for path in sorted((root / "specs").glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        specs[spec["name"]] = spec
    return specs


def test_the_doc_shows_exactly_the_commands_scripted_here() -> None:
    assert [s.command for s in doc_steps(DOC.read_text(encoding="utf-8"))] == [
        s.command for s in SCRIPT
    ]


def _blocks(language: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.DOTALL | re.MULTILINE)


def test_the_configuration_shown_is_the_fixtures() -> None:
    (block,) = _blocks("toml")
    config = {line.strip() for line in (FIXTURE / "specgen.toml").read_text().splitlines()}
    shown = [re.sub(r"(^|\s+)#.*", "", line).strip() for line in block.splitlines()]
    assert [line for line in shown if line and line not in config] == []


def test_the_external_reference_shown_is_what_reverse_wrote(walk: Walk) -> None:
    (block,) = _blocks("json")
    shown = json.loads("{" + block + "}")["types"]
    assert _specs(walk.root)["user/prefs"]["types"] == shown


def test_the_imports_shown_are_the_generated_ones(walk: Walk) -> None:
    (block,) = _blocks("ts")
    types_file = walk.root / "generated/ts/commands/chat/send/shared/ChatSendTypes.ts"
    assert block in types_file.read_text(encoding="utf-8")


def test_the_line_matcher_can_fail() -> None:
    printed = "a\n12/24 commands conform (x)\nb\n"
    assert missing_lines(["12/24 commands conform ...", "b"], printed) == []
    assert missing_lines(["b", "12/24 commands conform ..."], printed) == [
        "12/24 commands conform ..."
    ]
    assert missing_lines(["13/24 commands conform ..."], printed) == ["13/24 commands conform ..."]


@pytest.mark.parametrize("index", range(len(SCRIPT)), ids=[s.command[:40] for s in SCRIPT])
def test_each_step_exits_and_prints_as_the_doc_shows(walk: Walk, index: int) -> None:
    shown = doc_steps(DOC.read_text(encoding="utf-8"))[index]
    ran = walk.ran[index]
    assert ran.exit_code == SCRIPT[index].exit_code, ran.output[-4000:]
    assert shown.lines or not ran.output.strip(), f"the doc shows no output of {shown.command}"
    assert missing_lines(shown.lines, ran.output) == [], ran.output[-4000:]


def test_audit_starts_with_no_command_conforming(walk: Walk) -> None:
    first = walk.ran[FIRST_AUDIT].output.splitlines()
    assert first[0] == f"0/{len(LABELS)} commands conform to generator patterns (src/commands)"
    assert f"  {len(LABELS)} commands without specs" in first


def test_migrate_writes_every_v1_spec(walk: Walk) -> None:
    v1 = sorted(label["v1Spec"] for label in LABELS.values() if label["v1Spec"])
    assert walk.ran[MIGRATE].output.splitlines()[-1] == f"{len(v1)} spec(s): {len(v1)} written"
    for name in v1:
        assert (walk.root / "specs" / name).is_file(), name


def test_the_commands_left_without_a_spec_are_the_ones_reversed(walk: Walk) -> None:
    specless = re.findall(r"command '([^']+)' has no spec", walk.ran[DETAILS].output)
    assert sorted(specless) == WITHOUT_V1_SPEC
    assert sorted(_specs(walk.root)) == sorted(LABELS)


def test_every_spec_validates(walk: Walk) -> None:
    assert walk.ran[VALIDATE].exit_code == 0
    summary = walk.ran[VALIDATE].output.splitlines()[-1]
    assert summary == f"{len(LABELS)} spec file(s) checked: 0 error(s), 0 warning(s), 0 note(s)"


def test_generate_writes_every_command_and_is_fresh_afterwards(walk: Walk) -> None:
    assert walk.ran[GENERATE].exit_code == 0
    for command in LABELS:
        folder = walk.root / "generated" / "ts" / "commands" / command / "shared"
        assert len(list(folder.glob("*Types.ts"))) == 1, command
    fresh = walk.ran[FRESH].output.splitlines()[-1]
    assert re.fullmatch(r"\d+ file\(s\) in .*: (\d+ (keep-scaffold|unchanged)(, )?)+", fresh)
    assert walk.generated_at_the_end == walk.generated_after_generate  # nothing after touched it


def test_adopt_edits_the_commands_with_mechanical_findings_by_insertion(walk: Walk) -> None:
    before, after = walk.before_adopt, walk.after_adopt
    assert before.keys() == after.keys()
    changed = sorted(name for name in before if before[name] != after[name])
    assert [name.split("/shared/")[0].removeprefix("commands/") for name in changed] == FIXABLE
    for name in changed:
        assert only_insertions(before[name].decode(), after[name].decode()), name
    assert walk.ran[ADOPT].output.splitlines()[-1].startswith(f"{len(FIXABLE)} files edited, ")


def test_audit_after_adopt_counts_every_mechanically_fixable_command(walk: Walk) -> None:
    settings, _ = load_settings(walk.root)
    report = run_audit(settings.commands_dir, settings)
    conforming = {audit.command.rel: audit.conforms for audit in report.commands}
    assert conforming == {command: label["fixableByAdopt"] for command, label in LABELS.items()}
    count = sum(label["fixableByAdopt"] for label in LABELS.values())
    assert walk.ran[LAST_AUDIT].output.startswith(f"{count}/{len(LABELS)} commands conform")


def test_a_second_adopt_edits_nothing(walk: Walk) -> None:
    assert walk.after_second_adopt == walk.after_adopt
    last = walk.ran[ADOPT_AGAIN].output.splitlines()[-1]
    assert last.startswith("0 files would be edited, 0 edits;")


def test_tsc_strict_passes_on_hand_written_and_generated_code(walk: Walk) -> None:
    config = json.loads((walk.root / "tsconfig.json").read_text(encoding="utf-8"))
    assert "generated/**/*.ts" in config["include"]  # generated code is compiled too
    assert walk.ran[TSC].exit_code == 0, walk.ran[TSC].output
