"""The suite runs its longest files first (``long_running`` marks, tests/order_support.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pytest

from order_support import longest_files_first


@dataclass
class _Item:
    path: Path
    name: str
    marks: dict[str, pytest.Mark] = field(default_factory=dict)

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        return self.marks.get(name)


def _item(file: str, name: str, seconds: float | None = None) -> pytest.Item:
    marks = {}
    if seconds is not None:
        marks["long_running"] = pytest.mark.long_running(seconds=seconds).mark
    return cast("pytest.Item", _Item(Path(file), name, marks))


def test_marked_files_come_first_longest_first_and_files_stay_whole() -> None:
    items = [
        _item("a.py", "a1"),
        _item("b.py", "b1"),
        _item("b.py", "b2", seconds=30),
        _item("c.py", "c1", seconds=300),
        _item("d.py", "d1"),
        _item("c.py", "c2"),
    ]
    order = [cast("_Item", item).name for item in longest_files_first(items)]
    assert order == ["c1", "c2", "b1", "b2", "a1", "d1"]


KILL_FILES = {"test_kills_first.py", "test_kills_second.py"}


def test_the_two_kill_files_start_the_run(request: pytest.FixtureRequest) -> None:
    # The two halves of the kills come first, so that each xdist worker starts one.
    session_items = request.session.items
    marked = {item.path.name for item in session_items if item.get_closest_marker("long_running")}
    if not marked >= KILL_FILES:
        pytest.skip("the kill tests are not part of this run")
    first_files = list(dict.fromkeys(item.path.name for item in session_items))[:2]
    assert set(first_files) == KILL_FILES
