"""The source map finds every key and value, and columns inside escaped strings."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from specgen.spec.sourcemap import JsonPath, SourceMap, format_path

TEXT = """{
  "name": "gpu/stats",
  "params": [ {"name": "a", "type": "\\n\\u00e9 | x"}, [] , {}],
  "e": {"x": [1, {"y": null}]}
}"""


def test_values_and_keys_are_located() -> None:
    smap = SourceMap(TEXT)
    assert smap.locate(("name",)).line == 2
    assert smap.locate(("name",)).column == 11
    assert smap.locate(("name",), key=True).column == 3
    assert smap.locate(("e", "x", 1, "y")).line == 4
    assert smap.locate(("params", 2)).column == TEXT.splitlines()[2].index("{}") + 1


def test_missing_path_falls_back_to_nearest_ancestor() -> None:
    smap = SourceMap(TEXT)
    assert smap.locate(("params", 0, "nope")) == smap.locate(("params", 0))
    assert smap.locate(("nothing", "here")) == smap.locate(())


def test_column_inside_string_walks_escapes() -> None:
    smap = SourceMap(TEXT)
    line = TEXT.splitlines()[2]
    # decoded value is "\né | x": index 3 is '|', after a 2-char and a 6-char escape
    assert smap.locate_in_string(("params", 0, "type"), 3).column == line.index("|") + 1


def test_duplicate_keys_are_recorded_with_the_repeat_offset() -> None:
    text = '{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}'
    smap = SourceMap(text)
    assert [(p, text[o : o + 3]) for p, o in smap.duplicate_keys] == [
        (("b", "c"), '"c"'),
        (("a",), '"a"'),
    ]
    assert [p for p, o in smap.duplicate_keys] == [("b", "c"), ("a",)]
    assert smap.duplicate_keys[1][1] == text.rindex('"a"')


def test_deep_nesting_does_not_recurse() -> None:
    # Deeper than Python's default recursion limit; json.loads stops near 1,000.
    depth = 5_000
    text = "[" * depth + "]" * depth
    smap = SourceMap(text)
    assert smap.locate((0,) * 10).column == 11


def test_format_path() -> None:
    assert format_path(("params", 0, "type")) == "$.params[0].type"
    assert format_path(("types", "a b")) == '$.types["a b"]'
    assert format_path(()) == "$"


def _paths(value: object, prefix: JsonPath = ()) -> list[JsonPath]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(json_values, st.sampled_from([None, 2]))
def test_every_path_points_at_its_value(value: object, indent: int | None) -> None:
    text = json.dumps(value, indent=indent)
    smap = SourceMap(text)
    for path in _paths(value):
        offset = smap.value_offset(path)
        assert offset is not None
        sub: object = value
        for part in path:
            sub = sub[part]  # type: ignore[index]
        assert json.JSONDecoder().raw_decode(text, offset)[0] == sub
