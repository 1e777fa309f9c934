"""Read a command tree's runtime import map off its own code (``specgen init --commands``).

Generated TypeScript imports about fifteen runtime names (`RUNTIME_NAMES`). A codebase
has its own, often under other names and in several modules, and its hand-written
commands already use them, so each role is read off the code that plays it:

- ``command_params`` / ``command_result``: what the Params / Result interfaces extend;
- ``context`` / ``session_id``: the types of the factories' ``context`` and
  ``sessionId`` parameters;
- ``error``: the type of the Result interfaces' ``error`` field;
- ``command_base`` / ``commander``: what the command classes extend, and the type of
  their constructor's third parameter (the commander);
- ``command_failure`` / ``command_error``: in the error type's own module, the exported
  class that extends ``Error`` and the exported function that returns the error type;
- ``commands``: the object whose ``execute<Params, Result>(...)`` runs a command;
- any role still without a name: an import of specgen's own name (``Commands``,
  ``createPayload``, ``IpcClient``, ...).

Only imported names count (a local base interface is not a runtime name), the most
used one wins, and its module is the spelling the files import it by: an alias or
package as written (the most used one), else a relative path rewritten from the
generated TypeScript root, as specs write external modules. A role nothing plays is
left out and named, so the user can fill it in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from specgen.adopt.locate import locate
from specgen.codebase import ModuleResolver, is_relative
from specgen.commandline.progress import counted
from specgen.external.model import RUNTIME_NAMES
from specgen.reverse.externals import spec_module
from specgen.tsread.extract import extract
from specgen.tsread.model import TsFile
from specgen.tsread.parser import Node, ParsedSource, code_children, find_nodes, parse_typescript

_SKIP_DIRS = frozenset({"node_modules", ".git"})
_CLASSES = "(class_declaration) @class"
_EXPORTS = "(export_statement) @export"
_EXECUTE_CALLS = """
(call_expression
  function: (member_expression property: (property_identifier) @name (#eq? @name "execute"))
  type_arguments: (type_arguments)) @call
"""


@dataclass(frozen=True, slots=True)
class RuntimeGuess:
    """The name that plays one runtime role in the codebase, and where it comes from."""

    key: str
    module: str
    name: str
    """The exported name (specgen's own name when they agree)."""
    evidence: str
    """What in the code says so, in words."""
    local: str = ""
    """The name the hand-written files use (the exported one when they import it as is)."""


@dataclass
class _Spelling:
    """How files import a local name: (module as written, importer) and the exported name."""

    uses: Counter[tuple[str, Path]] = field(default_factory=Counter)
    exported: Counter[str] = field(default_factory=Counter)


@dataclass
class _Reading:
    """Votes for each role's local name, and how every imported name is spelled."""

    votes: dict[str, Counter[str]] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    spellings: dict[str, _Spelling] = field(default_factory=dict)
    by_export: dict[str, Counter[str]] = field(default_factory=dict)
    """Exported name -> the local names files import it as."""

    def vote(self, key: str, local: str | None, file: TsFile, why: str) -> None:
        if local is None or not any(i.name == local for i in file.imports):
            return  # declared in the file itself, or not there at all: not the runtime's
        self.votes.setdefault(key, Counter())[local] += 1
        self.why.setdefault(key, why)


def read_runtime(
    commands_dir: Path, ts_root: Path, execute_object: str = "Commands"
) -> tuple[list[RuntimeGuess], list[str]]:
    """The runtime names the tree under ``commands_dir`` uses, and the roles not found.

    ``ts_root`` is where generated TypeScript goes: relative modules are written from it.
    """
    reading = _Reading()
    files = list(_typescript_files(commands_dir))
    for path in counted(files, "init: reading", len(files), unit="files"):  # past 1 s
        try:
            source = path.read_bytes()
        except OSError:  # unreadable: it casts no vote (init only proposes a configuration)
            continue
        parsed = parse_typescript(source)
        file = extract(parsed, path, str(path), execute_object)
        _note_imports(reading, file)
        _read_types(reading, file)
        _read_factories(reading, file, parsed)
        _read_classes(reading, file, parsed)
        _read_execute_calls(reading, file, parsed)
    guesses = _decide(reading, ts_root)
    homes = _Homes(ts_root, files[0] if files else commands_dir / "index.ts")
    guesses += _error_helpers(guesses, homes)
    guesses += _beside_the_others(guesses, homes)
    found = {g.key for g in guesses}
    missing = [key for key in RUNTIME_NAMES if key not in found]
    order = list(RUNTIME_NAMES)
    return sorted(guesses, key=lambda g: order.index(g.key)), missing


def _typescript_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*.ts")):
        if path.name.endswith(".d.ts") or _SKIP_DIRS.intersection(path.parts):
            continue
        if path.is_file():
            yield path


def _note_imports(reading: _Reading, file: TsFile) -> None:
    for imp in file.imports:
        spelling = reading.spellings.setdefault(imp.name, _Spelling())
        spelling.uses[(imp.module, file.path)] += 1
        spelling.exported[imp.imported] += 1
        reading.by_export.setdefault(imp.imported, Counter())[imp.name] += 1


def _read_types(reading: _Reading, file: TsFile) -> None:
    """Bases of Params and Result interfaces, and the type of Result's ``error``."""
    for name, interface in file.interfaces.items():
        if name.endswith("Params"):
            for base in _bases(file, name):
                reading.vote("command_params", base, file, "what Params interfaces extend")
        elif name.endswith("Result"):
            for base in _bases(file, name):
                reading.vote("command_result", base, file, "what Result interfaces extend")
            for member in interface.fields:
                if member.name == "error":
                    error = member.type.text.replace("| undefined", "").strip()
                    reading.vote("error", error, file, "the type of Result's error field")


def _bases(file: TsFile, name: str) -> list[str]:
    """What ``name`` extends, through the file's own interfaces to the ones it imports."""
    found: list[str] = []
    pending, seen = [name], {name}
    while pending:
        interface = file.interfaces.get(pending.pop())
        for base in interface.extends if interface is not None else ():
            if base in seen:
                continue
            seen.add(base)
            (pending if base in file.interfaces else found).append(base)
    return found


def _read_factories(reading: _Reading, file: TsFile, parsed: ParsedSource) -> None:
    """The parameter types of the ``create*`` factories."""
    types = locate(parsed).factory_types
    reading.vote("context", types.context, file, "the context parameter of the factories")
    reading.vote("session_id", types.session_id, file, "the sessionId parameter of the factories")


def _read_classes(reading: _Reading, file: TsFile, parsed: ParsedSource) -> None:
    """What command classes extend, and their constructor's third parameter."""
    for node in find_nodes(parsed.root, _CLASSES).get("class", []):
        base = _extended(parsed, node)
        if base is None or not base[1]:  # a command base class takes <Params, Result>
            continue
        reading.vote("command_base", base[0], file, "what the command classes extend")
        third = _constructor_param_type(parsed, node, 2)
        reading.vote("commander", third, file, "the third constructor parameter of commands")


def _read_execute_calls(reading: _Reading, file: TsFile, parsed: ParsedSource) -> None:
    """The object whose ``execute<Params, Result>(...)`` runs a command by name."""
    for call in find_nodes(parsed.root, _EXECUTE_CALLS).get("call", []):
        callee = call.child_by_field_name("function")
        target = callee.child_by_field_name("object") if callee is not None else None
        if target is not None and target.type == "identifier":
            why = "the object whose execute<Params, Result>() runs commands"
            reading.vote("commands", parsed.text(target), file, why)


def _extended(parsed: ParsedSource, node: Node) -> tuple[str, bool] | None:
    """The name a class extends, and whether it gives type arguments."""
    for child in node.named_children:
        if child.type != "class_heritage":
            continue
        for clause in child.named_children:
            value = clause.child_by_field_name("value") if clause.type == "extends_clause" else None
            if value is not None:
                generic = clause.child_by_field_name("type_arguments") is not None
                return parsed.text(value), generic
    return None


def _constructor_param_type(parsed: ParsedSource, node: Node, index: int) -> str | None:
    body = node.child_by_field_name("body")
    for method in body.named_children if body is not None else []:
        name = method.child_by_field_name("name")
        if method.type != "method_definition" or name is None:
            continue
        if parsed.text(name) != "constructor":
            continue
        params = method.child_by_field_name("parameters")
        children = params.named_children if params is not None else []
        listed = [p for p in children if p.type.endswith("_parameter")]
        if len(listed) <= index:
            return None
        annotation = listed[index].child_by_field_name("type")
        if annotation is None or not code_children(annotation):
            return None
        return parsed.text(code_children(annotation)[0])
    return None


def _decide(reading: _Reading, ts_root: Path) -> list[RuntimeGuess]:
    """Each role's most used name, with its module; by specgen's own name where none."""
    guesses = []
    for key, runtime in RUNTIME_NAMES.items():
        votes = reading.votes.get(key) or Counter()
        why = reading.why.get(key, "")
        if not votes and runtime.local in reading.by_export:
            votes = reading.by_export[runtime.local]
            why = f"imports of {runtime.local}"
        if not votes:
            continue
        local = min(votes, key=lambda n: (-votes[n], n))
        uses = f"{votes[local]} use" + ("" if votes[local] == 1 else "s")
        guess = _guess(key, local, reading, ts_root, f"{why} ({uses})")
        if guess is not None:
            guesses.append(guess)
    return guesses


def _guess(
    key: str, local: str, reading: _Reading, ts_root: Path, evidence: str
) -> RuntimeGuess | None:
    spelling = reading.spellings.get(local)
    if spelling is None:
        return None
    exported = min(spelling.exported, key=lambda n: (-spelling.exported[n], n))
    return RuntimeGuess(key, _module(spelling, ts_root), exported, evidence, local)


def _module(spelling: _Spelling, ts_root: Path) -> str:
    """The most used alias or package spelling, else the most used relative one, rewritten."""
    modules: Counter[str] = Counter()
    relative: Counter[str] = Counter()
    for (module, importer), count in spelling.uses.items():
        if is_relative(module):
            relative[spec_module(module, importer, ts_root)] += count
        else:
            modules[module] += count
    chosen = modules or relative
    return min(chosen, key=lambda m: (-chosen[m], m))


@dataclass
class _Homes:
    """The files behind module specifiers, parsed once each."""

    ts_root: Path
    importer: Path
    """A file of the tree: aliases resolve through the tsconfig that applies to it."""
    resolver: ModuleResolver = field(default_factory=ModuleResolver)
    parsed: dict[str, ParsedSource | None] = field(default_factory=dict)

    def source(self, module: str) -> ParsedSource | None:
        """The parsed file of ``module`` (as a guess writes it), None when not found."""
        if module not in self.parsed:
            file = self.resolver.spec_module_file(module, self.ts_root, self.importer)
            try:
                self.parsed[module] = parse_typescript(file.read_bytes()) if file else None
            except OSError:
                self.parsed[module] = None
        return self.parsed[module]


def _error_helpers(guesses: list[RuntimeGuess], homes: _Homes) -> list[RuntimeGuess]:
    """``command_failure`` and ``command_error`` from the error type's own module."""
    error = next((g for g in guesses if g.key == "error"), None)
    have = {g.key for g in guesses}
    parsed = homes.source(error.module) if error is not None else None
    if error is None or parsed is None:
        return []
    failure, builder = _failure_and_builder(parsed, error.name)
    where = f"in {error.module}, the module of {error.name}"
    found = []
    if failure is not None and "command_failure" not in have:
        found.append(
            RuntimeGuess("command_failure", error.module, failure, f"{where}: extends Error")
        )
    if builder is not None and "command_error" not in have:
        found.append(
            RuntimeGuess("command_error", error.module, builder, f"{where}: returns {error.name}")
        )
    return found


def _beside_the_others(guesses: list[RuntimeGuess], homes: _Homes) -> list[RuntimeGuess]:
    """A role still missing whose own name a module of the other roles exports."""
    have = {g.key for g in guesses}
    modules = list(dict.fromkeys(g.module for g in guesses))
    found = []
    for key, runtime in RUNTIME_NAMES.items():
        if key in have:
            continue
        for module in modules:
            parsed = homes.source(module)
            if parsed is not None and runtime.local in _exported_names(parsed):
                why = f"exported by {module}, which the other runtime names come from"
                found.append(RuntimeGuess(key, module, runtime.local, why))
                break
    return found


def _exported_names(parsed: ParsedSource) -> set[str]:
    names = set()
    for statement in find_nodes(parsed.root, _EXPORTS).get("export", []):
        declaration = statement.child_by_field_name("declaration")
        name = declaration.child_by_field_name("name") if declaration is not None else None
        if name is not None:
            names.add(parsed.text(name))
        for child in statement.named_children:
            if child.type == "export_clause":
                for spec in child.named_children:
                    alias = spec.child_by_field_name("alias") or spec.child_by_field_name("name")
                    if alias is not None:
                        names.add(parsed.text(alias))
    return names


def _failure_and_builder(parsed: ParsedSource, error: str) -> tuple[str | None, str | None]:
    """The exported class extending ``Error`` and function returning ``error``, if one each."""
    failures: list[str] = []
    builders: list[str] = []
    for statement in find_nodes(parsed.root, _EXPORTS).get("export", []):
        declaration = statement.child_by_field_name("declaration")
        if declaration is None:
            continue
        name = declaration.child_by_field_name("name")
        if declaration.type == "class_declaration" and name is not None:
            base = _extended(parsed, declaration)
            if base is not None and base[0] == "Error":
                failures.append(parsed.text(name))
        elif declaration.type == "function_declaration" and name is not None:
            returned = declaration.child_by_field_name("return_type")
            if returned is not None and parsed.text(returned).lstrip(": ").strip() == error:
                builders.append(parsed.text(name))
    return _only(failures), _only(builders)


def _only(names: list[str]) -> str | None:
    return names[0] if len(names) == 1 else None
