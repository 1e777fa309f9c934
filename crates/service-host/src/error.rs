//! [`Error`]: everything that can stop a host from starting or from waiting for its signals.
//!
//! What goes wrong *while serving* is not an `Error`: a bad request, an unknown command, a
//! refused or failed call is answered to the caller as an error reply (see the crate doc),
//! and the host carries on.

use std::io;
use std::path::PathBuf;

/// Why a [`Host`](crate::Host) could not start (or could not install its signal handlers).
///
/// The enum is `#[non_exhaustive]`; a `match` outside this crate needs a wildcard arm.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use managed_service::{CommandError, ModuleConfig, ServiceModule};
/// use service_host::{Error, HostBuilder};
/// # use managed_service::{HealthStatus, ManagedService, PressureLevel};
/// # struct Quiet;
/// # impl ManagedService for Quiet {
/// #     fn name(&self) -> &str { "quiet" }
/// #     fn health(&self) -> HealthStatus { HealthStatus::Healthy }
/// #     fn pressure_response(&self, _: PressureLevel) {}
/// #     fn shed_load(&self) {}
/// #     fn heal(&self) -> bool { true }
/// #     fn shutdown(&self) {}
/// # }
///
/// struct Stats(&'static str);
///
/// impl ServiceModule for Stats {
///     fn config(&self) -> ModuleConfig {
///         ModuleConfig::new(self.0, ["gpu/"])
///     }
///     fn handle_command(&self, command: &str, _: serde_json::Value) -> Result<serde_json::Value, CommandError> {
///         Err(CommandError::unknown_command(command))
///     }
/// }
///
/// let err = HostBuilder::new("/tmp/never-bound.sock")
///     .register(Arc::new(Stats("gpu")), Arc::new(Quiet), Default::default())
///     .register(Arc::new(Stats("gpu-admin")), Arc::new(Quiet), Default::default())
///     .start()
///     .unwrap_err();
/// assert!(matches!(err, Error::DuplicatePrefix { .. }));
/// assert_eq!(
///     err.to_string(),
///     "command prefix \"gpu/\" is claimed by module \"gpu\" and by module \"gpu-admin\""
/// );
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Two modules claim the same command prefix, so a command could not be routed to one
    /// of them. (Overlapping prefixes are fine: the longest match wins.)
    #[error("command prefix {prefix:?} is claimed by module {first:?} and by module {second:?}")]
    DuplicatePrefix {
        /// The prefix.
        prefix: String,
        /// The module registered first.
        first: String,
        /// The module registered second.
        second: String,
    },

    /// Another process is listening on the socket path.
    #[error("another host is already listening on {}", path.display())]
    AlreadyServing {
        /// The socket path.
        path: PathBuf,
    },

    /// Something other than a socket is at the socket path; the host does not remove it.
    #[error("{} exists and is not a socket; remove it or choose another path", path.display())]
    NotASocket {
        /// The socket path.
        path: PathBuf,
    },

    /// The socket could not be bound (missing directory, no permission, path too long).
    #[error("cannot listen on {}: {source}", path.display())]
    Bind {
        /// The socket path.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },

    /// The supervisor refused its configuration, a service, a source or a gate, or a
    /// service's lifecycle hook failed to initialise.
    #[error(transparent)]
    Supervisor(#[from] health_monitor::Error),

    /// A thread of the host could not be started.
    #[error("cannot spawn the {name} thread: {source}")]
    Spawn {
        /// Which thread.
        name: &'static str,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },

    /// The SIGTERM/SIGINT handlers could not be installed.
    #[error("cannot install the SIGTERM/SIGINT handlers: {0}")]
    Signals(#[source] io::Error),
}
