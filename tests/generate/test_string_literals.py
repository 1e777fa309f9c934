"""String literals: the fast path for text with nothing to escape gives the same literal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from specgen.renderers import escape

# Plain letters most of the time, and every character the tables escape (quotes, backslash,
# controls, invisible and bidi marks) mixed in.
ESCAPED = sorted({*escape.RUST_STR_ESCAPES, *escape.TS_STR_ESCAPES})
TEXT = st.text(st.one_of(st.characters(), st.sampled_from([chr(c) for c in ESCAPED])))


@given(TEXT)
def test_literals_escape_exactly_the_table_characters(text: str) -> None:
    assert escape.rust_str(text) == '"' + text.translate(escape.RUST_STR_ESCAPES) + '"'
    assert escape.ts_str(text) == "'" + text.translate(escape.TS_STR_ESCAPES) + "'"


def test_plain_text_is_quoted_as_is_and_quotes_are_escaped() -> None:
    assert escape.ts_str("fieldName") == "'fieldName'"
    assert escape.rust_str("fieldName") == '"fieldName"'
    assert escape.ts_str("it's") == "'it\\'s'"
    assert escape.rust_str('say "hi"\u2028') == '"say \\"hi\\"\\u{2028}"'
