"""TypeScript import lines: runtime names and external types, resolved per generated file.

Adapters decide which names a file uses; this module decides where each comes from
(`RuntimeImports`: the ``[typescript.runtime]`` map over the ``runtime_import``
default) and lays the lines out (`import_block`), so templates print finished lines
and never look a name up.

Generated code keeps specgen's names (``CommandContext``): a name the project
exports under another name is imported as ``{ JTAGContext as CommandContext }``.
Template bodies then read the same in every project, and a project's name can never
clash with a name a spec declares.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import field
from typing import Literal

from specgen.external.model import RUNTIME_NAMES, RuntimeBinding, is_relative_module
from specgen.ir.model import ExternalRef
from specgen.renderers.escape import ts_str
from specgen.renderers.paths import relative_path
from specgen.values import value_type

Style = Literal["split", "inline"]
"""``split``: ``import type {...}`` and ``import {...}`` lines; ``inline``: one import per
module with ``type`` before each type-only name."""

WRAP_AFTER = 4
"""An import of more names than this lists one name per line."""
MAX_WIDTH = 100
"""An import from a configured module that is longer than this lists one name per line too
(an import from ``runtime_import`` keeps the layout it always had)."""


@value_type(slots=True)
class Imported:
    """One imported name: as the module exports it, as the file uses it."""

    exported: str
    local: str
    type_only: bool

    @property
    def text(self) -> str:
        """``Name`` or ``Name as Local``."""
        return self.local if self.exported == self.local else f"{self.exported} as {self.local}"


SCRIPT_EXTENSIONS = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx", ".json")
"""Endings a configured relative module may already have; `with_extension` adds none then."""


def with_extension(specifier: str, extension: str) -> str:
    """``specifier`` with ``extension`` (``[typescript] import_extension``) when it is relative.

    An alias or package specifier stays as written, and so does a relative one that
    already ends in a script extension (``./core/types.js`` in the config).
    """
    if not extension or not is_relative_module(specifier):
        return specifier
    return specifier if specifier.endswith(SCRIPT_EXTENSIONS) else specifier + extension


def module_specifier(module: str, from_file: str, ts_root: str, extension: str = "") -> str:
    """``module`` as ``from_file`` imports it: './' paths are relative to ``ts_root``.

    ``extension`` is appended to a relative specifier (see `with_extension`).
    """
    if not is_relative_module(module):
        return module
    target = posixpath.normpath(posixpath.join(ts_root, module))
    rel = relative_path(target, posixpath.dirname(from_file))
    return with_extension(rel if rel.startswith(".") else "./" + rel, extension)


def import_block(
    modules: Mapping[str, Sequence[Imported]], style: Style, fixed: Iterable[str] = ()
) -> str:
    """The import lines of ``modules`` (specifier -> names), sorted, without a final newline.

    Imports from the ``fixed`` modules wrap by the number of names only; others also
    when wider than `MAX_WIDTH`.
    """
    lines = []
    keep = set(fixed)
    for module in sorted(modules):
        names = sorted(set(modules[module]), key=lambda n: n.text)
        types = [n.text for n in names if n.type_only]
        values = [n.text for n in names if not n.type_only]
        width = None if module in keep else MAX_WIDTH
        if style == "split" or not values:
            if types:
                lines.append(_statement("import type", types, module, width))
            if values:
                lines.append(_statement("import", values, module, width))
        else:
            names_text = values + [f"type {t}" for t in types]
            lines.append(_statement("import", names_text, module, width))
    return "\n".join(lines)


def _statement(keyword: str, names: Sequence[str], module: str, width: int | None) -> str:
    one_line = f"{keyword} {{ {', '.join(names)} }} from {ts_str(module)};"
    if len(names) > WRAP_AFTER or (width is not None and len(one_line) > width):
        listed = "".join(f"  {name},\n" for name in names)
        return f"{keyword} {{\n{listed}}} from {ts_str(module)};"
    return one_line


@value_type
class RuntimeImports:
    """Where each runtime name comes from in one project."""

    default_module: str
    """``[typescript] runtime_import``, used verbatim (as it always was)."""
    bindings: Mapping[str, RuntimeBinding]
    """``[typescript.runtime]`` entries by key."""
    ts_root: str
    """The folder generated TypeScript lives in, below the output root (``ts``)."""
    extension: str = ""
    """``[typescript] import_extension``: appended to relative specifiers."""
    _blocks: dict[tuple[str, tuple[str, ...], Style], str] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Finished blocks without ``also`` by (folder of the file, keys, style); the folder is
    "" when no key has a relative module: every command imports the same lines then."""

    @classmethod
    def of(
        cls,
        default_module: str,
        bindings: Iterable[RuntimeBinding],
        ts_root: str,
        extension: str = "",
    ) -> RuntimeImports:
        """Index the configured bindings."""
        return cls(default_module, {b.key: b for b in bindings}, ts_root, extension)

    def block(
        self,
        from_file: str,
        keys: Iterable[str],
        style: Style,
        also: Mapping[str, Sequence[Imported]] | None = None,
    ) -> str:
        """The import lines of the runtime names ``keys`` in the file ``from_file``.

        ``also`` adds other names by module (external types), so that one module is
        imported in one place.
        """
        if also:
            return self._block(from_file, keys, style, also)
        keys = tuple(keys)
        relative = any(
            is_relative_module(binding.module)
            for binding in map(self.bindings.get, keys)
            if binding is not None
        )  # a relative specifier depends on the file's folder, nothing else on the file
        key = (posixpath.dirname(from_file) if relative else "", keys, style)
        block = self._blocks.get(key)
        if block is None:
            block = self._blocks[key] = self._block(from_file, keys, style, {})
        return block

    def _block(
        self,
        from_file: str,
        keys: Iterable[str],
        style: Style,
        also: Mapping[str, Sequence[Imported]],
    ) -> str:
        modules: dict[str, list[Imported]] = {m: list(n) for m, n in also.items()}
        for key in keys:
            name = RUNTIME_NAMES[key]
            binding = self.bindings.get(key)
            if binding is None:
                module, exported = self.default_module, name.local
            else:
                module = module_specifier(binding.module, from_file, self.ts_root, self.extension)
                exported = binding.name
            imported = Imported(exported, name.local, name.kind == "type")
            modules.setdefault(module, []).append(imported)
        return import_block(modules, style, fixed=(self.default_module,))


def external_imports(
    externals: Iterable[ExternalRef], from_file: str, ts_root: str, extension: str = ""
) -> dict[str, list[Imported]]:
    """The external types ``from_file`` imports, by module specifier (type-only names)."""
    modules: dict[str, list[Imported]] = {}
    for ref in externals:
        decl = ref.decl
        module = module_specifier(decl.ts_module, from_file, ts_root, extension)
        modules.setdefault(module, []).append(Imported(decl.ts_name, decl.name, type_only=True))
    return modules


def external_spelling(
    from_file: str, ts_root: str, extension: str = ""
) -> Callable[[ExternalRef], str]:
    """Spell external types inline as ``import('module').Name``, for a file seen from ``from_file``.

    ts-rs writes the bindings files itself, with no way to add import lines: a field of
    an external type names it through an import type instead (whose relative specifier
    needs ``extension`` on nodenext like any other).
    """

    def spell(ref: ExternalRef) -> str:
        module = module_specifier(ref.decl.ts_module, from_file, ts_root, extension)
        return f"import({ts_str(module)}).{ref.decl.ts_name}"

    return spell
