"""Nothing crashes: broken, truncated or hostile Types files give diagnostics, never exceptions.

Each example cuts, splices or garbles a real Types file of the fixture (or writes
random TypeScript-ish text), then runs the whole reverse path on it and the
audit's checks; both must return, and every diagnostic must be located.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specgen.audit.checker import ConformanceChecker
from specgen.codebase import CommandDir, SpecIndex
from specgen.codebase.settings import load_settings
from specgen.reverse.build import reverse_command
from specgen.spec.loader import load_spec_text
from specgen.tsread.extract import extract
from specgen.tsread.parser import parse_typescript

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "codebase"
SOURCES = sorted((FIXTURE / "commands").glob("*/*/shared/*Types.ts"))
SETTINGS = load_settings(FIXTURE)[0]
TOKENS = [
    "export", "interface", "type", "const", "{", "}", "(", ")", "<", ">", "[", "]", ";", ":",
    "?:", "|", "&", "=", "=>", ",", "'a'", '"b"', "`c${d}`", "any", "string", "Record",
    "Commands", ".", "execute", "as", "extends", "/**", "*/", "//", "\n", " ", "é", "\x00",
    "\ufeff", "X", "Params", "Result", "import", "from", "'./x'", "commandName",
]  # fmt: skip


def mangled(data: st.DataObject) -> bytes:
    original = data.draw(st.sampled_from(SOURCES)).read_bytes()
    start = data.draw(st.integers(0, len(original)))
    end = data.draw(st.integers(start, len(original)))
    junk = data.draw(st.binary(max_size=20) | st.just(b""))
    return original[:start] + junk + original[end:]


def run_everything(source: bytes, tmp: Path) -> None:
    folder = tmp / "commands" / "x" / "y"
    (folder / "shared").mkdir(parents=True, exist_ok=True)
    path = folder / "shared" / "XYTypes.ts"
    path.write_bytes(source)
    command = CommandDir(folder, "x/y", files=[path], types_file=path)
    parsed = extract(parse_typescript(source), path, "XYTypes.ts")
    result = reverse_command(command, parsed, SETTINGS)
    for diagnostic in result.diagnostics:
        assert diagnostic.location.line >= 1
        assert diagnostic.location.column >= 1
    if result.spec is not None:
        loaded = load_spec_text(json.dumps(result.spec), "made.json")
        assert loaded.document is not None, loaded.diagnostics
    audit = ConformanceChecker(SETTINGS, SpecIndex(), cwd=tmp).check(command, [])
    assert audit.violations  # no spec at least


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_cut_and_garbled_fixture_files(data: st.DataObject, tmp_path: Path) -> None:
    run_everything(mangled(data), tmp_path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=st.lists(st.sampled_from(TOKENS), max_size=60))
def test_random_typescript_like_text(words: list[str], tmp_path: Path) -> None:
    run_everything(" ".join(words).encode("utf-8"), tmp_path)


def test_deeply_nested_types_do_not_exhaust_the_stack(tmp_path: Path) -> None:
    deep = "export interface XYParams extends CommandParams { a: " + "Array<" * 3000 + "string"
    deep += ">" * 3000 + " }\nexport interface XYResult extends CommandResult {}\n"
    run_everything(deep.encode(), tmp_path)


def test_cyclic_extends_and_nested_defaults_end(tmp_path: Path) -> None:
    source = (
        "interface A extends B { a: string }\ninterface B extends A { b: string }\n"
        "export interface XYParams extends CommandParams, A { own?: number[] }\n"
        "export interface XYResult extends CommandResult { out: A }\n"
        "export const createXYParams = (c: C, s: S, d: D) => createPayload(c, s, { own: "
        + "[" * 500
        + "]" * 500
        + ", ...d });\n"
    )
    run_everything(source.encode(), tmp_path)
    folder = tmp_path / "commands" / "x" / "y"
    command = CommandDir(folder, "x/y", types_file=folder / "shared" / "XYTypes.ts")
    parsed = extract(parse_typescript(source.encode()), folder, "XYTypes.ts")
    spec = reverse_command(command, parsed, SETTINGS).spec
    assert spec is not None
    assert [p["name"] for p in spec["params"]] == ["b", "a", "own"]
    assert "default" not in spec["params"][2]
    assert sorted(spec["types"]["A"]["fields"]) == ["a", "b"]
