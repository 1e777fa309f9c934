//! [`Batch`]: one batch of calls, shared by the waiting thread and the worker(s), and the
//! worker's loop over it.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use super::call::{CallResult, Op, Services, call};
use crate::cache_padded::CachePadded;

/// One batch of calls, shared by the waiting thread and the worker(s).
///
/// The per-call protocol uses no lock: a worker claims the next call with `next`,
/// publishes `started` and then `running` (index + 1), makes the call, and clears
/// `running` by compare-and-swap. The waiting thread, on a timeout, tries the same
/// compare-and-swap; exactly one of them wins, so a call is either completed or abandoned,
/// never both. A worker that loses still offers its result to the call's slot: an abandoned
/// call's slot already holds the timeout, so the offer is dropped, while a detached call's
/// slot is empty and takes it (whoever fills a slot first wins: the worker, or a
/// [`Pending`] that saw the timeout pass). The mutex only backs the condition variable the
/// waiting threads sleep on.
pub(super) struct Batch {
    pub(super) services: Services,
    pub(super) calls: Vec<(usize, Op)>,
    pub(super) results: Vec<OnceLock<CallResult>>,
    /// `started` is in nanoseconds after this.
    pub(super) base: Instant,
    pub(super) next: AtomicUsize,
    /// Index + 1 of the call in progress; 0 when none.
    pub(super) running: AtomicUsize,
    pub(super) started: AtomicU64,
    /// Bumped when a worker is abandoned; a worker whose generation is stale stops.
    pub(super) generation: AtomicU64,
    /// Apart from the fields above, which the worker writes on every call, because the
    /// waiting thread polls it.
    pub(super) finished: CachePadded<AtomicBool>,
    /// Calls left running past the patience: index and start.
    pub(super) detached: Mutex<Vec<(usize, Instant)>>,
    pub(super) lock: Mutex<()>,
    pub(super) done: Condvar,
}

impl Batch {
    pub(super) fn lock(&self) -> MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn wait<'a>(
        &self,
        guard: MutexGuard<'a, ()>,
        timeout: Duration,
    ) -> MutexGuard<'a, ()> {
        self.done
            .wait_timeout(guard, timeout)
            .unwrap_or_else(PoisonError::into_inner)
            .0
    }

    pub(super) fn finish(&self) {
        let _guard = self.lock();
        self.finished.store(true, Ordering::Release);
        self.done.notify_all();
    }

    /// Wakes whoever waits on the batch (a [`Pending`] whose call has just returned).
    pub(super) fn notify(&self) {
        let _guard = self.lock();
        self.done.notify_all();
    }

    pub(super) fn detached(&self) -> MutexGuard<'_, Vec<(usize, Instant)>> {
        self.detached.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch")
            .field("calls", &self.calls.len())
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

/// Runs the batch from its current position while `generation` is current.
///
/// `free` is called once, when this thread is done with the batch, and *before* the batch
/// is marked finished: a pool worker counts itself available again before the waiting
/// thread can submit the next batch, so that batch is queued for it rather than given a
/// new thread.
pub(super) fn work(batch: &Batch, generation: u64, free: &dyn Fn()) {
    loop {
        if batch.generation.load(Ordering::Acquire) != generation {
            free();
            return;
        }
        let index = batch.next.fetch_add(1, Ordering::AcqRel);
        if index >= batch.calls.len() {
            free();
            batch.finish();
            return;
        }
        let started = batch.base.elapsed().as_nanos();
        batch.started.store(
            u64::try_from(started).unwrap_or(u64::MAX),
            Ordering::Release,
        );
        batch.running.store(index + 1, Ordering::Release);
        let (service, op) = batch.calls[index];
        let result = call(&batch.services[service], op);
        if batch
            .running
            .compare_exchange(index + 1, 0, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            // Abandoned while in the call (its slot holds a timeout, and this result is
            // dropped) or detached (its slot is empty, and its `Pending` takes the result).
            if batch.results[index].set(result).is_ok() {
                batch.notify();
            }
            free();
            return;
        }
        let _ = batch.results[index].set(result);
    }
}
