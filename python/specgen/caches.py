"""The in-process caches a generation run fills, and one call that empties them all.

Name conversions, parsed type expressions, their spans, version-sort keys and the
checks of path segments are remembered while a process runs (a run asks for each many
times). Benchmarks clear them before every cold run, so that a "cold" figure includes
computing them; compiled templates are not data of a run and stay
(`specgen.renderers.templating`).
A whole run also pauses the cyclic garbage collector (`collection_paused`).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from specgen import naming
from specgen.renderers import rust_layout
from specgen.typeexpr import parser
from specgen.writer import _paths


def clear_run_caches() -> None:
    """Forget every value remembered from earlier runs in this process."""
    for convert in (naming.pascal_case, naming.camel_case, naming.snake_case):
        convert.cache_clear()
    parser.clear_cache()
    rust_layout.version_key.cache_clear()
    _paths.segment_problem.cache_clear()


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one run (restored afterwards, also on failure).

    A run builds many objects that all live until it ends: collecting in the middle
    finds no garbage and costs a few percent of the run (generate, breaking).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
