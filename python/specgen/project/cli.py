"""``specgen init``: start a project, or fit specgen to an existing one."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from specgen.commandline.exits import EXIT_BAD_INPUT
from specgen.project.init import InitChoices, InitError, init_project


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@click.command("init")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--adapter", default="server-only", show_default=True, help="default_adapter and the example's."
)
@click.option(
    "--ts-root", metavar="DIR", help="Your TypeScript project: generate into DIR/generated."
)
@click.option(
    "--rust-crate",
    metavar="DIR",
    help="A crate whose build.rs generates the Rust (a starter crate when DIR has none).",
)
@click.option("--gitignore", is_flag=True, help="Add the generated output to .gitignore.")
@click.option(
    "--pyproject", is_flag=True, help="Write [tool.specgen] into pyproject.toml, not specgen.toml."
)
@click.option("--no-example", is_flag=True, help="Do not write the example spec.")
@click.option(
    "--commands",
    metavar="DIR",
    help="Your hand-written command tree: [migration] commands_dir, and the runtime names "
    "its code uses read into [typescript.runtime] (no example spec).",
)
def init_command(  # noqa: PLR0913, PLR0917  # click passes one argument per option
    folder: Path | None,
    adapter: str,
    ts_root: str | None,
    rust_crate: str | None,
    gitignore: bool,
    pyproject: bool,
    no_example: bool,
    commands: str | None,
) -> None:
    """Write specgen.toml (every key, commented) and specs/ with an example spec.

    \b
    Never replaces a configuration: a folder that has a specgen.toml (or
    [tool.specgen] in pyproject.toml) is refused with exit 2, and so is the
    current folder when a folder above it has one (name the folder, `specgen
    init .`, to start a separate project there). Files that exist are kept.
    Then `specgen new group/verb` adds a spec and `specgen generate` writes code.

    \b
    Examples:
      specgen init                                 a new project here
      specgen init app --gitignore                 in app/, ignoring generated/
      specgen init --rust-crate . --adapter rust-ipc   a crate whose build.rs generates
      specgen init --ts-root web --pyproject       TypeScript into web/generated
      specgen init --commands src/commands         an existing codebase: its
                                                   runtime names, read off its code

    Exit status: 0 written, 2 refused (nothing written).
    """  # noqa: D301  # "\b" is click's marker for a paragraph it must not rewrap
    choices = InitChoices(
        adapter=adapter,
        ts_root=ts_root,
        rust_crate=rust_crate,
        gitignore=gitignore,
        pyproject=pyproject,
        example=not no_example,
        commands=commands,
        nested=folder is not None,
    )
    folder = folder if folder is not None else Path()
    try:
        result = init_project(folder, choices)
    except InitError as exc:
        click.echo(f"specgen init: error: {exc.message}\nhint: {exc.hint}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    for path in result.written:
        click.echo(f"wrote {_shown(path)}")
    for path in result.kept:
        click.echo(f"kept {_shown(path)} (it exists)")
    for note in result.notes:
        click.echo(f"note: {note}")
    click.echo(_next_steps(folder, commands))


def _next_steps(folder: Path, commands: str | None) -> str:
    """The line that says what to run after init."""
    here = "" if folder.resolve() == Path.cwd() else f"cd {_shown(folder)} && "
    if commands is None:
        return f"next: {here}specgen new group/verb, then specgen validate and specgen generate"
    return (  # an existing tree: its commands become specs (adoption.md)
        f"next: {here}specgen audit, then specgen reverse {commands} (after specgen "
        "migrate OLD/*.json --out specs --from SRC, if you have v1 specs), "
        f"specgen validate, specgen generate and specgen adopt {commands} (docs/adoption.md)"
    )
