"""Attribute lookups in templates: dict items and dict methods resolve as Jinja defines them."""

from __future__ import annotations

import jinja2
import pytest

from specgen.renderers.templating import environment


def test_a_dict_gives_its_item_its_methods_and_strict_undefined() -> None:
    env = environment("rust-ipc")
    template = env.from_string("{{ row.name }}|{{ row.items() | list | length }}|{{ obj.real }}")
    assert template.render(row={"name": "a", "items": 3}, obj=2) == "a|2|2"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ row.missing }}").render(row={"name": "a"})


def test_a_dict_subclass_keeps_jinjas_attribute_first_order() -> None:
    class Row(dict[str, object]):
        name = "attribute"

    template = environment("rust-ipc").from_string("{{ row.name }}")
    assert template.render(row=Row(name="item")) == "attribute"
