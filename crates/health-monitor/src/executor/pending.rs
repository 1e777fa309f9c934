//! [`Pending`]: a call that outlived the patience and goes on by itself.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::CallResult;
use super::batch::Batch;
use crate::clock::millis;
use crate::model::CallOutcome;

/// A call that ran past the patience of [`Executor::run_patiently`] and goes on by itself.
///
/// Its service stays *in flight* until it returns, so no other call is made into it. Its
/// result is taken with [`result`](Self::result) once it has returned; once `timeout` has
/// passed since it started, it is abandoned and its result is a timeout.
pub(crate) struct Pending {
    pub(super) batch: Arc<Batch>,
    pub(super) index: usize,
    pub(super) started: Instant,
    pub(super) timeout: Duration,
}

impl Pending {
    /// The call's result if it has returned, a timeout if it has run for its whole timeout,
    /// `None` before either.
    pub(crate) fn result(&self) -> Option<CallResult> {
        let slot = &self.batch.results[self.index];
        if slot.get().is_none() && self.started.elapsed() >= self.timeout {
            let _ = slot.set(Err(CallOutcome::TimedOut {
                after_ms: millis(self.timeout),
            }));
        }
        slot.get().cloned()
    }

    /// Waits until [`result`](Self::result) has one: until the call returns, at most until
    /// its timeout has passed.
    pub(crate) fn wait(&self) {
        loop {
            if self.result().is_some() {
                return;
            }
            let guard = self.batch.lock();
            if self.batch.results[self.index].get().is_some() {
                continue;
            }
            let left = (self.started + self.timeout).saturating_duration_since(Instant::now());
            // At least a millisecond: the timeout is recorded by `result`, on the next turn.
            drop(self.batch.wait(guard, left.max(Duration::from_millis(1))));
        }
    }
}

impl fmt::Debug for Pending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pending")
            .field("index", &self.index)
            .field("running_for", &self.started.elapsed())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}
