"""Compile generated trees for real: rustfmt, clippy -D warnings, cargo test, tsc --strict.

Used by the generator's tests. Each check runs the real tool and fails with its
output; nothing is skipped when a tool is missing, because CI installs them all
(Rust from the machine, TypeScript from runtimes/typescript's package-lock).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_TS = ROOT / "runtimes" / "typescript"
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target")))


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> str:
    """Run ``cmd``; on failure raise AssertionError carrying its output."""
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(cmd)} failed ({proc.returncode}):\n{output[-6000:]}"
    return output


def ensure_typescript() -> Path:
    """The tsc of runtimes/typescript, installed from its lock file when missing."""
    tsc = RUNTIME_TS / "node_modules" / "typescript" / "bin" / "tsc"
    if not tsc.exists():
        npm = shutil.which("npm")
        assert npm is not None, "npm is needed to install TypeScript (runtimes/typescript)"
        run([npm, "ci", "--no-audit", "--no-fund"], RUNTIME_TS)
    return tsc


def tsc_check(
    ts_root: Path, options: Mapping[str, object] | None = None, config_name: str = "tsconfig.json"
) -> str:
    """``tsc --strict --noEmit`` over every .ts file below ``ts_root``, with the runtime.

    ``options`` are compiler options added to the generated-code tsconfig (written to
    ``config_name`` in ``ts_root``).
    """
    tsc = ensure_typescript()
    config: dict[str, object] = {
        "extends": str(RUNTIME_TS / "tsconfig.generated.json"),
        "include": ["**/*.ts"],
    }
    if options:
        config["compilerOptions"] = dict(options)
    (ts_root / config_name).write_text(json.dumps(config, indent=2))
    node = shutil.which("node")
    assert node is not None, "node is needed for tsc"
    return run([node, str(tsc), "-p", str(ts_root / config_name)], ts_root)


def structural_check(root: Path, command: str, pascal: str) -> str:
    """tsc, with ``root``'s own tsconfig: the generated Types file of ``command`` and the
    hand-written one (``src/commands/<command>``) assign to each other, both ways."""
    shared = f"commands/{command}/shared/{pascal}Types"
    lines = [
        f"import type {{ {pascal}Params as GP, {pascal}Result as GR }}",
        f"  from './generated/ts/{shared}';",
        f"import type {{ {pascal}Params as HP, {pascal}Result as HR }} from './src/{shared}';",
        "declare const hp: HP;",
        "declare const hr: HR;",
        "declare const gp: GP;",
        "declare const gr: GR;",
        "export const a: GP = hp;",
        "export const b: HP = gp;",
        "export const c: GR = hr;",
        "export const d: HR = gr;",
    ]
    (root / "structural-check.ts").write_text("\n".join(lines) + "\n")
    config = {"extends": "./tsconfig.json", "include": ["structural-check.ts"]}
    (root / "tsconfig.check.json").write_text(json.dumps(config))
    node = shutil.which("node")
    assert node is not None, "node is needed for tsc"
    return run([node, str(ensure_typescript()), "-p", "tsconfig.check.json"], root)


def _cargo_toml(name: str) -> str:
    managed = (ROOT / "crates" / "managed-service").as_posix()
    return f"""[package]
name = "{name}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
managed-service = {{ path = "{managed}", features = ["serde"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
ts-rs = {{ version = "12", features = ["serde-json-impl"] }}

[workspace]

# Debug info is of no use to a compile check and costs a third of its build time. The
# crate is built once: incremental data would only fill the shared target folder.
[profile.dev]
debug = false
incremental = false
"""


def rust_check(
    out_root: Path, *more_roots: Path, test: bool = True, crate_dir: Path | None = None
) -> str:
    """rustfmt --check, clippy -D warnings and (optionally) cargo test on generated trees.

    Every root's ``rust/mod.rs`` becomes one module of a single check crate, so many
    trees cost one cargo run. ``cargo test`` runs the scaffolds' tests and exports the
    ts-rs bindings, which are then copied into each root's ``ts/bindings``, where the
    Types files of Rust-backed commands import them. ``crate_dir`` puts the check crate
    elsewhere than ``out_root/_check_crate`` (outside a project whose tsconfig takes every
    ``.ts`` file below it).
    """
    roots = [r for r in (out_root, *more_roots) if (r / "rust" / "mod.rs").exists()]
    crate = crate_dir or out_root / "_check_crate"
    (crate / "src").mkdir(parents=True, exist_ok=True)
    # A name per tree: check crates share one target folder, and cargo must never take
    # another tree's build (same package name) for this one's.
    digest = hashlib.sha256(str(crate.resolve()).encode()).hexdigest()[:12]
    name = f"specgen-generated-check-{digest}"
    (crate / "Cargo.toml").write_text(_cargo_toml(name))
    lock = ROOT / "Cargo.lock"
    if lock.exists() and not (crate / "Cargo.lock").exists():
        shutil.copy(lock, crate / "Cargo.lock")
    modules = "".join(
        f'#[path = "{(root / "rust" / "mod.rs").as_posix()}"]\npub mod tree{index};\n\n'
        for index, root in enumerate(roots)
    )
    (crate / "src" / "lib.rs").write_text(f"//! Compile check of generated code.\n\n{modules}")
    output = "".join(
        run(["rustfmt", "--edition", "2024", "--check", str(root / "rust" / "mod.rs")], crate)
        for root in roots
    )
    bindings = crate / "bindings"
    env = {"CARGO_TARGET_DIR": str(TARGET), "TS_RS_EXPORT_DIR": str(bindings)}
    try:
        output += run(
            ["cargo", "clippy", "--quiet", "--all-targets", "--", "-D", "warnings"], crate, env
        )
        if test:
            output += run(["cargo", "test", "--quiet"], crate, env)
    finally:
        _remove_build(name)
    if test:
        for root in roots:
            shutil.copytree(bindings, root / "ts" / "bindings", dirs_exist_ok=True)
    return output


def _remove_build(crate_name: str) -> None:
    """Delete the check crate's own build from the shared target folder.

    Its name is unique to its folder, so no later build can use it: left there, every
    test run would add its trees' libraries and test binaries (tens of MB) for good.
    """
    debug = TARGET / "debug"
    artifact = crate_name.replace("-", "_")
    for leftover in (
        *debug.glob(f"deps/*{artifact}-*"),
        *debug.glob(f".fingerprint/{crate_name}-*"),
    ):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
