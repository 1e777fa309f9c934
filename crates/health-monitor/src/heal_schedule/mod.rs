//! The heal schedule: [`HealPolicy`] says when and how often `heal()` is tried, and
//! [`HealState`] holds one service's place in that schedule and its breaker. The registry
//! keeps a state per service; the self-heal loop (`heal`) reads and records it.

mod policy;
mod state;
#[cfg(test)]
mod tests;

pub use policy::HealPolicy;
pub(crate) use state::HealState;
