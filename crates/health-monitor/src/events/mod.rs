//! Typed events, and the bus that delivers them to subscribers.
//!
//! Every step the runtime takes is announced as an [`Event`]: a health snapshot per tick, a
//! health change, a pressure level change and each `pressure_response` it caused, each
//! `shed_load`, each heal attempt, a breaker opening (escalation) or resetting, a refused
//! reservation, each service stopped at shutdown.
//!
//! The types derive `serde` and `ts-rs`, so TypeScript reads the same shapes: an event is
//! `{ "seq": 7, "atMs": 1250, "type": "system:pressure:changed", ... }`, a union
//! discriminated by `type`. Byte counts and times are `number` on the TypeScript side (they
//! stay far below 2^53).

mod bus;

use std::sync::Arc;

use managed_service::{HealthStatus, PressureLevel};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use bus::{EventBus, Subscription};

use crate::combine::SourceReport;
use crate::model::{CallOutcome, Denial, HealthSnapshot};

/// One event: a sequence number, the clock time, and what happened.
///
/// `seq` increases by one per event published on the bus, whether or not a given
/// subscriber received it, so a gap in a subscription's `seq` shows events it dropped.
///
/// ```
/// use health_monitor::{CallOutcome, Event, EventKind};
/// use managed_service::PressureLevel;
///
/// let event = Event {
///     seq: 3,
///     at_ms: 1500,
///     kind: EventKind::PressureResponse {
///         service: "renderer".into(),
///         level: PressureLevel::High,
///         outcome: CallOutcome::Completed,
///     },
/// };
/// assert_eq!(event.kind.name(), "system:pressure:response");
/// assert_eq!(
///     serde_json::to_string(&event)?,
///     r#"{"seq":3,"atMs":1500,"type":"system:pressure:response","service":"renderer","level":"high","outcome":{"result":"completed"}}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// Position in the bus's stream, from 0.
    #[ts(type = "number")]
    pub seq: u64,
    /// The supervisor clock's time, in milliseconds since its epoch.
    #[ts(type = "number")]
    pub at_ms: u64,
    /// What happened.
    #[serde(flatten)]
    #[ts(flatten)]
    pub kind: EventKind,
}

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

#[cfg(test)]
pub(crate) mod tests {
    use ts_rs::Config;

    use super::*;

    #[test]
    fn events_round_trip_through_json() {
        let event = Event {
            seq: 1,
            at_ms: 2,
            kind: EventKind::HealAttempt {
                service: "db".into(),
                attempt: 2,
                healed: false,
                outcome: CallOutcome::TimedOut { after_ms: 500 },
                retry_in_ms: Some(4000),
            },
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["type"], "system:heal:attempt");
        assert_eq!(json["retryInMs"], 4000);
        assert_eq!(
            json["outcome"],
            serde_json::json!({"result": "timedOut", "afterMs": 500})
        );
        let back: Event = serde_json::from_value(json).unwrap();
        assert_eq!(back, event);
        assert_eq!(back.kind.service(), Some("db"));
    }

    /// A declaration without its doc comments, on one line.
    pub(crate) fn compact(decl: &str) -> String {
        let mut out = String::new();
        let mut rest = decl;
        while let Some(start) = rest.find("/**") {
            out.push_str(&rest[..start]);
            rest = rest[start..]
                .find("*/")
                .map_or("", |end| &rest[start + end + 2..]);
        }
        out.push_str(rest);
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn typescript_is_a_union_discriminated_by_type() {
        let decl = compact(&EventKind::decl(&Config::new()));
        assert!(
            decl.contains("\"type\": \"system:pressure:changed\""),
            "{decl}"
        );
        assert!(decl.contains("retryInMs: number | null"), "{decl}");
        let event = compact(&Event::decl(&Config::new()));
        assert!(event.starts_with("type Event = { seq: number, atMs: number, } & ({ \"type\": \"system:health:snapshot\" } & HealthSnapshot"), "{event}");
        let outcome = compact(&CallOutcome::decl(&Config::new()));
        assert!(
            outcome.contains("\"result\": \"timedOut\", afterMs: number"),
            "{outcome}"
        );
    }
}
