//! Calls into services, isolated: a panic becomes a value, and a call that does not return
//! in time is abandoned while the others go on.
//!
//! # How a batch runs
//!
//! The calls of one step (all health checks of a tick, all `pressure_response`s of a level
//! change) form a batch, run **in order on one worker thread** from a small pool, while the
//! calling thread waits. Running them in order keeps the "lowest priority first" promise
//! and costs one thread hand-off per batch, not one per call.
//!
//! A hand-off costs two thread wake-ups when both sides sleep. So the waiting thread polls
//! for a few microseconds before it sleeps (a batch of quick calls is often done by then),
//! and a worker that has been getting batches back to back polls for the next one; an idle
//! monitor, whose batches come a tick apart, sleeps at once.
//!
//! The worker publishes which call it is in and when it started. If that call overruns the
//! timeout, the waiting thread records it as timed out, abandons the worker (it stays blocked
//! in the service's code, and drops its result whenever the call returns) and hands the rest
//! of the batch to a fresh thread. The service is marked *in flight* until its call returns,
//! and no other call is made into it meanwhile, so a service that blocks forever holds one
//! thread, not one per tick.
//!
//! # Patience
//!
//! [`Executor::run_patiently`] waits for each call only up to a *patience* shorter than its
//! timeout. A call still running then is not abandoned but left behind as a [`Pending`]:
//! the rest of the batch goes on on a fresh thread, and the caller takes the call's result
//! later, once it returns or once its timeout has passed. This is how one service that hangs
//! in `health()` or `heal()` delays the tick by the patience at most, not by its timeout.

mod batch;
mod call;
mod pending;
mod pool;
mod runner;
#[cfg(test)]
mod tests;

pub(crate) use call::{Call, CallResult, Op, Returned, Services};
pub(crate) use pending::Pending;
pub(crate) use runner::Executor;
