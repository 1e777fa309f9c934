//! [`EventKind`]: what happened, one variant per event name.

use std::sync::Arc;

use managed_service::{HealthStatus, PressureLevel};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::combine::SourceReport;
use crate::model::{CallOutcome, Denial, HealthSnapshot};

/// What happened. The JSON `type` tag is the event's name, as [`EventKind::name`] returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum EventKind {
    /// `system:health:snapshot`: every service's health after a tick.
    #[serde(rename = "system:health:snapshot")]
    HealthSnapshot(Arc<HealthSnapshot>),

    /// `system:health:changed`: a service's health moved to another step (or was first
    /// seen).
    #[serde(rename = "system:health:changed")]
    HealthChanged {
        /// The service.
        #[ts(type = "string")]
        service: Arc<str>,
        /// The previous status; `null` on the first check.
        from: Option<HealthStatus>,
        /// The new status.
        to: HealthStatus,
    },

    /// `system:pressure:changed`: the combined level changed.
    #[serde(rename = "system:pressure:changed")]
    PressureChanged {
        /// The level before.
        from: PressureLevel,
        /// The level now.
        to: PressureLevel,
        /// Every source's reading and level at the change.
        sources: Vec<SourceReport>,
    },

    /// `system:pressure:response`: `pressure_response(level)` was called on a service.
    #[serde(rename = "system:pressure:response")]
    PressureResponse {
        /// The service.
        #[ts(type = "string")]
        service: Arc<str>,
        /// The level announced.
        level: PressureLevel,
        /// How the call went.
        outcome: CallOutcome,
    },

    /// `system:pressure:shed`: `shed_load()` was called, because the level stayed Critical
    /// past the grace period.
    #[serde(rename = "system:pressure:shed")]
    ShedLoad {
        /// The service.
        #[ts(type = "string")]
        service: Arc<str>,
        /// How long the level had been Critical, in milliseconds.
        #[ts(type = "number")]
        critical_for_ms: u64,
        /// How the call went.
        outcome: CallOutcome,
    },

    /// `system:heal:attempt`: `heal()` was called on an unhealthy service.
    #[serde(rename = "system:heal:attempt")]
    HealAttempt {
        /// The service.
        #[ts(type = "string")]
        service: Arc<str>,
        /// 1 for the first attempt since the service was last healthy.
        attempt: u32,
        /// What `heal()` returned (`false` after a panic or timeout).
        healed: bool,
        /// How the call went.
        outcome: CallOutcome,
        /// When the next attempt is due, if the service stays unhealthy; `null` once the
        /// breaker has opened.
        #[ts(type = "number | null")]
        retry_in_ms: Option<u64>,
    },

    /// `system:heal:escalation`: too many heals failed within the window; the breaker is
    /// open, no more heals are tried, and a person (or an orchestrator) must step in.
    #[serde(rename = "system:heal:escalation")]
    Escalation {
        /// The service.
        #[ts(type = "string")]
        service: Arc<str>,
        /// Failed heals within the window.
        failures: u32,
        /// The window, in milliseconds.
        #[ts(type = "number")]
        window_ms: u64,
        /// The service's last unhealthy reason.
        reason: String,
    },

    /// `system:heal:reset`: the service stayed healthy long enough; its breaker is closed
    /// and its failure count cleared.
    #[serde(rename = "system:heal:reset")]
    BreakerReset {
        /// The service.
        #[ts(type = "string")]
        service: Arc<str>,
        /// How long it had been healthy, in milliseconds.
        #[ts(type = "number")]
        healthy_for_ms: u64,
    },

    /// `system:gate:denied`: a reservation was refused.
    #[serde(rename = "system:gate:denied")]
    GateDenied(Denial),

    /// `system:service:stopped`: a service was shut down.
    #[serde(rename = "system:service:stopped")]
    ServiceStopped {
        /// The service.
        #[ts(type = "string")]
        service: Arc<str>,
        /// How `shutdown()` (and the lifecycle hook, if any) went.
        outcome: CallOutcome,
    },

    /// `system:shutdown:complete`: every service has been shut down.
    #[serde(rename = "system:shutdown:complete")]
    ShutdownComplete {
        /// How many services were shut down.
        services: u32,
    },
}

impl EventKind {
    /// The event's name, which is also its JSON `type`.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Self::HealthSnapshot(_) => "system:health:snapshot",
            Self::HealthChanged { .. } => "system:health:changed",
            Self::PressureChanged { .. } => "system:pressure:changed",
            Self::PressureResponse { .. } => "system:pressure:response",
            Self::ShedLoad { .. } => "system:pressure:shed",
            Self::HealAttempt { .. } => "system:heal:attempt",
            Self::Escalation { .. } => "system:heal:escalation",
            Self::BreakerReset { .. } => "system:heal:reset",
            Self::GateDenied(_) => "system:gate:denied",
            Self::ServiceStopped { .. } => "system:service:stopped",
            Self::ShutdownComplete { .. } => "system:shutdown:complete",
        }
    }

    /// The service the event is about, if it is about one.
    #[must_use]
    pub fn service(&self) -> Option<&str> {
        match self {
            Self::HealthChanged { service, .. }
            | Self::PressureResponse { service, .. }
            | Self::ShedLoad { service, .. }
            | Self::HealAttempt { service, .. }
            | Self::Escalation { service, .. }
            | Self::BreakerReset { service, .. }
            | Self::ServiceStopped { service, .. } => Some(service),
            _ => None,
        }
    }
}
