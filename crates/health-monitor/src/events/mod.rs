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
mod event;
mod kind;
#[cfg(test)]
pub(crate) mod tests;

pub use bus::{EventBus, Subscription};
pub use event::Event;
pub use kind::EventKind;
