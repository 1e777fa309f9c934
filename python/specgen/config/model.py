"""What a project's configuration says, once read: `ProjectConfig` and its tables."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from specgen.config.locate import config_location
from specgen.diagnostics import CODES, Diagnostic, Location
from specgen.external.model import ExternalDecl, RuntimeBinding
from specgen.typeexpr import TypeExprError, parse_type_expr

LANGUAGES = ("rust", "ts")
"""The output languages, by the name of their folder in the layout."""

TS_DIR = "ts"
"""The TypeScript folder below ``out_dir`` (``adapters.base.Layout.ts_dir``; not imported
from there, since loading the adapters costs the CLI most of a second)."""


class AliasTable(dict[str, str]):
    """The ``[aliases]`` of a config (name -> type expression) and the file that holds them.

    A plain dict for everything that reads it; validation uses ``file`` to locate a bad
    alias at its line in the config.
    """

    def __init__(self, values: Mapping[str, str] | None = None, file: Path | None = None) -> None:
        """``values`` as written under ``[aliases]`` of ``file``."""
        super().__init__(values or {})
        self.file = file

    def locate(self, name: str, index: int | None = None) -> Location:
        """Where alias ``name``'s expression is written (``index``: a character of it)."""
        if self.file is None:
            return Location("(aliases)")
        return config_location(self.file, f"aliases.{name}", value=True, index=index)

    def syntax_problems(self) -> list[Diagnostic]:
        """A located diagnostic for each alias whose expression does not parse.

        The config loader reports these, so that a config with a broken alias stops every
        command; what an alias refers to is checked with the specs (``validate.aliases``).
        """
        return [d for name, text in self.items() if (d := self._syntax(name, text)) is not None]

    def _syntax(self, name: str, text: str) -> Diagnostic | None:
        try:
            parse_type_expr(text)
        except TypeExprError as exc:
            where = self.locate(name, exc.span.start)
            message = f"alias '{name}': {exc.message}"
            return Diagnostic(exc.code, CODES[exc.code].severity, message, where, exc.hint)
        return None


@dataclass(frozen=True)
class TypeScriptConfig:
    """Choices for the generated TypeScript."""

    runtime_import: str = "@specgen/runtime"
    bindings_dir: str = "bindings"
    int64: Literal["number", "bigint"] = "number"
    optional_fields: Literal["question", "question-undefined"] = "question"
    import_extension: Literal["", ".js", ".ts"] = ""
    """Appended to every relative module specifier of the generated TypeScript (``./x.js``
    for ``"module": "nodenext"``); alias and package specifiers are written as configured."""
    runtime: tuple[RuntimeBinding, ...] = ()
    """``[typescript.runtime]``: runtime names imported from elsewhere than ``runtime_import``."""
    runtime_import_written: bool = field(default=False, compare=False)
    """Whether the config writes ``runtime_import`` (a valid one), rather than defaulting it."""


@dataclass(frozen=True)
class RustConfig:
    """Choices for the generated Rust when a Cargo build script generates it."""

    build_script: bool = False
    """The Rust generated code comes from ``build.rs``; the CLI writes only TypeScript."""
    scaffold_dir: Path | None = None
    """Where the Rust services (scaffolds) live, one ``<snake>.rs`` per command."""


@dataclass(frozen=True)
class ProjectConfig:
    """What a project tells specgen about itself."""

    root: Path
    spec_dirs: tuple[Path, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    file: Path | None = None
    out_dir: Path | None = None
    default_adapter: str = "server-only"
    typescript: TypeScriptConfig = field(default_factory=TypeScriptConfig)
    rust: RustConfig = field(default_factory=RustConfig)
    external_types: Mapping[str, ExternalDecl] = field(default_factory=dict)
    """``[external_types]``: types that live in the codebase, by name."""
    table: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The config's own table as read (below ``tool.specgen`` in pyproject.toml; empty when
    unreadable): the tables other tools own (``[migration]``, ``[breaking]``) come from here."""
    text: str = field(default="", compare=False, repr=False)
    """The config file's text, to locate a key of those tables."""

    @property
    def ts_root(self) -> Path:
        """The folder generated TypeScript lives in: './' module paths are relative to it."""
        return (self.out_dir or self.root / "generated") / TS_DIR

    @property
    def cli_languages(self) -> tuple[str, ...]:
        """What ``specgen generate`` (and the hatch hook) write: no Rust when build.rs does."""
        return ("ts",) if self.rust.build_script else LANGUAGES
