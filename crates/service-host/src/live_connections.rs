//! [`Connections`]: the live connections of a host, so that shutdown can stop their
//! reading (`shutdown(Read)`: the requests already read are still answered) and wait for
//! them.

use std::collections::HashMap;
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

/// The live connections of a host.
#[derive(Debug, Default)]
pub(crate) struct Connections {
    state: Mutex<Registry>,
    /// Notified whenever a connection ends.
    ended: Condvar,
}

#[derive(Debug, Default)]
struct Registry {
    next_id: u64,
    /// A clone of each live connection's stream, to shut it down from outside.
    live: HashMap<u64, UnixStream>,
}

impl Connections {
    fn lock(&self) -> MutexGuard<'_, Registry> {
        // The registry is a plain map, consistent after any panic.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Tracks `stream` (through a clone, to shut it down from outside); `None` when the
    /// socket cannot be cloned.
    pub(crate) fn add(&self, stream: &UnixStream) -> Option<u64> {
        let handle = stream.try_clone().ok()?;
        let mut registry = self.lock();
        let id = registry.next_id;
        registry.next_id += 1;
        registry.live.insert(id, handle);
        Some(id)
    }

    /// Forgets connection `id`, closing its socket, and wakes a waiting drain.
    pub(crate) fn end(&self, id: u64) {
        if let Some(stream) = self.lock().live.remove(&id) {
            let _ = stream.shutdown(Shutdown::Both);
        }
        self.ended.notify_all();
    }

    /// Stops reading on every connection, waits until `deadline` for their in-flight
    /// requests to be answered, then closes the rest. Returns how many were closed with
    /// requests unanswered.
    pub(crate) fn drain(&self, deadline: Instant) -> usize {
        let mut registry = self.lock();
        for stream in registry.live.values() {
            let _ = stream.shutdown(Shutdown::Read);
        }
        while !registry.live.is_empty() {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            registry = self
                .ended
                .wait_timeout(registry, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        let abandoned = registry.live.len();
        for (_, stream) in registry.live.drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        abandoned
    }
}
