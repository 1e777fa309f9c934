"""The keys each table of the config may hold, and a warning (SG116) for any other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from specgen.config.locate import config_location, key_path
from specgen.diagnostics import CODES, Diagnostic
from specgen.spec.structure import did_you_mean
from specgen.tomlkeys import key_positions

KNOWN_KEYS: dict[str, frozenset[str] | None] = {
    "": frozenset(
        {
            *("spec_dirs", "out_dir", "default_adapter", "aliases", "typescript", "rust"),
            *("migration", "external_types", "breaking"),
        }
    ),
    "aliases": None,
    "external_types": None,
    "typescript": frozenset(
        {
            "runtime_import",
            "bindings_dir",
            "int64",
            "optional_fields",
            "import_extension",
            "runtime",
        }
    ),
    "typescript.runtime": None,
    "rust": frozenset({"build_script", "scaffold_dir"}),
    "migration": frozenset({"commands_dir", "params_base", "result_base", "execute_object"}),
    "breaking": frozenset({"categories", "allow_removal_after", "ignore"}),
}
"""The keys each table of the config may hold, by dotted table name ("" is the top level).

None: any key (the names of ``[aliases]``). A key not listed is warned about (SG116)
with the closest known one; a feature that adds keys adds them here.
"""


def unknown_keys(table: dict[str, Any], file: Path) -> list[Diagnostic]:
    """A warning (SG116) for each key of a known table that no feature reads."""
    diags = []
    for name, known in KNOWN_KEYS.items():
        section: Any = table
        for part in name.split(".") if name else ():
            section = section.get(part) if isinstance(section, dict) else None
        if known is None or not isinstance(section, dict):
            continue
        for key in section:
            if key in known:
                continue
            dotted = f"{name}.{key}" if name else key
            guess = did_you_mean(key, sorted(known))
            hint = (
                f"did you mean '{guess}'?" if guess else "known keys: " + ", ".join(sorted(known))
            )
            where = config_location(file, dotted)
            diags.append(
                Diagnostic(
                    "SG116", CODES["SG116"].severity, f"unknown config key '{dotted}'", where, hint
                )
            )
    return diags


def written_keys(file: Path) -> set[str]:
    """The dotted keys ``file`` writes (below ``tool.specgen`` in pyproject), else none."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    prefix = key_path(file, "")
    return {".".join(k[len(prefix) :]) for k in key_positions(text) if k[: len(prefix)] == prefix}
