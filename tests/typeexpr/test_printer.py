"""render_ts writes canonical TypeScript that parses back to the same tree."""

from __future__ import annotations

import pytest

from specgen.typeexpr import (
    ArrayOf,
    Literal,
    ObjectField,
    ObjectType,
    Primitive,
    RecordOf,
    Ref,
    Sized,
    TypeExpr,
    Union,
    parse_type_expr,
    render_ts,
)

S = Primitive("string")


def req(name: str, type_: TypeExpr) -> ObjectField:
    return ObjectField(name, optional=False, type=type_)


def opt(name: str, type_: TypeExpr) -> ObjectField:
    return ObjectField(name, optional=True, type=type_)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("string", "string"),
        ("u64", "u64"),
        ("Item", "Item"),
        ("'a'|'b'", "'a' | 'b'"),
        ('| "a" | "b"', "'a' | 'b'"),
        ("string|null|undefined", "string | null | undefined"),
        ("Array<string>", "string[]"),
        ("Array<Array<X>>", "X[][]"),
        ("Array<'a' | 'b'>", "('a' | 'b')[]"),
        ("(('a' | 'b'))[]", "('a' | 'b')[]"),
        ("(A | B)[][]", "(A | B)[][]"),
        ("A | (B | C)", "A | B | C"),
        ("(string)", "string"),
        ("Record<string,number>", "Record<string, number>"),
        ("Record<string, A | B>", "Record<string, A | B>"),
        ("object", "Record<string, unknown>"),
        ("{id:string,score?:number,}", "{ id: string; score?: number }"),
        ("{}", "{}"),
        ("{ 'a': string }", "{ a: string }"),
        ("{ 'my-key': string; '': null }", "{ 'my-key': string; '': null }"),
        ("{ items: { id: string }[] }[]", "{ items: { id: string }[] }[]"),
        ("-1 | 2.5 | 1e3 | -0.0", "-1 | 2.5 | 1000.0 | -0.0"),
        ("1e21", "1e+21"),
        ("true | false", "true | false"),
        ('"it\'s"', r"'it\'s'"),
        (r"'a\\b'", r"'a\\b'"),
        (r"'\n\t\r\x00\x7f\u2028'", r"'\n\t\r\x00\x7f\u2028'"),
        (r"'\u{1F600}é'", "'\U0001f600é'"),
    ],
)
def test_canonical_text(text: str, canonical: str) -> None:
    expr = parse_type_expr(text)
    assert render_ts(expr) == canonical
    assert parse_type_expr(canonical) == expr
    assert render_ts(parse_type_expr(canonical)) == canonical


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (ArrayOf(Union((Literal("a"), Literal(value=True)))), "('a' | true)[]"),
        (RecordOf(ArrayOf(Sized("i32"))), "Record<string, i32[]>"),
        (ArrayOf(RecordOf(S)), "Record<string, string>[]"),
        (ArrayOf(ObjectType(())), "{}[]"),
        (
            ObjectType((opt("kind", Union((Ref("A"), Primitive("null")))),)),
            "{ kind?: A | null }",
        ),
        (
            ObjectType((req("x y", S), req("if", S))),
            "{ 'x y': string; if: string }",
        ),
        (Literal(10**30), "1000000000000000000000000000000"),
        (Literal(0.1), "0.1"),
        (Literal("\\'\n"), r"'\\\'\n'"),
    ],
)
def test_render_hand_built_trees(expr: TypeExpr, text: str) -> None:
    assert render_ts(expr) == text
    assert parse_type_expr(text) == expr


def test_render_deep_but_allowed_tree() -> None:
    text = "Array<" * 32 + "Item" + ">" * 32
    assert render_ts(parse_type_expr(text)) == "Item" + "[]" * 32
