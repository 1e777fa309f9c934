//! The IPC host: serves [`ServiceModule`]s on a Unix socket to the TypeScript `IpcClient`,
//! and refuses their commands while the [`ManagedService`] behind them is unhealthy or the
//! machine is short of memory.
//!
//! # The design choice, and what it costs
//!
//! **Plain threads, no async runtime.** The workspace is synchronous by design (see
//! `health-monitor`), and so is this host: a thread accepts connections, each connection
//! has a reader and a writer thread, and each request runs on a thread of its own, so that
//! a slow command does not hold up the requests pipelined behind it on the same
//! connection. Replies still leave in request order, as the protocol requires (it has no
//! request id).
//!
//! What that buys: modules are called exactly as their contract says (synchronous `&self`
//! calls from host threads), there is no executor to configure, and a blocking handler is
//! not a bug that stalls unrelated connections.
//!
//! What it costs: a thread per connection and per request in flight. A host serves a
//! handful of local clients (the TypeScript server processes of one machine), not the
//! internet, so that is a few dozen threads; [`HostBuilder::max_in_flight`] bounds what one
//! connection can start.
//!
//! # The wire protocol
//!
//! Fixed by `runtimes/typescript/src/frame.ts` and `ipc.ts`. A frame is a 4-byte
//! big-endian length, then that many bytes of UTF-8 JSON (at most 16 MiB by default,
//! [`HostBuilder::max_frame_bytes`]).
//!
//! - Request: `{ "command": "gpu/stats", "params": { ... } }`; missing or `null` params are
//!   given to the module as `{}`.
//! - Success: `{ "success": true, "result": ... }`.
//! - Failure: `{ "success": false, "error": { "kind": ..., "message": ..., "details"?: ... } }`.
//!
//! Several requests may be sent without waiting; the replies come back in the order the
//! requests were sent.
//!
//! # Errors in replies
//!
//! | `kind` | When | `message` (examples) | `details` |
//! |--------|------|----------------------|-----------|
//! | `unknown_command` | no module owns the command | `unknown command "tts/speak": no module owns it (prefixes served: "gpu/")` | — |
//! | `unknown_command` | the module does not know it | `unknown command "gpu/statz"` | — |
//! | `invalid_params` | the params have the wrong shape ([`decode_params`](managed_service::decode_params)) | `invalid params: at "subsystem": unknown variant ...` | `{ "path": "subsystem" }` when the path is known |
//! | `invalid_params` | the frame is not a request | `the request is not valid JSON: ...`, `the request must be a JSON object with a string "command" and optional "params"` | — |
//! | `invalid_params` | the frame is over the limit | `the request frame of N bytes exceeds the limit of M bytes; closing the connection` | — |
//! | `not_implemented` | a generated stub | `command "gpu/reset" is not implemented yet` | — |
//! | `unavailable` | the service is unhealthy | `service "gpu/stats" is unhealthy: <its reason>` | `{ "service", "health" }` |
//! | `unavailable` | pressure is at or above [`refuse_at`](HostBuilder::refuse_at) (Critical) | `service "gpu/stats" is shedding load: memory pressure is critical (simulated: 0.97 of budget)` | `{ "service", "level" }` |
//! | `unavailable` | the module failed to initialise | `module "gpu" is unavailable: it failed to initialise: <error>` | `{ "module" }` |
//! | `unavailable` | the module said so | its reason, as is | — |
//! | `failed` | the handler failed, or panicked | `command failed: ...`, `command "gpu/stats" panicked in module "gpu": ...` | — |
//!
//! The message of a module's own [`CommandError`](managed_service::CommandError) is its
//! `Display` text, except for `Unavailable`, whose reason is sent as is.
//!
//! A refusal is decided per call from the supervisor's latest state: the service's status
//! in the last [`HealthSnapshot`](health_monitor::HealthSnapshot) (degraded services are
//! served), and the combined level of the last tick, which falls back below Critical with
//! the supervisor's hysteresis. The sources listed in a shedding message are those at or
//! above the refusal level, each with its reading (`0.97 of budget` for a usage, a bare
//! fraction otherwise). Once the level falls, the same call succeeds again.
//!
//! Malformed input: a frame that is not a request gets an `invalid_params` reply and the
//! connection goes on; a frame announcing more than the limit gets an `invalid_params`
//! reply and the connection is closed (the stream cannot be cut into frames any more); a
//! connection that ends in the middle of a frame is closed without a reply.
//!
//! # Events
//!
//! A connection whose first request is `events/subscribe` (`{ "types": [...] }`, names from
//! [`EVENT_TYPES`]) receives the supervisor's events of those types as frames
//! `{ "event": { "seq", "atMs", "type", ... }, "dropped": n }` after the reply
//! `{ "types": [...], "queue": n }`. Another `events/subscribe` there replaces the types,
//! `events/unsubscribe` ends it, hanging up ends it too. Each subscriber has a bounded
//! queue ([`HostBuilder::event_queue`]); a slow one misses events (counted in
//! `health_monitor_events_dropped_total` and in its `dropped`), never slows the monitor.
//! The TypeScript client is `Events` in `runtimes/typescript/src/events.ts`.
//!
//! # HTTP
//!
//! With [`HostBuilder::http`] the host also serves `/metrics`, `/healthz` and `/readyz`
//! for Prometheus and Kubernetes (see `docs/operations.md`).
//!
//! # Shutdown
//!
//! [`Host::run_until_shutdown`] blocks until SIGTERM, SIGINT or a [`ShutdownHandle`]
//! request; then the host stops accepting, lets the requests it has received finish (for at
//! most the [drain timeout](HostBuilder::drain_timeout)), shuts down each module and then
//! the supervisor (which shuts down the services), and removes its socket file. At start, a
//! socket file nobody listens on (left by a crashed host) is replaced; one a live host
//! listens on is an [`Error::AlreadyServing`].
//!
//! # Tests and demos: the control module
//!
//! A host built with [`HostBuilder::simulated_pressure`] also answers two commands, so that
//! a test (or a demo) can drive pressure over the socket; see the [`control`] module, which
//! also says why it ships instead of hiding behind a cargo feature. Never turn it on in
//! production.
//!
//! # Example
//!
//! ```no_run
//! use std::sync::Arc;
//! use health_monitor::ServiceConfig;
//! use managed_service::{CommandError, HealthStatus, ManagedService, ModuleConfig, PressureLevel, ServiceModule};
//! use serde::Deserialize;
//! use serde_json::{json, Value};
//! use service_host::HostBuilder;
//!
//! struct Gpu;
//!
//! #[derive(Deserialize)]
//! struct StatsParams { subsystem: String }
//!
//! impl ManagedService for Gpu {
//!     fn name(&self) -> &str { "gpu" }
//!     fn health(&self) -> HealthStatus { HealthStatus::Healthy }
//!     fn pressure_response(&self, _: PressureLevel) {}
//!     fn shed_load(&self) {}
//!     fn heal(&self) -> bool { true }
//!     fn shutdown(&self) {}
//! }
//!
//! impl ServiceModule for Gpu {
//!     fn config(&self) -> ModuleConfig { ModuleConfig::new("gpu", ["gpu/"]) }
//!     fn handle_command(&self, command: &str, params: Value) -> Result<Value, CommandError> {
//!         match command {
//!             "gpu/stats" => {
//!                 let params: StatsParams = managed_service::decode_params(params)?;
//!                 Ok(json!({ "subsystem": params.subsystem, "usedMb": 512 }))
//!             }
//!             _ => Err(CommandError::unknown_command(command)),
//!         }
//!     }
//! }
//!
//! fn main() -> Result<(), service_host::Error> {
//!     let gpu = Arc::new(Gpu);
//!     let host = HostBuilder::new("/run/continuum/gpu.sock")
//!         .register(gpu.clone(), gpu, ServiceConfig::new().priority(10))
//!         .system_sources()
//!         .start()?;
//!     let summary = host.run_until_shutdown()?; // until SIGTERM or SIGINT
//!     eprintln!("stopped: {summary:?}");
//!     Ok(())
//! }
//! ```
//!
//! # Logging
//!
//! Minimal, on stderr, each line starting with `service-host:`: the socket and modules at
//! start, a module that failed to initialise, a removed stale socket file, the moment
//! [`Host::run_until_shutdown`] has its signal handlers in place (`serving until SIGTERM or
//! SIGINT`), the start and end of shutdown.
//!
//! [`ServiceModule`]: managed_service::ServiceModule
//! [`ManagedService`]: managed_service::ManagedService
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod builder;
mod connection;
pub mod control;
mod error;
mod events;
mod host;
mod live_connections;
mod router;
mod shared;
mod shutdown;
mod signals;
mod socket;
mod starting;
mod wire;

pub use builder::{
    DEFAULT_DRAIN_TIMEOUT, DEFAULT_EVENT_QUEUE, DEFAULT_HTTP_ADDR, DEFAULT_MAX_IN_FLIGHT,
    HostBuilder,
};
pub use error::Error;
pub use events::EVENT_TYPES;
pub use host::Host;
pub use shutdown::{ShutdownHandle, ShutdownReason, ShutdownSummary};
pub use wire::DEFAULT_MAX_FRAME_BYTES;

/// The README's examples, run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
