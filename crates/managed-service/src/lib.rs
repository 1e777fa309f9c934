//! The contract every self-managing service signs.
//!
//! # The design choice, and what it costs
//!
//! A service is a value the runtime **calls into**, from threads the runtime owns, through
//! synchronous `&self` methods. The runtime decides *when* health is checked, *when* pressure
//! is announced and *when* a service is told to shed load or heal; the service only decides
//! *how* to react. Services never know about each other, and never run their own monitoring
//! loops.
//!
//! That choice has costs, and implementors pay them:
//!
//! - **State must be thread-safe.** Every method takes `&self` and the traits require
//!   `Send + Sync`, so mutable state lives behind atomics, `Mutex` or `RwLock` — a `Cell` or
//!   an `Rc` does not compile (see the wrong use below).
//! - **Calls must be quick.** A `health()` that blocks holds a monitor thread. The runtime
//!   (`health-monitor`) puts a timeout around each call and treats an overrun as
//!   [`HealthStatus::Unhealthy`], but the thread is still spent until the call returns.
//! - **Payloads are JSON.** Commands, metrics and parameters cross this contract as
//!   [`serde_json::Value`]. The same values travel over IPC to TypeScript, so typing them here
//!   would only move the conversion, not remove it; strong types live in the generated wire
//!   structs on either side. This is why `serde_json` is, beside `thiserror` for the errors, this
//!   crate's one required dependency.
//!
//! In return the contract stays small, object-safe where it matters
//! (`Box<dyn ManagedService>` and `Arc<dyn ServiceModule>` work), and free of any async
//! runtime.
//!
//! # The pieces
//!
//! | Item | Role |
//! |------|------|
//! | [`ManagedService`] | health, reaction to pressure, load shedding, self-repair, shutdown |
//! | [`HealthStatus`] | `Healthy`, `Degraded { reason }`, `Unhealthy { reason }` |
//! | [`PressureLevel`], [`PressureThresholds`] | how scarce memory is, and how a fraction maps to a level |
//! | [`Lifecycle`] | async initialise/shutdown coordination, usable from multithreaded executors |
//! | [`MetricsEmitter`] | telemetry as JSON under a metric prefix |
//! | [`Configurable`] | runtime-adjustable parameters |
//! | [`ServiceModule`], [`ModuleConfig`], [`CommandError`] | the command side: a host routes `gpu/stats` to the module owning `gpu/` |
//! | `decode_params` (feature `serde`) | a command's JSON params to a typed value; errors name the JSON path |
//! | [`Error`] | any error of the crate: [`ThresholdError`], [`ParsePressureLevelError`], [`ModuleError`] or [`CommandError`], each with its own message |
//!
//! # Example
//!
//! A cache that empties itself under pressure. Its state is atomic, so `&self` is enough:
//!
//! ```
//! use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
//! use managed_service::{HealthStatus, ManagedService, PressureLevel};
//!
//! struct EmbeddingCache {
//!     entries: AtomicUsize,
//!     accepting: AtomicBool,
//! }
//!
//! impl ManagedService for EmbeddingCache {
//!     fn name(&self) -> &str {
//!         "embedding-cache"
//!     }
//!
//!     fn health(&self) -> HealthStatus {
//!         if self.accepting.load(Ordering::Relaxed) {
//!             HealthStatus::Healthy
//!         } else {
//!             HealthStatus::degraded("not accepting new entries")
//!         }
//!     }
//!
//!     fn pressure_response(&self, level: PressureLevel) {
//!         self.accepting.store(level < PressureLevel::High, Ordering::Relaxed);
//!         if level == PressureLevel::Critical {
//!             self.shed_load();
//!         }
//!     }
//!
//!     fn shed_load(&self) {
//!         self.entries.store(0, Ordering::Relaxed);
//!     }
//!
//!     fn heal(&self) -> bool {
//!         self.accepting.store(true, Ordering::Relaxed);
//!         true
//!     }
//!
//!     fn shutdown(&self) {
//!         self.shed_load();
//!     }
//! }
//!
//! let cache = EmbeddingCache { entries: AtomicUsize::new(42), accepting: AtomicBool::new(true) };
//! // The runtime holds services as trait objects, often shared with the code that uses them.
//! let services: Vec<Box<dyn ManagedService>> = vec![Box::new(cache)];
//! for service in &services {
//!     service.pressure_response(PressureLevel::Critical);
//!     assert_eq!(service.health(), HealthStatus::degraded("not accepting new entries"));
//! }
//! ```
//!
//! The wrong way: state in a `Cell` is not `Sync`, so the runtime could not call the service
//! from its monitor thread. The compiler refuses it:
//!
//! ```compile_fail,E0277
//! use std::cell::Cell;
//! use managed_service::{HealthStatus, ManagedService, PressureLevel};
//!
//! struct Counter {
//!     sheds: Cell<u32>,
//! }
//!
//! impl ManagedService for Counter {
//!     fn name(&self) -> &str { "counter" }
//!     fn health(&self) -> HealthStatus { HealthStatus::Healthy }
//!     fn pressure_response(&self, _level: PressureLevel) {}
//!     fn shed_load(&self) { self.sheds.set(self.sheds.get() + 1) }
//!     fn heal(&self) -> bool { true }
//!     fn shutdown(&self) {}
//! }
//! ```
//!
//! # Cargo features
//!
//! | Feature | Adds |
//! |---------|------|
//! | `serde` | `Serialize`/`Deserialize` for [`HealthStatus`], [`PressureLevel`], [`PressureThresholds`] and [`ModuleConfig`], in a shape that reads well from TypeScript: `{ "status": "degraded", "reason": "…" }`, `"warning"`, `{ "commandPrefixes": [...] }`. Deserialising thresholds validates them. Also `decode_params`, which decodes a command's params and names the JSON path of what is wrong (through `serde_path_to_error`). |
//! | `ts` | `#[derive(TS)]` (ts-rs) on the same types, so TypeScript declarations come from these definitions. Implies `serde`. |
//!
//! No feature is on by default.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod config;
mod error;
mod health;
mod include;
mod lifecycle;
mod metrics;
mod module;
#[cfg(feature = "serde")]
mod params;
mod pressure;
mod service;

pub use config::Configurable;
pub use error::{CommandError, Error, ModuleError, ParsePressureLevelError, ThresholdError};
pub use health::HealthStatus;
pub use lifecycle::Lifecycle;
pub use metrics::MetricsEmitter;
pub use module::{ModuleConfig, ServiceModule};
#[cfg(feature = "serde")]
pub use params::decode_params;
pub use pressure::{PressureLevel, PressureThresholds};
pub use service::ManagedService;
