"""Property test: the rules' SOURCE verdict agrees with tsc.

Hypothesis draws ``CASES`` random (old spec, edit) pairs. For each, the rules classify the
edit: SOURCE-breaking when a finding's rule breaks TypeScript callers (``breaks_ts``),
SOURCE-compatible otherwise. Then the compiler decides: the new specs are generated (the
real Types files, one generation for all cases), and for each case an *old client* is
written from the old spec, calling the command through the generated static accessor
with object literals of the old params (every param, and only the required ones), reading
every old result into a variable of its old type, and importing the old declared types
by name. One ``tsc --strict`` run compiles all of it; a case is SOURCE-breaking for the
compiler when its client has an error. The two verdicts must agree for every case.

The run is seeded (``SEED``; ``SPECGEN_BREAKING_SEED`` overrides it) and small: the
classification is cheap, the compile is one run.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from compile_support import ensure_typescript
from specgen.breaking import check_breaking
from specgen.config import ProjectConfig
from specgen.diagnostics import has_errors, render_line
from specgen.generate.pipeline import run_generation
from specgen.spec.loader import load_spec_text
from specgen.validate import validate_documents

CASES = 40
SEED = int(os.environ.get("SPECGEN_BREAKING_SEED", "20261202"))
NAMES = ("alpha", "beta", "gamma", "delta", "omega")
LEAVES = (
    "string",
    "boolean",
    "number",
    "i32",
    "i64",
    "unknown",
    "string | null",
    "'x' | 'y'",
    "'x' | 'y' | 'z'",
    "'x'",
    "string[]",
    "Record<string, number>",
)
ROOT = Path(__file__).resolve().parents[2]
RUNTIME_TS = ROOT / "runtimes" / "typescript"

Spec = dict[str, Any]


def _types(i: int) -> tuple[str, ...]:
    """The type expressions a field of case ``i`` may have: leaves, its enum, its struct."""
    return (*LEAVES, f"E{i}", f"S{i}", f"S{i}[]")


def old_spec(rnd: random.Random, i: int) -> Spec:
    """A spec of case ``i``: struct ``S<i>``, enum ``E<i>``, a few params and results."""

    def fields(types: tuple[str, ...], low: int) -> list[tuple[str, str, bool]]:
        names = rnd.sample(NAMES, rnd.randint(low, 3))
        return [(n, rnd.choice(types), rnd.random() < 0.5) for n in names]

    struct = fields((*LEAVES, f"E{i}"), 1)
    values = rnd.sample(["a", "b", "c"], rnd.randint(1, 3))
    return {
        "version": 2,
        "name": f"prop/c{i}",
        "description": "case",
        "adapter": "server-only",
        "types": {
            f"S{i}": {"fields": {n: {"type": t, "optional": o} for n, t, o in struct}},
            f"E{i}": {"enum": values},
        },
        "params": [{"name": n, "type": t, "optional": o} for n, t, o in fields(_types(i), 0)],
        "results": [{"name": n, "type": t, "optional": o} for n, t, o in fields(_types(i), 1)],
    }


def _item_edit(rnd: random.Random, spec: Spec, key: str, i: int) -> str:
    items: list[dict[str, Any]] = spec[key]
    free = [n for n in NAMES if n not in {p["name"] for p in items}]
    kinds = ["add"] if free else []
    if items:
        kinds += ["remove", "optional", "type", "deprecate"] + (["rename"] if free else [])
    if not kinds:
        return "none"
    kind = rnd.choice(kinds)
    if kind == "add":
        optional = rnd.random() < 0.5
        new: dict[str, Any] = {"name": free[0], "type": rnd.choice(_types(i)), "optional": optional}
        items.append(new)
        return f"{key}: add {new}"
    target = rnd.choice(items)
    if kind == "remove":
        items.remove(target)
    elif kind == "optional":
        target["optional"] = not target.get("optional", False)
    elif kind == "type":
        target["type"] = rnd.choice(_types(i))
    elif kind == "deprecate":
        target["deprecated"] = True
    else:
        target["renamedFrom"], target["name"] = target["name"], free[0]
    return f"{key}: {kind} {target['name']}"


def _type_edit(rnd: random.Random, spec: Spec, i: int) -> str:
    struct: dict[str, Any] = spec["types"][f"S{i}"]["fields"]
    enum: list[str] = spec["types"][f"E{i}"]["enum"]
    kind = rnd.choice(["enum+", "enum-", "field+", "field-", "optional", "type", "rename"])
    if kind == "enum+":
        enum.append(rnd.choice(["d", "e"]))
    elif kind == "enum-" and len(enum) > 1:
        enum.pop(rnd.randint(0, len(enum) - 1))
    elif kind == "field+":
        free = [n for n in NAMES if n not in struct]
        struct[free[0]] = {"type": rnd.choice(LEAVES), "optional": rnd.random() < 0.5}
    elif kind == "field-" and len(struct) > 1:
        struct.pop(rnd.choice(sorted(struct)))
    elif kind == "optional":
        name = rnd.choice(sorted(struct))
        struct[name]["optional"] = not struct[name]["optional"]
    elif kind == "type":
        struct[rnd.choice(sorted(struct))]["type"] = rnd.choice(LEAVES)
    elif kind == "rename":  # the struct gets another name everywhere
        text = json.dumps(spec).replace(f'"S{i}"', f'"S{i}b"').replace(f'"S{i}[]"', f'"S{i}b[]"')
        spec.clear()
        spec.update(json.loads(text))
    return f"types: {kind}"


@st.composite
def case(draw: st.DrawFn, i: int) -> tuple[Spec, Spec, str]:
    """An old spec of case ``i``, the new one after one random edit, and the edit's name.

    Hypothesis draws a seeded ``Random`` and the case is built from it, so the cases of a
    run spread over every edit evenly instead of starting from the simplest ones.
    """
    rnd = draw(st.randoms(use_true_random=True))
    old = old_spec(rnd, i)
    new = json.loads(json.dumps(old))
    where = rnd.choice(["params", "results", "types"])
    edit = _type_edit(rnd, new, i) if where == "types" else _item_edit(rnd, new, where, i)
    return old, new, edit


def _load(spec: Spec, file: str) -> Any:  # a SpecDocument
    loaded = load_spec_text(json.dumps(spec, indent=2), file)
    assert loaded.document is not None, loaded.diagnostics
    return loaded.document


@dataclass
class Case:
    """One drawn case and what the rules say about it."""

    index: int
    old: Spec
    new: Spec
    edit: str
    rules: list[str] = field(default_factory=list)
    breaks_ts: bool = False


def _renumbered(spec: Spec, index: int) -> Spec:
    """``spec`` of case 0 as case ``index`` (its command and type names)."""
    text = re.sub(r"\b([SE])0(b?)\b", rf"\g<1>{index}\g<2>", json.dumps(spec))
    renamed: Spec = json.loads(text.replace('"prop/c0"', f'"prop/c{index}"'))
    return renamed


def draw_cases() -> list[Case]:
    """``CASES`` valid cases, drawn by Hypothesis with the fixed seed, classified."""
    cases: list[Case] = []

    @seed(SEED)
    @settings(
        max_examples=CASES * 3,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def each_case(data: st.DataObject) -> None:
        drawn = data.draw(case(0), label="case")  # always drawn: Hypothesis replays draws
        if len(cases) >= CASES:
            return
        index = len(cases)
        old, new = (_renumbered(spec, index) for spec in drawn[:2])
        edit = drawn[2]
        new_doc = _load(new, f"specs/c{index}.json")
        if has_errors(validate_documents([new_doc])):
            return  # an edit that makes an invalid spec (e.g. a removed name still used)
        report = check_breaking([_load(old, f"old/c{index}.json")], [new_doc])
        rules = sorted(f.rule_id for f in report.findings)
        breaks = any(f.rule.breaks_ts for f in report.findings)
        cases.append(Case(index, old, new, edit, rules, breaks))

    each_case()
    return cases


def _ts(type_text: str, spec: Spec) -> str:
    """The old TypeScript type of a field, written out (no name of the new module)."""
    struct_name = next((n for n in spec["types"] if n.startswith("S")), "")
    enum_name = next(n for n in spec["types"] if n.startswith("E"))
    if type_text in (struct_name, struct_name + "[]"):
        fields = spec["types"][struct_name]["fields"]
        members = "; ".join(
            f"{n}{'?' if f['optional'] else ''}: {_ts(f['type'], spec)}" for n, f in fields.items()
        )
        return "{ " + members + " }" + ("[]" if type_text.endswith("[]") else "")
    if type_text == enum_name:
        return " | ".join(f"'{v}'" for v in spec["types"][enum_name]["enum"])
    return {"i32": "number", "i64": "number"}.get(type_text, type_text)


class _Client:
    """The old client of one case: declared inputs, literals of the old params, reads."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.lines: list[str] = []
        self.count = 0

    def variable(self, ts_type: str) -> str:
        name = f"v{self.count}"
        self.count += 1
        self.lines.append(f"declare const {name}: {ts_type};")
        return name

    def value(self, type_text: str, *, minimal: bool) -> str:
        struct_name = next((n for n in self.spec["types"] if n.startswith("S")), "")
        if type_text in (struct_name, struct_name + "[]"):
            fields = self.spec["types"][struct_name]["fields"]
            literal = self.literal(
                [(n, f["type"], f["optional"]) for n, f in fields.items()], minimal=minimal
            )
            return f"[{literal}]" if type_text.endswith("[]") else literal
        return self.variable(_ts(type_text, self.spec))

    def literal(self, items: list[tuple[str, str, bool]], *, minimal: bool) -> str:
        parts = [
            f"{name}: {self.value(type_text, minimal=minimal)}"
            for name, type_text, optional in items
            if not (minimal and optional)
        ]
        return "{ " + ", ".join(parts) + " }"

    def source(self, index: int, types_module: str) -> str:
        params = [(p["name"], p["type"], p.get("optional", False)) for p in self.spec["params"]]
        full = self.literal(params, minimal=False)
        minimal = self.literal(params, minimal=True)
        reads = []
        for result in self.spec["results"]:
            optional = " | undefined" if result.get("optional") else ""
            reads.append(
                f"  const r_{result['name']}: {_ts(result['type'], self.spec)}{optional} = "
                f"result.{result['name']};\n  void r_{result['name']};"
            )
        names = ", ".join(sorted(self.spec["types"]))
        accessor = f"PropC{index}"
        return "\n".join(
            [
                f"import {{ {accessor}, type {names} }} from '{types_module}';",
                *self.lines,
                f"export type OldNames = [{names}];",
                "export async function oldClient(): Promise<void> {",
                f"  const result = await {accessor}.execute({full});",
                f"  await {accessor}.execute({minimal});",
                *reads,
                "}",
                "",
            ]
        )


def test_the_source_verdict_of_the_rules_agrees_with_tsc(tmp_path: Path) -> None:
    cases = draw_cases()
    assert len(cases) == CASES, f"only {len(cases)} valid cases drawn (seed {SEED})"
    verdicts = [c.breaks_ts for c in cases]
    assert 0.2 < sum(verdicts) / len(verdicts) < 0.8, f"a lopsided draw: {verdicts}"
    specs = tmp_path / "specs"
    specs.mkdir()
    for c in cases:
        (specs / f"c{c.index}.json").write_text(json.dumps(c.new, indent=2), encoding="utf-8")
    out = tmp_path / "out"
    generated = run_generation([specs], ProjectConfig(root=tmp_path), out)
    assert generated.ok, "\n".join(map(render_line, generated.diagnostics))
    ts_root = out / "ts"
    clients = ts_root / "clients"
    clients.mkdir()
    for c in cases:
        client = _Client(c.old)
        types_file = f"../commands/prop/c{c.index}/shared/PropC{c.index}Types"
        (clients / f"case{c.index}.ts").write_text(
            client.source(c.index, types_file), encoding="utf-8"
        )
    errors = _tsc_errors(ts_root)
    outside = [e for e in errors if not e.startswith("clients/")]
    assert outside == [], "the generated code itself does not compile:\n" + "\n".join(outside)
    client_errors = "\n".join(errors)
    broken = {int(m) for m in re.findall(r"^clients/case(\d+)\.ts", client_errors, re.MULTILINE)}
    disagree = [
        f"case {c.index} ({c.edit}): rules {c.rules} say "
        f"{'breaking' if c.breaks_ts else 'compatible'}, tsc says "
        f"{'breaking' if c.index in broken else 'compatible'}\n"
        f"  old: {json.dumps(c.old)}\n  new: {json.dumps(c.new)}\n"
        + "\n".join(f"  {e}" for e in errors if e.startswith(f"clients/case{c.index}.ts"))
        for c in cases
        if c.breaks_ts != (c.index in broken)
    ]
    assert disagree == [], f"(seed {SEED})\n" + "\n".join(disagree)


def _tsc_errors(ts_root: Path) -> list[str]:
    """Every error line of one ``tsc --strict --noEmit`` over ``ts_root`` (none: [])."""
    tsc = ensure_typescript()
    node = shutil.which("node")
    assert node is not None, "node is needed for tsc"
    config = {"extends": str(RUNTIME_TS / "tsconfig.generated.json"), "include": ["**/*.ts"]}
    (ts_root / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    done = subprocess.run(  # node running the pinned tsc
        [node, str(tsc), "-p", "tsconfig.json", "--pretty", "false"],
        cwd=ts_root,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    errors = [line for line in done.stdout.splitlines() if ": error TS" in line]
    assert errors or done.returncode == 0, done.stdout + done.stderr
    return errors


pytestmark = [
    pytest.mark.long_running(seconds=6),
    pytest.mark.skipif(
        not (RUNTIME_TS / "node_modules").exists(), reason="TypeScript is not installed"
    ),
]
