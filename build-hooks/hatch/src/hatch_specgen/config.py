"""The options of ``[tool.hatch.build.hooks.specgen]``, checked before anything runs.

Every option is optional::

    [tool.hatch.build.hooks.specgen]
    specs = ["specs"]                  # spec files or folders; default: spec_dirs of specgen.toml
    adapter = "server-only"            # use this adapter for every spec; default: each spec's own
    out-dir = "src/mypkg/generated"    # where files are written; default: out_dir of specgen.toml
    wheel-dir = "mypkg/generated"      # where they go in the wheel; default: where out-dir maps

Paths are relative to the project root. Unknown options and wrong types are errors, so a
typo cannot silently build a package without its generated code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

TABLE = "[tool.hatch.build.hooks.specgen]"
"""Where the options live, as users write it."""

OPTIONS = ("specs", "adapter", "out-dir", "wheel-dir")
"""The options this hook reads."""

HATCH_OPTIONS = frozenset(
    {
        "dependencies",
        "enable-by-default",
        "require-runtime-dependencies",
        "require-runtime-features",
    }
)
"""Options hatchling itself reads from every hook's table; accepted and left to hatchling."""


class ConfigError(ValueError):
    """The hook's table is invalid; the message lists every problem found."""


@dataclass(frozen=True)
class HookConfig:
    """The parsed options; ``None`` means "use the default"."""

    specs: tuple[str, ...] | None = None
    adapter: str | None = None
    out_dir: str | None = None
    wheel_dir: str | None = None


def parse_config(raw: Mapping[str, object]) -> HookConfig:
    """Check ``raw`` (the TOML table as hatchling passes it) and return the options.

    Raises:
        ConfigError: naming every unknown option and every value of the wrong type.
    """
    problems: list[str] = []
    unknown = sorted(set(raw) - set(OPTIONS) - HATCH_OPTIONS)
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        problems.append(f"unknown option(s) {names}; known options: {', '.join(OPTIONS)}")
    specs = _specs(raw.get("specs"), problems)
    adapter = raw.get("adapter")
    if adapter is not None and (not isinstance(adapter, str) or not adapter.strip()):
        problems.append('adapter must be an adapter name, e.g. adapter = "server-only"')
        adapter = None
    out_dir = _folder("out-dir", raw.get("out-dir"), problems)
    wheel_dir = _folder("wheel-dir", raw.get("wheel-dir"), problems)
    if problems:
        raise ConfigError(f"invalid {TABLE}:\n" + "\n".join(f"  - {p}" for p in problems))
    return HookConfig(specs, adapter if isinstance(adapter, str) else None, out_dir, wheel_dir)


def _specs(value: object, problems: list[str]) -> tuple[str, ...] | None:
    if value is None:
        return None
    if (
        isinstance(value, list)
        and value
        and all(isinstance(item, str) and item.strip() for item in value)
    ):
        return tuple(value)
    problems.append('specs must be a non-empty list of spec paths, e.g. specs = ["specs"]')
    return None


def _folder(key: str, value: object, problems: list[str]) -> str | None:
    """A folder below the project root, as a normalised POSIX path."""
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(f'{key} must be a string, e.g. {key} = "src/mypkg/generated"')
        return None
    text = value.replace("\\", "/")
    path = PurePosixPath(text)
    if path.is_absolute() or PureWindowsPath(value).drive:
        problems.append(f"{key} must be relative to the project root, not {value!r}")
        return None
    parts = [part for part in path.parts if part != "."]
    if ".." in parts:
        problems.append(f"{key} must stay inside the project root, not {value!r}")
        return None
    if not parts:
        problems.append(f"{key} must name a folder below the project root, not {value!r}")
        return None
    return "/".join(parts)
