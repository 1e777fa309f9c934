"""The tables and top-level values of the config, each checked with located diagnostics."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from specgen.config.keys import written_keys
from specgen.config.locate import config_problem, key_path
from specgen.config.model import ProjectConfig, RustConfig, TypeScriptConfig
from specgen.diagnostics import Diagnostic
from specgen.external.config import read_runtime_map

_PATH_CHARS = re.compile(r"[\x00-\x1f\x7f]")

_TS_CHOICES = {
    "int64": ("number", "bigint"),
    "optional_fields": ("question", "question-undefined"),
    "import_extension": ("", ".js", ".ts"),
}


def _typescript_choices(table: Any, file: Path) -> tuple[TypeScriptConfig, list[Diagnostic]]:  # noqa: ANN401  # raw TOML
    if not isinstance(table, dict):
        return TypeScriptConfig(), [
            config_problem(
                file, "[typescript] must be a table", "see docs/configuration.md", key="typescript"
            )
        ]
    diags = []
    values: dict[str, str] = {}
    for key, default in (
        ("runtime_import", "@specgen/runtime"),
        ("bindings_dir", "bindings"),
        ("int64", "number"),
        ("optional_fields", "question"),
        ("import_extension", ""),
    ):
        value = table.get(key, default)
        choices = _TS_CHOICES.get(key)
        if not isinstance(value, str) or (choices is not None and value not in choices):
            expected = " or ".join(f'"{c}"' for c in choices) if choices else "a string"
            diags.append(
                config_problem(
                    file,
                    f"typescript.{key} must be {expected}",
                    f"fix {key} under [typescript]",
                    key=f"typescript.{key}",
                )
            )
            value = default
        values[key] = value
    written = isinstance(table.get("runtime_import"), str)
    config = TypeScriptConfig(**values, runtime_import_written=written)  # type: ignore[arg-type]  # checked against the choices
    return config, diags


def rust_table(table: Any, file: Path) -> tuple[RustConfig, list[Diagnostic]]:  # noqa: ANN401  # raw TOML
    """``[rust]``: whether build.rs generates the Rust code, and where the services live."""
    if not isinstance(table, dict):
        return RustConfig(), [
            config_problem(file, "[rust] must be a table", "see docs/configuration.md", key="rust")
        ]
    diags = []
    build_script = table.get("build_script", False)
    if not isinstance(build_script, bool):
        diags.append(
            config_problem(
                file,
                "rust.build_script must be true or false",
                "write build_script = true",
                key="rust.build_script",
            )
        )
        build_script = False
    scaffold_dir = table.get("scaffold_dir")
    if scaffold_dir is not None and not isinstance(scaffold_dir, str):
        diags.append(
            config_problem(
                file,
                "rust.scaffold_dir must be a path",
                'write scaffold_dir = "src/services"',
                key="rust.scaffold_dir",
            )
        )
        scaffold_dir = None
    folder = file.parent / scaffold_dir if scaffold_dir is not None else None
    return RustConfig(build_script, folder), diags


def _first_bad_alias(aliases: object) -> str:
    if isinstance(aliases, dict):
        for name, value in aliases.items():
            if not isinstance(value, str):
                return f"aliases.{name}"
    return "aliases"


def path_values(file: Path, values: dict[str, list[str]]) -> list[Diagnostic]:
    """A path with a NUL or another control character can be neither created nor read."""
    diags = []
    for key, paths in values.items():
        for path in paths:
            bad = _PATH_CHARS.search(path)
            if bad is not None:
                diags.append(
                    config_problem(
                        file,
                        f"{key} {path!r} contains the control character U+{ord(bad.group()):04X}",
                        "a path is plain text; remove the character",
                        key=key,
                    )
                )
    return diags


def overlap_problem(spec_dirs: Sequence[Path], out_dir: Path) -> str | None:
    """Why ``out_dir`` and a spec folder cannot go together (one holds the other), or None.

    Generated files and specgen's manifest inside a spec folder would be read as specs;
    a spec folder inside the output root would be treated as generated output.
    """
    out = out_dir.resolve()
    for folder in spec_dirs:
        spec = folder.resolve()
        if out == spec:
            return f"out_dir {out_dir} is the spec folder {folder}"
        if spec in out.parents:
            return f"out_dir {out_dir} is inside the spec folder {folder}"
        if out in spec.parents:
            return f"the spec folder {folder} is inside out_dir {out_dir}"
    return None


def overlap(config: ProjectConfig) -> list[Diagnostic]:
    """SG117 when ``out_dir`` and a spec folder hold one another."""
    if config.file is None or config.out_dir is None:
        return []
    try:
        problem = overlap_problem(config.spec_dirs, config.out_dir)
    except (OSError, RuntimeError, ValueError):  # a symlink loop: reported where it is used
        return []
    if problem is None:
        return []
    key = "out_dir" if "out_dir" in written_keys(config.file) else "spec_dirs"
    hint = 'keep them apart, e.g. spec_dirs = ["specs"] and out_dir = "generated"'
    return [config_problem(config.file, problem, hint, key=key, code="SG117")]


def typescript_table(
    table: dict[str, Any], file: Path, text: str
) -> tuple[TypeScriptConfig, list[Diagnostic]]:
    """``[typescript]``, with its ``[typescript.runtime]`` map when it has one."""
    typescript, diags = _typescript_choices(table.get("typescript", {}), file)
    written = table.get("typescript")
    if isinstance(written, dict) and "runtime" in written:
        runtime, runtime_diags = read_runtime_map(
            written["runtime"], file, text, key_path(file, "")
        )
        typescript = replace(typescript, runtime=runtime)
        diags += runtime_diags
    return typescript, diags


def spec_dirs_and_aliases(
    table: dict[str, Any], file: Path
) -> tuple[list[str], dict[str, str], list[Diagnostic]]:
    """``spec_dirs`` and ``[aliases]`` as written (empty where they are malformed)."""
    diags = []
    dirs = table.get("spec_dirs", [])
    aliases = table.get("aliases", {})
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        diags.append(
            config_problem(
                file,
                "spec_dirs must be a list of paths",
                'write spec_dirs = ["specs"]',
                key="spec_dirs",
            )
        )
        dirs = []
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        diags.append(
            config_problem(
                file,
                "aliases must map type names to type expressions",
                'write UUID = "string" under [aliases]',
                key=_first_bad_alias(aliases),
            )
        )
        aliases = {}
    return dirs, aliases, diags


def output_choices(table: dict[str, Any], file: Path) -> tuple[str, str, list[Diagnostic]]:
    """``out_dir`` and ``default_adapter`` (their defaults where they are malformed)."""
    diags = []
    out_dir = table.get("out_dir", "generated")
    default_adapter = table.get("default_adapter", "server-only")
    if not isinstance(out_dir, str):
        diags.append(
            config_problem(
                file, "out_dir must be a path", 'write out_dir = "generated"', key="out_dir"
            )
        )
        out_dir = "generated"
    if not isinstance(default_adapter, str):
        diags.append(
            config_problem(
                file,
                "default_adapter must be a string",
                'write default_adapter = "server-only"',
                key="default_adapter",
            )
        )
        default_adapter = "server-only"
    return out_dir, default_adapter, diags


def missing_spec_dirs(config: ProjectConfig) -> list[Diagnostic]:
    """SG001 at ``spec_dirs`` for each configured spec folder that does not exist yet.

    A new project (``specgen init --commands``) has none until its first specs are
    written: the hint says how to write them, instead of "check the path".
    """
    if config.file is None:
        return []
    return [
        config_problem(
            config.file,
            f"spec folder '{_below(folder, config.root)}' (spec_dirs) does not exist yet",
            "write the first specs there: specgen new, specgen migrate --out, specgen "
            "reverse; or set spec_dirs to where the specs are",
            key="spec_dirs",
            code="SG001",
        )
        for folder in config.spec_dirs
        if not folder.exists()
    ]


def _below(folder: Path, root: Path) -> str:
    """``folder`` relative to the project root when inside it (as spec_dirs writes it)."""
    try:
        return folder.relative_to(root).as_posix()
    except ValueError:
        return str(folder)
