//! [`CallOutcome`]: how one call into a service went.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How one call into a service went.
///
/// JSON: `{ "result": "completed" }`, `{ "result": "panicked", "message": "..." }`,
/// `{ "result": "timedOut", "afterMs": 500 }`, `{ "result": "skipped", "reason": "..." }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "result",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum CallOutcome {
    /// The call returned.
    Completed,
    /// The call panicked; the service is marked unhealthy.
    Panicked {
        /// The panic message.
        message: String,
    },
    /// The call did not return within its timeout; the service is marked unhealthy, and no
    /// other call is made into it until this one returns.
    TimedOut {
        /// The timeout, in milliseconds.
        #[ts(type = "number")]
        after_ms: u64,
    },
    /// The call was not made, because an earlier call into the same service has not
    /// returned.
    Skipped {
        /// Why.
        reason: String,
    },
}

impl CallOutcome {
    /// Whether the call returned normally.
    #[must_use]
    pub const fn is_completed(&self) -> bool {
        matches!(self, Self::Completed)
    }

    /// A short description of a failed call, for health reasons: `None` when completed.
    pub(crate) fn failure(&self, callback: &str) -> Option<String> {
        match self {
            Self::Completed => None,
            Self::Panicked { message } => Some(format!("{callback}() panicked: {message}")),
            Self::TimedOut { after_ms } => {
                Some(format!("{callback}() did not return within {after_ms} ms"))
            }
            Self::Skipped { reason } => Some(format!("{callback}() not called: {reason}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_reasons_name_the_callback() {
        assert_eq!(CallOutcome::Completed.failure("heal"), None);
        assert_eq!(
            CallOutcome::Panicked {
                message: "boom".into()
            }
            .failure("heal")
            .as_deref(),
            Some("heal() panicked: boom")
        );
    }
}
