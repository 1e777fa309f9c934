"""Run specgen for a build, through the same functions ``specgen generate`` uses.

`generate` loads the project's specgen configuration (``specgen.toml`` or ``[tool.specgen]``),
runs `specgen.generate.pipeline.run_generation` into the output folder and returns the files
that are there afterwards. Any error becomes a `SpecgenBuildError` whose message has one
located line per diagnostic (``file:line:col: error[SGnnn] ...; hint: ...``), rendered by
specgen's own `specgen.diagnostics.render_line`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hatch_specgen.config import TABLE, HookConfig
from specgen.config import ProjectConfig, load_config
from specgen.diagnostics import Diagnostic, Severity, has_errors, render_line
from specgen.generate.pipeline import run_generation
from specgen.validate import discover_spec_files
from specgen.writer import Action, UnsafePathError, WriteConflictError
from specgen.writer._paths import root_problem

DEFAULT_OUT_DIR = "generated"
"""specgen's own default output folder."""

KEPT_ACTIONS = frozenset(
    {Action.CREATE, Action.UPDATE, Action.UNCHANGED, Action.KEEP_SCAFFOLD, Action.REPLACE_SCAFFOLD}
)
"""Report actions after which the path holds what the specs produce (so it ships)."""


class SpecgenBuildError(Exception):
    """Generation failed; the message says why, with a located line per diagnostic."""


@dataclass(frozen=True)
class Generated:
    """The outcome of a successful run."""

    out_dir: Path
    """The absolute output folder."""
    files: tuple[str, ...]
    """Every file the specs produce, as POSIX paths relative to `out_dir`, sorted."""
    messages: tuple[str, ...]
    """Warnings, notes and writer notes, one line each, for the build log."""


def generate(root: Path, options: HookConfig) -> Generated:
    """Generate into the project at ``root`` as ``options`` say.

    Raises:
        SpecgenBuildError: the configuration, a spec or the output folder has a problem.
    """
    root = root.resolve()
    config, config_diags = load_config(root)
    _fail_on_errors(config_diags, "the specgen configuration is invalid")
    spec_paths = _spec_paths(root, options, config)
    spec_files, missing = discover_spec_files(spec_paths)
    _fail_on_errors(missing, "a spec path does not exist")
    if not spec_files:
        shown = ", ".join(str(p) for p in spec_paths)
        raise SpecgenBuildError(f"specgen: no spec files (*.json) found in {shown}")
    out_dir = _out_dir(root, options, config)
    try:
        result = run_generation(
            spec_paths,
            config,
            out_dir,
            adapter_override=options.adapter,
            # as `specgen generate`: a Cargo build script makes the Rust of such projects
            languages=config.cli_languages,
        )
    except (UnsafePathError, WriteConflictError) as exc:
        raise SpecgenBuildError(f"specgen: cannot write the generated files: {exc}") from exc
    diagnostics = config_diags + result.diagnostics
    _fail_on_errors(diagnostics, "generation failed")
    report = result.report
    files = (
        ()
        if report is None
        else _kept(out_dir, [c.path for c in report.changes if c.action in KEPT_ACTIONS])
    )
    messages = [render_line(d) for d in sorted(diagnostics, key=Diagnostic.sort_key)]
    messages += [f"note: {note}" for note in [*result.notes, *(report.notes if report else [])]]
    return Generated(out_dir, files, tuple(messages))


def format_failure(diagnostics: Sequence[Diagnostic], summary: str) -> str:
    """The text of a failed build: a summary line, then one located line per diagnostic."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    errors = sum(d.severity is Severity.ERROR for d in ordered)
    lines = [f"specgen: {summary}: {errors} error(s)"]
    lines += [render_line(d) for d in ordered]
    return "\n".join(lines)


def _fail_on_errors(diagnostics: Sequence[Diagnostic], summary: str) -> None:
    if has_errors(diagnostics):
        raise SpecgenBuildError(format_failure(diagnostics, summary))


def _spec_paths(root: Path, options: HookConfig, config: ProjectConfig) -> list[Path]:
    if options.specs is not None:
        return [root / spec for spec in options.specs]
    if config.spec_dirs:
        return list(config.spec_dirs)
    raise SpecgenBuildError(
        f"specgen: no specs configured: set specs = [...] under {TABLE}, "
        'or spec_dirs = ["specs"] in specgen.toml or [tool.specgen]'
    )


def _out_dir(root: Path, options: HookConfig, config: ProjectConfig) -> Path:
    """The output folder: ``out-dir``, else specgen's ``out_dir``; it must be inside the project.

    A folder that cannot be used (a symlink loop on the way, a file) is refused with the
    message ``specgen generate`` prints for it.
    """
    chosen = root / options.out_dir if options.out_dir is not None else None
    unresolved = chosen or config.out_dir or root / DEFAULT_OUT_DIR
    unusable = root_problem(unresolved)
    if unusable is not None:
        raise SpecgenBuildError(f"specgen: {unusable}")
    if chosen is not None:
        return chosen
    out_dir = unresolved.resolve()
    if not out_dir.is_relative_to(root) or out_dir == root:
        raise SpecgenBuildError(
            f"specgen: the output folder {out_dir} is not below the project root {root}; "
            f"set out-dir under {TABLE}"
        )
    return out_dir


def _kept(out_dir: Path, paths: Sequence[str]) -> tuple[str, ...]:
    """The reported paths that are files on disk (a scaffold may have been deleted by hand)."""
    return tuple(sorted(path for path in paths if (out_dir / path).is_file()))
