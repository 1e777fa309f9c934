//! [`Pool`]: the worker threads that run batches, and how they wait for work.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use super::batch::{Batch, work};

/// Idle worker threads kept beyond this many exit.
const MAX_IDLE: usize = 2;

/// How long a thread that expects work soon polls for it before it sleeps. Long enough
/// for a hand-off between two running threads, short enough to cost nothing noticeable
/// when no work comes (a few ticks a second spend well under 0.01 % of a core on it).
const SPIN: Duration = Duration::from_micros(20);

/// A worker that got its last job within this long of finishing the one before polls for
/// the next one before it sleeps.
const BUSY_GAP: Duration = Duration::from_millis(1);

/// Polls `ready` for up to [`SPIN`]; returns whether it became true.
///
/// After a short burst of pure spinning it yields between polls: when the thread it waits
/// for shares this core (a busy machine), yielding lets it run instead of burning the slice.
pub(super) fn spin_until(ready: impl Fn() -> bool) -> bool {
    for _ in 0..32 {
        if ready() {
            return true;
        }
        std::hint::spin_loop();
    }
    let started = Instant::now();
    while started.elapsed() < SPIN {
        if ready() {
            return true;
        }
        thread::yield_now();
    }
    ready()
}

/// Worker threads waiting for batches.
#[derive(Debug, Default)]
pub(super) struct Pool {
    state: Mutex<PoolState>,
    wake: Condvar,
    /// `state.jobs.len()`, readable without the lock.
    queued: AtomicUsize,
}

#[derive(Debug, Default)]
struct PoolState {
    jobs: VecDeque<(Arc<Batch>, u64)>,
    /// Workers that are free (waiting, or about to wait) and not promised to a queued job.
    available: usize,
    closed: bool,
}

impl Pool {
    fn lock(&self) -> MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues the job for a free worker, or starts a thread for it (always, if `fresh`).
    /// Returns `false` if a thread was needed and could not be started.
    pub(super) fn submit(
        self: &Arc<Self>,
        batch: Arc<Batch>,
        generation: u64,
        fresh: bool,
    ) -> bool {
        {
            let mut state = self.lock();
            if !fresh && state.available > 0 {
                state.available -= 1;
                state.jobs.push_back((batch, generation));
                self.queued.store(state.jobs.len(), Ordering::Release);
                self.wake.notify_one();
                return true;
            }
        }
        let pool = Arc::clone(self);
        thread::Builder::new()
            .name("health-monitor-worker".to_owned())
            .spawn(move || pool.serve(batch, generation))
            .is_ok()
    }

    /// A worker's life: its first job, then queued jobs until closed or surplus.
    fn serve(&self, batch: Arc<Batch>, generation: u64) {
        let mut job = Some((batch, generation));
        // Whether jobs have been coming back to back: only then is the next one worth
        // waiting for awake. An idle monitor (a tick every 250 ms) never spins.
        let mut busy = false;
        while let Some((batch, generation)) = job.take() {
            work(&batch, generation, &|| self.lock().available += 1);
            drop(batch);
            let idle_since = Instant::now();
            if busy {
                spin_until(|| self.queued.load(Ordering::Acquire) > 0);
            }
            let mut state = self.lock();
            loop {
                if let Some(next) = state.jobs.pop_front() {
                    self.queued.store(state.jobs.len(), Ordering::Release);
                    job = Some(next);
                    break;
                }
                if state.closed || state.available > MAX_IDLE {
                    state.available -= 1;
                    return;
                }
                state = self
                    .wake
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            busy = idle_since.elapsed() < BUSY_GAP;
        }
    }

    pub(super) fn close(&self) {
        self.lock().closed = true;
        self.wake.notify_all();
    }
}
