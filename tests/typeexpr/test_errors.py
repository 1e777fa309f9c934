"""Every rejected input gives the right code, message, hint and exact span."""

from __future__ import annotations

import pickle

import pytest

from specgen.typeexpr import ArrayOf, Span, TypeExprError, parse_type_expr
from specgen.typeexpr.parser import MAX_DEPTH, MAX_LENGTH


def error_of(text: str) -> TypeExprError:
    with pytest.raises(TypeExprError) as info:
        parse_type_expr(text)
    return info.value


def at(text: str, needle: str, occurrence: int = 1) -> Span:
    """The span of the n-th occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def test_trailing_bar() -> None:
    error = error_of("'a' |")
    assert error.code == "SG201"
    assert error.message == "expected a type after '|'"
    assert str(error) == error.message
    assert error.hint == "remove the trailing '|' or add another member"
    assert error.span == Span(5, 5)


def test_any_is_rejected_everywhere() -> None:
    for text in ("any", "any[]", "Record<string, any>", "{ a: any }", "string | any", "Array<any>"):
        error = error_of(text)
        assert error.code == "SG202", text
        assert error.message == "`any` is not allowed"
        assert error.hint == 'use `unknown`, or declare a named type in "types"'
        assert error.span == at(text, "any", text.count("any"))


# (text, code, the offending text in `text` (or None: the end of input), message start)
SYNTAX_CASES = [
    ("", None, "empty type expression"),
    ("'a' | | 'b'", "|#2", "expected a type after '|', found '|'"),
    ("|", None, "expected a type after '|'"),
    ("Array<", None, "expected a type after '<'"),
    ("Array<string", None, "missing '>' to close 'Array<'"),
    ("Array<string;>", ";", "expected ',' or '>' after a type argument, found ';'"),
    ("Record<string, >", ">", "expected a type after ',', found '>'"),
    ("{ a: string", None, "missing '}' to close '{'"),
    ("{ a: string b: number }", "b", "expected ';' or '}' after field `a`, found `b`"),
    ("{ a string }", "string", "expected ':' after field `a`, found `string`"),
    ("{ a }", "}", "expected ':' after field `a`, found '}'"),
    ("{ a:", None, "expected a type after ':'"),
    ("{ a: string;; }", ";#2", "expected a field name or '}', found ';'"),
    ("{ 1: string }", "1", "expected a field name or '}', found `1`"),
    ("{", None, "missing '}' to close '{'"),
    ("{ a: string; a: number }", "a#2", "duplicate field `a`"),
    ("{ 'a': string; a?: number }", "a#2", "duplicate field `a`"),
    ("(string", None, "missing ')' to close '('"),
    ("(string number)", "number", "expected ')', found `number`"),
    ("()", ")", "expected a type after '(', found ')'"),
    ("string)", ")", "unexpected ')' after a complete type"),
    ("string number", "number", "unexpected `number` after a complete type"),
    ("string, number", ",", "unexpected ',' after a complete type"),
    ("string[", None, "missing ']' after '['"),
    ("string?", "?", "unexpected '?' after a type"),
    ("{ a: string? }", "?", "unexpected '?' after a type"),
    ("'abc", "'abc", "unterminated string literal"),
    ("'ab\nc'", "'ab", "unterminated string literal"),
    ('"x" | "y', '"y', "unterminated string literal"),
    ("string$", "$", "unexpected character '$'"),
    ("café", "é", "unexpected character 'é'"),
    ("a\x00", "\x00", "unexpected character U+0000"),
    ("- 1", "-", "unexpected character '-'"),
    ("a = b", "=", "unexpected character '='"),
    ("a.", ".", "expected a name after '.'"),
    ("a.1", ".", "expected a name after '.'"),
    ("'\\x4g'", "\\x4", "a \\x escape needs two hex digits"),
    ("'\\u12'", "\\u12", "a \\u escape needs four hex digits"),
    ("'\\u{110000}'", "\\u{110000}", "a \\u{...} escape needs hex digits"),
    ("'\\u{12'", "\\u{12", "a \\u{...} escape needs hex digits"),
    ("'\\u{}'", "\\u{}", "a \\u{...} escape needs hex digits"),
    ("'\\01'", "\\0", "octal escapes are not allowed"),
    ("'\\7'", "\\7", "octal escapes are not allowed"),
    ("'\\uD800'", "'\\uD800'", "string literal contains an unpaired surrogate"),
    ("1e999", "1e999", "number literal is out of range"),
]


@pytest.mark.parametrize(("text", "where", "message"), SYNTAX_CASES)
def test_syntax_errors(text: str, where: str | None, message: str) -> None:
    error = error_of(text)
    assert error.code == "SG201"
    assert error.message.startswith(message), error.message
    assert error.hint
    if where is None:
        if text.strip():
            assert error.span == Span(len(text), len(text))
        else:
            assert error.span == Span(0, len(text))
    else:
        needle, _, nth = where.partition("#")
        expected = at(text, needle, int(nth or 1))
        assert error.span == expected


UNSUPPORTED_CASES = [
    ("Map<string, number>", "Map", "generic type `Map<...>` is not supported", "Record<string, T>"),
    ("Set<Item>", "Set", "generic type `Set<...>` is not supported", "`T[]`"),
    ("Promise<Item>", "Promise", "generic type `Promise<...>`", "resolved type"),
    ("Partial<Item>", "Partial", "generic type `Partial<...>`", "named type"),
    ("Pick<Item, 'a'>", "Pick", "generic type `Pick<...>`", "named type"),
    ("Box<string>", "Box", "generic type `Box<...>`", "generic types are not supported"),
    ("string<number>", "string", "`string` does not take type arguments", "remove"),
    ("Record<number, string>", "number", "`Record` keys must be `string`", "Record<string, T>"),
    ("Record<'a' | 'b', string>", "'a' | 'b'", "`Record` keys must be `string`", "inline"),
    ("Record<string>", "Record", "`Record` takes two type arguments, found 1", "Record<string"),
    ("Record<string, A, B>", "Record", "`Record` takes two type arguments, found 3", "Record"),
    ("Record", "Record", "`Record` needs type arguments", "Record<string, T>"),
    ("Array<A, B>", "Array", "`Array` takes exactly one type argument, found 2", "T[]"),
    ("Array<>", "Array", "`Array` takes exactly one type argument, found 0", "T[]"),
    ("Array", "Array", "`Array` needs type arguments", "T[]"),
    ("[string, number]", "[", "tuple types are not supported", "T[]"),
    ("Item[0]", "[", "indexed access types", "property"),
    ("A & B", "&", "intersection types (`&`) are not supported", "named type"),
    ("{ a: A & B }", "&", "intersection types", "named type"),
    ("(a: string) => void", "(a: string) =>", "function types are not supported", "data"),
    ("() => void", "() =>", "function types are not supported", "data"),
    ("(...rest) => void", "(...rest) =>", "function types are not supported", "data"),
    ("(string) => void", "(string) =>", "function types are not supported", "data"),
    ("string => void", "=>", "function types are not supported", "data"),
    ("{ f(): void }", "(", "function types are not supported", "data"),
    ("Function", "Function", "function types are not supported", "data"),
    ("new () => X", "new", "constructor types are not supported", "data"),
    ("typeof x", "typeof", "`typeof` is not supported", "named type"),
    ("keyof Item", "keyof", "`keyof` is not supported", "literal union"),
    ("readonly string[]", "readonly", "`readonly` is not supported", "remove"),
    ("{ readonly a: string }", "readonly", "`readonly` is not supported", "remove"),
    ("never", "never", "`never` is not supported", "null"),
    ("void", "void", "`void` is not supported", "null"),
    ("bigint", "bigint", "`bigint` is not supported", "i64"),
    ("symbol", "symbol", "`symbol` is not supported", "string"),
    ("String", "String", "`String` is not supported", "`string`"),
    ("Object", "Object", "`Object` is not supported", "`object`"),
    ("A extends B ? C : D", "extends", "conditional types are not supported", "named"),
    ("a.B", "a.B", "qualified name `a.B` is not supported", "`B`"),
    ("ns.sub.Type[]", "ns.sub.Type", "qualified name `ns.sub.Type`", "`Type`"),
    ("import('x').T", "import", "import types are not supported", "name"),
    ("`a${string}`", "`", "template literal types are not supported", "union"),
    ("{ [key: string]: number }", "[", "index signatures and mapped types", "Record<string"),
    ("{ [K in Keys]: number }", "[", "index signatures and mapped types", "Record<string"),
]


@pytest.mark.parametrize(("text", "where", "message", "hint"), UNSUPPORTED_CASES)
def test_unsupported_constructs(text: str, where: str, message: str, hint: str) -> None:
    error = error_of(text)
    assert error.code == "SG204"
    assert error.message.startswith(message), error.message
    assert hint in error.hint, error.hint
    assert error.span == at(text, where)


def test_first_error_in_source_order_wins() -> None:
    # A lexical error later in the text does not hide an earlier problem ...
    assert error_of("Map<string, $>").span == Span(0, 3)
    assert error_of("any | 'unterminated").code == "SG202"
    # ... and a lexical error before a later problem is the one reported.
    error = error_of("$ | Map<string, number>")
    assert (error.code, error.span) == ("SG201", Span(0, 1))
    assert error_of("(a $").span == Span(3, 4)


def test_depth_limit_for_arrays() -> None:
    ok = parse_type_expr("string" + "[]" * MAX_DEPTH)
    assert isinstance(ok, ArrayOf)
    text = "string" + "[]" * (MAX_DEPTH + 1)
    error = error_of(text)
    assert error.code == "SG204"
    assert error.message == "type expression nests too deeply (more than 32 levels)"
    assert error.span == Span(0, len(text))


def test_depth_limit_for_generics() -> None:
    parse_type_expr("Array<" * MAX_DEPTH + "string" + ">" * MAX_DEPTH)
    text = "Array<" * (MAX_DEPTH + 1) + "string" + ">" * (MAX_DEPTH + 1)
    error = error_of(text)
    assert error.code == "SG204"
    assert "nests too deeply" in error.message
    assert error.span == Span(MAX_DEPTH * 6 + 5, MAX_DEPTH * 6 + 6)  # the 33rd '<'


def test_depth_limit_for_parentheses_and_objects() -> None:
    parse_type_expr("(" * MAX_DEPTH + "string" + ")" * MAX_DEPTH)
    assert error_of("(" * (MAX_DEPTH + 1) + "string" + ")" * (MAX_DEPTH + 1)).span == Span(
        MAX_DEPTH, MAX_DEPTH + 1
    )
    parse_type_expr("{ a: " * MAX_DEPTH + "string" + " }" * MAX_DEPTH)
    assert "nests too deeply" in error_of("{ a: " * (MAX_DEPTH + 1) + "x" + " }" * 33).message
    # Union levels count too: ((A | B)[] | C)[] ...
    text = "X"
    for _ in range(MAX_DEPTH // 2):
        text = f"({text} | Y)[]"
    parse_type_expr(text)
    assert "nests too deeply" in error_of(f"({text} | Y)[]").message


def test_pathological_nesting_is_an_error_not_a_crash() -> None:
    for text in ("(" * 100_000, "[" * 4000, "{a:" * 1300, "Array<" * 600, "x" + "[]" * 2000):
        assert error_of(text).code == "SG204"


def test_length_limit() -> None:
    longest = "'" + "a" * (MAX_LENGTH - 2) + "'"
    assert parse_type_expr(longest).span == Span(0, MAX_LENGTH)
    text = longest + " "
    error = error_of(text)
    assert error.code == "SG204"
    assert (
        error.message == f"type expression is too long ({MAX_LENGTH + 1} characters, at most 4096)"
    )
    assert error.span == Span(MAX_LENGTH, MAX_LENGTH + 1)


def test_error_is_picklable_and_has_a_useful_repr() -> None:
    error = error_of("Map<string, number>")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own data
    assert (copy.code, copy.message, copy.hint, copy.span) == (
        error.code,
        error.message,
        error.hint,
        error.span,
    )
    assert "SG204" in repr(error)
    assert error.args == (error.message,)
