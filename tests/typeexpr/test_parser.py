"""Each supported construct parses to the expected AST, with exact spans."""

from __future__ import annotations

import pytest

import specgen.typeexpr
from specgen.typeexpr import (
    ArrayOf,
    Literal,
    ObjectField,
    ObjectType,
    Primitive,
    RecordOf,
    Ref,
    Sized,
    Span,
    TypeExpr,
    TypeExprError,
    Union,
    iter_refs,
    parse_type_expr,
)
from specgen.typeexpr.parser import parse_uncached

S = Primitive("string")


def req(name: str, type_: TypeExpr) -> ObjectField:
    return ObjectField(name, optional=False, type=type_)


def opt(name: str, type_: TypeExpr) -> ObjectField:
    return ObjectField(name, optional=True, type=type_)


N = Primitive("number")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("string", S),
        ("number", N),
        ("boolean", Primitive("boolean")),
        ("unknown", Primitive("unknown")),
        ("null", Primitive("null")),
        ("undefined", Primitive("undefined")),
        ("i32", Sized("i32")),
        ("u32", Sized("u32")),
        ("i64", Sized("i64")),
        ("u64", Sized("u64")),
        ("f32", Sized("f32")),
        ("f64", Sized("f64")),
        ("UUID", Ref("UUID")),
        ("_private9", Ref("_private9")),
        ("Map", Ref("Map")),
        ("'a'", Literal("a")),
        ('"a"', Literal("a")),
        ("''", Literal("")),
        ("42", Literal(42)),
        ("-7", Literal(-7)),
        ("1.5", Literal(1.5)),
        ("-0.25", Literal(-0.25)),
        ("1e3", Literal(1000.0)),
        ("2.5E-3", Literal(0.0025)),
        ("true", Literal(value=True)),
        ("false", Literal(value=False)),
        ("string[]", ArrayOf(S)),
        ("string[][]", ArrayOf(ArrayOf(S))),
        ("Array<string>", ArrayOf(S)),
        ("Array<Array<Item>>", ArrayOf(ArrayOf(Ref("Item")))),
        ("Array<string>[]", ArrayOf(ArrayOf(S))),
        ("Record<string, number>", RecordOf(N)),
        ("Record<string, Item[]>", RecordOf(ArrayOf(Ref("Item")))),
        ("object", RecordOf(Primitive("unknown"))),
        ("object[]", ArrayOf(RecordOf(Primitive("unknown")))),
        ("'a' | 'b'", Union((Literal("a"), Literal("b")))),
        ("| 'a' | 'b'", Union((Literal("a"), Literal("b")))),
        ("| 'a'", Literal("a")),
        ("string | null", Union((S, Primitive("null")))),
        ("A | (B | C)", Union((Ref("A"), Ref("B"), Ref("C")))),
        ("((A | B)) | C", Union((Ref("A"), Ref("B"), Ref("C")))),
        ("(string)", S),
        ("('a' | 'b')[]", ArrayOf(Union((Literal("a"), Literal("b"))))),
        ("Array<'a' | 'b'>", ArrayOf(Union((Literal("a"), Literal("b"))))),
        ("Array<| 'a' | 'b'>", ArrayOf(Union((Literal("a"), Literal("b"))))),
        ("-1[]", ArrayOf(Literal(-1))),
        ("{}", ObjectType(())),
        (
            "{ id: string; score?: number }",
            ObjectType((req("id", S), opt("score", N))),
        ),
        (
            "{ id: string, score?: number, }",
            ObjectType((req("id", S), opt("score", N))),
        ),
        ("{ a: string; }", ObjectType((req("a", S),))),
        (
            "{ 'my-key': u64; \"x y\"?: null }",
            ObjectType(
                (
                    req("my-key", Sized("u64")),
                    opt("x y", Primitive("null")),
                )
            ),
        ),
        (
            # Keywords are plain names in field-name position.
            "{ string: number; any: boolean; readonly: Item; type: object }",
            ObjectType(
                (
                    req("string", N),
                    req("any", Primitive("boolean")),
                    req("readonly", Ref("Item")),
                    req("type", RecordOf(Primitive("unknown"))),
                )
            ),
        ),
        (
            "{ kind: | 'a' | 'b'; items: { id: string }[] }",
            ObjectType(
                (
                    req("kind", Union((Literal("a"), Literal("b")))),
                    req("items", ArrayOf(ObjectType((req("id", S),)))),
                )
            ),
        ),
        (
            "Record<string, { n: i32 } | null>",
            RecordOf(Union((ObjectType((req("n", Sized("i32")),)), Primitive("null")))),
        ),
    ],
)
def test_parses_to_expected_ast(text: str, expected: TypeExpr) -> None:
    assert parse_type_expr(text) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (r"'it\'s'", "it's"),
        (r'"say \"hi\""', 'say "hi"'),
        (r"'back\\slash'", "back\\slash"),
        (r"'\n\r\t\b\f\v\0'", "\n\r\t\b\f\v\0"),
        (r"'\x41\u0042\u{43}\u{1F600}'", "ABC\U0001f600"),
        (r"'\uD83D\uDE00'", "\U0001f600"),
        (r"'\q\/'", "q/"),
        ("'line\\\ncontinued'", "linecontinued"),
        ("'tab\tinside'", "tab\tinside"),
        ("'\u00e9\u2028'", "\u00e9\u2028"),
        ('"it\'s"', "it's"),
    ],
)
def test_string_escapes(text: str, value: str) -> None:
    assert parse_type_expr(text) == Literal(value)


def test_literal_equality_keeps_booleans_apart_from_numbers() -> None:
    assert parse_type_expr("true") != parse_type_expr("1")
    assert parse_type_expr("false") != parse_type_expr("0")
    assert parse_type_expr("1") == parse_type_expr("1.0")
    assert Union((Literal(value=True), Literal(1))) != Union((Literal(1), Literal(1)))
    assert len({Literal(value=True), Literal(1), Literal("1")}) == 3
    assert isinstance(parse_type_expr("1.0").value, float)  # type: ignore[union-attr]
    assert isinstance(parse_type_expr("10").value, int)  # type: ignore[union-attr]


def test_spacing_and_quoting_do_not_affect_equality() -> None:
    compact = parse_type_expr("{a?:('x'|\"y\")[];b:Record<string,i64>}")
    spaced = parse_type_expr(
        "  {\n  'a' ? : ( 'x' | 'y' ) [ ] ;\n  b : Record < string , i64 >\n}  "
    )
    assert compact == spaced
    assert hash(compact) == hash(spaced)
    assert compact.span != spaced.span


def test_spans_point_into_the_text() -> None:
    text = "{ id: string; tags?: ('a' | Tag)[] } | null"
    expr = parse_type_expr(text)
    assert isinstance(expr, Union)
    assert expr.span == Span(0, len(text))
    obj, null = expr.members
    assert text[null.span.start : null.span.end] == "null"
    assert isinstance(obj, ObjectType)
    assert obj.span == Span(0, 36)
    id_field, tags_field = obj.fields
    assert text[id_field.span.start : id_field.span.end] == "id: string"
    assert text[tags_field.span.start : tags_field.span.end] == "tags?: ('a' | Tag)[]"
    assert isinstance(tags_field.type, ArrayOf)
    assert text[tags_field.type.span.start : tags_field.type.span.end] == "('a' | Tag)[]"
    union = tags_field.type.element
    assert text[union.span.start : union.span.end] == "'a' | Tag"
    (ref,) = iter_refs(expr)
    assert ref.span == Span(text.index("Tag"), text.index("Tag") + 3)


def test_spans_of_generics_and_leading_bar() -> None:
    assert parse_type_expr("Array<X>").span == Span(0, 8)
    assert parse_type_expr(" Record<string, X> ").span == Span(1, 18)
    assert parse_type_expr("| 'a' | 'b'").span == Span(0, 11)
    assert parse_type_expr("object").span == Span(0, 6)
    assert parse_type_expr("X[][]").span == Span(0, 5)


def test_iter_refs_in_source_order() -> None:
    expr = parse_type_expr("{ a: A; b: (B | C[])[]; c: Record<string, D> } | E | 'F' | string")
    assert [ref.name for ref in iter_refs(expr)] == ["A", "B", "C", "D", "E"]
    assert list(iter_refs(parse_type_expr("string[]"))) == []
    assert [r.name for r in iter_refs(parse_type_expr("X | X"))] == ["X", "X"]


def test_iter_refs_handles_hand_built_deep_trees() -> None:
    expr: TypeExpr = Ref("Deep")
    for _ in range(5000):
        expr = ArrayOf(expr)
    assert [r.name for r in iter_refs(expr)] == ["Deep"]


def test_parses_are_cached_and_uncached_parses_are_equal() -> None:
    text = "{ cached: 'yes' | 'no' }"
    assert parse_type_expr(text) is parse_type_expr(text)
    assert parse_uncached(text) == parse_type_expr(text)
    assert parse_uncached(text) is not parse_uncached(text)


def test_nodes_are_values_equal_and_hashed_by_their_fields() -> None:
    """Parsed nodes are cached and shared: value types, read-only to mypy (`specgen.values`)."""
    first, second = parse_type_expr("string"), Primitive("string")
    assert isinstance(first, Primitive)
    assert first == second
    assert hash(first) == hash(second)
    assert {first, second} == {second}


def test_errors_are_not_cached_as_results() -> None:
    for _ in range(2):
        with pytest.raises(TypeExprError):
            parse_type_expr("'a' |")


def test_public_api() -> None:
    assert sorted(specgen.typeexpr.__all__) == sorted(
        [
            "PRIMITIVES",
            "SIZED_NUMBERS",
            "ArrayOf",
            "Literal",
            "ObjectField",
            "ObjectType",
            "Primitive",
            "RecordOf",
            "Ref",
            "Sized",
            "Span",
            "TypeExpr",
            "TypeExprError",
            "Union",
            "iter_refs",
            "parse_type_expr",
            "render_ts",
        ]
    )
    assert specgen.typeexpr.PRIMITIVES == (
        "string",
        "number",
        "boolean",
        "unknown",
        "null",
        "undefined",
    )
    assert specgen.typeexpr.SIZED_NUMBERS == ("i32", "u32", "i64", "u64", "f32", "f64")
