"""The Rust reading under the rules: tokens, use trees and module declarations."""

from __future__ import annotations

from architecture.rust_items import read_file
from architecture.rust_lexer import LITERAL, tokenize


def test_comments_strings_and_chars_become_no_code() -> None:
    source = (
        '/* outer /* nested { */ } */ let s = r#"a " { fn"#; let c = \'{\';\n'
        "let b = b\"}\"; fn f<'a>(x: &'a str) {} // fn g() {\n"
    )
    texts = [token.text for token in tokenize(source)]
    assert texts.count("{") == texts.count("}") == 1
    assert texts.count(LITERAL) == 3
    assert texts.count("fn") == 1
    assert tokenize(source)[-1].line == 2


def test_use_trees_expand_into_one_path_each() -> None:
    items = read_file("pub use crate::{a, b::{c, d as e}, f::*};\n", ("m",))
    leaves = {(r.segments, r.alias) for r in items.references}
    assert leaves == {
        (("crate", "a"), None),
        (("crate", "b", "c"), None),
        (("crate", "b", "d"), "e"),
        (("crate", "f"), "*"),
    }


def test_inline_modules_set_the_module_of_their_paths() -> None:
    items = read_file(
        "mod outer {\n    mod inner {\n        use super::x;\n    }\n}\nuse y;\n", ("m",)
    )
    modules = {r.segments[-1]: r.module for r in items.references}
    assert modules == {"x": ("m", "outer", "inner"), "y": ("m",)}


def test_declared_modules_are_listed_and_test_modules_are_not() -> None:
    items = read_file("mod a;\n#[cfg(test)]\nmod tests;\npub(crate) mod b;\nmod c {}\n", ())
    assert [(d.module, d.line) for d in items.declarations] == [(("a",), 1), (("b",), 4)]
