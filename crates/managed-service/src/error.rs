//! The errors of this crate: one type per place that can fail, and [`Error`], the one enum
//! that holds any of them. Their messages are derived with `thiserror`.

use std::error::Error as StdError;
use std::fmt;

/// Any error of this crate, for code that handles them alike (`?` converts each).
///
/// Each function returns its own, narrower type ([`ThresholdError`],
/// [`ParsePressureLevelError`], [`ModuleError`], [`CommandError`]); this enum holds any of
/// them, with the same message.
///
/// ```
/// use managed_service::{Error, PressureLevel, PressureThresholds};
///
/// fn parse(level: &str, critical: f64) -> Result<(PressureLevel, PressureThresholds), Error> {
///     Ok((level.parse()?, PressureThresholds::new(0.5, 0.7, critical)?))
/// }
/// let err = parse("high", 1.5).unwrap_err();
/// assert!(matches!(err, Error::Threshold(_)));
/// assert_eq!(err.to_string(), "critical threshold must be in (0, 1], got 1.5");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Pressure thresholds were refused.
    #[error(transparent)]
    Threshold(#[from] ThresholdError),
    /// A string did not name a pressure level.
    #[error(transparent)]
    ParsePressureLevel(#[from] ParsePressureLevelError),
    /// A module failed to initialise.
    #[error(transparent)]
    Module(#[from] ModuleError),
    /// A command did not produce a result.
    #[error(transparent)]
    Command(#[from] CommandError),
}

/// Why [`PressureThresholds::new`](crate::PressureThresholds::new) refused its arguments.
///
/// The message (`Display`) names the offending threshold and value, and is meant to be shown
/// as is — the Python bindings raise it as a `ValueError`.
///
/// ```
/// use managed_service::PressureThresholds;
///
/// let err = PressureThresholds::new(0.8, 0.9, 1.2).unwrap_err();
/// assert_eq!(err.to_string(), "critical threshold must be in (0, 1], got 1.2");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ThresholdError {
    /// A threshold is NaN or infinite.
    #[error("{name} threshold must be a finite number, got {value}")]
    NotFinite {
        /// Which threshold: `"warning"`, `"high"` or `"critical"`.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// A threshold is not in `(0, 1]`.
    #[error("{name} threshold must be in (0, 1], got {value}")]
    OutOfRange {
        /// Which threshold: `"warning"`, `"high"` or `"critical"`.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// The thresholds do not rise strictly: `warning < high < critical` does not hold.
    #[error(
        "thresholds must rise strictly (warning < high < critical), \
         got warning={warning}, high={high}, critical={critical}"
    )]
    NotAscending {
        /// The warning threshold given.
        warning: f64,
        /// The high threshold given.
        high: f64,
        /// The critical threshold given.
        critical: f64,
    },
}

/// A string that is not the name of a [`PressureLevel`](crate::PressureLevel).
///
/// ```
/// use managed_service::PressureLevel;
///
/// let err = "severe".parse::<PressureLevel>().unwrap_err();
/// assert_eq!(err.input(), "severe");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown pressure level {input:?} (expected one of: normal, warning, high, critical)")]
pub struct ParsePressureLevelError {
    input: String,
}

impl ParsePressureLevelError {
    pub(crate) fn new(input: &str) -> Self {
        Self {
            input: input.to_owned(),
        }
    }

    /// The text that failed to parse.
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }
}

/// A [`ServiceModule`](crate::ServiceModule) failed to initialise.
///
/// A host that gets this error leaves the module unregistered: its commands answer
/// [`CommandError::Unavailable`].
///
/// ```
/// use std::error::Error;
/// use managed_service::ModuleError;
///
/// let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
/// let err = ModuleError::with_source("cannot open model index", io);
/// assert_eq!(err.to_string(), "cannot open model index");
/// assert_eq!(err.source().unwrap().to_string(), "no such file");
/// ```
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ModuleError {
    message: String,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl ModuleError {
    /// An error with a message and no underlying cause.
    #[must_use]
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// An error with a message and the error that caused it, reachable through
    /// [`Error::source`].
    #[must_use]
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// The message, without the cause.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Why [`ServiceModule::handle_command`](crate::ServiceModule::handle_command) did not
/// produce a result.
///
/// The variant tells the caller what to do next, so pick it with care:
///
/// | Variant | Caller's fault? | Retrying helps? |
/// |---------|-----------------|-----------------|
/// | [`UnknownCommand`](Self::UnknownCommand) | yes (wrong name) | no |
/// | [`InvalidParams`](Self::InvalidParams) | yes (wrong shape) | no |
/// | [`NotImplemented`](Self::NotImplemented) | no (scaffold not filled in) | no |
/// | [`Unavailable`](Self::Unavailable) | no (unhealthy or shedding load) | later, yes |
/// | [`Failed`](Self::Failed) | no | depends on the message |
///
/// [`code`](Self::code) gives a stable `snake_case` slug for each variant, for the wire and
/// for tests; the `Display` text is for people.
///
/// The enum is `#[non_exhaustive]`: new variants may be added without a breaking release, so
/// a `match` outside this crate needs a wildcard arm.
///
/// # Examples
///
/// ```
/// use managed_service::CommandError;
///
/// let err = CommandError::unavailable("shedding load at critical pressure");
/// assert_eq!(err.code(), "unavailable");
/// assert_eq!(err.to_string(), "service unavailable: shedding load at critical pressure");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// No handler exists for this command in the module.
    #[error("unknown command {command:?}")]
    UnknownCommand {
        /// The command as received, e.g. `gpu/statz`.
        command: String,
    },
    /// The parameters do not have the shape the command expects.
    #[error("invalid params: {message}")]
    InvalidParams {
        /// What is wrong, for people, including the JSON path of the offending value when it
        /// is known (`at "subsystem": unknown variant ...`).
        message: String,
        /// The JSON path of the offending value (`subsystem`, `items[2].name`), when it is
        /// known; `None` for a problem with the params as a whole. A host sends it to the
        /// caller as `details.path`. See [`params_path`](CommandError::params_path).
        path: Option<String>,
    },
    /// The command is declared but its handler has not been written yet (generated scaffolds
    /// return this until someone fills them in).
    #[error("command {command:?} is not implemented yet")]
    NotImplemented {
        /// The command as received.
        command: String,
    },
    /// The module cannot serve right now: it is unhealthy, or shedding load under pressure.
    #[error("service unavailable: {reason}")]
    Unavailable {
        /// Why, for the caller and for operators.
        reason: String,
    },
    /// The handler ran and failed.
    #[error("command failed: {message}")]
    Failed {
        /// What went wrong.
        message: String,
    },
}

impl CommandError {
    /// [`CommandError::UnknownCommand`] for `command`.
    #[must_use]
    pub fn unknown_command(command: impl Into<String>) -> Self {
        Self::UnknownCommand {
            command: command.into(),
        }
    }

    /// [`CommandError::InvalidParams`] from a `serde_json` error, the usual source: the
    /// message keeps serde's description (such as "missing field `subsystem`"), and its
    /// position when there is one.
    ///
    /// ```
    /// use managed_service::CommandError;
    /// use serde_json::json;
    ///
    /// let err = serde_json::from_value::<Vec<u32>>(json!({ "not": "a list" })).unwrap_err();
    /// let err = CommandError::invalid_params(&err);
    /// assert_eq!(err.to_string(), "invalid params: invalid type: map, expected a sequence");
    /// ```
    ///
    /// The error carries no path; [`decode_params`](crate::decode_params) (feature `serde`)
    /// decodes params with one.
    #[must_use]
    pub fn invalid_params(error: &serde_json::Error) -> Self {
        Self::InvalidParams {
            message: error.to_string(),
            path: None,
        }
    }

    /// [`CommandError::InvalidParams`] with a message written by the caller, for checks that
    /// serde does not do (ranges, cross-field rules).
    #[must_use]
    pub fn invalid_params_message(message: impl Into<String>) -> Self {
        Self::InvalidParams {
            message: message.into(),
            path: None,
        }
    }

    /// [`CommandError::InvalidParams`] about the value at `path`: the message reads
    /// `at "<path>": <problem>`, and [`params_path`](Self::params_path) returns the path.
    ///
    /// ```
    /// use managed_service::CommandError;
    ///
    /// let err = CommandError::invalid_params_at("limits.maxTokens", "must be at most 4096, got 9000");
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid params: at \"limits.maxTokens\": must be at most 4096, got 9000"
    /// );
    /// assert_eq!(err.params_path(), Some("limits.maxTokens"));
    /// ```
    #[must_use]
    pub fn invalid_params_at(path: impl Into<String>, problem: impl fmt::Display) -> Self {
        let path = path.into();
        Self::InvalidParams {
            message: format!("at {path:?}: {problem}"),
            path: Some(path),
        }
    }

    /// The JSON path of the offending value of an [`InvalidParams`](Self::InvalidParams)
    /// error, when it is known; `None` for every other variant.
    #[must_use]
    pub fn params_path(&self) -> Option<&str> {
        match self {
            Self::InvalidParams { path, .. } => path.as_deref(),
            _ => None,
        }
    }

    /// [`CommandError::NotImplemented`] for `command`.
    #[must_use]
    pub fn not_implemented(command: impl Into<String>) -> Self {
        Self::NotImplemented {
            command: command.into(),
        }
    }

    /// [`CommandError::Unavailable`] with a reason.
    #[must_use]
    pub fn unavailable(reason: impl Into<String>) -> Self {
        Self::Unavailable {
            reason: reason.into(),
        }
    }

    /// [`CommandError::Failed`] with a message.
    #[must_use]
    pub fn failed(message: impl Into<String>) -> Self {
        Self::Failed {
            message: message.into(),
        }
    }

    /// A stable `snake_case` slug for the variant: `unknown_command`, `invalid_params`,
    /// `not_implemented`, `unavailable` or `failed`.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::UnknownCommand { .. } => "unknown_command",
            Self::InvalidParams { .. } => "invalid_params",
            Self::NotImplemented { .. } => "not_implemented",
            Self::Unavailable { .. } => "unavailable",
            Self::Failed { .. } => "failed",
        }
    }
}

impl From<serde_json::Error> for CommandError {
    /// Same as [`CommandError::invalid_params`], so `?` works on `serde_json::from_value`.
    fn from(error: serde_json::Error) -> Self {
        Self::invalid_params(&error)
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn threshold_messages_name_the_value() {
        assert_eq!(
            ThresholdError::NotFinite {
                name: "high",
                value: f64::NAN
            }
            .to_string(),
            "high threshold must be a finite number, got NaN"
        );
        assert_eq!(
            ThresholdError::OutOfRange {
                name: "warning",
                value: 0.0
            }
            .to_string(),
            "warning threshold must be in (0, 1], got 0"
        );
        assert_eq!(
            ThresholdError::NotAscending {
                warning: 0.9,
                high: 0.8,
                critical: 0.95
            }
            .to_string(),
            "thresholds must rise strictly (warning < high < critical), \
             got warning=0.9, high=0.8, critical=0.95"
        );
    }

    #[test]
    fn command_error_codes_and_messages() {
        let cases = [
            (
                CommandError::unknown_command("gpu/statz"),
                "unknown_command",
                "unknown command \"gpu/statz\"",
            ),
            (
                CommandError::invalid_params_message("/subsystem: expected a string"),
                "invalid_params",
                "invalid params: /subsystem: expected a string",
            ),
            (
                CommandError::not_implemented("gpu/stats"),
                "not_implemented",
                "command \"gpu/stats\" is not implemented yet",
            ),
            (
                CommandError::unavailable("unhealthy"),
                "unavailable",
                "service unavailable: unhealthy",
            ),
            (
                CommandError::failed("NVML returned 999"),
                "failed",
                "command failed: NVML returned 999",
            ),
        ];
        for (err, code, message) in cases {
            assert_eq!(err.code(), code);
            assert_eq!(err.to_string(), message);
            assert_eq!(err.params_path(), None);
        }
    }

    #[test]
    fn invalid_params_at_names_and_keeps_the_path() {
        let err = CommandError::invalid_params_at("items[2].name", "must not be empty");
        assert_eq!(err.code(), "invalid_params");
        assert_eq!(
            err.to_string(),
            "invalid params: at \"items[2].name\": must not be empty"
        );
        assert_eq!(err.params_path(), Some("items[2].name"));
        // A path with a quote in it stays readable and unambiguous.
        let err = CommandError::invalid_params_at("say \"hi\"", "bad");
        assert_eq!(
            err.to_string(),
            "invalid params: at \"say \\\"hi\\\"\": bad"
        );
    }

    #[test]
    fn serde_errors_convert_with_question_mark() {
        fn parse(params: serde_json::Value) -> Result<u8, CommandError> {
            Ok(serde_json::from_value(params)?)
        }
        let err = parse(serde_json::json!("seven")).unwrap_err();
        assert_eq!(err.code(), "invalid_params");
        assert!(err.to_string().contains("expected u8"), "{err}");
    }

    #[test]
    fn module_error_exposes_its_source() {
        let plain = ModuleError::new("no GPU");
        assert_eq!(plain.message(), "no GPU");
        assert!(plain.source().is_none());
        let wrapped = ModuleError::with_source("config unreadable", "bad toml");
        assert_eq!(wrapped.to_string(), "config unreadable");
        assert_eq!(wrapped.source().unwrap().to_string(), "bad toml");
    }

    #[test]
    fn errors_are_send_and_sync() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<ThresholdError>();
        assert_send_sync::<ParsePressureLevelError>();
        assert_send_sync::<ModuleError>();
        assert_send_sync::<CommandError>();
        assert_send_sync::<Error>();
    }

    #[test]
    fn the_crate_error_keeps_each_message_and_source() {
        let err = Error::from(CommandError::unavailable("unhealthy"));
        assert_eq!(err.to_string(), "service unavailable: unhealthy");
        let err = Error::from(ModuleError::with_source("config unreadable", "bad toml"));
        assert_eq!(err.to_string(), "config unreadable");
        assert_eq!(err.source().unwrap().to_string(), "bad toml");
        let err = Error::from(ParsePressureLevelError::new("severe"));
        assert!(
            err.to_string()
                .starts_with("unknown pressure level \"severe\""),
            "{err}"
        );
    }
}
