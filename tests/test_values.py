"""`specgen.values`: value types are plain dataclasses at run time, frozen to mypy.

mypy checks this file under ``strict`` (``warn_unused_ignores``): the assignments below
carry ``type: ignore[misc]``, which mypy reports as unused, failing the lint, the day
a value type stops being read-only to it.
"""

from __future__ import annotations

import dataclasses
import pickle

from specgen.ir.model import FieldIR, NamedRef, Prim
from specgen.values import value_type
from specgen.writer.plan import OutputFile


@value_type(slots=True)
class _Point:
    x: int
    y: int = 0
    label: str = dataclasses.field(default="", compare=False)


@value_type
class _OwnHash:
    key: str

    def __hash__(self) -> int:
        return 7


def test_fields_are_read_only_to_the_type_checker() -> None:
    point = _Point(1)
    point.x = 2  # type: ignore[misc]  # read-only to mypy: this line only runs
    ref = NamedRef("Info", "stats", "struct")
    ref.name = "Other"  # type: ignore[misc]
    assert (point.x, ref.name) == (2, "Other")  # no guard at run time: it costs


def test_equal_values_hash_alike_and_dedupe() -> None:
    assert _Point(1, 2) == _Point(1, 2, label="other")  # label takes no part in eq
    assert hash(_Point(1, 2)) == hash(_Point(1, 2, label="other"))
    assert {_Point(1, 2), _Point(1, 2), _Point(2, 1)} == {_Point(1, 2), _Point(2, 1)}
    assert _Point(1, 2) != _Point(2, 1)
    field = FieldIR(
        name="limit",
        rust_name="limit",
        needs_rename=False,
        description="",
        optional=True,
        type=Prim("number"),
    )
    assert hash(field) == hash(dataclasses.replace(field))


def test_replace_makes_a_changed_copy() -> None:
    point = _Point(1, 2)
    moved = dataclasses.replace(point, y=5)
    assert (point.y, moved.y, moved.x) == (2, 5, 1)


def test_slots_when_asked_and_an_own_hash_kept() -> None:
    assert not hasattr(_Point(1), "__dict__")
    assert hasattr(_OwnHash("a"), "__dict__")
    assert hash(_OwnHash("a")) == hash(_OwnHash("b")) == 7


def test_values_pickle_for_the_forked_worker() -> None:
    file = OutputFile("rust/mod.rs", b"pub mod a;\n", "generated", "(project)")
    assert pickle.loads(pickle.dumps(file)) == file  # noqa: S301  # our own bytes
