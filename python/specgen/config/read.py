"""Finding the config file and reading its TOML table, with located syntax errors."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from specgen.config.locate import config_problem
from specgen.diagnostics import Diagnostic

CONFIG_FILE = "specgen.toml"


def find_config(start: Path) -> Path | None:
    """The nearest ``specgen.toml``, or ``pyproject.toml`` with ``[tool.specgen]``, upwards."""
    for folder in (start.resolve(), *start.resolve().parents):
        found = config_in(folder)
        if found is not None:
            return found
    return None


def config_in(folder: Path) -> Path | None:
    """The config file ``folder`` itself holds (not looking upwards), else None.

    ``specgen.toml`` first, else a ``pyproject.toml`` with ``[tool.specgen]``.
    """
    own = folder / CONFIG_FILE
    if own.is_file():
        return own
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and b"[tool.specgen" in pyproject.read_bytes():
        return pyproject
    return None


def read_table(file: Path) -> tuple[dict[str, Any] | None, str, list[Diagnostic]]:
    """The TOML table of ``file`` and its text, or None and the diagnostics saying why not."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return (
            None,
            "",
            [
                config_problem(
                    file,
                    f"cannot read config: {exc.strerror or exc}",
                    "check the file",
                    code="SG001",
                )
            ],
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start].decode("utf-8", errors="replace")
        line = head.count("\n") + 1
        column = len(head) - (head.rfind("\n") + 1) + 1
        message = f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8"
        return (
            None,
            "",
            [
                config_problem(
                    file, message, "a config is UTF-8 TOML text", line, column, code="SG004"
                )
            ],
        )
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, line, column = _toml_error(exc, text)
        return (
            None,
            text,
            [config_problem(file, f"invalid TOML: {message}", "fix the TOML syntax", line, column)],
        )
    if file.name == "pyproject.toml":
        specgen = table.get("tool", {}).get("specgen", {})
        if not isinstance(specgen, dict):
            return (
                None,
                text,
                [
                    config_problem(
                        file, "[tool.specgen] must be a table", "see docs/configuration.md", key=""
                    )
                ],
            )
        table = specgen
    return table, text, []


_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def _toml_error(exc: tomllib.TOMLDecodeError, text: str) -> tuple[str, int, int]:
    """The message and line:column of a TOML syntax error (Python 3.11 has them only as text)."""
    message = str(getattr(exc, "msg", exc))
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    found = _TOML_AT.search(message)
    if found is not None:
        message = message[: found.start()]
        if found.group(1) is not None:
            line, column = int(found.group(1)), int(found.group(2))
    if not line or not column:  # at the end of the document
        lines = text.split("\n")
        line, column = len(lines), len(lines[-1]) + 1
        if not lines[-1] and len(lines) > 1:
            line, column = len(lines) - 1, len(lines[-2]) + 1
    return message, line, column
