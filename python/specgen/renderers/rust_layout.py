"""Rust layout: the line breaks and orders rustfmt would choose, for the shapes specgen emits.

The built-in Rust templates lay their files out as rustfmt does (edition 2024, default
configuration), so the format step can leave such a file alone instead of running
rustfmt over it, which is most of the cost of a large run. Only the constructs whose
layout depends on the spec's names are decided here:

- `fn_signature`: a function signature on one line when it fits in `MAX_WIDTH`, else one
  parameter per line;
- `use_list`: a braced import on one line when it fits, else rustfmt's mixed layout,
  with the names in version order (`version_order`, the Rust style guide's sort).

A file counts as laid out only while every name-dependent construct stays well inside
the limits where rustfmt's heuristics could choose otherwise (`LayoutCheck` records
any doubt, `outgrows_layout` looks at the rendered text); any doubt sends the file
through rustfmt as before. Tests compare the layout with rustfmt over sweeps of name
lengths and random specs.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

MAX_WIDTH = 100
"""rustfmt's ``max_width``."""
INDENT = "    "
ATTRIBUTE_ARGS_WIDTH = 70
"""Attribute arguments up to this width stay on one line (rustfmt's ``attr_fn_like_width``)."""
CHAIN_WIDTH = 50
"""Method chains (``a.b.c()``) up to this width stay on one line (rustfmt breaks near 60)."""
CALL_WIDTH = 60
"""One method call (``value.method(args)``) up to this width stays on one line."""

_CHUNK = re.compile(r"[0-9]+|[^0-9]+")
_ATTRIBUTE = re.compile(r"\s*#!?\[[A-Za-z_][A-Za-z0-9_:]*\((.*)\)\]\s*")


@dataclass
class LayoutCheck:
    """Collects the reasons a file's layout might differ from rustfmt's (none: exact)."""

    doubts: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        """Whether the file can skip rustfmt."""
        return not self.doubts

    def doubt(self, reason: str) -> None:
        """Record one reason to let rustfmt decide."""
        self.doubts.append(reason)

    def within(self, text: str, width: int) -> str:
        """``text`` (a chain or call) kept on one line; doubtful when wider than ``width``."""
        if len(text) > width or not text.isascii():
            self.doubt(f"{text!r} is long")
        return text


VersionKey = tuple[tuple[int, int | str], ...]
"""A version-sort key: (0, number) for a digit run, (1, text) for other text."""


@functools.lru_cache(maxsize=1 << 14)
def version_key(name: str) -> VersionKey:
    """The Rust style guide's version-sort key of an ASCII identifier.

    Digit runs compare by value; other runs compare by character, with ``_`` before
    every other character. Raises ValueError where the guide's finer rules would apply
    (leading zeroes, non-ASCII text): callers then leave the order to rustfmt.
    """
    if not name.isascii():
        raise ValueError(f"{name!r} is not ASCII")
    key: list[tuple[int, int | str]] = []
    for chunk in _CHUNK.findall(name):
        if chunk[0].isdigit():
            if len(chunk) > 1 and chunk[0] == "0":
                raise ValueError(f"{name!r} has a leading zero")
            key.append((0, int(chunk)))
        else:
            key.append((1, chunk.replace("_", "\x1f")))
    return tuple(key)


def version_order(paths: Iterable[Sequence[str]], check: LayoutCheck) -> list[tuple[str, ...]]:
    """Paths (sequences of segments) in version order, compared segment by segment.

    Doubtful (the order is then the given one) where the style guide's finer rules would
    decide: a digit run meeting other text at the same place, leading zeroes, non-ASCII.
    """
    items = [tuple(path) for path in paths]
    try:
        keys = {path: tuple(version_key(segment) for segment in path) for path in items}
    except ValueError as exc:
        check.doubt(str(exc))
        return items
    ordered = sorted(items, key=keys.__getitem__)
    for first, second in itertools.pairwise(ordered):
        if _order_is_doubtful(keys[first], keys[second]):
            check.doubt(f"the order of {first!r} and {second!r} depends on rustfmt's rules")
    return ordered


def _order_is_doubtful(first: tuple[VersionKey, ...], second: tuple[VersionKey, ...]) -> bool:
    """Whether two keys first differ where plain chunk comparison may not be rustfmt's.

    That is where a digit run meets text, or where one text run is a prefix of the other
    and more follows it (rustfmt then compares what comes next character by character).
    """
    for a, b in zip(first, second, strict=False):
        if a == b:
            continue
        for index, (x, y) in enumerate(zip(a, b, strict=False)):
            if x == y:
                continue
            if x[0] != y[0]:
                return True
            if isinstance(x[1], str) and isinstance(y[1], str):
                key = a if len(x[1]) < len(y[1]) else b  # the segment with the shorter run
                prefix = x[1].startswith(y[1]) or y[1].startswith(x[1])
                return prefix and index + 1 < len(key)
            return False
        return False
    return False


def fn_signature(  # noqa: PLR0913  # the parts of a signature
    name: str,
    params: Sequence[str],
    returns: str,
    *,
    indent: int,
    end: str,
    check: LayoutCheck,
) -> str:
    """``fn name(params) -> returns`` + ``end`` (``;`` or `` {``), laid out as rustfmt does."""
    pad = INDENT * indent
    one_line = f"{pad}fn {name}({', '.join(params)}) -> {returns}{end}"
    if len(one_line) < MAX_WIDTH or (len(one_line) == MAX_WIDTH and end != ";"):
        return one_line
    if len(one_line) == MAX_WIDTH:  # a declaration one column short: rustfmt moves `->` down
        check.doubt(f"the signature of {name} is exactly {MAX_WIDTH} columns wide")
    last = f"{pad}) -> {returns}{end}"
    if len(last) > MAX_WIDTH:
        check.doubt(f"the signature of {name} does not fit even when broken")
    inner = pad + INDENT
    return "\n".join([f"{pad}fn {name}(", *(f"{inner}{p}," for p in params), last])


def use_list(path: str, names: Iterable[str], check: LayoutCheck) -> str:
    """``use path::{names};`` in version order, on one line or in rustfmt's mixed layout."""
    ordered = [name for (name,) in version_order([(name,) for name in names], check)]
    one_line = f"use {path}::{{{', '.join(ordered)}}};"
    if len(one_line) <= MAX_WIDTH:
        return one_line
    lines, current = [f"use {path}::{{"], ""
    for name in ordered:
        candidate = f"{current} {name}," if current else f"{INDENT}{name},"
        if current and len(candidate) > MAX_WIDTH:
            lines.append(current)
            candidate = f"{INDENT}{name},"
        current = candidate
    lines += [current, "};"]
    if any(len(line) > MAX_WIDTH for line in lines):
        check.doubt(f"a name imported from {path} does not fit on a line")
    return "\n".join(lines)


def outgrows_layout(text: str) -> bool:
    """Whether rendered Rust has a line rustfmt might lay out otherwise.

    Code lines over `MAX_WIDTH` and attributes with long arguments are left to rustfmt;
    comment lines are not (rustfmt does not rewrap comments).
    """
    for line in _long_lines(text):
        if line.lstrip().startswith("//"):
            continue
        if not line.isascii() or len(line) > MAX_WIDTH:
            return True  # rustfmt measures display width; ours is exact for ASCII only
        attribute = _ATTRIBUTE.fullmatch(line) if len(line) > ATTRIBUTE_ARGS_WIDTH else None
        if attribute is not None and len(attribute.group(1)) > ATTRIBUTE_ARGS_WIDTH:
            return True
    return False


_LONG_LINE = re.compile(rf"^.{{{ATTRIBUTE_ARGS_WIDTH + 1},}}$", re.MULTILINE)


def _long_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` that are not ASCII or longer than `ATTRIBUTE_ARGS_WIDTH`.

    Every other line passes `outgrows_layout`'s checks; a regular expression finds
    the long ones in ASCII text without a Python step per line.
    """
    if not text.isascii():
        yield from (
            line
            for line in text.splitlines()
            if not line.isascii() or len(line) > ATTRIBUTE_ARGS_WIDTH
        )
        return
    for match in _LONG_LINE.finditer(text):
        yield from (line for line in match.group().splitlines() if len(line) > ATTRIBUTE_ARGS_WIDTH)
