//! [`Permit`]: bytes held for a subsystem until it is dropped.

use std::fmt;
use std::sync::Arc;

use super::resource_gate::GateInner;
use crate::model::Resource;

/// Bytes held for a subsystem; dropping it (or calling [`release`](Self::release)) gives
/// them back.
///
/// Hold it for as long as the memory it stands for is allocated — typically in the same
/// struct as the loaded model.
#[must_use = "dropping a permit releases the reservation at once"]
pub struct Permit {
    pub(super) gate: Arc<GateInner>,
    pub(super) index: usize,
    pub(super) bytes: u64,
}

impl Permit {
    /// The bytes reserved.
    #[must_use]
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The subsystem they are reserved for.
    #[must_use]
    pub fn subsystem(&self) -> &str {
        &self.gate.names[self.index]
    }

    /// The resource.
    #[must_use]
    pub fn resource(&self) -> Resource {
        self.gate.resource
    }

    /// Gives the bytes back now (the same as dropping the permit).
    pub fn release(self) {}
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.gate.ledger.release(self.index, self.bytes);
    }
}

impl fmt::Debug for Permit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit")
            .field("resource", &self.gate.resource)
            .field("subsystem", &self.subsystem())
            .field("bytes", &self.bytes)
            .finish_non_exhaustive()
    }
}
