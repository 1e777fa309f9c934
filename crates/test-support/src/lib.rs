//! Services for the workspace's tests and benchmarks, so that each of them does not write
//! its own. A crate of its own (never published, only a dev-dependency) rather than a
//! feature of managed-service: a feature would add `Idle` to the implementors the compiler
//! lists in managed-service's compile-fail test, whose expected message would then depend
//! on the features a build unifies.

use std::hint::black_box;

use managed_service::{HealthStatus, ManagedService, PressureLevel};

/// A service that is always healthy and does nothing else: what a test or benchmark
/// measures is the runtime's own work. `heal` reports success.
///
/// ```
/// use specgen_test_support::Idle;
/// use managed_service::{HealthStatus, ManagedService};
///
/// let idle = Idle::new("cache");
/// assert_eq!(idle.name(), "cache");
/// assert_eq!(idle.health(), HealthStatus::Healthy);
/// assert!(idle.heal());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idle {
    name: String,
}

impl Idle {
    /// An idle service called `name`.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self { name: name.into() }
    }
}

impl ManagedService for Idle {
    fn name(&self) -> &str {
        &self.name
    }

    fn health(&self) -> HealthStatus {
        HealthStatus::Healthy
    }

    fn pressure_response(&self, level: PressureLevel) {
        // Kept opaque so that a benchmark's call is not optimised away.
        black_box(level);
    }

    fn shed_load(&self) {}

    fn heal(&self) -> bool {
        true
    }

    fn shutdown(&self) {}
}
