"""SpecDocument: a loaded spec with its source, so any step can locate a JSON path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specgen.diagnostics import Diagnostic, Location, coded
from specgen.spec.sourcemap import JsonPath, SourceMap, format_path
from specgen.spec.v1 import CommandSpecV1
from specgen.spec.v2 import CommandSpecV2


@dataclass
class SourceText:
    """The text of one spec file, with a source map built only when first needed."""

    file: str
    text: str
    _map: SourceMap | None = field(default=None, repr=False)
    v1_indexes: dict[tuple[str, int], int] = field(default_factory=dict)
    """For a migrated v1 file: (list, v2 index) -> v1 index, where fields were dropped."""

    def _v1_path(self, path: JsonPath) -> JsonPath:
        """``path`` with a migrated param/result index turned back into the v1 file's."""
        if self.v1_indexes and len(path) >= 2 and isinstance(path[1], int):  # (list, index, ...)
            original = self.v1_indexes.get((str(path[0]), path[1]))
            if original is not None:
                return (path[0], original, *path[2:])
        return path

    @property
    def source_map(self) -> SourceMap:
        """The (lazily built) source map of the text."""
        if self._map is None:
            self._map = SourceMap(self.text)
        return self._map

    def locate(self, path: JsonPath, *, key: bool = False) -> Location:
        """Location of the value (or key) at ``path``."""
        path = self._v1_path(path)
        pos = self.source_map.locate(path, key=key)
        return Location(self.file, pos.line, pos.column, format_path(path))

    def locate_in_string(self, path: JsonPath, index: int) -> Location:
        """Location of character ``index`` inside the string value at ``path``."""
        path = self._v1_path(path)
        pos = self.source_map.locate_in_string(path, index)
        return Location(self.file, pos.line, pos.column, format_path(path))

    def diagnostic(  # noqa: PLR0913  # a diagnostic has this many parts
        self,
        code: str,
        message: str,
        path: JsonPath,
        *,
        hint: str = "",
        key: bool = False,
        index: int | None = None,
        related: tuple[Location, ...] = (),
    ) -> Diagnostic:
        """Build a diagnostic located at ``path`` (its key, or a char of its string)."""
        loc = (
            self.locate_in_string(path, index) if index is not None else self.locate(path, key=key)
        )
        return coded(code, message, loc, hint, related)


@dataclass
class SpecDocument:
    """A spec that loaded: the v2 model (migrated when the file is v1) and its source.

    ``source_version`` says what the file holds. For a v1 file, ``v1`` keeps the
    original model; JSON paths into the v2 model locate in the v1 text too (the
    source maps the indexes of params and results back when migration dropped some).
    """

    source: SourceText
    data: dict[str, Any]
    spec: CommandSpecV2
    source_version: int = 2
    v1: CommandSpecV1 | None = None

    @property
    def file(self) -> str:
        """The file the spec came from, as given by the user."""
        return self.source.file
