//! [`Outstanding`]: `health()` or `heal()` calls that outlived the tick that made them, kept
//! until they return or time out.

use std::sync::Arc;

use crate::executor::{CallResult, Pending, Services};
use crate::registry::ServiceEntry;

/// Calls of one kind still running after their tick, at most one per service (a service
/// with a call running is not called again until it is taken back).
#[derive(Debug, Default)]
pub(crate) struct Outstanding {
    calls: Vec<(Arc<ServiceEntry>, Pending)>,
}

impl Outstanding {
    /// Whether a call into `entry` is outstanding.
    pub(crate) fn has(&self, entry: &ServiceEntry) -> bool {
        self.calls.iter().any(|(e, _)| e.id == entry.id)
    }

    /// How many calls are outstanding.
    pub(crate) fn len(&self) -> usize {
        self.calls.len()
    }

    /// Keeps a call into `entry` until it is finished.
    pub(crate) fn push(&mut self, entry: Arc<ServiceEntry>, call: Pending) {
        self.calls.push((entry, call));
    }

    /// Takes the calls that have returned or timed out, each with the index of its service
    /// in `services`, in that order. A finished call into a service that is no longer
    /// registered is dropped.
    pub(crate) fn take_finished(&mut self, services: &Services) -> Vec<(usize, CallResult)> {
        if self.calls.is_empty() {
            return Vec::new();
        }
        let mut finished = Vec::new();
        self.calls.retain(|(entry, call)| {
            let Some(result) = call.result() else {
                return true;
            };
            if let Some(index) = services.iter().position(|e| e.id == entry.id) {
                finished.push((index, result));
            }
            false
        });
        finished.sort_unstable_by_key(|(index, _)| *index);
        finished
    }

    /// Waits for every call to finish (each at most until its timeout) and takes them, as
    /// [`take_finished`](Self::take_finished) does.
    pub(crate) fn take_all(&mut self, services: &Services) -> Vec<(usize, CallResult)> {
        for (_, call) in &self.calls {
            call.wait();
        }
        self.take_finished(services)
    }
}
