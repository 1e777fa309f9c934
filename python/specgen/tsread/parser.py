"""The TypeScript parser: tree-sitter-typescript, plus positions and syntax errors.

Hand-written command files are read with a real TypeScript grammar, never with
regular expressions. tree-sitter recovers from syntax errors, so a broken file still
yields a tree: its ``ERROR`` and ``MISSING`` nodes become located problems and the
rest of the file is read as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import tree_sitter
import tree_sitter_typescript

Node = tree_sitter.Node

MAX_SYNTAX_PROBLEMS = 5
"""Syntax problems reported per file; past the first few, recovery noise dominates."""


@cache
def _language() -> tree_sitter.Language:
    return tree_sitter.Language(tree_sitter_typescript.language_typescript())


@cache
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(_language())


@cache
def _query(source: str) -> tree_sitter.Query:
    return tree_sitter.Query(_language(), source)


def find_nodes(node: Node, query: str) -> dict[str, list[Node]]:
    """Nodes below ``node`` captured by a tree-sitter ``query``, each list in source order.

    Queries run in C: finding the few interesting nodes of a file this way costs a
    fraction of walking every node from Python.
    """
    found = tree_sitter.QueryCursor(_query(query)).captures(node)
    return {name: sorted(nodes, key=lambda n: n.start_byte) for name, nodes in found.items()}


@dataclass(frozen=True, slots=True)
class SourcePos:
    """A 1-based line and column (in characters, not bytes)."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """Where the parser had to recover, and what it found or missed there."""

    pos: SourcePos
    message: str


class ParsedSource:
    """A parsed TypeScript file: its bytes, its tree, and helpers to read nodes."""

    def __init__(self, source: bytes) -> None:
        """Parse ``source`` (UTF-8 TypeScript)."""
        self.source = source
        self.tree = _parser().parse(source)
        self.root: Node = self.tree.root_node

    def text(self, node: Node) -> str:
        """The source text of ``node``."""
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def pos(self, node: Node) -> SourcePos:
        """The 1-based position of the start of ``node``, column in characters."""
        row, byte_col = node.start_point
        line_start = node.start_byte - byte_col
        prefix = self.source[line_start : node.start_byte]
        column = byte_col if prefix.isascii() else len(prefix.decode("utf-8", errors="replace"))
        return SourcePos(row + 1, column + 1)

    def syntax_problems(self) -> list[SyntaxProblem]:
        """The first few places where the parser found an error or a missing token."""
        if not self.root.has_error:
            return []
        problems: list[SyntaxProblem] = []
        stack = [self.root]
        while stack and len(problems) < MAX_SYNTAX_PROBLEMS:
            node = stack.pop()
            if node.is_missing:
                problems.append(SyntaxProblem(self.pos(node), f"expected '{node.type}'"))
            elif node.is_error:
                at = _offending(node)
                text = self.source[at.start_byte : node.end_byte].decode("utf-8", "replace")
                snippet = " ".join(text.split())[:40]
                problems.append(SyntaxProblem(self.pos(at), f"unexpected '{snippet}'"))
            elif node.has_error:
                stack.extend(reversed(node.children))
        return sorted(problems, key=lambda p: (p.pos.line, p.pos.column))


def _offending(error: Node) -> Node:
    """Where an ``ERROR`` node goes wrong: its first token that fits nowhere.

    tree-sitter wraps the members it could still read in the ``ERROR`` node with the
    stray tokens (``limit?: number = 3`` holds a whole property, then ``=``); the
    first stray token is where ``tsc`` complains, the start of the node may be lines
    above it.
    """
    return next((c for c in error.children if not c.is_named or c.is_error or c.is_missing), error)


def code_children(node: Node) -> list[Node]:
    """The named children of ``node`` without its comments.

    tree-sitter attaches a comment to the node it sits in, so a comment inside a type
    (``| 'email' // mail``, ``Array</* ids */ UUID>``) or an ``extends`` list is a named
    child like the parts around it; readers that take "the first child" or "every
    child" of a type want the code only.
    """
    return [child for child in node.named_children if child.type != "comment"]


def parse_typescript(source: bytes) -> ParsedSource:
    """Parse TypeScript source bytes; never raises on bad syntax."""
    return ParsedSource(source)
