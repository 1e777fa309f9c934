//! The health-monitor runtime for Python: `Supervisor`, simulated pressure, the
//! `ResourceGate` with its `Permit`s, events and metrics.
//!
//! One file per Python class; this module only declares them and re-exports what
//! `lib.rs` registers. The helpers beside them: [`convert`] (argument conversions),
//! [`errors`] (runtime errors to Python exceptions), [`py_service`] (a Python object as a
//! `ManagedService`). `rust_service` is the one test double; its module doc says why it
//! ships.

mod convert;
mod errors;
mod event;
mod http_server;
mod permit;
mod py_service;
mod resource_gate;
mod rss;
mod rust_service;
mod simulated_source;
mod supervisor;
mod tick_report;

pub(crate) use errors::{
    AlreadyRunningError, ConfigError, GateDenied, HttpError, RegistrationError,
    ServiceNotFoundError, ShutDownError, SubsystemNotFoundError,
};
pub(crate) use event::Event;
pub(crate) use http_server::HttpServer;
pub(crate) use permit::Permit;
pub(crate) use resource_gate::ResourceGate;
pub(crate) use rss::read_rss_bytes;
pub(crate) use rust_service::RustService;
pub(crate) use simulated_source::SimulatedSource;
pub(crate) use supervisor::Supervisor;
pub(crate) use tick_report::TickReport;
