//! Tests of the event types: JSON round trips and TypeScript declarations.

use ts_rs::{Config, TS};

use super::{Event, EventKind};
use crate::model::CallOutcome;

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
