"""tomlkeys locates keys inside inline tables and every [[array]] table header."""

from __future__ import annotations

from specgen.tomlkeys import array_table_lines, key_positions, locate_key

TEXT = """\
[external_types.UUID]
typescript = { module = "@app/uuid", name = "UUID" }

[breaking]
categories = ["WIRE"]

[[breaking.ignore]]
id = "A"

[[ breaking.ignore ]]
id = "B"
"""


def test_a_key_inside_an_inline_table_is_located_with_inline() -> None:
    positions = key_positions(TEXT)
    key = ("external_types", "UUID", "typescript", "name")
    assert locate_key(positions, key, inline=True) == (2, 38)
    assert locate_key(positions, key) == (2, 1)  # without: its enclosing key
    missing = ("external_types", "UUID", "typescript", "absent")
    assert locate_key(positions, missing, inline=True) == (2, 1)


def test_every_array_table_header_is_listed_in_order() -> None:
    assert array_table_lines(TEXT, ("breaking", "ignore")) == [7, 10]
    assert array_table_lines(TEXT, ("breaking",)) == []
    assert key_positions(TEXT)[("breaking",)].header
    assert not key_positions(TEXT)[("breaking", "categories")].header
