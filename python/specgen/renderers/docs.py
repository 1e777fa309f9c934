"""DocRenderer: the values a command's README shows, prepared for the template."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence

from specgen.ir.model import CommandIR, FieldIR, StructIR
from specgen.renderers.escape import ts_comment_text
from specgen.renderers.paths import relative_path
from specgen.renderers.ts_types import TsStyle, ts_type


def field_rows(
    struct: StructIR, style: TsStyle, inline_enums: Mapping[str, tuple[str, ...]]
) -> list[dict[str, str]]:
    """One row per field: name, TS type, optional, description."""

    def row(field: FieldIR) -> dict[str, str]:
        return {
            "name": field.name,
            "type": ts_type(field.type, style, dict(inline_enums)),
            "optional": "yes" if field.optional else "no",
            "description": field.description,
        }

    return [row(f) for f in struct.fields]


def file_rows(readme_path: str, files: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    """The command's files (path relative to the README when below it) and their owners."""
    base = posixpath.dirname(readme_path)
    rows = [
        {
            "path": relative_path(path, base) if path.startswith(base + "/") else path,
            "owner": owner,
        }
        for path, owner in files
    ]
    return sorted(rows, key=lambda r: r["path"])


def ts_header(cmd: CommandIR, spec_file: str, mark: str) -> str:
    """The block comment at the top of a generated TypeScript file (no trailing newline)."""
    lines = ["/**", f" * {cmd.pascal} \u2014 {ts_comment_text(cmd.name)}"]
    if cmd.description:
        lines += [" *", f" * {ts_comment_text(cmd.description)}"]
    lines += [" *", f" * {mark} from {ts_comment_text(spec_file)}; do not edit.", " */"]
    return "\n".join(lines)
