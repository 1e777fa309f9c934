//! The data types that several parts of the runtime share: what a call into a service
//! returned, which memory a reading is about, a refused reservation, a service's budget and
//! every service's health after a tick.
//!
//! This module is a leaf: it imports nothing else of the crate, so every other module can
//! use it without an import running back.

mod budget;
mod call_outcome;
mod denial;
mod health;
mod resource;

pub use budget::ResourceBudget;
pub use call_outcome::CallOutcome;
pub use denial::{Denial, DenialReason};
pub use health::{HealthSnapshot, ServiceHealth};
pub use resource::Resource;
