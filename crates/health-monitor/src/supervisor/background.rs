//! The background monitor: a thread that ticks every interval until stopped.

use std::sync::{Arc, Condvar, Mutex, PoisonError, Weak};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::handle::{Shared, Supervisor};
use crate::error::Error;

/// A running background monitor.
#[derive(Debug)]
pub(super) struct Background {
    stop: Arc<(Mutex<bool>, Condvar)>,
    handle: JoinHandle<()>,
}

impl Background {
    /// Starts the thread. It holds the supervisor weakly: dropping the last [`Supervisor`]
    /// handle ends it too.
    pub(super) fn start(shared: Weak<Shared>, interval: Duration) -> Result<Self, Error> {
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let flag = Arc::clone(&stop);
        let handle = thread::Builder::new()
            .name("health-monitor".to_owned())
            .spawn(move || run(&shared, interval, &flag))
            .map_err(|source| Error::Spawn {
                name: "health-monitor",
                source,
            })?;
        Ok(Self { stop, handle })
    }

    /// Asks the thread to stop and waits for its current tick to finish.
    pub(super) fn stop(self) {
        let (lock, wake) = &*self.stop;
        *lock.lock().unwrap_or_else(PoisonError::into_inner) = true;
        wake.notify_all();
        if self.handle.thread().id() != thread::current().id() {
            // The thread catches nothing itself, but a tick never panics: every callback is
            // isolated. A panic here would be a bug in this crate; there is nothing to do
            // with it but go on stopping.
            let _ = self.handle.join();
        }
    }
}

fn run(shared: &Weak<Shared>, interval: Duration, stop: &(Mutex<bool>, Condvar)) {
    let (lock, wake) = stop;
    let mut next = Instant::now();
    loop {
        {
            let Some(shared) = shared.upgrade() else {
                return;
            };
            Supervisor { shared }.tick();
        }
        // Fixed rate; after an overrun, the next tick is one interval from now.
        next += interval;
        let now = Instant::now();
        if next < now {
            next = now + interval;
        }
        let mut stopped = lock.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if *stopped {
                return;
            }
            let now = Instant::now();
            if now >= next {
                break;
            }
            stopped = wake
                .wait_timeout(stopped, next - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}
