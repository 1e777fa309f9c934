"""Hostile specs never inject code and never write outside the output root.

Acceptance point: hostile specs (descriptions with ``*/``, quotes, backticks, ``${}``,
newlines, unicode; names attempting ``../`` or reserved words) never inject code (the
payload appears only escaped inside comments or strings, and the files still compile)
and never write outside the output root. Tests prove each case.

One project carries every payload in every place a spec holds text (command, type,
field and enum descriptions, examples, notes, defaults, enum and literal values, spec
file and folder names), through all five adapters. It is generated once and compiled
once (rustfmt --check, clippy -D warnings, cargo test with its doc-tests, tsc --strict);
a payload that escaped its comment or string would break the build or add an item.
Every generated ``.ts`` and ``.rs`` file (ts-rs bindings included) is then tokenized and
its comments and string literals removed: no payload marker may be left in the code.

Names that try to leave the root (``../``) or take reserved words are rejected by
validation: the CLI exits 2 and creates nothing anywhere. Legal-but-awkward names
compile, and so does a legal type nested deep enough for clippy's ``type_complexity``.
The expected-failure tests at the end pin hostile inputs the generator mishandles today;
each fails as XPASS once the generator rejects the input with a diagnostic or handles it
(then drop its marker).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from compile_support import rust_check, tsc_check
from spec_strategies import write_specs
from specgen.cli import cli
from specgen.config import ProjectConfig
from specgen.generate.pipeline import GenerationResult, run_generation

pytestmark = pytest.mark.long_running(seconds=25)

# -- payloads --------------------------------------------------------------------------

PAYLOADS = {
    "block comment closer": "*/ export const pwned_block = 1; /*",
    "rust string breakout": '"); let pwned_rust_str = ("',
    "ts string breakout": "'); const pwned_ts_str = ('",
    "newline breakout": "\n#[cfg(any())] fn pwned_newline() {}\nexport const pwned_nl = 1;\n",
    "js line separators": "\u2028export const pwned_ls = 1;\u2029const pwned_ps = 2;",
    "other line breaks": "a\rexport const pwned_cr = 1;\x0b\x0c\x85b\r\n",
    "doctest fence": '```\nassert!(false, "pwned_doctest");\n```',
    "indented doctest": '\n\n    assert!(false, "pwned_indented");\n\n',
    "backticks": "`pwned_tick` `` ``` ````",
    "template": "${process.exit(1)} `${pwned_template()}`",
    "quotes and backslashes": "' \" \\ \\' \\\" \\\\ \\u{0} \\x00 \\",
    "unicode": "emoji 😀 👨\u200d👩\u200d👧 é ñ 日本語 \ufeffbom \u0301combining",
    "control characters": "nul\x00 bel\x07 bs\x08 esc\x1b del\x7f",
    "html and markdown": "<!-- pwned_html --> <script>alert(1)</script> | cell | [x](javascript:0)",
}
"""What each payload tries; every text field of the hostile specs carries all of them."""

HOSTILE_TEXT = " | ".join(PAYLOADS.values())
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
"""A Markdown code span: a run of backticks, text, the same run again."""
LINE_TERMINATORS = re.compile(r"[\r\u2028\u2029]")
"""Line ends other than LF: U+2028/U+2029 end a JS line comment, a bare CR breaks Rust docs."""
FORBIDDEN_IN_CODE = ("pwned", "process.exit", "alert(", "#[cfg(any())]", "assert!(false")
"""What would be in the code of a generated file if any payload had escaped."""

SAFE_VALUES = (
    *("it's", "x*/y", "${p}", "`tick`", "<a>&b", "emoji 😀 z"),
    *('dq"x', 'say "hi" | a|b', "back\\slash", '\\" \\\\ \\u{0} \\n'),
)
"""Enum values every adapter takes (a ``"`` too: TS, serde and, through ``#[ts(rename)]``,
ts-rs escape it; a ``|`` must not split the README's table)."""
TS_ONLY_VALUES = SAFE_VALUES
UNSAFE_VALUES = ("nl\nx", "ls\u2028x", "nul\x00x", "tab\there", "a\u202eb")
"""Values the targets cannot carry verbatim: validation rejects them (SG104)."""

AWKWARD_FIELDS = (
    *("type", "self", "super", "crate", "fn", "prototype", "match", "async"),
    *("constructor", "__proto__"),
)
"""Legal field names that are keywords or magic names somewhere; required (see below).

``constructor`` and ``__proto__`` are legal interface and serde fields; a sample object
literal must write ``__proto__`` as a computed key (plainly it sets the prototype)."""

DEEP_TYPE = "Record<string, Record<string, Record<string, unknown>>>"
"""A legal type nested deep enough that clippy calls its Rust field type too complex."""


def _ts_literal(value: str) -> str:
    """A single-quoted literal for a type expression (the lexer takes JS escapes)."""
    out = []
    for ch in value:
        if ch in "\\'":
            out.append("\\" + ch)
        elif ch in "\n\r\u2028\u2029" or (ord(ch) < 0x20 and ch != "\t"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


# -- tokenizers: what is code, once comments and string literals are gone ---------------


def ts_code(text: str) -> str:  # noqa: C901, PLR0912  # one branch per token kind
    """The code of TypeScript source: comments removed, string and template text blanked.

    Substitutions in template literals (``${...}``) are code and kept. A line comment
    ends at any JavaScript line terminator, U+2028 and U+2029 included.
    """
    out: list[str] = []
    subs: list[int] = []  # brace depth inside each open ${...}
    in_template = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if in_template:
            if c == "\\":
                i += 2
            elif c == "`":
                in_template, i = False, i + 1
                out.append("``")
            elif text.startswith("${", i):
                in_template, i = False, i + 2
                subs.append(0)
                out.append("${")
            else:
                i += 1
        elif text.startswith("//", i):
            while i < n and text[i] not in "\n\r\u2028\u2029":
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            assert end >= 0, f"unterminated block comment at {i}"
            i = end + 2
            out.append(" ")
        elif c in "'\"":
            j = i + 1
            while text[j] != c:
                assert text[j] not in "\n\r", f"unterminated string at {i}"
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            out.append(c + c)
        elif c == "`":
            in_template, i = True, i + 1
        else:
            if c == "{" and subs:
                subs[-1] += 1
            elif c == "}" and subs:
                if subs[-1] == 0:
                    subs.pop()
                    in_template = True
                else:
                    subs[-1] -= 1
            out.append(c)
            i += 1
    assert not in_template, "unterminated template literal"
    return "".join(out)


def _rust_string_end(text: str, i: int) -> int:
    """The index after the (raw or plain) string literal starting at ``i``."""
    j = i
    while text[j] in "br":
        j += 1
    if "r" in text[i:j]:
        hashes = 0
        while text[j] == "#":
            hashes, j = hashes + 1, j + 1
        end = text.index('"' + "#" * hashes, j + 1)
        return end + 1 + hashes
    j += 1
    while text[j] != '"':
        j += 2 if text[j] == "\\" else 1
    return j + 1


def rust_code(text: str) -> str:
    """The code of Rust source: comments (doc comments too) and literals blanked."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        word_start = i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while depth:
                assert i < n, "unterminated block comment"
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
            out.append(" ")
        elif c == '"' or (word_start and re.match(r'(b|r|br)#*"', text[i:])):
            i = _rust_string_end(text, i)
            out.append('""')
        elif c == "'" and (text[i + 1 : i + 2] == "\\" or text[i + 2 : i + 3] == "'"):
            escaped = text[i + 1] == "\\"
            i = text.index("'", i + 3 if escaped else i + 2) + 1
            out.append("' '")
        else:  # code, or a lifetime
            out.append(c)
            i += 1
    return "".join(out)


def test_tokenizers_see_an_escaped_payload_as_code() -> None:
    """The check below can fail: a comment closed early leaves the marker in the code."""
    leaked_ts = "/** a */ export const pwned = 1; /* */\nconst s = 'x'; // pwned\u2028pwned2()"
    assert "pwned = 1" in ts_code(leaked_ts)
    assert "pwned2()" in ts_code(leaked_ts)
    assert "pwned" not in ts_code("/** *\\/ pwned */ const s = 'pwned\\''; // pwned\n")
    assert "pwned" in ts_code("const t = `a ${pwned()} b`;")
    assert "pwned" not in ts_code("const t = `a ${'x'} pwned`;")
    leaked_rust = '/// doc\nfn pwned() {}\nconst S: &str = "a"; let pwned_2 = ("b";'
    assert "pwned()" in rust_code(leaked_rust)
    assert "pwned_2" in rust_code(leaked_rust)
    clean_rust = "/// pwned\n/* /* pwned */ pwned */ const S: &str = r#\"pwned\"#; 'x'; '\\''"
    assert "pwned" not in rust_code(clean_rust)
    assert "'static" in rust_code("fn f(x: &'static str) {}")


def expected_rust_tests(out: Path) -> int:
    """Tests ``cargo test`` must run for ``out``: two per service scaffold, one per ts-rs export.

    Counting them proves the binary that ran was built from this tree: check crates share
    one target folder and one crate name, so cargo can take another tree's build as fresh.
    """
    services = len(list((out / "rust").glob("*/service.rs")))
    exports = sum(
        p.read_text(encoding="utf-8").count("#[ts(export") for p in (out / "rust").glob("*/wire.rs")
    )
    return 2 * services + exports


def rust_test_counts(output: str) -> list[int]:
    """How many tests each ``running N tests`` block of cargo's output ran (unit, doc)."""
    return [int(n) for n in re.findall(r"^running (\d+) tests?$", output, re.MULTILINE)]


# -- the hostile project ----------------------------------------------------------------


def _field(type_text: str, **extra: Any) -> dict[str, Any]:
    return {"type": type_text, "description": HOSTILE_TEXT, **extra}


def hostile_spec(name: str, adapter: str, environment: str, prefix: str) -> dict[str, Any]:
    """A spec with the payloads in every text it holds."""
    ts_only = adapter in {"server-only", "browser-only"}
    values = TS_ONLY_VALUES if ts_only else SAFE_VALUES
    literal = " | ".join(_ts_literal(v) for v in values)
    spec: dict[str, Any] = {
        "version": 2,
        "name": name,
        "description": HOSTILE_TEXT,
        "environment": environment,
        "adapter": adapter,
        "types": {
            f"{prefix}Level": {"description": HOSTILE_TEXT, "enum": list(values)},
            f"{prefix}Info": {
                "description": HOSTILE_TEXT,
                "fields": {
                    **{f: _field("string") for f in AWKWARD_FIELDS},
                    "level": _field(f"{prefix}Level"),
                    "mode": _field(literal),
                    "nested": _field("{ note: string; tag?: " + literal + " }", optional=True),
                    "deep": _field(DEEP_TYPE, optional=True),
                },
            },
        },
        "params": [
            {"name": "info", "type": f"{prefix}Info", "description": HOSTILE_TEXT},
            {"name": "mode", "type": literal, "description": HOSTILE_TEXT},
            {"name": "note", "type": "string", "optional": True, "default": HOSTILE_TEXT},
            *({"name": f, "type": "i32"} for f in AWKWARD_FIELDS),
        ],
        "results": [{"name": "echo", "type": "string", "description": HOSTILE_TEXT}],
        "examples": [
            {
                "description": HOSTILE_TEXT,
                "command": f"./jtag {name} --x='`rm -rf /`' ``` {HOSTILE_TEXT}",
                "params": {HOSTILE_TEXT: HOSTILE_TEXT, "note": HOSTILE_TEXT},
                "expectedResult": {"echo": HOSTILE_TEXT},
                "notes": HOSTILE_TEXT,
            }
        ],
    }
    if not ts_only:
        spec["rust"] = {"module": "../../../../etc/pwned", "command_prefix": "hostile/"}
    return spec


HOSTILE_FILES = {
    # folder (below specs/) -> (command, adapter, environment, type prefix)
    "..evil": ("hostile/rust", "rust-ipc", "server", "HRust"),
    "x-->*": ("hostile/full-stack", "full-stack", "both", "HFull"),
    "...": ("hostile/contract", "trait-only", "server", "HContract"),
    "a\nexport const pwned_dir = 1;\n": ("hostile/server", "server-only", "server", "HServer"),
    "`$(pwned_sub)`": ("hostile/browser", "browser-only", "browser", "HBrowser"),
    "types;$IFS'": ("hostile/types", "types", "both", "HTypes"),
}
"""Where each hostile spec lives: folder names that try ``..``, ``*/``, ``-->``, newlines."""
WEIRD_FILE_NAME = " export const pwned_file = 1; <script> ```.json"
"""The file name of every hostile spec: after a folder ending in ``*`` it closes a comment."""


def _listing(root: Path, skip: Path | None = None) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if skip is None or (p != skip and skip not in p.parents)
    }


@dataclass
class Hostile:
    """The hostile project, generated once."""

    root: Path
    out: Path
    result: GenerationResult
    before: set[str]
    """Everything beside the output root before the run."""

    def generated(self, *suffixes: str) -> Iterator[Path]:
        """Generated files (bindings included once compiled), by suffix."""
        for path in sorted(self.out.rglob("*")):
            if path.is_file() and "_check_crate" not in path.parts and path.suffix in suffixes:
                yield path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    base = tmp_path_factory.mktemp("hostile")
    root = base / "project"
    (root / "specs").mkdir(parents=True)
    (root / "specgen.toml").write_text('spec_dirs = ["specs"]\n', encoding="utf-8")
    for folder, (name, adapter, environment, prefix) in HOSTILE_FILES.items():
        target = root / "specs" / folder
        target.mkdir(parents=True)
        text = json.dumps(hostile_spec(name, adapter, environment, prefix), ensure_ascii=False)
        (target / WEIRD_FILE_NAME).write_text(text, encoding="utf-8")
    before = _listing(base)
    out = root / "out"
    config = ProjectConfig(root=root, spec_dirs=(root / "specs",), file=root / "specgen.toml")
    result = run_generation([root / "specs"], config, out)
    return Hostile(root, out, result, before)


@pytest.fixture(scope="module")
def rust_output(hostile: Hostile) -> str:
    """One cargo run: rustfmt, clippy -D warnings, cargo test (doc-tests, ts-rs export)."""
    assert hostile.result.ok, hostile.result.diagnostics
    return rust_check(hostile.out)


def test_hostile_project_validates_and_covers_every_adapter(hostile: Hostile) -> None:
    assert hostile.result.ok, hostile.result.diagnostics
    types_files = list(hostile.generated(".ts"))
    for name, *_ in HOSTILE_FILES.values():
        assert any(name.replace("/", os.sep) in str(p) for p in types_files), name
    assert (hostile.out / "rust" / "hostile_rust" / "wire.rs").is_file()
    assert (hostile.out / "rust" / "hostile_contract" / "contract.rs").is_file()
    assert (hostile.out / "rust" / "hostile_types" / "wire.rs").is_file()


def test_hostile_tree_compiles_and_no_doc_test_was_made(rust_output: str, hostile: Hostile) -> None:
    """(a) A leaked payload would not compile, or would add a doc-test or an item."""
    assert "test result: ok" in rust_output
    assert rust_test_counts(rust_output) == [expected_rust_tests(hostile.out), 0]  # 0 doc-tests
    tsc_check(hostile.out / "ts")


def test_payloads_stay_inside_comments_and_strings(rust_output: str, hostile: Hostile) -> None:
    """(b) With comments and literals gone, no payload is left in any file's code."""
    del rust_output  # the ts-rs bindings are checked too
    checked = {".ts": 0, ".rs": 0}
    seen_in_text = set()
    for path in hostile.generated(".ts", ".rs"):
        text = path.read_text(encoding="utf-8")
        code = ts_code(text) if path.suffix == ".ts" else rust_code(text)
        leaked = [marker for marker in FORBIDDEN_IN_CODE if marker in code]
        assert leaked == [], f"{path}: {leaked} in code"
        seen_in_text |= {m for m in FORBIDDEN_IN_CODE if m in text}
        checked[path.suffix] += 1
    assert checked[".ts"] >= 40
    assert checked[".rs"] >= 10
    assert any("/bindings/" in str(p) for p in hostile.generated(".ts"))
    # the payloads did reach the files (inside comments and strings), so the check bites
    assert seen_in_text == set(FORBIDDEN_IN_CODE)


def test_no_raw_line_terminator_but_lf(rust_output: str, hostile: Hostile) -> None:
    """(b) A payload's CR, U+2028 or U+2029 never lands raw: each could end a comment."""
    del rust_output
    for path in hostile.generated(".ts", ".rs", ".md"):
        text = path.read_text(encoding="utf-8")
        bad = sorted({f"U+{ord(c):04X}" for c in LINE_TERMINATORS.findall(text)})
        assert bad == [], f"{path}: raw {bad}"


def test_generated_files_hold_no_nul_byte(hostile: Hostile) -> None:
    """(b) Generated files stay text: tools (git diff, --check's diff) call NUL binary."""
    for path in hostile.generated(".ts", ".rs", ".md"):
        assert b"\x00" not in path.read_bytes(), path


def test_readme_keeps_payloads_inert(hostile: Hostile) -> None:
    """(b) Markdown: no raw HTML, the header comment closes once, code spans hold backticks."""
    readmes = list(hostile.generated(".md"))
    assert len(readmes) == len(HOSTILE_FILES) - 1  # the types adapter writes no README
    for path in readmes:
        text = path.read_text(encoding="utf-8")
        prose = CODE_SPAN.sub("", text)  # code spans show HTML as text
        assert "<script" not in prose
        assert "<!-- pwned" not in prose
        header = text.splitlines()[0]
        assert header.startswith("<!-- @generated by specgen from specs/"), header
        assert header.endswith("; do not edit. -->"), header
        assert prose.count("-->") == 1, path  # the header's own end, nothing else
        command = next(line for line in text.splitlines() if "./jtag hostile/" in line)
        fence = re.match(r"`+", command)
        assert fence is not None, command
        inner = command[len(fence[0]) : -len(fence[0])]
        assert command.endswith(fence[0])
        assert max(len(run) for run in re.findall(r"`+", inner)) < len(fence[0])


def _cells(row: str) -> int:
    """The cells of a GitHub Markdown table row: split at each ``|`` not escaped as ``\\|``."""
    return len(re.split(r"(?<!\\)\|", row.strip().strip("|")))


def test_readme_tables_keep_their_columns(hostile: Hostile) -> None:
    """(b) Union types and values with ``|`` stay in their cell (escaped as ``\\|``)."""
    rows = 0
    for path in hostile.generated(".md"):
        table_width = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("|"):
                table_width = 0
                continue
            if table_width == 0:
                table_width = _cells(line)
                continue
            assert _cells(line) == table_width, f"{path}: {line}"
            rows += 1
    assert rows > 20


def test_prototype_field_names_are_fields_in_every_output(
    rust_output: str, hostile: Hostile
) -> None:
    """``constructor`` and ``__proto__`` are declared fields in TS, ts-rs and serde."""
    del rust_output  # the ts-rs bindings
    types = next(p for p in hostile.generated(".ts") if p.name == "HostileServerTypes.ts")
    assert "  constructor: string;" in types.read_text(encoding="utf-8")
    assert "  __proto__: string;" in types.read_text(encoding="utf-8")
    wire = (hostile.out / "rust" / "hostile_rust" / "wire.rs").read_text(encoding="utf-8")
    assert '#[serde(rename = "__proto__")]' in wire
    binding = next(p for p in hostile.generated(".ts") if p.name == "HRustInfo.ts")
    assert "__proto__: string" in binding.read_text(encoding="utf-8")
    texts = [path.read_text(encoding="utf-8") for path in hostile.generated(".ts")]
    assert not [t for t in texts if '"__proto__":' in t.replace('["__proto__"]:', "")]
    assert any('["__proto__"]:' in t for t in texts)  # the samples of the unit tests


def test_a_sample_object_keeps_proto_as_its_own_property(tmp_path: Path) -> None:
    """A plain ``"__proto__": x`` in an object literal sets the prototype; ours is a key."""
    from specgen.ir.model import FieldIR, Prim, StructIR  # noqa: PLC0415
    from specgen.renderers.samples import SampleBuilder, TsSampleWriter  # noqa: PLC0415

    fields = tuple(
        FieldIR(name, name, needs_rename=False, description="", optional=False, type=Prim("string"))
        for name in ("constructor", "__proto__")
    )
    struct = StructIR("S", "", fields, "x/y", "params")
    literal = TsSampleWriter(SampleBuilder({"S": struct}, {}), bigint64=False).struct(struct)
    script = tmp_path / "keys.js"
    script.write_text(f"process.stdout.write(JSON.stringify(Object.keys({literal})));\n")
    node = shutil.which("node")
    assert node is not None
    keys = subprocess.run(  # node on our own file
        [node, str(script)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert json.loads(keys) == ["constructor", "__proto__"]


def test_headers_name_the_hostile_spec_files_escaped(hostile: Hostile) -> None:
    """(d) The spec's path (folders ``..evil``, ``x-->*``) appears in headers, defused."""
    types_file = next(p for p in hostile.generated(".ts") if p.name == "HostileFullStackTypes.ts")
    header = types_file.read_text(encoding="utf-8").split("*/", 1)[0]
    assert "specs/x--&gt;" not in header  # TS comments are not Markdown
    assert "specs/x-->*\\/ export const pwned_file = 1;" in header
    wire = (hostile.out / "rust" / "hostile_rust" / "wire.rs").read_text(encoding="utf-8")
    assert "//! @generated by specgen from specs/..evil/ export const pwned_file" in wire


def test_nothing_is_written_outside_the_output_root(hostile: Hostile) -> None:
    """(d) Spec files in ``..evil``, ``..``-named and ``*/``-named folders, a rust.module of
    ``../../../../etc/pwned``: every output is a plain file inside the root."""
    assert hostile.result.report is not None
    base = hostile.root.parent
    assert _listing(base, skip=hostile.out) == hostile.before
    real_out = hostile.out.resolve()
    files = [p for p in hostile.out.rglob("*") if "_check_crate" not in p.parts]
    assert files
    for path in files:
        assert not path.is_symlink(), path
        assert real_out in path.resolve().parents, path
        assert ".." not in path.relative_to(hostile.out).parts
    assert not list(base.rglob("pwned*"))
    module = hostile.out / "rust" / "../../../../etc/pwned"  # the specs' rust.module
    assert not module.resolve().exists()
    assert not (hostile.out / "rust" / "etc").exists()


# -- names that try to escape or take reserved words: rejected, nothing written ----------


def _base_spec() -> dict[str, Any]:
    return {"version": 2, "name": "gpu/stats", "description": "x", "adapter": "rust-ipc"}


def _name(value: str) -> Callable[[dict[str, Any]], None]:
    def apply(spec: dict[str, Any]) -> None:
        spec["name"] = value

    return apply


def _type_name(value: str) -> Callable[[dict[str, Any]], None]:
    def apply(spec: dict[str, Any]) -> None:
        spec["types"] = {value: {"fields": {"a": {"type": "string"}}}}

    return apply


def _field_name(value: str) -> Callable[[dict[str, Any]], None]:
    def apply(spec: dict[str, Any]) -> None:
        spec["params"] = [{"name": value, "type": "string"}]

    return apply


def _prefix(value: str) -> Callable[[dict[str, Any]], None]:
    def apply(spec: dict[str, Any]) -> None:
        spec["rust"] = {"command_prefix": value}

    return apply


REJECTED = [
    *(
        pytest.param(_name(n), "SG110", id=f"command {n!r}")
        for n in (
            "../../etc/passwd",
            "a/../../b",
            "gpu/..",
            "gpu/../../../../tmp/pwned",
            "../gpu/stats",
            "/abs/olute",
            "gpu\\..\\..\\x",
            "gpu/./stats",
            "gpu//stats",
            "gpu/stats/",
            "GPU/Stats",
            "gpu/st\x00ats",
            "gpu/.hidden",
            "gpu/~root",
            "gpu",
            "gpu/stats\n",
        )
    ),
    *(
        pytest.param(_type_name(n), "SG303", id=f"type {n!r}")
        for n in ("Self", "Array", "Option", "CommandResult", "Promise", "Vec", "String", "super")
    ),
    *(
        pytest.param(_type_name(n), "SG112", id=f"type {n!r}")
        for n in ("../Evil", "a/b", "Evil*/", "", "1st", "Ev il")
    ),
    *(
        pytest.param(_field_name(n), "SG112", id=f"field {n!r}")
        for n in ("../x", "a/b", "a b", "1abc", "", "x-y", "$x", "x*/y")
    ),
    pytest.param(_prefix("../"), "SG115", id="command_prefix '../'"),
]


@pytest.mark.parametrize(("mutate", "code"), REJECTED)
def test_escaping_and_reserved_names_are_rejected_and_nothing_is_written(
    mutate: Callable[[dict[str, Any]], None], code: str, tmp_path: Path
) -> None:
    """(c) Exit 2 with the code; no file appears under the output root or beside it."""
    project = tmp_path / "project"
    spec = _base_spec()
    mutate(spec)
    spec_path = project / "specs" / "case.json"
    spec_path.parent.mkdir(parents=True)
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    out = project / "out"
    before = _listing(tmp_path)
    neighbours = {p.name for p in tmp_path.parent.iterdir()}
    result = CliRunner().invoke(
        cli, ["generate", "--spec", str(spec_path), "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 2, result.output
    assert f"error[{code}]" in result.stdout
    assert "Traceback" not in result.output
    assert not out.exists()
    assert _listing(tmp_path) == before
    assert {p.name for p in tmp_path.parent.iterdir()} == neighbours


def test_a_symlinked_output_folder_leading_outside_is_refused(tmp_path: Path) -> None:
    """(d) The root's ``ts`` folder links outside: exit 2 before anything is written."""
    spec_path = tmp_path / "specs" / "gpu-stats.json"
    spec_path.parent.mkdir()
    spec = _base_spec() | {"adapter": "server-only"}
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "ts").symlink_to(outside, target_is_directory=True)
    result = CliRunner().invoke(
        cli, ["generate", "--spec", str(spec_path), "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 2, result.output
    assert "outside the output root" in result.stdout
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == ["ts"]


# -- hostile inputs the generator mishandles today: pinned as expected failures ----------


def _spec(name: str, adapter: str, **fields: Any) -> dict[str, Any]:
    return {"version": 2, "name": name, "description": "x", "adapter": adapter} | fields


def assert_rejected_or_inert_and_compiles(specs: list[dict[str, Any]], root: Path) -> None:
    """Rejected with a located error and nothing written, or generated without any
    payload in code and compiled in both languages."""
    write_specs(root / "specs", specs)
    out = root / "out"
    result = run_generation([root / "specs"], ProjectConfig(root=root), out)
    if not result.ok:
        assert all(d.code.startswith("SG") for d in result.diagnostics)
        assert not out.exists()
        return

    def no_payload_in_code() -> None:
        for path in out.rglob("*"):
            if path.suffix in {".ts", ".rs"} and "_check_crate" not in path.parts:
                text = path.read_text(encoding="utf-8")
                try:
                    code = ts_code(text) if path.suffix == ".ts" else rust_code(text)
                except (AssertionError, IndexError, ValueError) as error:
                    pytest.fail(f"{path}: not well-formed ({error})")
                assert "pwned" not in code, f"{path}: payload in code"

    no_payload_in_code()
    rust_check(out)
    no_payload_in_code()  # the ts-rs bindings
    tsc_check(out / "ts")


BUG_CASES = [
    pytest.param(
        [
            _spec(
                "inj/enum",
                "rust-ipc",
                types={"InjLevel": {"enum": ['a"; export const pwned = 1; type Z = "b']}},
                results=[{"name": "level", "type": "InjLevel", "optional": True}],
            )
        ],
        id="quote-in-rust-backed-enum-value",  # ts-rs prints it unescaped: code injected
    ),
    pytest.param(
        [
            _spec(
                "inj/values",
                "trait-only",
                types={"InjMode": {"enum": ["back\\slash", "new\nline", "ls\u2028x"]}},
                params=[
                    {"name": "m", "type": "'q\"x' | 'b\\\\s'"},
                    {"name": "n", "type": "InjMode"},
                ],
            )
        ],
        id="backslash-newline-in-rust-backed-values",
    ),
    pytest.param(
        [
            _spec(
                "inj/member",
                "server-only",
                params=[
                    {
                        "name": "o",
                        "type": "{ 'a?: string }; export const pwned = 1; "
                        "interface Z { b'?: string }",
                    },
                    {"name": "p", "type": "{ '../x': string; 'a b'?: i32 }"},
                ],
            )
        ],
        id="inline-object-member-name-injection",  # string member names are not checked
    ),
    pytest.param(
        [
            _spec(
                "bidi/rs",
                "rust-ipc",
                description="bidi \u202e evil \u2066 text",
                types={"BidiLevel": {"enum": ["a\u202eb"]}},
                params=[{"name": "o", "type": "BidiLevel", "description": "\u202egnp.exe"}],
            )
        ],
        id="bidi-controls",  # rustc denies text_direction_codepoint_in_{comment,literal}
    ),
    pytest.param(
        [
            _spec(
                "invisible/rs",
                "rust-ipc",
                description="zero\u200bwidth soft\u00adhyphen word\u2060joiner",
                types={"InvisibleLevel": {"enum": ["a\u200bb"]}},
                params=[{"name": "o", "type": "InvisibleLevel", "description": "x\u200by"}],
            )
        ],
        id="invisible-characters",  # clippy::invisible_characters (deny) in docs and literals
    ),
    pytest.param(
        [
            _spec(
                "proto/ts",
                "server-only",
                params=[
                    {"name": "constructor", "type": "string", "optional": True},
                    {"name": "toString", "type": "string", "optional": True},
                ],
            ),
            _spec(
                "proto/rs",
                "rust-ipc",
                results=[{"name": "valueOf", "type": "i32", "optional": True}],
            ),
        ],
        id="object-prototype-field-names",  # tsc: 'Function' is not assignable to 'string'
    ),
    pytest.param(
        [
            _spec(
                f"crate/{n.replace('_', '-')}",
                "rust-ipc",
                types={n: {"fields": {}}},
                params=[{"name": "v", "type": n}, {"name": "u", "type": "unknown"}],
            )
            for n in ("serde", "std", "serde_json", "ts_rs")
        ],
        id="type-named-like-a-crate",  # `use serde::...` is ambiguous in wire.rs
    ),
    pytest.param(
        [
            _spec(
                f"prim/{n}",
                "rust-ipc",
                types={n: {"fields": {}}},
                params=[
                    {"name": "v", "type": n},
                    {"name": "b", "type": "boolean"},
                    {"name": "c", "type": "number"},
                ],
            )
            for n in ("bool", "f64", "str", "usize")
        ],
        id="type-named-like-a-rust-primitive",
    ),
    pytest.param(
        [
            _spec("rt/ts", "server-only", types={"SessionId": {"fields": {}}}),
            _spec("rt/tsb", "browser-only", types={"CommandContext": {"fields": {}}}),
            _spec("rt/rs", "rust-ipc", types={"createPayload": {"fields": {}}}),
        ],
        id="type-named-like-a-runtime-import",  # clashes with the Types file's imports
    ),
    pytest.param(
        [
            _spec(
                "base/ts",
                "server-only",
                params=[{"name": n, "type": "string"} for n in ("context", "sessionId", "userId")],
                results=[{"name": n, "type": "string"} for n in ("success", "error")],
            )
        ],
        id="field-named-like-a-base-interface-field",  # CommandParams / CommandResult
    ),
]


@pytest.mark.parametrize("specs", BUG_CASES)
def test_hostile_input_is_rejected_or_inert(specs: list[dict[str, Any]], tmp_path: Path) -> None:
    assert_rejected_or_inert_and_compiles(specs, tmp_path)


@pytest.mark.parametrize("value", UNSAFE_VALUES)
@pytest.mark.parametrize("adapter", ["server-only", "rust-ipc"])
def test_unsafe_enum_and_literal_values_are_rejected(
    value: str, adapter: str, tmp_path: Path
) -> None:
    """A value with a quote, backslash, control, invisible or bidi character never reaches code."""
    literal = "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"
    spec = _spec(
        "unsafe/value",
        adapter,
        types={"UnsafeLevel": {"enum": [value]}},
        params=[{"name": "v", "type": "UnsafeLevel"}, {"name": "w", "type": literal}],
    )
    write_specs(tmp_path / "specs", [spec])
    result = run_generation([tmp_path / "specs"], ProjectConfig(root=tmp_path), tmp_path / "out")
    codes = [d.code for d in result.diagnostics]
    assert codes.count("SG104") >= 1, result.diagnostics
    assert not (tmp_path / "out").exists()
