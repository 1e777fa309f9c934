//! How a host shuts down: why ([`ShutdownReason`]), who asks ([`ShutdownHandle`]) and what
//! it did ([`ShutdownSummary`]). A leaf: the host and the signal listener both use it.

use std::fmt;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use health_monitor::ShutdownReport;

/// Why a host shut down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShutdownReason {
    /// [`ShutdownHandle::shutdown`] or [`Host::shutdown`](crate::Host::shutdown).
    Requested,
    /// A signal (its number: `SIGTERM` is 15, `SIGINT` 2 on Linux).
    Signal(i32),
    /// The [`Host`](crate::Host) was dropped while running.
    Dropped,
}

impl fmt::Display for ShutdownReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Requested => f.write_str("shutdown requested"),
            Self::Signal(signal_hook::consts::SIGTERM) => f.write_str("SIGTERM"),
            Self::Signal(signal_hook::consts::SIGINT) => f.write_str("SIGINT"),
            Self::Signal(signal) => write!(f, "signal {signal}"),
            Self::Dropped => f.write_str("the host was dropped"),
        }
    }
}

/// Asks a [`Host`](crate::Host) to shut down; cheap to clone, usable from any thread.
///
/// A request makes [`Host::run_until_shutdown`](crate::Host::run_until_shutdown) return
/// (after the shutdown). It only asks: a host that nobody runs `run_until_shutdown` on
/// keeps serving until [`Host::shutdown`](crate::Host::shutdown) or drop.
#[derive(Debug, Clone, Default)]
pub struct ShutdownHandle {
    state: Arc<(Mutex<Option<ShutdownReason>>, Condvar)>,
}

impl ShutdownHandle {
    /// Requests the shutdown; returns at once. Later requests change nothing.
    pub fn shutdown(&self) {
        self.request(ShutdownReason::Requested);
    }

    /// Whether a shutdown has been requested (or has happened).
    #[must_use]
    pub fn is_requested(&self) -> bool {
        self.reason().is_some()
    }

    pub(crate) fn request(&self, reason: ShutdownReason) {
        let mut requested = self.lock();
        if requested.is_none() {
            *requested = Some(reason);
            self.state.1.notify_all();
        }
    }

    /// The reason asked for, if a shutdown has been requested.
    pub(crate) fn reason(&self) -> Option<ShutdownReason> {
        *self.lock()
    }

    /// Blocks until a shutdown is requested.
    pub(crate) fn wait(&self) -> ShutdownReason {
        let mut requested = self.lock();
        loop {
            if let Some(reason) = *requested {
                return reason;
            }
            requested = self
                .state
                .1
                .wait(requested)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<ShutdownReason>> {
        // A plain value, valid after any panic.
        self.state.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What a shutdown did; see [`Host`](crate::Host) for the order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ShutdownSummary {
    /// Why the host shut down.
    pub reason: ShutdownReason,
    /// Connections closed with requests still unanswered when the drain timeout ran out
    /// (0 when every request was answered).
    pub abandoned_connections: usize,
    /// The modules shut down, in order (newest first; modules that failed to initialise
    /// are not shut down).
    pub modules: Vec<String>,
    /// The supervisor's shutdown of the services.
    pub services: ShutdownReport,
    /// Whether the socket file was removed (`false` when someone else had replaced or
    /// removed it).
    pub socket_removed: bool,
}
