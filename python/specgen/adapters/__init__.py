"""Adapters: how one resolved command becomes files, per module shape."""

from specgen.adapters.base import (
    Adapter,
    GenerationContext,
    Layout,
    LazyContext,
    Planned,
    PlannedFile,
    is_rust_backed,
)
from specgen.adapters.builtin import BUILTIN
from specgen.adapters.registry import ENTRY_POINT_GROUP, AdapterRegistry, load_registry

__all__ = [
    "BUILTIN",
    "ENTRY_POINT_GROUP",
    "Adapter",
    "AdapterRegistry",
    "GenerationContext",
    "Layout",
    "LazyContext",
    "Planned",
    "PlannedFile",
    "is_rust_backed",
    "load_registry",
]
