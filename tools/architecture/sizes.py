"""The size rules: no source file over 500 lines, no function over 60.

A Python function spans its ``def`` line to its last line (decorators excluded); a Rust
``fn`` spans the line of ``fn`` to its closing brace. Rust ``#[cfg(test)]`` modules and
trait methods without a body are skipped.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from architecture.layout import MAX_FILE_LINES, MAX_FUNCTION_LINES, is_generated
from architecture.rust_items import is_cfg_test, matching_end
from architecture.rust_lexer import Token, tokenize
from architecture.violation import Violation


def file_violation(path: Path, text: str) -> Violation | None:
    """A violation when ``text`` (the content of ``path``) is longer than the file limit."""
    lines = len(text.splitlines())
    if lines <= MAX_FILE_LINES or is_generated(text):
        return None
    return Violation(path, 1, f"file has {lines} lines (limit {MAX_FILE_LINES})")


def python_functions(text: str) -> Iterator[tuple[str, int, int]]:
    """``(name, first line, line count)`` of every function and method in Python ``text``."""
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            end = node.end_lineno or node.lineno
            yield node.name, node.lineno, end - node.lineno + 1


def _skip_test_module(tokens: list[Token], index: int) -> int:
    """After a ``#[cfg(test)]`` at ``index``: the index past the test module, or ``index``."""
    end = matching_end(tokens, index + 1, "[", "]") + 1
    if not is_cfg_test(tokens[index:end]):
        return index
    cursor = end
    while cursor < len(tokens) and tokens[cursor].text in {"pub", "(", "crate", "super", ")"}:
        cursor += 1
    if cursor + 2 < len(tokens) and tokens[cursor].text == "mod":
        if tokens[cursor + 2].text == "{":
            return matching_end(tokens, cursor + 2, "{", "}") + 1
        return cursor + 3
    return index


def _body_start(tokens: list[Token], index: int) -> int | None:
    """The index of the ``{`` opening the body of the ``fn`` at ``index``; None without one."""
    depth = 0
    for cursor in range(index, len(tokens)):
        text = tokens[cursor].text
        depth += 1 if text in {"(", "["} else -1 if text in {")", "]"} else 0
        if depth == 0 and text == "{":
            return cursor
        if depth == 0 and text == ";":
            return None
    return None


def rust_functions(text: str) -> Iterator[tuple[str, int, int]]:
    """``(name, first line, line count)`` of every ``fn`` with a body outside test modules."""
    tokens = tokenize(text)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.text == "#":
            skipped = _skip_test_module(tokens, index)
            if skipped != index:
                index = skipped
                continue
        is_fn = token.text == "fn" and index + 1 < len(tokens)
        if is_fn and tokens[index + 1].text.isidentifier():
            body = _body_start(tokens, index)
            if body is not None:
                end = tokens[matching_end(tokens, body, "{", "}")].line
                yield tokens[index + 1].text, token.line, end - token.line + 1
        index += 1


def function_violations(path: Path, text: str) -> list[Violation]:
    """A violation for each function in ``path`` longer than the function limit."""
    if is_generated(text) or path.suffix not in {".py", ".rs"}:
        return []
    functions = python_functions(text) if path.suffix == ".py" else rust_functions(text)
    return [
        Violation(path, line, f"function {name} has {count} lines (limit {MAX_FUNCTION_LINES})")
        for name, line, count in functions
        if count > MAX_FUNCTION_LINES
    ]
