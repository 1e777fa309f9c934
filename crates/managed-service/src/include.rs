//! [`include_generated!`]: mounts the code a Cargo build script generated with
//! `specgen-build`.

/// Includes the command modules that `specgen-build` generated into `OUT_DIR`.
///
/// Put it inside a module of your crate; every Rust-backed command becomes a submodule
/// (`gpu_stats::wire`, `gpu_stats::handler`, `gpu_stats::service`), and
/// `modules()` returns each command module with its service, ready for a host:
///
/// ```ignore
/// // src/main.rs — build.rs ran specgen_build::Builder::new().spec_dir("specs").compile()
/// mod generated {
///     managed_service::include_generated!();
/// }
///
/// fn main() {
///     for (module, service) in generated::modules() {
///         println!("{} serves {:?}", service.name(), module.config().command_prefixes);
///     }
/// }
/// ```
///
/// With an argument, includes the output of a `Builder` given `.out_dir_name(NAME)`, for a
/// crate that runs the generator more than once: `include_generated!("admin")`.
///
/// The generated code needs these dependencies in your `Cargo.toml`: `managed-service`
/// (feature `serde`), `serde` (feature `derive`), `serde_json` and `ts-rs`.
#[macro_export]
macro_rules! include_generated {
    () => {
        include!(concat!(env!("OUT_DIR"), "/specgen/specgen.rs"));
    };
    ($name:literal) => {
        include!(concat!(env!("OUT_DIR"), "/", $name, "/specgen.rs"));
    };
}
