"""SpecDocument: a loaded spec with its source, so any step can locate a JSON path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specgen.diagnostics import CODES, Diagnostic, Location
from specgen.spec.sourcemap import JsonPath, SourceMap, format_path
from specgen.spec.v1 import CommandSpecV1
from specgen.spec.v2 import CommandSpecV2


@dataclass
class SourceText:
    """The text of one spec file, with a source map built only when first needed."""

    file: str
    text: str
    _map: SourceMap | None = field(default=None, repr=False)

    @property
    def source_map(self) -> SourceMap:
        """The (lazily built) source map of the text."""
        if self._map is None:
            self._map = SourceMap(self.text)
        return self._map

    def locate(self, path: JsonPath, *, key: bool = False) -> Location:
        """Location of the value (or key) at ``path``."""
        pos = self.source_map.locate(path, key=key)
        return Location(self.file, pos.line, pos.column, format_path(path))

    def locate_in_string(self, path: JsonPath, index: int) -> Location:
        """Location of character ``index`` inside the string value at ``path``."""
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
        return Diagnostic(code, CODES[code].severity, message, loc, hint, related)


@dataclass
class SpecDocument:
    """A spec that loaded: the v2 model (migrated when the file is v1) and its source.

    ``source_version`` says what the file holds. For a v1 file, ``v1`` keeps the
    original model; the migrated v2 keeps params and results at the same indexes,
    so JSON paths into the v2 model locate in the v1 text too.
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
