//! [`Supervisor`]: the coordinator. It owns the registry, the sources, the gates, the event
//! bus and the metrics, and runs one cycle — pressure, health, heal, snapshot — per
//! [`tick`](Supervisor::tick).

mod background;
mod control;
mod handle;
mod probe;
mod readiness;
mod tick;
mod views;

pub use handle::Supervisor;
pub use probe::Probe;
pub use tick::TickReport;
