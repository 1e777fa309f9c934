"""What a base interface declares, so that adopt never adds an ``extends`` that cannot compile.

A hand-written Params or Result often restates base fields (``success``, ``error``,
``context``...). When one is restated with another type than the base gives it
(``error?: string`` against ``error?: JTAGError``), or made optional where the base
requires it, ``extends`` would not compile: adopt leaves that interface for a human and
says which field. The base is read from the file it is imported from (tsconfig aliases
followed); a base adopt cannot find (a package) is not checked.
"""

from __future__ import annotations

from pathlib import Path

from specgen.tsread.extract import read_ts_file
from specgen.tsread.model import TsField, TsFile, TsInterface

_MAX_DEPTH = 8


def _text(field: TsField) -> str:
    return " ".join(field.type.written.split())


class BaseFields:
    """The fields of base interfaces, read once per file."""

    def __init__(self) -> None:
        """Start with no file read."""
        self._files: dict[Path, TsFile | None] = {}

    def _file(self, path: Path) -> TsFile | None:
        if path not in self._files:
            try:
                self._files[path] = read_ts_file(path)
            except OSError:
                self._files[path] = None
        return self._files[path]

    def fields(self, path: Path, name: str) -> dict[str, TsField] | None:
        """The fields of interface ``name`` of ``path``, its in-file bases' included."""
        types = self._file(path)
        if types is None or name not in types.interfaces:
            return None
        found: dict[str, TsField] = {}
        pending, depth = [name], 0
        while pending and depth < _MAX_DEPTH:
            interface = types.interfaces.get(pending.pop(0))
            depth += 1
            if interface is None:
                continue
            for field in interface.fields:
                found.setdefault(field.name, field)
            pending.extend(interface.extends)
        return found


def conflicts(derived: TsInterface, base: dict[str, TsField]) -> list[str]:
    """The restated fields of ``derived`` that ``extends`` the base would reject."""
    problems = []
    for field in derived.fields:
        inherited = base.get(field.name)
        if inherited is None:
            continue
        if _text(field) != _text(inherited):
            problems.append(
                f"'{field.name}' is `{_text(field)}` here and `{_text(inherited)}` in the base"
            )
        elif field.optional and not inherited.optional:
            problems.append(f"'{field.name}' is optional here and required in the base")
    return problems
