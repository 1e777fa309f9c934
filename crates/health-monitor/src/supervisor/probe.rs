//! [`Probe`]: the answers to Kubernetes' liveness and readiness questions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The answer to a liveness or readiness probe: pass or fail, and why it fails.
///
/// Over HTTP (feature `http`) a passing probe is `200`, a failing one `503`, and the body is
/// this struct as JSON.
///
/// ```
/// use health_monitor::Probe;
///
/// let probe = Probe::failing(vec!["service \"db\" is unhealthy: socket closed".to_owned()]);
/// assert_eq!(probe.status_code(), 503);
/// assert_eq!(Probe::passing().status_code(), 200);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    /// Whether the probe passes.
    pub ok: bool,
    /// Why it fails; empty when it passes.
    pub reasons: Vec<String>,
}

impl Probe {
    /// A passing probe.
    #[must_use]
    pub const fn passing() -> Self {
        Self {
            ok: true,
            reasons: Vec::new(),
        }
    }

    /// A failing probe with its reasons.
    #[must_use]
    pub const fn failing(reasons: Vec<String>) -> Self {
        Self { ok: false, reasons }
    }

    /// Passing when there is no reason to fail.
    pub(crate) fn from_reasons(reasons: Vec<String>) -> Self {
        Self {
            ok: reasons.is_empty(),
            reasons,
        }
    }

    /// `200` when passing, `503` (service unavailable) when failing.
    #[must_use]
    pub const fn status_code(&self) -> u16 {
        if self.ok { 200 } else { 503 }
    }
}
