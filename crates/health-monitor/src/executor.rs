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

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use managed_service::{HealthStatus, PressureLevel};

use crate::cache_padded::CachePadded;
use crate::clock::millis;
use crate::model::CallOutcome;
use crate::panic_message::panic_message;
use crate::registry::ServiceEntry;

/// A list of services, as the registry hands it out.
pub(crate) type Services = Arc<[Arc<ServiceEntry>]>;

/// A callback to make.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Op {
    Health,
    Pressure(PressureLevel),
    Shed,
    Heal,
    /// `ManagedService::shutdown`, then the lifecycle hook's shutdown if it is up.
    Shutdown,
}

/// What a callback that returned gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Returned {
    Health(HealthStatus),
    Healed(bool),
    Done,
}

/// A callback's result: what it returned, or how it failed (never `Completed`).
pub(crate) type CallResult = Result<Returned, CallOutcome>;

/// A call of [`Executor::run_patiently`]: done, or still running past the patience.
#[derive(Debug)]
pub(crate) enum Call {
    /// It returned, failed or was skipped while the batch waited.
    Done(CallResult),
    /// It overran the patience and goes on by itself.
    Pending(Pending),
}

const SKIPPED: &str = "an earlier call into this service has not returned";

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
            // Overrun. Whoever clears `running` first decides: the worker (the call just
            // returned) or this thread (the call is abandoned or detached).
            if batch
                .running
                .compare_exchange(running, 0, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
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
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        self.pool.close();
    }
}

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
struct Batch {
    services: Services,
    calls: Vec<(usize, Op)>,
    results: Vec<OnceLock<CallResult>>,
    /// `started` is in nanoseconds after this.
    base: Instant,
    next: AtomicUsize,
    /// Index + 1 of the call in progress; 0 when none.
    running: AtomicUsize,
    started: AtomicU64,
    /// Bumped when a worker is abandoned; a worker whose generation is stale stops.
    generation: AtomicU64,
    /// Apart from the fields above, which the worker writes on every call, because the
    /// waiting thread polls it.
    finished: CachePadded<AtomicBool>,
    /// Calls left running past the patience: index and start.
    detached: Mutex<Vec<(usize, Instant)>>,
    lock: Mutex<()>,
    done: Condvar,
}

impl Batch {
    fn lock(&self) -> MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, ()>, timeout: Duration) -> MutexGuard<'a, ()> {
        self.done
            .wait_timeout(guard, timeout)
            .unwrap_or_else(PoisonError::into_inner)
            .0
    }

    fn finish(&self) {
        let _guard = self.lock();
        self.finished.store(true, Ordering::Release);
        self.done.notify_all();
    }

    /// Wakes whoever waits on the batch (a [`Pending`] whose call has just returned).
    fn notify(&self) {
        let _guard = self.lock();
        self.done.notify_all();
    }

    fn detached(&self) -> MutexGuard<'_, Vec<(usize, Instant)>> {
        self.detached.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A call that ran past the patience of [`Executor::run_patiently`] and goes on by itself.
///
/// Its service stays *in flight* until it returns, so no other call is made into it. Its
/// result is taken with [`result`](Self::result) once it has returned; once `timeout` has
/// passed since it started, it is abandoned and its result is a timeout.
pub(crate) struct Pending {
    batch: Arc<Batch>,
    index: usize,
    started: Instant,
    timeout: Duration,
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

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("index", &self.index)
            .field("running_for", &self.started.elapsed())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
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

/// Runs the batch from its current position while `generation` is current.
///
/// `free` is called once, when this thread is done with the batch, and *before* the batch
/// is marked finished: a pool worker counts itself available again before the waiting
/// thread can submit the next batch, so that batch is queued for it rather than given a
/// new thread.
fn work(batch: &Batch, generation: u64, free: &dyn Fn()) {
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

/// Makes one call, unless another call into the same service is still running.
fn call(entry: &ServiceEntry, op: Op) -> CallResult {
    if entry.in_flight.swap(true, Ordering::AcqRel) {
        return Err(CallOutcome::Skipped {
            reason: SKIPPED.to_owned(),
        });
    }
    let result = panic::catch_unwind(AssertUnwindSafe(|| perform(entry, op)));
    entry.in_flight.store(false, Ordering::Release);
    result.map_err(|payload| CallOutcome::Panicked {
        message: panic_message(payload.as_ref()),
    })
}

fn perform(entry: &ServiceEntry, op: Op) -> Returned {
    let service = &entry.service;
    match op {
        Op::Health => Returned::Health(service.health()),
        Op::Pressure(level) => {
            service.pressure_response(level);
            Returned::Done
        }
        Op::Shed => {
            service.shed_load();
            Returned::Done
        }
        Op::Heal => Returned::Healed(service.heal()),
        Op::Shutdown => {
            service.shutdown();
            if let Some(hook) = &entry.lifecycle {
                if hook.is_initialized() {
                    hook.shutdown();
                }
            }
            Returned::Done
        }
    }
}

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
fn spin_until(ready: impl Fn() -> bool) -> bool {
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
struct Pool {
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

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("calls", &self.calls.len())
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl Pool {
    fn lock(&self) -> MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues the job for a free worker, or starts a thread for it (always, if `fresh`).
    /// Returns `false` if a thread was needed and could not be started.
    fn submit(self: &Arc<Self>, batch: Arc<Batch>, generation: u64, fresh: bool) -> bool {
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

    fn close(&self) {
        self.lock().closed = true;
        self.wake.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use managed_service::ManagedService;

    use super::*;
    use crate::registry::{Registry, ServiceConfig};

    struct Probe {
        name: String,
        calls: AtomicUsize,
        block_for: Duration,
        panic: bool,
    }

    impl ManagedService for Probe {
        fn name(&self) -> &str {
            &self.name
        }
        fn health(&self) -> HealthStatus {
            self.calls.fetch_add(1, Ordering::SeqCst);
            assert!(!self.panic, "{} exploded", self.name);
            thread::sleep(self.block_for);
            HealthStatus::Healthy
        }
        fn pressure_response(&self, _: PressureLevel) {}
        fn shed_load(&self) {}
        fn heal(&self) -> bool {
            true
        }
        fn shutdown(&self) {}
    }

    fn entries(probes: Vec<Probe>) -> Services {
        let registry = Registry::new();
        for probe in probes {
            registry
                .register(Arc::new(probe), ServiceConfig::new())
                .unwrap();
        }
        registry.by_registration()
    }

    fn health_of_all(all: &Services) -> Vec<(usize, Op)> {
        (0..all.len()).map(|i| (i, Op::Health)).collect()
    }

    fn probe(name: &str, block_for: Duration, panic: bool) -> Probe {
        Probe {
            name: name.to_owned(),
            calls: AtomicUsize::new(0),
            block_for,
            panic,
        }
    }

    #[test]
    fn panics_become_outcomes_and_the_batch_goes_on() {
        let executor = Executor::new();
        let all = entries(vec![
            probe("a", Duration::ZERO, false),
            probe("b", Duration::ZERO, true),
            probe("c", Duration::ZERO, false),
        ]);
        let results = executor.run(&all, health_of_all(&all), Duration::from_secs(5));
        assert_eq!(results[0], Ok(Returned::Health(HealthStatus::Healthy)));
        assert_eq!(
            results[1],
            Err(CallOutcome::Panicked {
                message: "b exploded".to_owned()
            })
        );
        assert_eq!(results[2], Ok(Returned::Health(HealthStatus::Healthy)));
        assert!(all.iter().all(|e| !e.in_flight.load(Ordering::Acquire)));
    }

    #[test]
    fn a_slow_call_times_out_and_the_rest_still_run() {
        let executor = Executor::new();
        let all = entries(vec![
            probe("slow", Duration::from_millis(400), false),
            probe("quick", Duration::ZERO, false),
        ]);
        let started = Instant::now();
        let results = executor.run(&all, health_of_all(&all), Duration::from_millis(50));
        assert!(
            started.elapsed() < Duration::from_millis(300),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(results[0], Err(CallOutcome::TimedOut { after_ms: 50 }));
        assert_eq!(results[1], Ok(Returned::Health(HealthStatus::Healthy)));

        // While the slow call is still running, the service is skipped.
        let results = executor.run(&all, health_of_all(&all), Duration::from_millis(50));
        assert!(matches!(&results[0], Err(CallOutcome::Skipped { .. })));
        assert_eq!(results[1], Ok(Returned::Health(HealthStatus::Healthy)));
    }

    #[test]
    fn a_call_past_the_patience_runs_on_while_the_rest_are_made() {
        let executor = Executor::new();
        let all = entries(vec![
            probe("slow", Duration::from_millis(300), false),
            probe("quick", Duration::ZERO, false),
        ]);
        let started = Instant::now();
        let calls = executor.run_patiently(
            &all,
            health_of_all(&all),
            Duration::from_secs(5),
            Duration::from_millis(30),
        );
        assert!(
            started.elapsed() < Duration::from_millis(250),
            "{:?}",
            started.elapsed()
        );
        let [Call::Pending(slow), Call::Done(quick)] = &calls[..] else {
            panic!("{calls:?}");
        };
        assert_eq!(*quick, Ok(Returned::Health(HealthStatus::Healthy)));
        assert_eq!(slow.result(), None);
        assert!(all[0].in_flight.load(Ordering::Acquire));

        slow.wait();
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert_eq!(
            slow.result(),
            Some(Ok(Returned::Health(HealthStatus::Healthy)))
        );
        assert!(!all[0].in_flight.load(Ordering::Acquire));
    }

    #[test]
    fn a_pending_call_times_out_and_its_late_result_is_dropped() {
        let executor = Executor::new();
        let all = entries(vec![probe("stuck", Duration::from_millis(300), false)]);
        let started = Instant::now();
        let mut calls = executor.run_patiently(
            &all,
            health_of_all(&all),
            Duration::from_millis(100),
            Duration::from_millis(20),
        );
        let Some(Call::Pending(stuck)) = calls.pop() else {
            panic!("{calls:?}");
        };
        stuck.wait();
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(100) && waited < Duration::from_millis(290),
            "{waited:?}"
        );
        let timed_out = Some(Err(CallOutcome::TimedOut { after_ms: 100 }));
        assert_eq!(stuck.result(), timed_out);
        // The call returns later; its result does not replace the timeout.
        while all[0].in_flight.load(Ordering::Acquire) {
            thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(stuck.result(), timed_out);
    }

    #[test]
    fn a_patience_as_long_as_the_timeout_abandons_instead() {
        let executor = Executor::new();
        let all = entries(vec![probe("slow", Duration::from_millis(200), false)]);
        let calls = executor.run_patiently(
            &all,
            health_of_all(&all),
            Duration::from_millis(40),
            Duration::from_millis(40),
        );
        assert!(matches!(
            &calls[..],
            [Call::Done(Err(CallOutcome::TimedOut { after_ms: 40 }))]
        ));
    }

    #[test]
    fn an_empty_batch_returns_at_once() {
        let none: Services = Arc::new([]);
        assert!(
            Executor::new()
                .run(&none, Vec::new(), Duration::ZERO)
                .is_empty()
        );
    }
}
