"""Load spec files: bytes -> JSON -> v1/v2 model, every problem a located diagnostic.

The fast path is ``json.loads`` plus one pydantic validation; a source map is built
only when a diagnostic needs a position. No input, however broken, makes the loader
raise: it always returns a ``LoadResult``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from specgen.diagnostics import CODES, Diagnostic, Location, coded, has_errors
from specgen.spec.document import SourceText, SpecDocument
from specgen.spec.migrate import migrate_v1
from specgen.spec.sourcemap import JsonPath, LineIndex, format_path
from specgen.spec.structure import structure_diagnostics
from specgen.spec.v1 import CommandSpecV1
from specgen.spec.v2 import CommandSpecV2

MAX_SPEC_BYTES = 4 * 1024 * 1024
"""Larger files are refused: a spec is a few KiB; megabytes mean a wrong file."""


@dataclass
class LoadResult:
    """A loaded document (None when loading failed) and what was found on the way."""

    document: SpecDocument | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the document loaded without errors."""
        return self.document is not None and not has_errors(self.diagnostics)


class _DuplicateKeyError(Exception):
    pass


def _pairs_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKeyError
    return result


def _reject_constant(name: str) -> None:
    msg = f"{name} is not valid JSON"
    raise ValueError(msg)


def _decode(raw: bytes, file: str) -> str | Diagnostic:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start].decode("utf-8", errors="replace")
        pos = LineIndex(head).position(len(head))
        return coded(
            "SG004",
            f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8",
            Location(file, pos.line, pos.column),
            "save the file as UTF-8",
        )


def _parse_json(source: SourceText) -> tuple[object, list[Diagnostic]]:
    """The parsed JSON value, or None and the diagnostics saying why it is not JSON."""
    try:
        value = json.loads(
            source.text,
            object_pairs_hook=_pairs_without_duplicates,
            parse_constant=_reject_constant,
        )
    except json.JSONDecodeError as exc:
        loc = Location(source.file, exc.lineno, exc.colno)
        hint = _json_hint_at(source.text, exc.pos) or _json_hint(exc.msg)
        return None, [coded("SG002", f"invalid JSON: {exc.msg}", loc, hint)]
    except _DuplicateKeyError:
        return None, _duplicate_keys(source)
    except RecursionError:
        return None, [
            coded(
                "SG002",
                "invalid JSON: nested too deeply",
                Location(source.file),
                "a spec nests a few levels; check the file",
            )
        ]
    except ValueError as exc:  # NaN/Infinity, or integers too long to convert
        message = f"invalid JSON: {exc}"
        return None, [coded("SG002", message, Location(source.file), "use plain JSON numbers")]
    return value, []


def _json_hint_at(text: str, pos: int) -> str:
    """A hint from what hand-written JSON has where the parser stopped ('' if nothing)."""
    if not text.strip():
        return "the file is empty: write the spec's JSON object"
    if text.startswith(("//", "/*"), pos):
        return "JSON has no comments: remove it, or move it into a description"
    before = text[:pos].rstrip()
    if before.endswith(",") and text[pos : pos + 1] in {"]", "}"}:
        return "remove the trailing comma before this"
    return ""


def _json_hint(message: str) -> str:
    if "Expecting property name" in message:
        return "remove the trailing comma, or quote the key"
    if "Expecting ',' delimiter" in message:
        return "add a comma between the items"
    if "Expecting value" in message:
        return "a value is missing here (or the file is empty)"
    return "check the JSON syntax near this position"


def _duplicate_keys(source: SourceText) -> list[Diagnostic]:
    """SG003 at each repeated key, naming the first occurrence as related."""
    smap = source.source_map
    diags = []
    for path, offset in smap.duplicate_keys:
        pos = smap.position(offset)
        loc = Location(source.file, pos.line, pos.column, format_path(path))
        diags.append(
            Diagnostic(
                "SG003",
                CODES["SG003"].severity,
                f"key '{path[-1]}' appears twice in one object",
                loc,
                "remove one of the two; JSON keeps only the last",
                (source.locate(path, key=True),),
            )
        )
    return diags


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""A JSON escape of a UTF-16 surrogate: the only way one gets into a decoded spec."""
_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogates(source: SourceText, value: object) -> list[Diagnostic]:
    """SG005 at each key or string holding a lone surrogate (a pair decodes to one character).

    No file can hold such a string: it cannot be encoded as UTF-8.
    """
    diags: list[Diagnostic] = []
    stack: list[tuple[JsonPath, object]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if _SURROGATE.search(key):
                    diags.append(_surrogate(source, (*path, key), key, key=True))
                stack.append(((*path, key), child))
        elif isinstance(item, list):
            stack.extend(((*path, index), child) for index, child in enumerate(item))
        elif isinstance(item, str) and _SURROGATE.search(item):
            diags.append(_surrogate(source, path, item, key=False))
    return sorted(diags, key=Diagnostic.sort_key)


def _surrogate(source: SourceText, path: JsonPath, text: str, *, key: bool) -> Diagnostic:
    found = _SURROGATE.search(text)
    code = f"U+{ord(found.group()):04X}" if found else "a surrogate"
    diag = source.diagnostic(
        "SG005",
        f"{'key' if key else 'string'} holds a lone surrogate ({code}), which no file can hold",
        path,
        key=key,
        index=None if key or found is None else found.start(),
        hint="use the character itself, or a complete \\uD83D\\uDE00-style pair",
    )
    shown = diag.location.json_path.encode("utf-8", "backslashreplace").decode("utf-8")
    return replace(diag, location=replace(diag.location, json_path=shown))  # printable


def load_spec_text(text: str, file: str, *, declared: Collection[str] = ()) -> LoadResult:
    """Load a spec from text; ``file`` is the name used in diagnostics.

    ``declared``: type names the project config declares (``[external_types]``,
    ``[aliases]``); a v1 spec may use them without SG403.
    """
    source = SourceText(file, text)
    parsed, problems = _parse_json(source)
    if problems:
        return LoadResult(None, problems)
    if _SURROGATE_ESCAPE.search(text) is not None:
        lone = _lone_surrogates(source, parsed)
        if lone:
            return LoadResult(None, lone)
    if not isinstance(parsed, dict):
        return LoadResult(
            None,
            [
                source.diagnostic(
                    "SG103", "a spec must be a JSON object", (), hint="wrap the spec in { ... }"
                )
            ],
        )
    return _load_object(source, parsed, declared)


def _load_object(source: SourceText, data: dict[str, Any], declared: Collection[str]) -> LoadResult:
    version = data.get("version")
    if version is None or (version == 1 and not isinstance(version, bool)):
        return _load_v1(source, data, declared)
    if version != 2 or isinstance(version, bool):
        return LoadResult(
            None,
            [
                source.diagnostic(
                    "SG105",
                    f"unsupported spec version {json.dumps(version)}",
                    ("version",),
                    hint="use 2 (or 1 for a spec to migrate)",
                )
            ],
        )
    try:
        spec = CommandSpecV2.model_validate(data, strict=True)
    except ValidationError as exc:
        return LoadResult(None, structure_diagnostics(exc, source, CommandSpecV2))
    return LoadResult(SpecDocument(source, data, spec))


def _load_v1(source: SourceText, data: dict[str, Any], declared: Collection[str]) -> LoadResult:
    try:
        v1 = CommandSpecV1.model_validate(data, strict=True)
    except ValidationError as exc:
        return LoadResult(None, structure_diagnostics(exc, source, CommandSpecV1))
    note = source.diagnostic(
        "SG401",
        "v1 spec, validated through migration to v2",
        ("version",) if "version" in data else (),
        hint="run `specgen migrate` to rewrite it as v2",
    )
    migration = migrate_v1(v1, source, declared=declared)
    diags = [note, *migration.diagnostics]
    try:
        spec = CommandSpecV2.model_validate(migration.data, strict=True)
    except ValidationError as exc:
        return LoadResult(None, diags + structure_diagnostics(exc, source, CommandSpecV2))
    return LoadResult(SpecDocument(source, migration.data, spec, source_version=1, v1=v1), diags)


def load_spec_bytes(raw: bytes, file: str, *, declared: Collection[str] = ()) -> LoadResult:
    """Load a spec from raw bytes (must be UTF-8); ``declared`` as for `load_spec_text`."""
    if len(raw) > MAX_SPEC_BYTES:
        loc = Location(file)
        return LoadResult(
            None,
            [
                coded(
                    "SG001",
                    f"file is {len(raw)} bytes; specs are limited to {MAX_SPEC_BYTES}",
                    loc,
                    "check that this is a spec file",
                )
            ],
        )
    text = _decode(raw, file)
    if isinstance(text, Diagnostic):
        return LoadResult(None, [text])
    return load_spec_text(text, file, declared=declared)


def load_spec_file(
    path: Path, display: str | None = None, *, declared: Collection[str] = ()
) -> LoadResult:
    """Load the spec file at ``path``; ``display`` overrides the name in diagnostics.

    ``declared`` as for `load_spec_text`.
    """
    file = display if display is not None else str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return LoadResult(
            None,
            [
                coded(
                    "SG001",
                    f"cannot read file: {exc.strerror or exc}",
                    Location(file),
                    "check the path and its permissions",
                )
            ],
        )
    return load_spec_bytes(raw, file, declared=declared)
