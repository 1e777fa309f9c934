"""No input, however broken, makes the loader raise or lose its location."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from specgen.spec import load_spec_bytes, load_spec_text
from specgen.validate import validate_documents

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=25,
)

spec_like = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 2, 2, 2, "2", None])},
    optional={
        "name": st.sampled_from(["gpu/stats", "Bad", "", "a/b/c"]) | st.text(max_size=10),
        "description": st.text(max_size=10) | st.integers(),
        "params": st.lists(
            st.fixed_dictionaries(
                {"name": st.text(max_size=6), "type": st.text(max_size=12)},
                optional={"optional": st.booleans() | st.none()},
            ),
            max_size=3,
        )
        | json_values,
        "types": st.dictionaries(st.text(max_size=6), json_values, max_size=3),
        "adapter": st.text(max_size=10),
    },
)


def _check_text(text: str) -> None:
    result = load_spec_text(text, "fuzz.json")
    for d in result.diagnostics:
        assert d.location.file == "fuzz.json"
        assert d.location.line >= 1
        assert d.location.column >= 1
        assert d.code.startswith("SG")
    if result.document is not None:
        for d in validate_documents([result.document]):
            assert d.location.line >= 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    result = load_spec_bytes(raw, "fuzz.json")
    assert result.document is not None or result.diagnostics


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_arbitrary_json_never_raises(value: object) -> None:
    _check_text(json.dumps(value))


@settings(max_examples=300, deadline=None)
@given(spec_like)
def test_spec_shaped_json_never_raises(value: dict[str, object]) -> None:
    _check_text(json.dumps({k: v for k, v in value.items() if v is not None}, indent=1))


def test_pathological_inputs() -> None:
    for text in ["[" * 100_000, "{" * 5000 + "}" * 5000, '{"a": NaN}', "1" * 5000, "", "\ufeff{}"]:
        result = load_spec_text(text, "p.json")
        assert result.diagnostics
        assert result.document is None
