"""Comments as descriptions: ``/** ... */`` and ``// ...`` both occur in hand-written files.

A field's description is the comment block right above it, or else a comment that
follows it on the same line. JSDoc tags (``@deprecated``, ``@example``...) end the
description; lint directives (``eslint-disable``, ``@ts-ignore``) are not descriptions.
"""

from __future__ import annotations

import re

from specgen.tsread.parser import Node, ParsedSource

_DIRECTIVE = re.compile(r"^(eslint|@ts-|prettier-ignore|istanbul|TODO\b|FIXME\b)")


def comment_lines(raw: str) -> list[str]:
    """The text lines of one comment, markers stripped (``/**``, ``*``, ``*/``, ``//``)."""
    if raw.startswith("//"):
        return [raw[2:].strip()]
    body = raw[2:-2] if raw.endswith("*/") else raw[2:]
    body = body.removeprefix("*")
    lines = []
    for line in body.splitlines():
        stripped = line.strip()
        lines.append(stripped[1:].strip() if stripped.startswith("*") else stripped)
    return lines


def description_of(raws: list[str]) -> str:
    """The description a block of comments gives: lines before the first JSDoc tag, joined."""
    words: list[str] = []
    for raw in raws:
        for line in comment_lines(raw):
            if line.startswith("@"):
                return " ".join(words)
            if _DIRECTIVE.match(line):
                continue
            if line:
                words.append(line)
    return " ".join(words)


def leading_comments(parsed: ParsedSource, node: Node) -> list[str]:
    """The comments directly above ``node`` (no code between; a blank line ends the block)."""
    found: list[str] = []
    current = node
    sibling = node.prev_sibling
    while sibling is not None and sibling.type == "comment":
        if current.start_point[0] - sibling.end_point[0] > 1:
            break
        previous = sibling.prev_sibling
        if previous is not None and previous.end_point[0] == sibling.start_point[0]:
            break  # a trailing comment of the line before
        found.append(parsed.text(sibling))
        current = sibling
        sibling = sibling.prev_sibling
    found.reverse()
    return found


def trailing_comment(parsed: ParsedSource, node: Node) -> str | None:
    """A comment on the same line right after ``node`` (past a ``;`` or ``,``), if any."""
    sibling = node.next_sibling
    while sibling is not None and sibling.type in {";", ","}:
        sibling = sibling.next_sibling
    if (
        sibling is not None
        and sibling.type == "comment"
        and sibling.start_point[0] == node.end_point[0]
    ):
        return parsed.text(sibling)
    return None


def node_description(parsed: ParsedSource, node: Node) -> str:
    """The description of a declaration or field: its leading comments, else a trailing one."""
    leading = description_of(leading_comments(parsed, node))
    if leading:
        return leading
    trailing = trailing_comment(parsed, node)
    return description_of([trailing]) if trailing else ""
