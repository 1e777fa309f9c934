"""tsconfig.json as TypeScript reads it: ``baseUrl``, ``paths`` and ``extends`` chains.

Only what module resolution needs is kept. An ``extends`` entry (a string, or a
list of them as TypeScript 5 allows) is a path relative to the config that names
it (``./tsconfig.base.json``, ``.json`` may be left out) or a package-style name
resolved through ``node_modules`` folders upwards (``@tsconfig/strictest``, a
package's ``tsconfig`` field or its ``tsconfig.json``). Options of the config win
over those it extends; ``baseUrl`` is relative to the file that sets it, and
``paths`` to the ``baseUrl``, else to the file that sets ``paths``. Files are JSONC.

A tree without any tsconfig can still be read with `conventional_config`: the
usual ``@x/*`` -> ``x/*`` spelling below one folder, as a stand-in for the missing
file.

A config that cannot be read, or an ``extends`` that leads nowhere, is a located
warning (SG540, SG541): resolution goes on with what could be read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from specgen.codebase.jsonc import JsoncError, loads_jsonc
from specgen.diagnostics import Diagnostic, Location, coded

TSCONFIG_NAME = "tsconfig.json"
_MAX_CHAIN = 32
"""Longer ``extends`` chains are cut (a guard against loops TypeScript also rejects)."""


@dataclass(frozen=True, slots=True)
class PathMapping:
    """One ``paths`` entry: a pattern (``@system/*`` or an exact ``@scopes``) and its targets."""

    pattern: str
    targets: tuple[str, ...]

    @property
    def wildcard(self) -> bool:
        """Whether the pattern has a ``*``."""
        return "*" in self.pattern

    def match(self, specifier: str) -> str | None:
        """What ``*`` stands for when ``specifier`` matches ('' for an exact pattern), else None."""
        if not self.wildcard:
            return "" if specifier == self.pattern else None
        prefix, _, suffix = self.pattern.partition("*")
        fits = len(specifier) >= len(prefix) + len(suffix)
        if fits and specifier.startswith(prefix) and specifier.endswith(suffix):
            return specifier[len(prefix) : len(specifier) - len(suffix)]
        return None


@dataclass(frozen=True, slots=True)
class TsConfig:
    """The module-resolution settings of one tsconfig file, its ``extends`` applied."""

    file: Path
    base_url: Path | None = None
    paths: tuple[PathMapping, ...] = ()
    paths_base: Path | None = None
    """The folder ``paths`` targets are relative to (``baseUrl``, else the declaring file's)."""
    chain: tuple[Path, ...] = ()
    """The files read, the config first, then what it extends."""

    def mappings_for(self, specifier: str) -> Iterator[tuple[PathMapping, str]]:
        """The ``paths`` entries ``specifier`` matches, best first, with what ``*`` matched.

        An exact pattern beats every wildcard; among wildcards the longest prefix wins,
        as in TypeScript.
        """
        matched = [(m, star) for m in self.paths if (star := m.match(specifier)) is not None]
        matched.sort(key=lambda ms: (ms[0].wildcard, -len(ms[0].pattern.partition("*")[0])))
        yield from matched


_CONVENTIONAL_PREFIXES = ("@/", "~/", "#/", "@", "~", "#")


def conventional_config(root: Path) -> TsConfig:
    """A stand-in config for a tree with no tsconfig: ``@x/y`` (or ``~``, ``#``) is ``root/x/y``.

    No file is read; ``file`` names where a real config would be.
    """
    root = root.resolve()
    paths = tuple(PathMapping(prefix + "*", ("*",)) for prefix in _CONVENTIONAL_PREFIXES)
    return TsConfig(root / TSCONFIG_NAME, paths=paths, paths_base=root)


@dataclass
class _Options:
    base_url: Path | None = None
    paths: tuple[PathMapping, ...] | None = None
    paths_from: Path | None = None


@dataclass
class TsConfigLoader:
    """Reads tsconfig files (each once per run) and reports what it could not read."""

    problems: list[Diagnostic] = field(default_factory=list)
    _by_folder: dict[Path, TsConfig | None] = field(default_factory=dict)
    _by_file: dict[Path, TsConfig] = field(default_factory=dict)

    def for_file(self, path: Path) -> TsConfig | None:
        """The config that applies to ``path``: the nearest ``tsconfig.json`` above it."""
        return self.for_folder(path.parent)

    def for_folder(self, folder: Path) -> TsConfig | None:
        """The nearest ``tsconfig.json`` in ``folder`` or above it, read."""
        visited: list[Path] = []
        found: TsConfig | None = None
        for candidate in (folder, *folder.parents):
            if candidate in self._by_folder:
                found = self._by_folder[candidate]
                break
            visited.append(candidate)
            config_file = candidate / TSCONFIG_NAME
            if config_file.is_file():
                found = self.load(config_file)
                break
        for candidate in visited:
            self._by_folder[candidate] = found
        return found

    def load(self, file: Path) -> TsConfig:
        """The config in ``file`` with its ``extends`` chain applied."""
        file = file.resolve()
        cached = self._by_file.get(file)
        if cached is None:
            chain: list[Path] = []
            options = self._options(file, chain)
            paths_base = options.base_url or options.paths_from
            cached = TsConfig(file, options.base_url, options.paths or (), paths_base, tuple(chain))
            self._by_file[file] = cached
        return cached

    def _options(self, file: Path, chain: list[Path], stack: tuple[Path, ...] = ()) -> _Options:
        if file in stack or len(stack) >= _MAX_CHAIN:
            self._warn("SG541", f"'extends' comes back to {file.name}: a loop", stack[-1], "")
            return _Options()
        stack = (*stack, file)
        chain.append(file)
        data = self._read(file)
        options = _Options()
        for parent in _extends_list(data.get("extends")):
            target = resolve_extends(parent, file.parent)
            if target is None:
                self._warn(
                    "SG541",
                    f"'extends' names {parent!r}, which is not found",
                    file,
                    "check the path (relative to this file) or install the package",
                )
                continue
            inherited = self._options(target, chain, stack)
            options.base_url = inherited.base_url or options.base_url
            if inherited.paths is not None:
                options.paths, options.paths_from = inherited.paths, inherited.paths_from
        compiler = data.get("compilerOptions")
        if isinstance(compiler, dict):
            base_url = compiler.get("baseUrl")
            if isinstance(base_url, str):
                options.base_url = (file.parent / base_url).resolve()
            paths = compiler.get("paths")
            if isinstance(paths, dict):
                options.paths = tuple(
                    PathMapping(pattern, tuple(t for t in targets if isinstance(t, str)))
                    for pattern, targets in paths.items()
                    if isinstance(targets, list)
                )
                options.paths_from = file.parent
        return options

    def _read(self, file: Path) -> dict[str, object]:
        try:
            data = loads_jsonc(file.read_text(encoding="utf-8"))
        except JsoncError as exc:
            self._warn(
                "SG540",
                f"not valid JSON: {exc.message}",
                file,
                "",
                line=exc.line,
                column=exc.column,
            )
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            self._warn("SG540", f"cannot be read: {exc}", file, "")
            return {}
        if not isinstance(data, dict):
            self._warn("SG540", "is not a JSON object", file, "")
            return {}
        return data

    def _warn(  # noqa: PLR0913  # a located diagnostic has this many parts
        self, code: str, message: str, file: Path, hint: str, *, line: int = 1, column: int = 1
    ) -> None:
        self.problems.append(
            coded(
                code,
                f"{file.name}: {message}",
                Location(str(file), line, column),
                hint or "fix the tsconfig; types reached through its aliases are not found",
            )
        )


def _extends_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def resolve_extends(name: str, folder: Path) -> Path | None:
    """The file an ``extends`` entry names, seen from the config in ``folder``."""
    if name.startswith(("./", "../", "/")) or Path(name).is_absolute():
        return _json_file(folder / name)
    for ancestor in (folder, *folder.parents):
        base = ancestor / "node_modules" / name
        found = _json_file(base)
        if found is not None:
            return found
        if base.is_dir():
            return _package_config(base)
    return None


def _json_file(path: Path) -> Path | None:
    if path.is_file():
        return path.resolve()
    with_suffix = path.with_name(path.name + ".json")
    return with_suffix.resolve() if with_suffix.is_file() else None


def _package_config(package: Path) -> Path | None:
    """A package used as a base config: its ``tsconfig`` field, else its ``tsconfig.json``."""
    try:
        manifest = json.loads((package / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    named = manifest.get("tsconfig") if isinstance(manifest, dict) else None
    if isinstance(named, str):
        found = _json_file(package / named)
        if found is not None:
            return found
    return _json_file(package / TSCONFIG_NAME)
