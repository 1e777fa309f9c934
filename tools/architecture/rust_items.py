"""What one Rust file declares and refers to: its ``mod`` items and its module paths.

:func:`read_file` walks the tokens of a file once. It tracks inline ``mod name { ... }``
blocks (so that ``super::`` resolves from the right module), drops ``#[cfg(test)]`` modules,
expands ``use`` trees (``use crate::{a, b::{c, d}}``) into one path each, and also records
``crate::``/``super::``/``self::`` paths written in code outside ``use``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from architecture.rust_lexer import LITERAL, Token, tokenize

Module = tuple[str, ...]
"""A module's path below the crate root: ``()`` is the root, ``("gate", "ledger")`` a child."""

RELATIVE_HEADS = frozenset({"crate", "super", "self"})
"""The first segments of a path that names a module of the same crate."""


@dataclass(frozen=True)
class ModDecl:
    """``mod name;`` at ``line``: a child module kept in another file, maybe at a ``#[path]``."""

    module: Module
    line: int
    path_attribute: str | None = None


@dataclass(frozen=True)
class Reference:
    """A path written in ``module`` at ``line``; ``alias`` is its ``use ... as`` name or ``*``."""

    module: Module
    segments: tuple[str, ...]
    line: int
    is_use: bool
    alias: str | None = None


@dataclass
class FileItems:
    """Everything :func:`read_file` found in one file."""

    declarations: list[ModDecl] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


UseLeaf = tuple[tuple[str, ...], "str | None", int]
"""One path of a ``use`` tree: its segments, its alias (or ``*``), and its line."""


def matching_end(tokens: list[Token], start: int, opening: str, closing: str) -> int:
    """The index of the ``closing`` token that balances the ``opening`` one at ``start``."""
    depth = 0
    for index in range(start, len(tokens)):
        text = tokens[index].text
        depth += 1 if text == opening else -1 if text == closing else 0
        if depth == 0:
            return index
    return len(tokens) - 1


def is_cfg_test(attribute: list[Token]) -> bool:
    """Whether ``attribute`` (its tokens, ``#`` to ``]``) is ``#[cfg(test)]``."""
    return [t.text for t in attribute] == ["#", "[", "cfg", "(", "test", ")", "]"]


def _path_attribute(attributes: list[list[Token]]) -> str | None:
    for attribute in attributes:
        texts = [t.text for t in attribute]
        if texts[:5] == ["#", "[", "path", "=", LITERAL]:
            return attribute[4].source.strip('"')
    return None


def parse_use_tree(
    tokens: list[Token], index: int, prefix: tuple[str, ...]
) -> tuple[list[UseLeaf], int]:
    """Expand the use tree starting at ``index`` into its leaves; also return the next index."""
    leaves: list[UseLeaf] = []
    path = prefix
    while index < len(tokens):
        token = tokens[index]
        if token.text == "{":
            index += 1
            while index < len(tokens) and tokens[index].text not in {"}", ";"}:
                inner, index = parse_use_tree(tokens, index, path)
                leaves.extend(inner)
                index += tokens[index].text == "," if index < len(tokens) else 0
            return leaves, index + 1
        if token.text in {"*", "as"}:
            alias = "*" if token.text == "*" else tokens[index + 1].text
            return [(path, alias, token.line)], index + (1 if token.text == "*" else 2)
        if token.text in {",", "}", ";"}:
            break
        if token.text != "::":
            path = (*path, token.text)
        index += 1
    line = tokens[min(index, len(tokens)) - 1].line
    return [(path, None, line)], index


class _Reader:
    """One pass over a file's tokens, in the module the file holds."""

    def __init__(self, tokens: list[Token], module: Module) -> None:
        self.tokens = tokens
        self.items = FileItems()
        self.scopes: list[tuple[Module, int]] = [(module, len(tokens))]
        self.attributes: list[list[Token]] = []

    def read(self) -> FileItems:
        index = 0
        while index < len(self.tokens):
            while len(self.scopes) > 1 and index >= self.scopes[-1][1]:
                self.scopes.pop()
            index = self.step(index)
        return self.items

    def step(self, index: int) -> int:
        text = self.tokens[index].text
        if text == "#":
            end = matching_end(self.tokens, index + 1, "[", "]") + 1
            self.attributes.append(self.tokens[index:end])
            return end
        if text == "mod" and index + 2 < len(self.tokens):
            return self.module_item(index)
        if text == "use":
            return self.use_item(index)
        if text in RELATIVE_HEADS and self.follows(index, "::") and not self.after_in(index):
            return self.code_path(index)
        if text in {";", "{", "}"}:
            self.attributes.clear()
        return index + 1

    def follows(self, index: int, text: str) -> bool:
        return index + 1 < len(self.tokens) and self.tokens[index + 1].text == text

    def after_in(self, index: int) -> bool:
        """Whether the path at ``index`` is a ``pub(in path)`` visibility, not a dependency."""
        return index > 0 and self.tokens[index - 1].text == "in"

    def module_item(self, index: int) -> int:
        name, after = self.tokens[index + 1], self.tokens[index + 2]
        attributes, self.attributes = self.attributes, []
        module = (*self.scopes[-1][0], name.text)
        is_test = any(is_cfg_test(attribute) for attribute in attributes)
        if after.text == "{":
            end = matching_end(self.tokens, index + 2, "{", "}")
            if is_test:
                return end + 1
            self.scopes.append((module, end))
        elif after.text == ";" and not is_test:
            decl = ModDecl(module, name.line, _path_attribute(attributes))
            self.items.declarations.append(decl)
        return index + 3

    def use_item(self, index: int) -> int:
        self.attributes.clear()
        leaves, end = parse_use_tree(self.tokens, index + 1, ())
        for path, alias, line in leaves:
            reference = Reference(self.scopes[-1][0], path, line, is_use=True, alias=alias)
            self.items.references.append(reference)
        while end < len(self.tokens) and self.tokens[end - 1].text != ";":
            end += 1
        return end

    def code_path(self, index: int) -> int:
        segments = [self.tokens[index].text]
        end = index + 2
        while end < len(self.tokens) and self.tokens[end].text.isidentifier():
            segments.append(self.tokens[end].text)
            if not self.follows(end, "::"):
                break
            end += 2
        line = self.tokens[index].line
        self.items.references.append(
            Reference(self.scopes[-1][0], tuple(segments), line, is_use=False)
        )
        return end + 1


def read_file(source: str, module: Module) -> FileItems:
    """The ``mod`` declarations and module paths of ``source``, a file holding ``module``."""
    return _Reader(tokenize(source), module).read()
