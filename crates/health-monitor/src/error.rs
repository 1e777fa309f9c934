//! [`Error`]: the one error type of this crate.

use std::io;
use std::path::PathBuf;

use managed_service::ThresholdError;

use crate::model::{Denial, Resource};

/// Everything that can go wrong in `health-monitor`, as one enum.
///
/// Service callbacks never produce an `Error`: a callback that panics, overruns its timeout
/// or reports a failure is *health information*, recorded in events and metrics, not an
/// error of the runtime. The variants here are about using the runtime itself: a bad
/// configuration, a name that is taken, a file that cannot be read, a refused reservation.
///
/// The enum is `#[non_exhaustive]`; a `match` outside this crate needs a wildcard arm.
///
/// # Examples
///
/// ```
/// use health_monitor::{Error, ResourceGate};
///
/// let gate = ResourceGate::gpu(20 << 30);
/// let err = gate.reserve(1, "physics").unwrap_err();
/// assert!(matches!(err, Error::UnknownSubsystem { .. }));
/// assert_eq!(
///     err.to_string(),
///     "the gpu gate has no subsystem named \"physics\" (it has: inference, tts, rendering, reserve)"
/// );
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// [`Supervisor::register`](crate::Supervisor::register) was given a name already in use.
    #[error("a service named {name:?} is already registered")]
    DuplicateService {
        /// The name given.
        name: String,
    },

    /// [`Supervisor::register`](crate::Supervisor::register) was given a name that cannot
    /// name a service: empty, only whitespace, or holding a control character. Names appear
    /// in events, metrics labels, logs and probe reasons, where such a name reads as nothing
    /// or breaks the line.
    #[error("invalid service name {name:?}: {reason}")]
    InvalidServiceName {
        /// The name given.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },

    /// No registered service has this name.
    #[error("no service named {name:?} is registered")]
    UnknownService {
        /// The name given.
        name: String,
    },

    /// [`ResourceGate::reserve`](crate::ResourceGate::reserve) named a subsystem the gate
    /// has no budget for.
    #[error("the {resource} gate has no subsystem named {subsystem:?} (it has: {known})")]
    UnknownSubsystem {
        /// The gate's resource.
        resource: Resource,
        /// The name given.
        subsystem: String,
        /// The gate's subsystems, comma-separated, in budget order.
        known: String,
    },

    /// A reservation was refused; the [`Denial`] says why, with the level, the bytes
    /// requested and the bytes available.
    #[error("{0}")]
    Denied(Denial),

    /// A configuration value is out of range.
    #[error("invalid {field}: {message}")]
    InvalidConfig {
        /// The field, as named in the configuration type (`interval`, `budgets`, ...).
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },

    /// Pressure thresholds were invalid.
    #[error(transparent)]
    Threshold(#[from] ThresholdError),

    /// A file (under `/proc` or `/sys`) could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },

    /// A file was read but its content is not in the expected format.
    #[error("cannot parse {path}: {message}")]
    Parse {
        /// The file (or a description of the text, for in-memory input).
        path: PathBuf,
        /// What was expected.
        message: String,
    },

    /// No cgroup memory controller applies to this process.
    #[error("no cgroup memory controller found for this process: {reason}")]
    NoCgroup {
        /// What was looked for.
        reason: String,
    },

    /// The supervisor has been shut down; it accepts no new work.
    #[error("the supervisor is shut down")]
    ShutDown,

    /// [`Supervisor::start`](crate::Supervisor::start) was called while the background
    /// monitor is already running.
    #[error("the background monitor is already running")]
    AlreadyRunning,

    /// The operating system refused to start a thread.
    #[error("cannot spawn the {name} thread: {source}")]
    Spawn {
        /// The thread's role.
        name: &'static str,
        /// The underlying error.
        source: io::Error,
    },

    /// A service's lifecycle hook failed to initialise.
    #[error("service {service:?} failed to initialise: {message}")]
    Initialize {
        /// The service.
        service: String,
        /// The message returned by `Lifecycle::initialize`, or the panic message.
        message: String,
    },

    /// [`export_typescript`](crate::export_typescript) could not write a declaration.
    #[error("cannot write TypeScript declarations to {dir}: {message}")]
    TypeScript {
        /// The directory asked for.
        dir: PathBuf,
        /// What went wrong.
        message: String,
    },

    /// The HTTP endpoint could not be started (feature `http`).
    #[error("cannot serve HTTP on {addr}: {message}")]
    Http {
        /// The address asked for.
        addr: String,
        /// Why.
        message: String,
    },
}

impl Error {
    /// Builds [`Error::InvalidConfig`].
    pub(crate) fn config(field: &'static str, message: impl Into<String>) -> Self {
        Self::InvalidConfig {
            field,
            message: message.into(),
        }
    }

    /// Builds [`Error::Io`] for `path`.
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    /// Builds [`Error::Parse`] for `path`.
    pub(crate) fn parse(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::Parse {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The denial inside [`Error::Denied`], if this is one.
    ///
    /// ```
    /// use health_monitor::ResourceGate;
    ///
    /// let gate = ResourceGate::gpu(1000);
    /// let err = gate.reserve(800, "inference").unwrap_err();
    /// assert_eq!(err.denial().map(|d| d.available), Some(750));
    /// ```
    #[must_use]
    pub fn denial(&self) -> Option<&Denial> {
        match self {
            Self::Denied(denial) => Some(denial),
            _ => None,
        }
    }
}
