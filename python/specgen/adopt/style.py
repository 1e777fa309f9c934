"""The style a hand-written file is written in, so that added code looks like its own.

Read from the parsed file: the indent unit (two or four spaces, or a tab), the quote
character of its strings, whether statements end with semicolons, whether multi-line
lists end with a trailing comma, and its line ending. Where the file gives no evidence
the generated code's style is used (two spaces, single quotes, semicolons, trailing
commas, line feeds).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from specgen.tsread.parser import ParsedSource, find_nodes

_STATEMENTS = (
    "(import_statement) @stmt (lexical_declaration) @stmt (expression_statement) @stmt "
    "(return_statement) @stmt (type_alias_declaration) @stmt"
)
_STRINGS = "(string) @string"
_LISTS = (
    "(formal_parameters) @call (arguments) @call "
    "(object) @object (named_imports) @object (array) @object"
)
_COMMENTS = "(comment) @comment (template_string) @comment"
_CLOSERS = frozenset({")", "}", "]"})


@dataclass(frozen=True, slots=True)
class FileStyle:
    """How a file writes what adopt adds to it."""

    indent: str = "  "
    quote: str = "'"
    semicolons: bool = True
    eol: str = "\n"
    call_commas: bool = True
    """A multi-line parameter or argument list ends with a comma."""
    object_commas: bool = True
    """A multi-line object, array or import list ends with a comma."""

    @property
    def semi(self) -> str:
        """What ends a statement: ``;`` or nothing."""
        return ";" if self.semicolons else ""

    def string(self, value: str) -> str:
        """``value`` as a string literal in the file's quotes."""
        escaped = value.replace("\\", "\\\\").replace(self.quote, "\\" + self.quote)
        return f"{self.quote}{escaped}{self.quote}"

    def lines(self, lines: list[tuple[int, str]]) -> str:
        """Indented lines (level, text) joined with the file's line ending, no final one."""
        return self.eol.join(self.indent * level + text if text else "" for level, text in lines)


def _vote(counter: Counter[bool], default: bool) -> bool:
    if counter[True] == counter[False]:
        return default
    return counter[True] > counter[False]


def _skipped_rows(parsed: ParsedSource) -> set[int]:
    """Rows that continue a comment or template string: their indent is not code indent."""
    rows: set[int] = set()
    for nodes in find_nodes(parsed.root, _COMMENTS).values():
        for node in nodes:
            rows.update(range(node.start_point[0] + 1, node.end_point[0] + 1))
    return rows


def _indent(parsed: ParsedSource) -> str:
    skipped = _skipped_rows(parsed)
    tabs = spaces = 0
    steps: Counter[int] = Counter()
    previous = 0
    for row, raw in enumerate(parsed.source.split(b"\n")):
        line = raw.rstrip(b"\r")
        if row in skipped or not line.strip():
            continue
        lead = line[: len(line) - len(line.lstrip(b" \t"))]
        if lead.startswith(b"\t"):
            tabs += 1
            continue
        width = len(lead)
        if width:
            spaces += 1
        if width > previous:
            steps[width - previous] += 1
        previous = width
    if tabs > spaces:
        return "\t"
    if not steps:
        return "  "
    step = max(steps.items(), key=lambda item: (item[1], -item[0]))[0]
    return " " * step if 1 < step <= 8 else "  "  # a sane indent unit


def _trailing_commas(parsed: ParsedSource) -> tuple[bool, bool]:
    votes: dict[str, Counter[bool]] = {"call": Counter(), "object": Counter()}
    for kind, nodes in find_nodes(parsed.root, _LISTS).items():
        for node in nodes:
            items = node.named_children
            closer = node.children[-1] if node.children else None
            if not items or closer is None or closer.type not in _CLOSERS:
                continue
            last = items[-1]
            if last.type == "comment" or last.end_point[0] == closer.start_point[0]:
                continue  # a one-line list says nothing about trailing commas
            after = [c for c in node.children if c.start_byte >= last.end_byte and c is not closer]
            votes[kind][any(c.type == "," for c in after)] += 1
    return _vote(votes["call"], default=True), _vote(votes["object"], default=True)


def detect_style(parsed: ParsedSource) -> FileStyle:
    """The style of ``parsed`` (defaults where it shows none)."""
    source = parsed.source
    crlf = source.count(b"\r\n")
    eol = "\r\n" if crlf and crlf * 2 >= source.count(b"\n") else "\n"
    quotes: Counter[str] = Counter()
    for node in find_nodes(parsed.root, _STRINGS).get("string", []):
        quotes[source[node.start_byte : node.start_byte + 1].decode("ascii", "replace")] += 1
    quote = '"' if quotes['"'] > quotes["'"] else "'"
    semis: Counter[bool] = Counter()
    for node in find_nodes(parsed.root, _STATEMENTS).get("stmt", []):
        semis[source[node.end_byte - 1 : node.end_byte] == b";"] += 1
    call_commas, object_commas = _trailing_commas(parsed)
    return FileStyle(
        indent=_indent(parsed),
        quote=quote,
        semicolons=_vote(semis, default=True),
        eol=eol,
        call_commas=call_commas,
        object_commas=object_commas,
    )
