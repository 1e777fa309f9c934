"""Paths as the user should see them."""

from __future__ import annotations

import os
from pathlib import Path


def shown(path: Path, base: Path | None = None) -> str:
    """``path`` as the user should see it: relative to ``base`` (the cwd) when below it.

    Paths are made absolute without resolving links (cheap, and what the user typed).
    """
    target = os.path.abspath(path)  # noqa: PTH100  # string paths: called once per file shown
    start = os.path.abspath(base or os.curdir)  # noqa: PTH100
    relative = os.path.relpath(target, start)
    if relative.startswith(os.pardir + os.sep + os.pardir + os.sep + os.pardir):
        return target
    return relative.replace(os.sep, "/")
