"""The order the suite runs in: the longest test files first (``long_running`` marks).

A ``long_running(seconds=N)`` mark (on a test or a module's ``pytestmark``) says about
how long the test takes on a two-core machine. Only the order depends on the figure:
a file with a longer one starts earlier. Nothing is timed or asserted from it.
"""

from __future__ import annotations

import pytest


def _seconds(item: pytest.Item) -> float:
    mark = item.get_closest_marker("long_running")
    return float(mark.kwargs.get("seconds", 0)) if mark else 0.0


def longest_files_first(items: list[pytest.Item]) -> list[pytest.Item]:
    """``items`` with the files of ``long_running`` tests first, longest first (stable)."""
    longest: dict[str, float] = {}
    for item in items:
        path = str(item.path)
        longest[path] = max(longest.get(path, 0.0), _seconds(item))
    first_seen = {path: index for index, path in enumerate(longest)}
    return sorted(items, key=lambda item: (-longest[str(item.path)], first_seen[str(item.path)]))
