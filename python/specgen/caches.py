"""The in-process caches a generation run fills, and one call that empties them all.

Name conversions, parsed type expressions, their spans and version-sort keys are
remembered while a process runs (a run asks for each many times). Benchmarks clear
them before every cold run, so that a "cold" figure includes computing them;
compiled templates are not data of a run and stay (`specgen.renderers.templating`).
"""

from __future__ import annotations

from specgen import naming
from specgen.renderers import rust_layout
from specgen.typeexpr import parser


def clear_run_caches() -> None:
    """Forget every value remembered from earlier runs in this process."""
    for convert in (naming.pascal_case, naming.camel_case, naming.snake_case):
        convert.cache_clear()
    parser.clear_cache()
    rust_layout.version_key.cache_clear()
