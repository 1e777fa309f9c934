//! Run the specgen generator from a Cargo build script.
//!
//! `specgen-build` does for JSON command specs what `prost-build` does for `.proto` files:
//! your `build.rs` names the specs, the generator writes the Rust command modules (wire
//! types, handler traits, routing) into `OUT_DIR`, and your crate includes them with
//! [`managed_service::include_generated!`]. Nothing is written outside `OUT_DIR`; the
//! generated code is rebuilt only when a spec, the project's `specgen.toml`, the generator's
//! templates or your service folder change.
//!
//! # A complete example
//!
//! `Cargo.toml`:
//!
//! ```toml
//! [dependencies]
//! managed-service = { version = "0.1", features = ["serde"] }
//! serde = { version = "1", features = ["derive"] }
//! serde_json = "1"
//! ts-rs = { version = "12", features = ["serde-json-impl"] }
//!
//! [build-dependencies]
//! specgen-build = "0.1"
//! ```
//!
//! `build.rs`:
//!
//! ```no_run
//! fn main() -> Result<(), specgen_build::Error> {
//!     specgen_build::Builder::new()
//!         .spec_dir("specs")              // every *.json spec below specs/
//!         .scaffold_dir("src/services")   // your services: src/services/<command_snake>.rs
//!         .compile()?;
//!     Ok(())
//! }
//! ```
//!
//! `src/main.rs`:
//!
//! ```ignore
//! mod generated {
//!     managed_service::include_generated!();
//! }
//!
//! fn main() {
//!     // Every command module with its service, e.g. for service_host::Host.
//!     let modules = generated::modules();
//!     println!("{} command(s)", modules.len());
//! }
//! ```
//!
//! `src/services/gpu_stats.rs` is yours: it implements the generated handler trait
//! (`super::handler::GpuStatsHandler`) and `ManagedService`. `specgen new gpu/stats
//! --adapter rust-ipc` writes a first version of it when `specgen.toml` says
//! `[rust] scaffold_dir = "src/services"`; until it exists, the build mounts a
//! not-implemented scaffold and warns.
//!
//! # Finding the generator
//!
//! In order: the `SPECGEN` environment variable (a program, optionally followed by
//! arguments: `SPECGEN="python3 -m specgen"`), `specgen` on `PATH`, then `python3 -m specgen`.
//! When none works, [`Error::GeneratorNotFound`] says how to install it.
//!
//! # What a build prints
//!
//! - `cargo::rerun-if-changed` for every spec, spec folder, config file, the template folder
//!   and the scaffold folder, and `cargo::rerun-if-env-changed=SPECGEN`;
//! - each spec warning as `cargo::warning=specs/x.json:3:5: warning[SG113] ...`;
//! - each spec error as `cargo::error=specs/x.json:12:20: error[SG203] ...`, and then
//!   [`Builder::compile`] returns [`Error::Diagnostics`], which fails the build.
#![forbid(unsafe_code)]

mod builder;
mod cargo;
mod error;
mod generator;
mod protocol;

pub use builder::{Builder, Generated};
pub use error::Error;
pub use generator::Generator;
pub use protocol::{Diagnostic, Severity};
