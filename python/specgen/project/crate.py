"""A starter crate for ``specgen init --rust-crate DIR`` when DIR holds no crate yet.

Its ``build.rs`` generates the Rust of every spec (the ``specgen-build`` crate) and
``src/main.rs`` mounts it with ``include_generated!``: ``cargo build`` compiles the
generated code as soon as a spec exists. The dependency versions follow specgen's
own (see the version policy in docs/development.md).
"""

from __future__ import annotations

import re

from specgen.version import __version__

BUILD_RS = """\
//! Generates the Rust of every spec into OUT_DIR (see specgen.toml).

fn main() -> Result<(), specgen_build::Error> {
    specgen_build::Builder::new().compile()?;
    Ok(())
}
"""

MAIN_RS = """\
//! Lists the command modules that build.rs generated from the specs.

use managed_service::ManagedService;

mod generated {
    managed_service::include_generated!();
}

fn main() {
    for (module, service) in generated::modules() {
        println!("{} serves {:?}", service.name(), module.config().command_prefixes);
    }
}
"""


def series() -> str:
    """The release series of specgen's crates that match this generator (``0.1``)."""
    return ".".join(__version__.split(".")[:2])


def crate_name(folder_name: str) -> str:
    """A valid crate name from a folder name (``My App`` -> ``my-app``)."""
    name = re.sub(r"[^a-z0-9_-]+", "-", folder_name.lower()).strip("-_")
    if not name or not name[0].isalpha():
        name = f"app-{name}".rstrip("-")
    return name


def dependency_lines() -> str:
    """What the generated Rust needs, as Cargo.toml tables."""
    version = series()
    return f"""\
[dependencies]
managed-service = {{ version = "{version}", features = ["serde"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
ts-rs = {{ version = "12", features = ["serde-json-impl"] }}

[build-dependencies]
specgen-build = "{version}"
"""


def starter_crate(folder_name: str) -> dict[str, str]:
    """The files of a new crate, by path relative to its folder."""
    manifest = f"""\
[package]
name = "{crate_name(folder_name)}"
version = "0.1.0"
edition = "2021"
publish = false

{dependency_lines()}"""
    return {"Cargo.toml": manifest, "build.rs": BUILD_RS, "src/main.rs": MAIN_RS}
