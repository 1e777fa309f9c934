//! [`AtomicLevel`]: a [`PressureLevel`] that threads read and write without a lock.

use std::sync::atomic::{AtomicU8, Ordering};

use managed_service::PressureLevel;

/// A pressure level in an atomic byte.
#[derive(Debug, Default)]
pub(crate) struct AtomicLevel(AtomicU8);

impl AtomicLevel {
    pub(crate) fn load(&self) -> PressureLevel {
        match self.0.load(Ordering::Acquire) {
            0 => PressureLevel::Normal,
            1 => PressureLevel::Warning,
            2 => PressureLevel::High,
            _ => PressureLevel::Critical,
        }
    }

    pub(crate) fn store(&self, level: PressureLevel) {
        let value = match level {
            PressureLevel::Normal => 0,
            PressureLevel::Warning => 1,
            PressureLevel::High => 2,
            PressureLevel::Critical => 3,
        };
        self.0.store(value, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_round_trips() {
        let atomic = AtomicLevel::default();
        assert_eq!(atomic.load(), PressureLevel::Normal);
        for level in PressureLevel::iter() {
            atomic.store(level);
            assert_eq!(atomic.load(), level);
        }
    }
}
