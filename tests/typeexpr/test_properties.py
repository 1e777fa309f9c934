"""Property tests: any text parses or raises TypeExprError; render_ts round-trips."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from specgen.typeexpr import (
    PRIMITIVES,
    SIZED_NUMBERS,
    ArrayOf,
    Literal,
    ObjectField,
    ObjectType,
    Primitive,
    RecordOf,
    Ref,
    Sized,
    TypeExpr,
    TypeExprError,
    Union,
    parse_type_expr,
    render_ts,
)
from specgen.typeexpr.keywords import RESERVED
from specgen.typeexpr.parser import MAX_DEPTH, MAX_LENGTH, parse_uncached

SETTINGS = settings(
    max_examples=200, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# -- arbitrary text ------------------------------------------------------------------

FRAGMENTS = [
    *PRIMITIVES,
    *SIZED_NUMBERS,
    "any",
    "object",
    "Array",
    "Record",
    "Map",
    "Item",
    "a",
    "true",
    "never",
    "extends",
    "readonly",
    "typeof",
    "'a'",
    '"b"',
    "'",
    '"',
    "'\\u{",
    "'\\x",
    "\\",
    "`",
    "1",
    "-1.5e3",
    "-",
    "1e999",
    "|",
    "&",
    "[",
    "]",
    "<",
    ">",
    "{",
    "}",
    "(",
    ")",
    ":",
    ";",
    ",",
    "?",
    ".",
    "...",
    "=>",
    "=",
    "$",
    "é",
    "\x00",
    "\n",
]
token_soup = st.lists(
    st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["", " ", "\t"])), max_size=30
).map(lambda parts: "".join(f + s for f, s in parts))


def check_outcome(text: str) -> None:
    outcome: TypeExpr | TypeExprError
    try:
        outcome = parse_uncached(text)
    except TypeExprError as error:
        outcome = error
    assert 0 <= outcome.span.start <= outcome.span.end <= len(text)
    if isinstance(outcome, TypeExprError):
        assert outcome.code in {"SG201", "SG202", "SG204"}
        assert outcome.message
        assert str(outcome) == outcome.message
        assert outcome.hint
    else:
        assert parse_type_expr(render_ts(outcome)) == outcome


@SETTINGS
@given(st.text(max_size=200))
def test_arbitrary_text_parses_or_raises_type_expr_error(text: str) -> None:
    check_outcome(text)


@SETTINGS
@given(token_soup)
def test_token_soup_parses_or_raises_type_expr_error(text: str) -> None:
    check_outcome(text)


@SETTINGS
@given(st.sampled_from(["(", "Array<", "{a:", "[", "Record<string,", "|"]), st.integers(0, 3000))
def test_huge_nesting_never_overflows_the_stack(opener: str, count: int) -> None:
    check_outcome(opener * count + "x")


# -- generated trees -----------------------------------------------------------------

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True).filter(
    lambda name: name not in RESERVED
)
leaves: st.SearchStrategy[TypeExpr] = st.one_of(
    st.sampled_from(PRIMITIVES).map(Primitive),
    st.sampled_from(SIZED_NUMBERS).map(Sized),
    names.map(Ref),
    st.text(max_size=8).map(Literal),
    st.integers(-(10**12), 10**12).map(Literal),
    st.floats(allow_nan=False, allow_infinity=False).map(Literal),
    st.booleans().map(Literal),
)


def make_union(members: list[TypeExpr]) -> Union:
    flat: list[TypeExpr] = []
    for member in members:
        flat.extend(member.members if isinstance(member, Union) else [member])
    return Union(tuple(flat))


def make_object(fields: list[tuple[str, bool, TypeExpr]]) -> ObjectType:
    return ObjectType(tuple(ObjectField(name, optional, t) for name, optional, t in fields))


def extend(children: st.SearchStrategy[TypeExpr]) -> st.SearchStrategy[TypeExpr]:
    field_names = st.one_of(names, st.text(max_size=6))
    return st.one_of(
        children.map(ArrayOf),
        children.map(RecordOf),
        st.lists(
            st.tuples(field_names, st.booleans(), children), max_size=4, unique_by=lambda f: f[0]
        ).map(make_object),
        st.lists(children, min_size=2, max_size=4).map(make_union),
    )


trees = st.recursive(leaves, extend, max_leaves=25)


def height(expr: TypeExpr) -> int:
    if isinstance(expr, ArrayOf):
        return 1 + height(expr.element)
    if isinstance(expr, RecordOf):
        return 1 + height(expr.value)
    if isinstance(expr, ObjectType):
        return 1 + max((height(f.type) for f in expr.fields), default=0)
    if isinstance(expr, Union):
        return 1 + max(height(m) for m in expr.members)
    return 0


@SETTINGS
@given(trees)
def test_render_then_parse_round_trips(expr: TypeExpr) -> None:
    text = render_ts(expr)
    assume(height(expr) <= MAX_DEPTH)
    assume(len(text) <= MAX_LENGTH)
    parsed = parse_uncached(text)
    assert parsed == expr
    assert render_ts(parsed) == text
    assert parsed.span.start == 0
    assert parsed.span.end == len(text)


def _with_spans(expr: TypeExpr) -> object:
    """``expr`` as nested tuples with every span (spans do not take part in ``==``)."""
    if isinstance(expr, ArrayOf):
        return ("array", expr.span, _with_spans(expr.element))
    if isinstance(expr, Ref):
        return ("ref", expr.name, expr.span)
    if isinstance(expr, (Primitive, Sized)):
        return (type(expr).__name__, expr.kind, expr.span)
    return ("other", render_ts(expr))


_NAMES = st.one_of(
    st.sampled_from([*PRIMITIVES, *SIZED_NUMBERS, "true", "any", "object", "Array", "Record"]),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True),
)


@SETTINGS
@given(name=_NAMES, depth=st.integers(min_value=0, max_value=MAX_DEPTH + 1))
def test_a_name_with_brackets_parses_as_the_full_parser_builds_it(name: str, depth: int) -> None:
    """The parser's shortcut for `Name[]...` gives the tree, spans and errors of the grammar."""
    from specgen.typeexpr.parser import _Parser  # noqa: PLC0415  # the grammar, no shortcut

    text = name + "[]" * depth
    try:
        full: TypeExpr | TypeExprError = _Parser(text).parse()
    except TypeExprError as exc:
        full = exc
    try:
        quick: TypeExpr | TypeExprError = parse_uncached(text)
    except TypeExprError as exc:
        quick = exc
    if isinstance(full, TypeExprError):
        assert isinstance(quick, TypeExprError)
        assert (quick.code, quick.message, quick.span) == (full.code, full.message, full.span)
    else:
        assert not isinstance(quick, TypeExprError)
        assert _with_spans(quick) == _with_spans(full)
