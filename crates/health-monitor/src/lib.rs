//! The runtime that keeps [`ManagedService`]s alive under memory and GPU pressure.
//!
//! The seed's incident — a loop loading fourteen 2 GB adapters until 35 GB of resident
//! memory froze the machine — happened because nothing checked health or pressure before
//! memory moved. This crate is what checks:
//!
//! | Piece | What it does |
//! |-------|--------------|
//! | [`Registry`] | services, each with a priority, an optional [`ResourceBudget`] and an optional [`LifecycleHook`] |
//! | monitor | `health()` on every service each tick, under a timeout, panics caught; [`HealthSnapshot`]s and a short history |
//! | [`PressureSource`]s | [`SimulatedSource`], [`RssSource`], [`MeminfoSource`], [`CgroupSource`] (v1 and v2), [`PsiSource`], [`NvmlSource`] (NVML loaded at run time) |
//! | [`Hysteresis`] | per-source levels that do not flap; the combined level is the worst |
//! | dispatcher | `pressure_response(level)` on a change, lowest priority first; `shed_load()` when Critical outlasts a grace period |
//! | self-heal | `heal()` with exponential backoff and jitter ([`HealPolicy`], on `backon`); a breaker and an escalation event after repeated failure |
//! | [`ResourceGate`] | reserve before you load: per-subsystem budgets, [`Permit`]s released on drop, [`Denial`]s that say why |
//! | [`Event`]s | typed (serde + ts-rs; [`export_typescript`] writes the declarations), delivered to [`Subscription`]s |
//! | [`Metrics`] | Prometheus text through `prometheus-client`; with feature `http`, [`HttpEndpoint`] serves `/healthz`, `/readyz`, `/metrics` |
//! | [`Clock`] | every schedule reads an injectable clock; [`ManualClock`] tests them without sleeping |
//!
//! [`Supervisor`] ties them together and runs one cycle per [`tick`](Supervisor::tick),
//! either on its own background thread or on the caller's.
//!
//! # The design choice, and what it costs
//!
//! **Everything is synchronous, and one cycle is one explicit, deterministic step.** The
//! supervisor is a plain value with a [`tick`](Supervisor::tick) method; the background
//! monitor is nothing but a thread that calls it every interval. Services are called through
//! their synchronous [`ManagedService`] methods from a small pool of worker threads; there
//! is no async runtime anywhere.
//!
//! What that buys: a test (or Python, through the bindings) can register services, set a
//! simulated pressure, advance a [`ManualClock`], call `tick()` and assert on exactly the
//! callbacks and events that follow — no sleeps, no races. The crate compiles quickly and
//! pulls in no executor.
//!
//! What it costs:
//!
//! - **A blocked callback holds a thread.** A synchronous call cannot be cancelled. A call
//!   that overruns its timeout is *abandoned*: it is recorded as a failure, the rest of the
//!   batch moves to a fresh worker thread, and no further call is made into that service
//!   until the blocked one returns. A service that never returns keeps one thread forever.
//! - **A tick waits for a slow callback, but not for long.** Callbacks of one step run one
//!   after another on one worker (which keeps the priority order and costs one thread
//!   hand-off per step). A `health()` or `heal()` still running after
//!   [`patience`](SupervisorConfig::patience) (50 ms by default) is left to run on within
//!   its own timeout: the rest of the step moves to a fresh worker, the tick goes on, and a
//!   later tick records the call when it returns or times out. A service that hangs in
//!   `health()` or `heal()` thus delays its siblings by one patience, once, and keeps its
//!   last status meanwhile. While such a call runs the service gets no other call: a level
//!   change is announced to it at the first tick after, and a `shed_load()` made meanwhile
//!   is skipped for it (reported as such). A `pressure_response()` or `shed_load()` that
//!   overruns still holds the tick for its timeout: those calls must keep their priority
//!   order.
//! - **Timeouts are real time.** Schedules use the injected clock, but a timeout bounds a
//!   real blocked thread, so a test of a hanging service waits for its (short) timeout.
//!
//! # Example
//!
//! ```
//! use std::sync::Arc;
//! use std::time::Duration;
//! use health_monitor::{ManualClock, ResourceGate, Supervisor, SupervisorConfig};
//!
//! const GIB: u64 = 1 << 30;
//! let clock = ManualClock::new();
//! let supervisor = Supervisor::with_clock(SupervisorConfig::default(), Arc::new(clock.clone()))?;
//!
//! // A 20 GiB card; reservations count toward pressure before any memory moves.
//! let gpu = ResourceGate::gpu(20 * GIB);
//! supervisor.add_gate(&gpu)?;
//! let adapters: Vec<_> = (0..7).map(|_| gpu.reserve(2 * GIB, "inference")).collect::<Result<_, _>>()?;
//! assert!(gpu.reserve(2 * GIB, "inference").is_err()); // the eighth is refused
//!
//! clock.advance(Duration::from_secs(1));
//! supervisor.tick();
//! // 14 of 20 GiB reserved is 70 %: GPU Warning (60 %), before a byte was loaded.
//! assert_eq!(supervisor.level(), managed_service::PressureLevel::Warning);
//! drop(adapters);
//! # Ok::<(), health_monitor::Error>(())
//! ```
//!
//! # How the modules depend on each other
//!
//! Imports between the crate's modules run one way, each layer using only those before it:
//! 1. leaves: `model` (the shared data: call outcomes, denials, resources, snapshots),
//!    `clock`, `lifecycle`, `panic_message`, `atomic_level`, `cache_padded`;
//! 2. `error`, `sources`, `combine`, `heal_schedule`, `config`, `events`;
//! 3. `registry`, `executor`, `gate`, `metrics`, then `step` and `outstanding`;
//! 4. the steps of a tick: `dispatcher`, `heal`, `monitor` (which asks `heal`), `shutdown`;
//! 5. `supervisor`, which runs them; `http` and `typescript` on top.
//!
//! # Cargo features
//!
//! | Feature | Default | Adds |
//! |---------|---------|------|
//! | `nvml` | yes | [`NvmlSource`] reads GPU memory through `nvml-wrapper` (the library is loaded at run time; without the feature the source is always unavailable) |
//! | `http` | no | [`HttpEndpoint`]: `/healthz`, `/readyz`, `/metrics` on `tiny_http` |

mod atomic_level;
mod cache_padded;
mod clock;
mod combine;
mod config;
mod dispatcher;
mod error;
mod events;
mod executor;
mod gate;
mod heal;
mod heal_schedule;
#[cfg(feature = "http")]
mod http;
mod lifecycle;
mod metrics;
mod model;
mod monitor;
mod outstanding;
mod panic_message;
mod registry;
mod shutdown;
mod sources;
mod step;
mod supervisor;
mod typescript;

pub use clock::{Clock, ManualClock, SystemClock};
pub use combine::{Hysteresis, PressureReport, SourceReport};
pub use config::SupervisorConfig;
pub use error::Error;
pub use events::{Event, EventBus, EventKind, Subscription};
pub use gate::{DEFAULT_BUDGETS, GateBuilder, GateSource, Permit, ResourceGate, SubsystemUsage};
pub use heal_schedule::HealPolicy;
#[cfg(feature = "http")]
pub use http::HttpEndpoint;
pub use lifecycle::LifecycleHook;
pub use metrics::{CONTENT_TYPE as METRICS_CONTENT_TYPE, Metrics, OPENMETRICS_CONTENT_TYPE};
pub use model::{
    CallOutcome, Denial, DenialReason, HealthSnapshot, Resource, ResourceBudget, ServiceHealth,
};
pub use panic_message::panic_message;
pub use registry::{Registry, ServiceConfig, ServiceId, ServiceInfo};
pub use shutdown::{ShutdownReport, StoppedService};
pub use sources::{
    CgroupMemory, CgroupSource, CgroupVersion, Meminfo, MeminfoSource, NvmlSource, PressureSource,
    PsiAverages, PsiSnapshot, PsiSource, Reading, RssSource, SimulatedHandle, SimulatedSource,
    parse_vm_rss, read_rss_bytes,
};
pub use supervisor::{Probe, Supervisor, TickReport};
pub use typescript::export_typescript;

/// The README's examples, run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The contract crate, re-exported so that users need one dependency.
pub use managed_service;
#[doc(no_inline)]
pub use managed_service::{HealthStatus, ManagedService, PressureLevel, PressureThresholds};
