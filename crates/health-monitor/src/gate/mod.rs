//! [`ResourceGate`]: reserve before you load.
//!
//! The incident this crate exists for — a loop loading fourteen 2 GB adapters into a
//! machine that could hold seven — happened because nothing was asked before memory moved.
//! A gate is what is asked. Code that is about to allocate a large block (a model, an
//! adapter, a render target) calls [`ResourceGate::reserve`] first, and loads only with a
//! [`Permit`] in hand; the permit returns the bytes when it is dropped, which is when the
//! block is freed.
//!
//! # What is checked
//!
//! A reservation of `n` bytes for subsystem `s` is granted when all of these hold:
//!
//! 1. the resource's pressure level (fed by the supervisor each tick) is below the gate's
//!    refusal level — Critical by default;
//! 2. measured use plus `n` fits in the capacity;
//! 3. `s`'s reservations plus `n` fit in `s`'s budget.
//!
//! Otherwise it is refused with a [`Denial`] that states the level, the bytes requested and
//! the bytes available. Budgets are fractions of the capacity; for GPU memory the defaults
//! are inference 75 %, tts 10 %, rendering 10 %, reserve 5 %.
//!
//! # The design choice, and what it costs
//!
//! The gate is a **ledger of promises**, checked without a lock: each subsystem's
//! reservations are one atomic counter raised by compare-and-swap only while it stays within
//! the budget, so no interleaving of threads can over-commit a budget, and an uncontended
//! reserve + release is a few atomic operations. Reservations count toward pressure at
//! once: a supervisor that has the gate ([`Supervisor::add_gate`](crate::Supervisor::add_gate))
//! reads bytes reserved of capacity as one more pressure source, before any memory moves.
//!
//! The cost: the gate cannot tell which of the bytes it measures are ones it promised. It
//! takes the larger of the two — measured use and reservations — as what is used, so memory
//! used *outside* the gate is undercounted by at most the reservations whose memory has not
//! been allocated yet. Keep the loading window short (reserve, load, keep the permit) and the
//! error is one load.

mod builder;
mod ledger;
mod permit;
mod resource_gate;
mod source;
#[cfg(test)]
mod tests;
mod usage;

pub use builder::{DEFAULT_BUDGETS, GateBuilder};
pub use permit::Permit;
pub use resource_gate::ResourceGate;
pub use source::GateSource;
pub use usage::SubsystemUsage;
