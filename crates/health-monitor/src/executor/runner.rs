//! [`Executor`]: runs batches of calls on the pool and waits for them, abandoning or
//! detaching a call that overruns.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::batch::{Batch, work};
use super::pool::{Pool, spin_until};
use super::{Call, CallResult, Op, Pending, Services};
use crate::cache_padded::CachePadded;
use crate::clock::millis;
use crate::model::CallOutcome;

/// Runs batches of calls on a pool of worker threads.
#[derive(Debug)]
pub(crate) struct Executor {
    pool: Arc<Pool>,
}

impl Executor {
    pub(crate) fn new() -> Self {
        Self {
            pool: Arc::new(Pool::default()),
        }
    }

    /// Makes every call, in order, each within `timeout`; returns their results in the same
    /// order. Returns when every call has returned or been abandoned.
    ///
    /// `calls` name services by their index in `services`.
    pub(crate) fn run(
        &self,
        services: &Services,
        calls: Vec<(usize, Op)>,
        timeout: Duration,
    ) -> Vec<CallResult> {
        if calls.is_empty() {
            return Vec::new();
        }
        let batch = self.execute(services, calls, timeout, timeout);
        match Arc::try_unwrap(batch) {
            Ok(batch) => batch
                .results
                .into_iter()
                .map(|slot| slot.into_inner().unwrap_or_else(never_made))
                .collect(),
            // A worker still holds the batch (it is on its way out, or abandoned in a call):
            // copy the results.
            Err(batch) => batch.results.iter().map(result_of).collect(),
        }
    }

    /// As [`run`](Self::run), but waits for each call only up to `patience` (when that is
    /// shorter than `timeout`): a call still running then becomes a [`Call::Pending`] that
    /// goes on by itself, within `timeout`, while the rest of the batch is made.
    pub(crate) fn run_patiently(
        &self,
        services: &Services,
        calls: Vec<(usize, Op)>,
        timeout: Duration,
        patience: Duration,
    ) -> Vec<Call> {
        if calls.is_empty() {
            return Vec::new();
        }
        let batch = self.execute(services, calls, timeout, patience.min(timeout));
        let detached = std::mem::take(&mut *batch.detached());
        (0..batch.calls.len())
            .map(|index| {
                if let Some(result) = batch.results[index].get() {
                    return Call::Done(result.clone());
                }
                match detached.iter().find(|(i, _)| *i == index) {
                    Some(&(_, started)) => Call::Pending(Pending {
                        batch: Arc::clone(&batch),
                        index,
                        started,
                        timeout,
                    }),
                    None => Call::Done(never_made()),
                }
            })
            .collect()
    }

    /// Runs a batch and waits for it: each call is waited for up to `patience`, then
    /// abandoned (when `patience` is the timeout) or left to run on (when it is shorter).
    fn execute(
        &self,
        services: &Services,
        calls: Vec<(usize, Op)>,
        timeout: Duration,
        patience: Duration,
    ) -> Arc<Batch> {
        let batch = Arc::new(Batch {
            results: calls.iter().map(|_| OnceLock::new()).collect(),
            services: Arc::clone(services),
            calls,
            base: Instant::now(),
            next: AtomicUsize::new(0),
            running: AtomicUsize::new(0),
            started: AtomicU64::new(0),
            generation: AtomicU64::new(0),
            finished: CachePadded(AtomicBool::new(false)),
            detached: Mutex::new(Vec::new()),
            lock: Mutex::new(()),
            done: Condvar::new(),
        });
        self.start(&batch, 0, false);
        // A batch of quick calls is usually done within microseconds: wait for it awake
        // rather than pay for a sleep and a wake-up.
        if !spin_until(|| batch.finished.load(Ordering::Acquire)) {
            self.wait(&batch, timeout, patience);
        }
        batch
    }

    /// Hands the batch (from its current position) to a worker; runs it here if no thread
    /// can be started.
    fn start(&self, batch: &Arc<Batch>, generation: u64, fresh: bool) {
        if !self.pool.submit(Arc::clone(batch), generation, fresh) {
            work(batch, generation, &|| {});
        }
    }

    /// Waits for the batch. A call that runs past `patience` is abandoned (as timed out) when
    /// `patience` is the whole `timeout`, and otherwise left to run on, detached; either way
    /// the rest of the batch goes to a fresh thread.
    fn wait(&self, batch: &Arc<Batch>, timeout: Duration, patience: Duration) {
        // Since when the batch has had no call running and made no progress, and where.
        let mut quiet: Option<(Instant, (usize, u64))> = None;
        loop {
            let guard = batch.lock();
            if batch.finished.load(Ordering::Acquire) {
                return;
            }
            let running = batch.running.load(Ordering::Acquire);
            if running == 0 {
                // Between two calls, or not yet picked up by a worker. A worker does not
                // signal the start of a call, so look again after `patience` at the latest:
                // a call that starts now and hangs is then found within two patiences.
                let position = (
                    batch.next.load(Ordering::Acquire),
                    batch.generation.load(Ordering::Acquire),
                );
                let since = match quiet {
                    Some((since, at)) if at == position => since,
                    _ => quiet.insert((Instant::now(), position)).0,
                };
                let quiet_for = since.elapsed();
                if quiet_for < timeout {
                    drop(batch.wait(guard, patience.min(timeout.saturating_sub(quiet_for))));
                    continue;
                }
                drop(guard);
                // No worker took the batch in a whole timeout: start a fresh one.
                quiet = None;
                let generation = batch.generation.fetch_add(1, Ordering::AcqRel) + 1;
                self.start(batch, generation, true);
                continue;
            }
            quiet = None;
            let started = Duration::from_nanos(batch.started.load(Ordering::Acquire));
            let deadline = batch.base + started + patience;
            let now = Instant::now();
            if now < deadline {
                drop(batch.wait(guard, deadline - now));
                continue;
            }
            drop(guard);
            self.overrun(batch, running, started, timeout, patience);
        }
    }

    /// The call at `running` (index + 1), begun at `started` (after the batch's base), ran
    /// past the patience. Whoever clears `running` first decides: the worker (the call just
    /// returned) or this thread, which abandons the call (as timed out) when `patience` is
    /// the whole `timeout` and detaches it otherwise, then hands the rest of the batch to a
    /// fresh thread.
    fn overrun(
        &self,
        batch: &Arc<Batch>,
        running: usize,
        started: Duration,
        timeout: Duration,
        patience: Duration,
    ) {
        if batch
            .running
            .compare_exchange(running, 0, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            return;
        }
        if patience < timeout {
            batch.detached().push((running - 1, batch.base + started));
        } else {
            let _ = batch.results[running - 1].set(Err(CallOutcome::TimedOut {
                after_ms: millis(timeout),
            }));
        }
        let generation = batch.generation.fetch_add(1, Ordering::AcqRel) + 1;
        self.start(batch, generation, true);
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        self.pool.close();
    }
}

fn result_of(slot: &OnceLock<CallResult>) -> CallResult {
    slot.get().cloned().unwrap_or_else(never_made)
}

fn never_made() -> CallResult {
    Err(CallOutcome::Skipped {
        reason: "the batch ended before this call".to_owned(),
    })
}
