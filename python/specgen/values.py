"""Value types: immutable to the type checker, plain dataclasses at run time.

A large run builds hundreds of thousands of small records: IR nodes, parsed type
expressions, field sites, file changes, diagnostics. A ``frozen=True`` dataclass sets
each field in ``__init__`` through ``object.__setattr__``, about four times the cost of a
plain one (0.8 against 0.2 us for seven fields); the generator's frozen records were 11%
of the instructions of a 1,000-spec run.

`value_type` keeps the guarantee where it is checked, and drops the cost where it is paid:
mypy sees a frozen dataclass (PEP 681's ``frozen_default``), so assigning to a field of
a value is a type error, while Python builds a plain dataclass with the hash a frozen
one has (by its fields, ``unsafe_hash``). A class that defines ``__hash__`` keeps it.
`dataclasses.replace` makes changed copies, as for frozen dataclasses.

Use it for records the pipeline builds in bulk; ``@dataclass(frozen=True)`` stays right
for the rest, where a runtime guard costs nothing that matters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

from typing_extensions import dataclass_transform

_T = TypeVar("_T")


@overload
def value_type(cls: type[_T], /) -> type[_T]: ...


@overload
def value_type(*, slots: bool = ...) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def value_type(cls: type[_T] | None = None, /, *, slots: bool = False) -> Any:
    """Make ``cls`` a value type: ``@value_type``, or ``@value_type(slots=True)``."""

    def make(target: type[_T]) -> type[_T]:
        hashed = "__hash__" not in target.__dict__
        return dataclass(slots=slots, unsafe_hash=hashed)(target)

    return make if cls is None else make(cls)
