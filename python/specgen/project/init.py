"""``specgen init``: a configuration with every key commented, an example spec, and more.

Everything is checked before anything is written, and each file is written atomically:
a refused init leaves the folder as it was. An existing configuration is never
replaced. Inside a Python project (``pyproject.toml``) the configuration goes into
``specgen.toml`` unless ``pyproject`` is chosen, which appends ``[tool.specgen]`` to
``pyproject.toml`` and keeps every byte already there.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from specgen.config import CONFIG_FILE, TS_DIR, config_in
from specgen.project.config_template import Settings, config_text
from specgen.project.crate import dependency_lines, starter_crate
from specgen.writer import write_atomic

EXAMPLE_COMMAND = "example/hello"
"""The command of the example spec (``specs/example-hello.json``)."""
SPEC_DIR = "specs"
OUT_DIR = "generated"


class InitError(Exception):
    """A choice that cannot be carried out; nothing was written, or a write failed."""

    def __init__(self, message: str, hint: str) -> None:
        """``message`` says what is wrong, ``hint`` what to do."""
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class InitChoices:
    """How to fit the new configuration to the folder."""

    adapter: str = "server-only"
    ts_root: str | None = None
    """The TypeScript project: generated code goes to ``<ts_root>/generated``."""
    rust_crate: str | None = None
    """A crate whose build.rs generates the Rust; created when the folder has none."""
    gitignore: bool = False
    pyproject: bool = False
    example: bool = True
    commands: str | None = None
    """An existing hand-written command tree: its runtime names go into the config."""
    nested: bool = False
    """The folder was named: a project below another project's is what the user wants."""


@dataclass
class InitResult:
    """What init wrote, what it left alone, and what the user should know."""

    config: Path
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def existing_config(folder: Path) -> Path | None:
    """The configuration file that ``folder`` itself holds, if any."""
    return config_in(folder)


def _relative(option: str, value: str) -> str:
    path = PurePosixPath(value.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts:
        msg = f"--{option} {value} is not a folder inside the project"
        raise InitError(msg, f"give --{option} relative to the project folder, e.g. 'app'")
    return path.as_posix()


def check_adapter(name: str) -> None:
    """Refuse an adapter that is neither built in nor installed (with did-you-mean)."""
    from specgen.adapters import load_registry  # noqa: PLC0415  # templates load only when needed
    from specgen.spec.structure import did_you_mean  # noqa: PLC0415

    names = load_registry().names()
    if name not in names:
        guess = did_you_mean(name, names)
        hint = f"did you mean '{guess}'?" if guess else "choose one of " + ", ".join(names)
        msg = f"no adapter named '{name}'"
        raise InitError(msg, hint)


def _settings(choices: InitChoices) -> Settings:
    out_dir = OUT_DIR
    if choices.ts_root is not None:
        root = _relative("ts-root", choices.ts_root)
        out_dir = OUT_DIR if root == "." else f"{root}/{OUT_DIR}"
    scaffold = None
    if choices.rust_crate is not None:
        crate = _relative("rust-crate", choices.rust_crate)
        scaffold = "src/services" if crate == "." else f"{crate}/src/services"
    return Settings(
        spec_dir=SPEC_DIR,
        out_dir=out_dir,
        default_adapter=choices.adapter,
        build_script=choices.rust_crate is not None,
        scaffold_dir=scaffold,
        commands_dir=_relative("commands", choices.commands) if choices.commands else None,
    )


def _read_commands(folder: Path, settings: Settings) -> tuple[Settings, list[str]]:
    """``settings`` with the runtime names read off the command tree (when one is given).

    Also the note that tells the user what was read.
    """
    if settings.commands_dir is None:
        return settings, []
    tree = folder / settings.commands_dir
    _check_tree(tree, settings.commands_dir, folder)
    from specgen.project.runtime_reading import read_runtime  # noqa: PLC0415  # parses TypeScript

    guesses, missing = read_runtime(tree, folder / settings.out_dir / TS_DIR)
    if not guesses:
        note = (
            f"no runtime name read off {settings.commands_dir}: its files import none that "
            "commands use (is it the command tree?); [typescript.runtime] lists them all, "
            "commented out"
        )
    else:
        note = (
            f"read {len(guesses)} runtime names off {settings.commands_dir} into "
            "[typescript.runtime]; check them against your code"
            + (f"; not found: {', '.join(missing)} (set their modules by hand)" if missing else "")
        )
    return replace(settings, runtime=tuple(guesses), runtime_missing=tuple(missing)), [note]


def _check_tree(tree: Path, given: str, folder: Path) -> None:
    """Refuse a --commands that is not the folder the command folders are in."""
    from specgen.codebase.commands import command_dir_at  # noqa: PLC0415  # only with --commands

    hint = "give the folder of the hand-written commands, e.g. src/commands"
    if tree.is_file():
        raise InitError(f"--commands {given} is a file, not a folder", hint)
    if not tree.is_dir():
        raise InitError(f"--commands {given}: no such folder in {folder}", hint)
    if command_dir_at(tree, None) is not None:
        msg = f"--commands {given} is inside one command's folder, not the tree of commands"
        hint = (
            "give the folder every command group is in, a folder above it "
            "(for src/commands/chat/send: src/commands)"
        )
        raise InitError(msg, hint)


def _config_file(folder: Path, choices: InitChoices, settings: Settings) -> tuple[Path, bytes]:
    pyproject = folder / "pyproject.toml"
    if not choices.pyproject:
        return folder / CONFIG_FILE, config_text(settings).encode("utf-8")
    if not pyproject.is_file():
        msg = f"--pyproject: {pyproject} does not exist"
        raise InitError(msg, "leave out --pyproject to write specgen.toml")
    before = pyproject.read_bytes()
    gap = b"" if before.endswith(b"\n") or not before else b"\n"
    text = config_text(settings, table_prefix="tool.specgen").encode("utf-8")
    return pyproject, before + gap + b"\n" + text


def _gitignore(folder: Path, lines: list[str]) -> tuple[Path, bytes] | None:
    path = folder / ".gitignore"
    before = path.read_bytes() if path.is_file() else b""
    present = {line.strip() for line in before.decode("utf-8", errors="replace").splitlines()}
    missing = [line for line in lines if line not in present]
    if not missing:
        return None
    gap = b"" if before.endswith(b"\n") or not before else b"\n"
    added = "# specgen: generated output\n" + "".join(f"{line}\n" for line in missing)
    return path, before + gap + added.encode("utf-8")


def _crate_files(
    folder: Path, choices: InitChoices, result: InitResult
) -> list[tuple[Path, bytes]]:
    if choices.rust_crate is None:
        return []
    crate = folder / _relative("rust-crate", choices.rust_crate)
    if not (crate / "Cargo.toml").is_file():
        name = crate.resolve().name
        return [(crate / path, text.encode("utf-8")) for path, text in starter_crate(name).items()]
    manifest = (crate / "Cargo.toml").read_text(encoding="utf-8", errors="replace")
    if "specgen-build" not in manifest:
        result.notes.append(
            f"add to {crate / 'Cargo.toml'} what the generated Rust needs:\n{dependency_lines()}"
        )
    build = crate / "build.rs"
    if not build.exists():
        from specgen.project.crate import BUILD_RS  # noqa: PLC0415

        return [(build, BUILD_RS.encode("utf-8"))]
    if "specgen_build" not in build.read_text(encoding="utf-8", errors="replace"):
        result.notes.append(f"call specgen_build::Builder::new().compile() from {build}")
    return []


def _example(folder: Path, choices: InitChoices) -> list[tuple[Path, bytes]]:
    from specgen.generate.new_spec import spec_file_name, starter_text  # noqa: PLC0415

    specs = folder / SPEC_DIR
    existing_code = choices.commands is not None  # its commands are the examples
    if not choices.example or existing_code or (specs.is_dir() and any(specs.glob("*.json"))):
        return []
    target = specs / spec_file_name(EXAMPLE_COMMAND)
    return [(target, starter_text(EXAMPLE_COMMAND, choices.adapter).encode("utf-8"))]


def init_project(folder: Path, choices: InitChoices) -> InitResult:
    """Plan every file, refuse before writing anything, then write them one by one."""
    _refuse_a_configured_folder(folder, choices)
    check_adapter(choices.adapter)
    settings, notes = _read_commands(folder, _settings(choices))
    config, config_bytes = _config_file(folder, choices, settings)
    result = InitResult(config, notes=notes)
    planned = [(config, config_bytes)]
    planned += _example(folder, choices)
    planned += _crate_files(folder, choices, result)
    if choices.gitignore:
        ignored = [f"/{settings.out_dir}/"]
        if choices.rust_crate is not None:
            crate = _relative("rust-crate", choices.rust_crate)
            ignored.append("/target/" if crate == "." else f"/{crate}/target/")
        change = _gitignore(folder, ignored)
        if change is not None:
            planned.append(change)
    if not choices.pyproject and (folder / "pyproject.toml").is_file():
        result.notes.append(
            "pyproject.toml found: `specgen init --pyproject` puts [tool.specgen] there instead"
        )
    for path, data in planned:
        if path.exists() and path.name not in {"pyproject.toml", ".gitignore"}:
            result.kept.append(path)
            continue
        try:
            write_atomic(path, data)
        except OSError as exc:
            raise _write_failed(path, exc, result.written) from exc
        result.written.append(path)
    if settings.scaffold_dir is not None:
        _example_service(folder, result)
    return result


def _refuse_a_configured_folder(folder: Path, choices: InitChoices) -> None:
    """Refuse a folder with a config, or (not named) below one: commands there use it."""
    found = existing_config(folder)
    if found is not None:
        msg = f"{found} already holds a specgen configuration"
        raise InitError(msg, "edit it (see docs/configuration.md), or remove it to start over")
    if choices.nested:
        return
    from specgen.config import find_config  # noqa: PLC0415

    above = find_config(folder.resolve().parent)
    if above is None:
        return
    msg = (
        f"{folder.resolve()} is inside the project of {above}, which specgen commands run "
        "here already use; a configuration here would replace it for this folder"
    )
    hint = (
        f"edit {above} to change the project (specgen commands find it from any folder "
        "below it), or name this folder (specgen init .) to start a separate project here"
    )
    raise InitError(msg, hint)


def _write_failed(path: Path, exc: OSError, written: list[Path]) -> InitError:
    """The refusal for a file that could not be written, naming those already written."""
    reason = exc.strerror or str(exc)
    before = ", ".join(str(p) for p in written) or "none"
    msg = f"cannot write {path}: {reason} (already written: {before})"
    hint = "make the folder writable (or free space), then run specgen init again"
    return InitError(msg, hint)


def _example_service(folder: Path, result: InitResult) -> None:
    """The example's Rust service, as `specgen new` writes one in a build.rs project."""
    from specgen.config import load_config  # noqa: PLC0415  # only for a Rust crate
    from specgen.generate.new_spec import service_scaffold, spec_file_name  # noqa: PLC0415

    example = folder / SPEC_DIR / spec_file_name(EXAMPLE_COMMAND)
    config, _diags = load_config(folder)
    if example not in result.written or config.rust.scaffold_dir is None:
        return
    scaffold = service_scaffold(example, config)
    if scaffold is None:  # the adapter has no Rust service
        return
    service = config.rust.scaffold_dir / f"{scaffold[0]}.rs"
    if service.exists():
        result.kept.append(service)
    else:
        try:
            write_atomic(service, scaffold[1])
        except OSError as exc:
            raise _write_failed(service, exc, result.written) from exc
        result.written.append(service)
