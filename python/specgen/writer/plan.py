"""What the generator hands the writer: one finished file, its owner and the spec it came from."""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from specgen.values import value_type

Owner = Literal["generated", "scaffold"]
"""Who owns a file on disk.

``generated`` files belong to specgen: they are rewritten from the spec on every run and removed
when their spec stops producing them. ``scaffold`` files belong to the user after they are
created: specgen never overwrites one without ``--force``.
"""

OWNERS: tuple[Owner, ...] = ("generated", "scaffold")


@value_type(slots=True)
class OutputFile:
    """One file the generator wants on disk.

    Attributes:
        path: POSIX path relative to the output root, e.g. ``rust/src/gpu_stats/wire.rs``.
        content: The exact bytes of the file.
        owner: ``generated`` or ``scaffold`` (see `Owner`).
        spec: The spec file it came from, as shown to the user; recorded in the manifest and
            used in messages and to scope stale cleanup.
    """

    path: str
    content: bytes = field(repr=False)
    owner: Owner
    spec: str
