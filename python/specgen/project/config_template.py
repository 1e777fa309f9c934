"""The text of a new project's configuration: every key, each with a comment.

The keys and their defaults are those of ``docs/configuration.md`` (a test checks
that every documented key appears). Keys left at their default are written commented
out, so the file shows every choice without fixing any of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from specgen.external.model import RUNTIME_NAMES

if TYPE_CHECKING:  # the reader parses TypeScript: loaded only by `init --commands`
    from specgen.project.runtime_reading import RuntimeGuess


@dataclass(frozen=True)
class Entry:
    """One key: its TOML value, what it means, and whether it is set or only shown."""

    key: str
    value: str
    comment: str
    active: bool = False


@dataclass(frozen=True)
class Settings:
    """What ``specgen init`` chose for a project (the rest stays at the defaults)."""

    spec_dir: str = "specs"
    out_dir: str = "generated"
    default_adapter: str = "server-only"
    build_script: bool = False
    scaffold_dir: str | None = None
    commands_dir: str | None = None
    """An existing command tree (``specgen init --commands``)."""
    runtime: tuple[RuntimeGuess, ...] = ()
    """The runtime names read off that tree."""
    runtime_missing: tuple[str, ...] = ()
    """Runtime roles nothing in that tree plays."""


def _toml(value: str) -> str:
    return json.dumps(value)


Section = tuple[str | None, str, list[Entry]]


def _top_level(settings: Settings) -> Section:
    """The keys outside any table: where specs live, where output goes, the adapter."""
    return (
        None,
        "",
        [
            Entry("spec_dirs", f"[{_toml(settings.spec_dir)}]", "where specs live", active=True),
            Entry(
                "out_dir",
                _toml(settings.out_dir),
                "output root of `specgen generate`",
                active=True,
            ),
            Entry(
                "default_adapter",
                _toml(settings.default_adapter),
                "for specs without an adapter",
                active=True,
            ),
        ],
    )


def _runtime_entries(settings: Settings) -> list[Entry]:
    """The runtime names read off a command tree, else one commented example."""
    if not settings.commands_dir:
        return [
            Entry(
                "context",
                '{ module = "@app/core/types", name = "AppContext" }',
                "CommandContext from there",
            )
        ]
    entries = []
    for guess in settings.runtime:
        named = (
            "" if guess.name == RUNTIME_NAMES[guess.key].local else f", name = {_toml(guess.name)}"
        )
        value = f"{{ module = {_toml(guess.module)}{named} }}"
        entries.append(Entry(guess.key, value, guess.evidence, active=True))
    for key in settings.runtime_missing:
        local = RUNTIME_NAMES[key].local
        comment = f"{local}: nothing in {settings.commands_dir} plays it; runtime_import gives it"
        entries.append(Entry(key, '{ module = "..." }', comment))
    return entries


def _type_sections(settings: Settings) -> list[Section]:
    """Aliases, the TypeScript settings, runtime names and an external type (all examples)."""
    return [
        (
            "aliases",
            "names type expressions may use",
            [Entry("Millis", _toml("number"), "an alias: Millis stands for number")],
        ),
        (
            "typescript",
            "the generated TypeScript",
            [
                Entry("runtime_import", _toml("@specgen/runtime"), "import path of the TS runtime"),
                Entry("bindings_dir", _toml("bindings"), "ts-rs bindings, relative to the TS root"),
                Entry("int64", _toml("number"), 'i64/u64 in TypeScript: "number" or "bigint"'),
                Entry(
                    "optional_fields",
                    _toml("question"),
                    '"question" (x?: T) or "question-undefined" (x?: T | undefined)',
                ),
                Entry(
                    "import_extension",
                    _toml(""),
                    '".js" for "module": "nodenext" (relative imports as \'./x.js\')',
                ),
            ],
        ),
        (
            "typescript.runtime",
            "runtime names from the codebase's own modules",
            _runtime_entries(settings),
        ),
        (
            "# external_types.UUID",
            "a type that lives in the codebase",
            [
                Entry(
                    "typescript",
                    '{ module = "@app/core/uuid", name = "UUID" }',
                    "its TypeScript declaration",
                ),
                Entry("rust", '{ wire = "string" }', 'or { path = "uuid::Uuid" }'),
            ],
        ),
    ]


def _rust_section(settings: Settings) -> Section:
    """The [rust] table: set only when ``specgen init`` chose a build script or scaffolds."""
    scaffold = settings.scaffold_dir
    return (
        "rust",
        "a crate whose build.rs generates the Rust (specgen-build)",
        [
            Entry(
                "build_script",
                "true" if settings.build_script else "false",
                "true: build.rs writes the Rust; `specgen generate` only the TypeScript",
                active=settings.build_script,
            ),
            Entry(
                "scaffold_dir",
                _toml(scaffold or "src/services"),
                "your Rust services, <scaffold_dir>/<command_snake>.rs",
                active=scaffold is not None,
            ),
        ],
    )


def _migration_section(settings: Settings) -> Section:
    """The [migration] table: the command tree init was given, the rest at the defaults."""
    bases = {g.key: g.local or g.name for g in settings.runtime}
    params = bases.get("command_params", "CommandParams")
    result = bases.get("command_result", "CommandResult")
    execute = bases.get("commands", "Commands")
    return (
        "migration",
        "reverse, audit, enforce and adopt (docs/migration-tools.md)",
        [
            Entry(
                "commands_dir",
                _toml(settings.commands_dir or "commands"),
                "the hand-written command tree",
                active=settings.commands_dir is not None,
            ),
            Entry(
                "params_base",
                _toml(params),
                "what Params interfaces extend",
                active=params != "CommandParams",
            ),
            Entry(
                "result_base",
                _toml(result),
                "what Result interfaces extend",
                active=result != "CommandResult",
            ),
            Entry(
                "execute_object",
                _toml(execute),
                f"{execute}.execute(...) runs a command",
                active=execute != "Commands",
            ),
        ],
    )


def _sections(settings: Settings) -> list[Section]:
    """(table, what it is for, entries) in the order of docs/configuration.md.

    A table named ``"# name"`` is an example only: its header is commented out too.
    """
    return [
        _top_level(settings),
        *_type_sections(settings),
        _rust_section(settings),
        _migration_section(settings),
    ]


def _line(entry: Entry) -> str:
    text = f"{entry.key} = {entry.value}"
    prefix = "" if entry.active else "# "
    return f"{prefix}{text:<38} # {entry.comment}"


def config_text(settings: Settings, table_prefix: str = "") -> str:
    """The configuration; ``table_prefix`` is ``"tool.specgen"`` inside pyproject.toml."""
    head = "specgen configuration; every key is optional, see docs/configuration.md."
    lines = [f"# {head}", "# Keys commented out show their default."]
    for table, purpose, entries in _sections(settings):
        shown = table is None or not table.startswith("# ")
        bare = table.removeprefix("# ") if table is not None else None
        name = ".".join(p for p in (table_prefix, bare) if p)
        if name:
            lines.append("")
            comment = f"  # {purpose}" if purpose else ""
            lines.append(f"{'' if shown else '# '}[{name}]{comment}")
        lines.extend(_line(entry) for entry in entries)
    return "\n".join(lines) + "\n"
