//! [`HealthStatus`]: what a service reports when the monitor asks.

use std::fmt;

/// A service's health, in three graduated steps.
///
/// `Degraded` and `Unhealthy` carry a reason meant for operators ("GPU context lost", "2 of 3
/// replicas down"); keep it short and specific. The runtime reacts to the step, never to the
/// reason's text:
///
/// | Variant | Meaning | The runtime |
/// |---------|---------|-------------|
/// | `Healthy` | working normally | nothing |
/// | `Degraded` | working, with reduced capacity or quality | reports it; `/readyz` still passes |
/// | `Unhealthy` | not doing its job | calls [`heal`](crate::ManagedService::heal) with backoff |
///
/// With the `serde` feature the JSON form is tagged by `status`, which reads naturally from
/// TypeScript as a discriminated union:
/// `{ "status": "healthy" }`, `{ "status": "degraded", "reason": "cache cold" }`.
///
/// # Examples
///
/// ```
/// use managed_service::HealthStatus;
///
/// let status = HealthStatus::degraded("serving from cache only");
/// assert!(!status.is_healthy());
/// assert_eq!(status.reason(), Some("serving from cache only"));
/// assert_eq!(status.to_string(), "degraded: serving from cache only");
/// assert_eq!(HealthStatus::Healthy.reason(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "status", rename_all = "camelCase")
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum HealthStatus {
    /// Working normally.
    Healthy,
    /// Working, but with reduced capacity or quality.
    Degraded {
        /// Why, for operators.
        reason: String,
    },
    /// Not doing its job; the runtime will try to [`heal`](crate::ManagedService::heal) it.
    Unhealthy {
        /// Why, for operators.
        reason: String,
    },
}

impl HealthStatus {
    /// Builds [`HealthStatus::Degraded`] with the given reason.
    ///
    /// ```
    /// # use managed_service::HealthStatus;
    /// assert_eq!(
    ///     HealthStatus::degraded("slow disk"),
    ///     HealthStatus::Degraded { reason: "slow disk".to_owned() },
    /// );
    /// ```
    #[must_use]
    pub fn degraded(reason: impl Into<String>) -> Self {
        Self::Degraded {
            reason: reason.into(),
        }
    }

    /// Builds [`HealthStatus::Unhealthy`] with the given reason.
    ///
    /// ```
    /// # use managed_service::HealthStatus;
    /// assert!(HealthStatus::unhealthy("socket closed").is_unhealthy());
    /// ```
    #[must_use]
    pub fn unhealthy(reason: impl Into<String>) -> Self {
        Self::Unhealthy {
            reason: reason.into(),
        }
    }

    /// Returns `true` for [`HealthStatus::Healthy`] only.
    #[must_use]
    pub const fn is_healthy(&self) -> bool {
        matches!(self, Self::Healthy)
    }

    /// Returns `true` for [`HealthStatus::Degraded`] only.
    #[must_use]
    pub const fn is_degraded(&self) -> bool {
        matches!(self, Self::Degraded { .. })
    }

    /// Returns `true` for [`HealthStatus::Unhealthy`] only.
    #[must_use]
    pub const fn is_unhealthy(&self) -> bool {
        matches!(self, Self::Unhealthy { .. })
    }

    /// The reason given with `Degraded` or `Unhealthy`; `None` when healthy.
    #[must_use]
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::Healthy => None,
            Self::Degraded { reason } | Self::Unhealthy { reason } => Some(reason),
        }
    }

    /// The lowercase name of the step: `"healthy"`, `"degraded"` or `"unhealthy"`.
    ///
    /// This is also the `status` tag of the serde form.
    ///
    /// ```
    /// # use managed_service::HealthStatus;
    /// assert_eq!(HealthStatus::unhealthy("x").as_str(), "unhealthy");
    /// ```
    #[must_use]
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::Healthy => "healthy",
            Self::Degraded { .. } => "degraded",
            Self::Unhealthy { .. } => "unhealthy",
        }
    }
}

impl fmt::Display for HealthStatus {
    /// `healthy`, or the step and its reason: `degraded: cache cold`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason() {
            None => f.write_str(self.as_str()),
            Some(reason) => write!(f, "{}: {reason}", self.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates_match_exactly_one_variant() {
        let all = [
            HealthStatus::Healthy,
            HealthStatus::degraded("d"),
            HealthStatus::unhealthy("u"),
        ];
        for status in &all {
            let hits = [
                status.is_healthy(),
                status.is_degraded(),
                status.is_unhealthy(),
            ];
            assert_eq!(hits.iter().filter(|hit| **hit).count(), 1, "{status:?}");
        }
    }

    #[test]
    fn display_includes_reason() {
        assert_eq!(HealthStatus::Healthy.to_string(), "healthy");
        assert_eq!(
            HealthStatus::degraded("cache cold").to_string(),
            "degraded: cache cold"
        );
        assert_eq!(
            HealthStatus::unhealthy("GPU context lost").to_string(),
            "unhealthy: GPU context lost"
        );
    }

    #[test]
    fn reason_is_exposed_for_both_unhappy_variants() {
        assert_eq!(HealthStatus::Healthy.reason(), None);
        assert_eq!(HealthStatus::degraded("a").reason(), Some("a"));
        assert_eq!(HealthStatus::unhealthy("b").reason(), Some("b"));
    }

    #[cfg(feature = "serde")]
    mod serde_form {
        use serde_json::json;

        use super::*;

        #[test]
        fn serialises_as_status_tagged_objects() {
            assert_eq!(
                serde_json::to_value(HealthStatus::Healthy).unwrap(),
                json!({ "status": "healthy" })
            );
            assert_eq!(
                serde_json::to_value(HealthStatus::degraded("cache cold")).unwrap(),
                json!({ "status": "degraded", "reason": "cache cold" })
            );
            assert_eq!(
                serde_json::to_value(HealthStatus::unhealthy("down")).unwrap(),
                json!({ "status": "unhealthy", "reason": "down" })
            );
        }

        #[test]
        fn round_trips() {
            for status in [
                HealthStatus::Healthy,
                HealthStatus::degraded("cache cold"),
                HealthStatus::unhealthy("down"),
            ] {
                let text = serde_json::to_string(&status).unwrap();
                let back: HealthStatus = serde_json::from_str(&text).unwrap();
                assert_eq!(back, status);
            }
        }

        #[test]
        fn rejects_a_degraded_status_without_reason() {
            let err = serde_json::from_value::<HealthStatus>(json!({ "status": "degraded" }))
                .unwrap_err();
            assert!(err.to_string().contains("reason"), "{err}");
        }
    }

    #[cfg(feature = "ts")]
    #[test]
    fn typescript_declaration_is_a_discriminated_union() {
        use ts_rs::{Config, TS};
        // Field docs travel into the declaration as JSDoc.
        let reason = "\n/**\n * Why, for operators.\n */\nreason: string, }";
        assert_eq!(
            HealthStatus::decl(&Config::new()),
            format!(
                "type HealthStatus = {{ \"status\": \"healthy\" }} \
                 | {{ \"status\": \"degraded\", {reason} \
                 | {{ \"status\": \"unhealthy\", {reason};"
            )
        );
    }
}
