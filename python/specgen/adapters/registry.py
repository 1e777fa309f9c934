"""The adapter registry: built-in adapters plus plugins from the ``specgen.adapters`` entry points.

A plugin package declares, in its own pyproject.toml::

    [project.entry-points."specgen.adapters"]
    my-adapter = "my_package.adapter:MyAdapter"

and ships ``my_package/templates/my-adapter/``. The entry point may name a class
(instantiated with no arguments) or an instance. Nothing in specgen changes. A plugin
that generates the Rust side of its commands says so with ``rust_backed = True``, and
is then held to the same rules as the built-in Rust-backed adapters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import entry_points

from specgen.adapters.base import Adapter, is_rust_backed
from specgen.adapters.builtin import BUILTIN

ENTRY_POINT_GROUP = "specgen.adapters"


@dataclass
class AdapterRegistry:
    """Adapters by name, and the plugins that failed to load (with why)."""

    adapters: dict[str, Adapter] = field(default_factory=dict)
    broken: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> Adapter | None:
        """The adapter called ``name``, if any."""
        return self.adapters.get(name)

    def names(self) -> list[str]:
        """Every adapter name, sorted."""
        return sorted(self.adapters)

    def rust_backed_names(self) -> frozenset[str]:
        """The names of the adapters that declare themselves Rust-backed."""
        return frozenset(name for name, a in self.adapters.items() if is_rust_backed(a))


def load_registry() -> AdapterRegistry:
    """Built-ins, then every installed plugin; a broken plugin is reported, not fatal."""
    registry = AdapterRegistry({a.name: a for a in BUILTIN})
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry.load()
            adapter = loaded() if isinstance(loaded, type) else loaded
            name, plan = adapter.name, adapter.plan  # the protocol's required members
        except Exception as exc:  # noqa: BLE001  # a plugin's failure must not stop specgen
            registry.broken[entry.name] = f"{type(exc).__name__}: {exc}"
            continue
        if not callable(plan) or not isinstance(name, str):
            registry.broken[entry.name] = "not an adapter (needs a `name` and a `plan()`)"
            continue
        if not isinstance(getattr(adapter, "rust_backed", False), bool):
            registry.broken[entry.name] = "its `rust_backed` is not True or False"
            continue
        registry.adapters.setdefault(name, adapter)
    return registry
