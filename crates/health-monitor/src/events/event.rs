//! [`Event`]: one event, with its sequence number and time.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::EventKind;

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
