"""The module graph of a Rust crate, and the rule that its top-level modules form no cycle.

Starting at ``src/lib.rs`` (and ``src/main.rs``, and each ``src/bin/*.rs``, each its own
crate root), every ``mod name;`` is followed to ``name.rs``, ``name/mod.rs`` or its
``#[path]``. A path that names a module of the crate (``crate::a``, ``super::super::a``,
``self::a``, or an item the root re-exports from ``a``) is an edge from the top-level
module that writes it to top-level module ``a``. A cycle among those edges is a violation.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from architecture.cycles import find_cycles
from architecture.layout import is_test_file
from architecture.rust_items import FileItems, ModDecl, Module, Reference, read_file
from architecture.violation import Violation


@dataclass(frozen=True)
class Edge:
    """Top-level module ``source`` uses ``target``, first at ``path:line``."""

    source: str
    target: str
    path: Path
    line: int


@dataclass
class CrateTree:
    """The files of one crate root and the items read from each."""

    root_file: Path
    files: dict[Path, tuple[Module, FileItems]] = field(default_factory=dict)

    @property
    def top_modules(self) -> set[str]:
        """The names of the modules declared directly in the root."""
        return {module[0] for module, _ in self.files.values() if len(module) == 1}


def _child_file(decl: ModDecl, parent: Path, parent_module: Module) -> Path | None:
    """The file that holds module ``decl``, declared in ``parent`` (holding ``parent_module``)."""
    owns_folder = parent.name in {"lib.rs", "main.rs", "mod.rs"} or parent.parent.name == "bin"
    folder = parent.parent if owns_folder else parent.parent / parent.stem
    # An inline module between the file's module and the declared one adds its own folder.
    for inline in decl.module[len(parent_module) : -1]:
        folder /= inline
    if decl.path_attribute is not None:
        base = parent.parent if len(decl.module) == len(parent_module) + 1 else folder
        return (base / decl.path_attribute).resolve()
    name = decl.module[-1]
    for candidate in (folder / f"{name}.rs", folder / name / "mod.rs"):
        if candidate.is_file():
            return candidate
    return None


def read_crate(root_file: Path) -> CrateTree:
    """Read ``root_file`` and every module file it declares, test files excluded."""
    tree = CrateTree(root_file)
    pending: list[tuple[Path, Module]] = [(root_file, ())]
    while pending:
        path, module = pending.pop()
        if path in tree.files or is_test_file(path):
            continue
        items = read_file(path.read_text(encoding="utf-8"), module)
        tree.files[path] = (module, items)
        for decl in items.declarations:
            child = _child_file(decl, path, module)
            if child is not None:
                pending.append((child, decl.module))
    return tree


def _absolute(reference: Reference) -> tuple[str, ...] | None:
    """``reference``'s segments from the crate root, or ``None`` for another crate's path."""
    head, *rest = reference.segments or ("",)
    if head == "crate":
        return tuple(rest)
    if head == "self":
        return (*reference.module, *rest)
    if head == "super":
        base = list(reference.module)
        segments = list(reference.segments)
        while segments and segments[0] == "super":
            if not base:
                return None
            base.pop()
            segments.pop(0)
        return (*base, *segments)
    if not reference.module:  # a root-relative `use a::b` in the root itself
        return reference.segments
    return None


def _reexports(tree: CrateTree) -> dict[str, str]:
    """Item name -> the top-level module the crate root re-exports it from."""
    _, root_items = tree.files[tree.root_file]
    tops = tree.top_modules
    names: dict[str, str] = {}
    for reference in root_items.references:
        absolute = _absolute(reference)
        if reference.is_use and absolute and len(absolute) > 1 and absolute[0] in tops:
            name = reference.alias if reference.alias not in {None, "*"} else absolute[-1]
            names[str(name)] = absolute[0]
    return names


def crate_edges(tree: CrateTree) -> list[Edge]:
    """The edges between distinct top-level modules, one per pair (the first place seen)."""
    tops, reexports = tree.top_modules, _reexports(tree)
    edges: dict[tuple[str, str], Edge] = {}
    for path, (module, items) in sorted(tree.files.items()):
        if not module:
            continue
        for reference in sorted(items.references, key=lambda r: r.line):
            absolute = _absolute(reference)
            if not absolute:
                continue
            target = absolute[0] if absolute[0] in tops else reexports.get(absolute[0])
            if target is not None and target != module[0]:
                edges.setdefault((module[0], target), Edge(module[0], target, path, reference.line))
    return list(edges.values())


def crate_roots(crate: Path) -> list[Path]:
    """The root files of a crate folder: ``src/lib.rs``, ``src/main.rs``, ``src/bin/*.rs``."""
    src = crate / "src"
    roots = [src / "lib.rs", src / "main.rs", *sorted((src / "bin").glob("*.rs"))]
    return [root for root in roots if root.is_file()]


def cycle_violations(crate: Path) -> list[Violation]:
    """One violation per import cycle among the top-level modules of ``crate``'s roots."""
    violations = []
    for root_file in crate_roots(crate):
        edges = crate_edges(read_crate(root_file))
        by_pair = {(edge.source, edge.target): edge for edge in edges}
        graph: dict[str, set[str]] = defaultdict(set)
        for edge in edges:
            graph[edge.source].add(edge.target)
        for members, cycle in find_cycles(graph):
            steps = [by_pair[pair] for pair in zip(cycle, [*cycle[1:], cycle[0]], strict=True)]
            chain = " -> ".join([*cycle, cycle[0]])
            places = "; ".join(f"{e.source} -> {e.target} at {e.path.name}:{e.line}" for e in steps)
            message = (
                f"import cycle between modules of crate {crate.name}: {chain} ({places});"
                f" {len(members)} modules are on cycles: {', '.join(members)}"
            )
            violations.append(Violation(steps[0].path, steps[0].line, message))
    return violations
