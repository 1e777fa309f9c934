//! `gpu-stats-host`: serves every command module that `build.rs` generated from `specs/`,
//! on a Unix socket, under the health-monitor supervisor.
//!
//! ```text
//! gpu-stats-host [--socket PATH] [--simulate] [--http HOST:PORT]
//! ```
//!
//! - `--socket PATH`: where to listen (default: `$SPECGEN_SOCKET`, else `/tmp/specgen.sock`,
//!   the path the generated TypeScript server commands use).
//! - `--simulate`: watch a simulated GPU pressure source instead of the machine's real
//!   sources, and answer the test-only `host/simulate-pressure` and `host/status`
//!   commands (for demos and the e2e test).
//! - `--http HOST:PORT`: also serve `/metrics`, `/healthz` and `/readyz` there (e.g.
//!   `--http 127.0.0.1:9464`; `0.0.0.0:9464` in a container). Off by default. A bad address
//!   or a port in use stops the host at start with exit status 1 and the reason.
//!
//! Stops cleanly on SIGTERM or SIGINT.

use std::env;
use std::path::PathBuf;
use std::process::ExitCode;

use health_monitor::{Resource, ServiceConfig, SimulatedSource};
use service_host::HostBuilder;

/// The generated command modules (wire types, handlers, routing) and our services.
mod generated {
    managed_service::include_generated!();
}

const USAGE: &str = "usage: gpu-stats-host [--socket PATH] [--simulate] [--http HOST:PORT]";

struct Options {
    socket: PathBuf,
    simulate: bool,
    http: Option<String>,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let default =
        env::var_os("SPECGEN_SOCKET").map_or_else(|| "/tmp/specgen.sock".into(), PathBuf::from);
    let mut options = Options {
        socket: default,
        simulate: false,
        http: None,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--socket" => {
                options.socket = args.next().ok_or("--socket needs a path")?.into();
            }
            "--simulate" => options.simulate = true,
            "--http" => {
                options.http = Some(args.next().ok_or("--http needs HOST:PORT")?);
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match parse(env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut builder = HostBuilder::new(&options.socket);
    for (module, service) in generated::modules() {
        builder = builder.register(module, service, ServiceConfig::new());
    }
    if let Some(addr) = options.http {
        builder = builder.http(addr);
    }
    builder = if options.simulate {
        builder.simulated_pressure(SimulatedSource::new("simulated-gpu", Resource::Gpu))
    } else {
        builder.system_sources()
    };
    let host = match builder.start() {
        Ok(host) => host,
        Err(error) => {
            eprintln!("gpu-stats-host: {error}");
            return ExitCode::FAILURE;
        }
    };
    match host.run_until_shutdown() {
        Ok(summary) => {
            eprintln!(
                "gpu-stats-host: {}; {} module(s) shut down",
                summary.reason,
                summary.modules.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("gpu-stats-host: {error}");
            ExitCode::FAILURE
        }
    }
}
