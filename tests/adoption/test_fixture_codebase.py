"""The adoption fixture is what its labels say, compiles as written, and audit sees its debt.

tests/fixtures/adoption is a hand-written Continuum-style code base (its README.md
describes it). The adoption features are judged on it, so it has to hold up on its
own first: ``tsc --strict`` passes through its own tsconfig (path aliases, renamed
runtime modules), labels.json matches the files command by command (folders, Types
files, fields, v1 specs), and today's ``specgen audit`` finds every non-conformance
the labels list.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from compile_support import RUNTIME_TS, run
from specgen.audit import run_audit
from specgen.audit.checker import AuditReport
from specgen.codebase import scan_tree
from specgen.codebase.settings import load_settings
from specgen.spec import CommandSpecV1

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adoption"
COMMANDS_ROOT = FIXTURE / "src" / "commands"
V1_SPECS = FIXTURE / "v1-specs"
LABELS: dict[str, Any] = json.loads((FIXTURE / "labels.json").read_text(encoding="utf-8"))
COMMANDS: dict[str, Any] = LABELS["commands"]
STAR_ALIASES = {
    "@system/*": "src/system/*",
    "@daemons/*": "src/daemons/*",
    "@commands/*": "src/commands/*",
}


def _json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _types_text(command: str) -> str:
    types_file: str = COMMANDS[command]["typesFile"]
    return (COMMANDS_ROOT / command / types_file).read_text(encoding="utf-8")


def test_the_fixture_is_varied_enough() -> None:
    groups = {name.split("/")[0] for name in COMMANDS}
    assert len(COMMANDS) >= 24
    assert len(groups) >= 7
    cases = {case for label in COMMANDS.values() for case in label["cases"]}
    wanted = {
        "indent-2", "indent-4", "single-quotes", "double-quotes", "semicolons", "no-semicolons",
        "doc-comments", "line-comments", "alias-imports", "relative-imports", "alias-without-star",
        "types-file-not-named-after-path", "no-params", "rust-owned-type-reexported",
        "rust-backed-ipc-mixin", "core-domain-type", "type-owned-by-another-command",
        "generic-type", "nested-types", "literal-union", "record", "array", "optional-field",
        "hyphenated-segment", "three-segment-path", "browser-forward", "browser-only",
    }  # fmt: skip
    assert wanted <= cases, sorted(wanted - cases)
    kinds = {f["kind"] for label in COMMANDS.values() for f in label["findings"]}
    assert kinds == {
        "no-params-result",
        "no-static-accessor",
        "no-factories",
        "any-type",
        "raw-execute",
    }
    fixable = [n for n, label in COMMANDS.items() if label["findings"] and label["fixableByAdopt"]]
    manual = [n for n, label in COMMANDS.items() if not label["fixableByAdopt"]]
    assert len(fixable) >= 5
    assert len(manual) >= 3


def test_tsconfig_extends_a_strict_base_and_has_the_aliases() -> None:
    config = _json(FIXTURE / "tsconfig.json")
    base = _json(FIXTURE / config["extends"])
    assert base["compilerOptions"]["strict"] is True
    options = config["compilerOptions"]
    paths: dict[str, list[str]] = options["paths"]
    assert options["baseUrl"] == "."
    for alias, target in STAR_ALIASES.items():
        assert paths[alias] == [target]
    exact = [alias for alias in paths if "*" not in alias]
    assert exact, "one alias without `*`"
    for alias in exact:
        assert (FIXTURE / paths[alias][0]).is_file(), alias


def test_every_command_folder_is_labelled_and_every_label_has_its_files() -> None:
    found, _loose = scan_tree(COMMANDS_ROOT)
    assert sorted(command.rel for command in found) == sorted(COMMANDS)
    for command in found:
        label = COMMANDS[command.rel]
        assert command.types_file == command.path / label["typesFile"], command.rel
        assert command.has_server or command.has_browser, command.rel


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_labelled_fields_are_the_fields_written(command: str) -> None:
    """Each labelled field is declared, with that type, in its interface of the Types file."""
    label = COMMANDS[command]
    text = _types_text(command)
    prefix = label["interfacePrefix"]
    fields = label["fields"]
    blocks = {
        "params": _interface_body(text, f"{prefix}Params"),
        "result": _interface_body(text, f"{prefix}Result"),
    }
    for part in ("params", "result"):
        declared = _declared_fields(blocks[part])
        own = {
            name: spec
            for name, spec in declared.items()
            if name not in {"context", "sessionId", "userId", "success", "error"}
        }
        expected = {f["name"]: (f["type"], f["optional"]) for f in fields[part]}
        if part == "params" and fields.get("noParams"):
            expected["_noParams"] = ("never", True)
        assert own == expected, f"{command} {part}"
    for name, shape in fields["types"].items():
        if isinstance(shape, str):
            assert re.search(rf"export type {name} = {re.escape(shape)};?\n", text), name
        else:
            declared = _declared_fields(_interface_body(text, name))
            assert declared == {f["name"]: (f["type"], f["optional"]) for f in shape}, name
    accessor = label["accessor"]
    if accessor is not None:
        assert re.search(rf"export const {accessor} = \{{", text), command
        assert f"Commands.execute<{prefix}Params, {prefix}Result>(" in text


def _interface_body(text: str, name: str) -> str:
    match = re.search(rf"export interface {name}\b[^{{]*\{{\n(.*?)\n\}}", text, re.DOTALL)
    assert match is not None, f"interface {name} not found"
    return match.group(1)


def _declared_fields(body: str) -> dict[str, tuple[str, bool]]:
    fields = {}
    for line in body.splitlines():
        match = re.fullmatch(r"\s*(\w+)(\??): (.+?);?", line)
        if match is not None:
            fields[match.group(1)] = (match.group(3), match.group(2) == "?")
    return fields


def test_references_point_at_files_that_export_the_type() -> None:
    for command, label in COMMANDS.items():
        text = _types_text(command)
        for name, ref in label["references"].items():
            declared = (FIXTURE / ref["file"]).read_text(encoding="utf-8")
            assert re.search(rf"export (type|interface) {name}\b", declared), (command, name)
            module = re.escape(ref["import"])
            assert re.search(rf"import type \{{ {name} \}} from ['\"]{module}['\"]", text)
            if ref.get("reexported"):
                assert f"export type {{ {name} }}" in text


def test_v1_specs_are_labelled_and_are_v1_as_written() -> None:
    """Every v1 spec belongs to one labelled command and is v1 (the string `example` aside)."""
    labelled = {label["v1Spec"]: name for name, label in COMMANDS.items() if label["v1Spec"]}
    files = sorted(path.name for path in V1_SPECS.glob("*.json"))
    assert files == sorted(labelled)
    assert len(files) >= 12
    odd = [f for f, name in labelled.items() if f != name.replace("/", "-") + ".json"]
    assert odd, "one spec does not follow the file-name rule"
    restated = 0
    for file, command in labelled.items():
        data = _json(V1_SPECS / file)
        assert data["name"] == command
        restated += any(f["name"] in {"success", "error"} for f in data["results"])
        CommandSpecV1.model_validate({k: v for k, v in data.items() if k != "example"}, strict=True)
    assert restated >= 5


@pytest.fixture(scope="module")
def report() -> AuditReport:
    settings, diags = load_settings(FIXTURE)
    assert diags == []
    assert settings.commands_dir == COMMANDS_ROOT
    return run_audit(settings.commands_dir, settings, cwd=FIXTURE)


def test_audit_finds_every_labelled_non_conformance(report: AuditReport) -> None:
    """Audited findings per command: the labelled ones, plus no-spec (specs/ starts empty)."""
    assert not (FIXTURE / "specs").exists(), "specs/ is where migrate and reverse write"
    found = {audit.command.rel: audit for audit in report.commands}
    assert sorted(found) == sorted(COMMANDS)
    for command, label in COMMANDS.items():
        audit = found[command]
        expected = {f["kind"] for f in label["findings"] if f["audited"]}
        assert set(audit.violations) == expected | {"no-spec"}, command
        assert audit.any_uses == label["anyUses"], command
        assert audit.raw_calls == label["rawExecuteCalls"], command


def test_the_fixture_compiles_strict_with_its_own_tsconfig() -> None:
    tsc = RUNTIME_TS / "node_modules" / "typescript" / "bin" / "tsc"
    node = shutil.which("node")
    if node is None or not tsc.exists():
        pytest.skip("tsc is not installed (node and runtimes/typescript/node_modules)")
    run([node, str(tsc), "--strict", "--noEmit", "-p", str(FIXTURE)], FIXTURE)
