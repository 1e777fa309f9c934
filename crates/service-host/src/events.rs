//! Events over IPC: a connection whose first request is `events/subscribe` becomes a stream
//! of the supervisor's [`Event`](health_monitor::Event)s, for the TypeScript `Events` client.
//!
//! ```text
//! client ─ { "command": "events/subscribe", "params": { "types": ["system:pressure:changed"] } } ─▶ host
//! client ◀─ { "success": true, "result": { "types": [...], "queue": 256 } } ─ host
//! client ◀─ { "event": { "seq": 7, "atMs": 1250, "type": "system:pressure:changed", ... }, "dropped": 0 } ─ host
//! ```
//!
//! - Another `events/subscribe` on the same connection replaces the set of types (an empty
//!   list: none) and is answered the same way; `events/unsubscribe` is answered and the
//!   connection closed. No event of a type that a request dropped follows its reply (the
//!   pump reads the types under the writer lock). Any other command there is refused (`invalid_params`), and so is
//!   `events/subscribe` on a connection that has carried commands. A first `events/subscribe`
//!   that is refused (an unknown type, a bad shape) is answered and the connection closed.
//! - The subscription is an [`EventBus`](health_monitor::EventBus) subscription with a
//!   bounded queue ([`HostBuilder::event_queue`](crate::HostBuilder::event_queue)). The
//!   monitor never waits for a subscriber: when the queue is full the event is dropped for
//!   that subscriber and counted (`health_monitor_events_dropped_total`, and `dropped` in
//!   the next frame, this subscriber's own count).
//! - A pump thread moves events from the queue to the socket; only it waits for a slow
//!   client. When the client hangs up, or the host shuts down (which stops reading), the
//!   pump stops within [`PUMP_POLL`] and the subscription is dropped.

use std::io::{BufReader, Read};
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use health_monitor::Subscription;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::shared::Shared;
use crate::wire::{self, Failure, FrameError};

/// The command that turns a connection into an event stream.
pub(crate) const SUBSCRIBE: &str = "events/subscribe";
/// The command that ends an event stream.
pub(crate) const UNSUBSCRIBE: &str = "events/unsubscribe";

/// How often the pump looks up from an empty queue to see whether the stream has ended.
pub(crate) const PUMP_POLL: Duration = Duration::from_millis(100);

/// The event types a client may subscribe to: every `type` the supervisor publishes.
pub const EVENT_TYPES: [&str; 11] = [
    "system:health:snapshot",
    "system:health:changed",
    "system:pressure:changed",
    "system:pressure:response",
    "system:pressure:shed",
    "system:heal:attempt",
    "system:heal:escalation",
    "system:heal:reset",
    "system:gate:denied",
    "system:service:stopped",
    "system:shutdown:complete",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubscribeParams {
    types: Vec<String>,
}

/// The set of subscribed types, one bit per entry of [`EVENT_TYPES`].
fn mask_of(params: Value) -> Result<u32, Failure> {
    let params: SubscribeParams = managed_service::decode_params(params).map_err(Failure::from)?;
    let mut mask = 0;
    for name in &params.types {
        let Some(bit) = EVENT_TYPES.iter().position(|known| known == name) else {
            return Err(Failure::new(
                "invalid_params",
                format!(
                    "unknown event type {name:?}; known types: {}",
                    EVENT_TYPES.join(", ")
                ),
            )
            .with_details(json!({ "path": "types" })));
        };
        mask |= 1 << bit;
    }
    Ok(mask)
}

fn types_of(mask: u32) -> Vec<&'static str> {
    EVENT_TYPES
        .iter()
        .enumerate()
        .filter(|(bit, _)| mask & (1 << bit) != 0)
        .map(|(_, name)| *name)
        .collect()
}

fn bit_of(name: &str) -> u32 {
    EVENT_TYPES
        .iter()
        .position(|known| *known == name)
        .map_or(0, |bit| 1 << bit)
}

/// Whether a decoded request opens an event stream.
pub(crate) fn opens_stream(command: &str) -> bool {
    command == SUBSCRIBE
}

/// The refusal of an event command on a command connection.
pub(crate) fn not_here(command: &str) -> Failure {
    Failure::new(
        "invalid_params",
        format!("{command:?} must be the first request of a connection of its own"),
    )
}

/// What the reader and the pump share.
struct Stream {
    writer: Mutex<UnixStream>,
    mask: AtomicU32,
    done: AtomicBool,
}

impl Stream {
    /// Writes one frame; on failure the stream is done.
    fn send(&self, payload: &[u8]) -> bool {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if wire::write_frame(&mut *writer, payload).is_ok() {
            return true;
        }
        self.done.store(true, Ordering::Release);
        let _ = writer.shutdown(Shutdown::Both);
        false
    }

    /// Writes an event frame of the type `bit` unless that type is no longer subscribed.
    /// The mask is read under the writer lock, so no event of a type dropped by a
    /// (re)subscription or `events/unsubscribe` follows that request's reply.
    fn send_event(&self, bit: u32, payload: &[u8]) -> bool {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if self.mask.load(Ordering::Acquire) & bit == 0 {
            return true;
        }
        if wire::write_frame(&mut *writer, payload).is_ok() {
            return true;
        }
        self.done.store(true, Ordering::Release);
        let _ = writer.shutdown(Shutdown::Both);
        false
    }

    fn acknowledge(&self, mask: u32, queue: usize) -> bool {
        let reply = json!({ "types": types_of(mask), "queue": queue });
        self.send(&wire::encode_reply(&Ok(reply), usize::MAX))
    }
}

/// Serves an event stream on `stream`, whose first request (`events/subscribe` with
/// `params`) has been read; returns when the client hangs up, unsubscribes, or the host
/// stops reading.
pub(crate) fn serve(
    shared: &Arc<Shared>,
    stream: &UnixStream,
    reader: &mut BufReader<impl Read>,
    params: Value,
) {
    let Ok(writer) = stream.try_clone() else {
        return;
    };
    let state = Arc::new(Stream {
        writer: Mutex::new(writer),
        mask: AtomicU32::new(0),
        done: AtomicBool::new(false),
    });
    let mask = match mask_of(params) {
        Ok(mask) => mask,
        Err(failure) => {
            state.send(&wire::encode_failure(&failure));
            return;
        }
    };
    state.mask.store(mask, Ordering::Release);
    // Subscribe before acknowledging: every event after the reply reaches the client.
    let subscription = shared
        .supervisor
        .events()
        .subscribe_with_capacity(shared.event_queue);
    if !state.acknowledge(mask, shared.event_queue) {
        return;
    }
    let pumping = Arc::clone(&state);
    let Ok(pump) = thread::Builder::new()
        .name("service-host-events".to_owned())
        .spawn(move || pump(&pumping, &subscription))
    else {
        eprintln!("service-host: dropped an event subscriber: cannot start its thread");
        return;
    };
    read_controls(shared, &state, reader);
    state.done.store(true, Ordering::Release);
    let _ = pump.join();
}

/// Answers the client's later requests until it hangs up or unsubscribes.
fn read_controls(shared: &Shared, state: &Stream, reader: &mut BufReader<impl Read>) {
    while !state.done.load(Ordering::Acquire) {
        let payload = match wire::read_frame(reader, shared.max_frame_bytes) {
            Ok(Some(payload)) => payload,
            Ok(None) | Err(FrameError::Closed | FrameError::TooLarge { .. }) => return,
        };
        let request = match wire::decode_request(&payload) {
            Ok(request) => request,
            Err(failure) => {
                state.send(&wire::encode_failure(&failure));
                continue;
            }
        };
        match request.command.as_str() {
            SUBSCRIBE => match mask_of(request.params) {
                Ok(mask) => {
                    state.mask.store(mask, Ordering::Release);
                    state.acknowledge(mask, shared.event_queue);
                }
                Err(failure) => {
                    state.send(&wire::encode_failure(&failure));
                }
            },
            UNSUBSCRIBE => {
                // Clear the mask before the reply: no event frame follows it.
                state.mask.store(0, Ordering::Release);
                state.acknowledge(0, shared.event_queue);
                return;
            }
            other => {
                let failure = Failure::new(
                    "invalid_params",
                    format!(
                        "{other:?} cannot be sent on an event connection (only {SUBSCRIBE:?} and {UNSUBSCRIBE:?}); use another connection for commands"
                    ),
                );
                state.send(&wire::encode_failure(&failure));
            }
        }
    }
}

/// Moves events of the subscribed types from the queue to the socket.
fn pump(state: &Stream, subscription: &Subscription) {
    while !state.done.load(Ordering::Acquire) {
        let Some(event) = subscription.next_timeout(PUMP_POLL) else {
            continue;
        };
        let bit = bit_of(event.kind.name());
        if state.mask.load(Ordering::Acquire) & bit == 0 {
            continue;
        }
        let frame = json!({ "event": event, "dropped": subscription.dropped() });
        let Ok(payload) = serde_json::to_vec(&frame) else {
            continue;
        };
        if !state.send_event(bit, &payload) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_round_trip_through_the_mask() {
        let mask =
            mask_of(json!({ "types": ["system:gate:denied", "system:health:snapshot"] })).unwrap();
        assert_eq!(
            types_of(mask),
            ["system:health:snapshot", "system:gate:denied"]
        );
        assert_eq!(
            mask & bit_of("system:gate:denied"),
            bit_of("system:gate:denied")
        );
        assert_eq!(bit_of("system:nope"), 0);
    }

    #[test]
    fn unknown_types_and_shapes_are_invalid_params() {
        let failure = mask_of(json!({ "types": ["system:pressure:chnged"] })).unwrap_err();
        assert_eq!(failure.kind, "invalid_params");
        assert!(failure.message.starts_with(
            "unknown event type \"system:pressure:chnged\"; known types: system:health:snapshot,"
        ));
        assert_eq!(mask_of(json!({})).unwrap_err().kind, "invalid_params");
        assert_eq!(
            mask_of(json!({ "types": [], "x": 1 })).unwrap_err().kind,
            "invalid_params"
        );
    }
}
