"""Package exports imported on first use, so that ``specgen --help`` loads no parser.

A package lists its exports once, as a mapping from name to the module that defines
it, and hands the mapping to `lazy_exports`::

    __getattr__, __all__ = lazy_exports(__name__, {"run_audit": "specgen.audit.checker"})

Type checkers do not run ``__getattr__``: the package also imports the names under
``if TYPE_CHECKING:`` (``import X as X``, an explicit re-export).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(
    package: str, exports: Mapping[str, str]
) -> tuple[Callable[[str], object], list[str]]:
    """A module ``__getattr__`` that imports ``exports[name]`` on first use, and ``__all__``."""
    table = dict(exports)

    def __getattr__(name: str) -> object:  # noqa: N807  # the module hook's own name
        module = table.get(name)
        if module is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        return getattr(importlib.import_module(module), name)

    return __getattr__, sorted(table)
