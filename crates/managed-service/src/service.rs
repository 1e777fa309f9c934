//! [`ManagedService`]: the core self-management contract.

use std::sync::Arc;

use crate::{HealthStatus, PressureLevel};

/// A service that owns resources (GPU memory, connections, caches, file handles) and manages
/// them itself when the runtime tells it how the system is doing.
///
/// The runtime calls these methods from its own threads; services never call each other. Each
/// method below states what the runtime promises and what it expects back.
///
/// The trait is dyn-compatible: a registry holds `Box<dyn ManagedService>` or
/// `Arc<dyn ManagedService>`. Blanket implementations for `&T`, `Box<T>` and `Arc<T>` let a
/// shared service be registered without a wrapper.
///
/// # Panics
///
/// No method should panic. The runtime catches a panic from any of them, records the service
/// as [`HealthStatus::Unhealthy`] with the panic message as the reason, and carries on with
/// the other services — a panic is treated as a failed call, never as a crash.
///
/// # Examples
///
/// Sharing one service between its users and the runtime through `Arc`:
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicU8, Ordering};
/// use managed_service::{HealthStatus, ManagedService, PressureLevel};
///
/// struct Renderer {
///     idle_cadence: AtomicU8,
/// }
///
/// impl ManagedService for Renderer {
///     fn name(&self) -> &str { "renderer" }
///     fn health(&self) -> HealthStatus { HealthStatus::Healthy }
///     fn pressure_response(&self, level: PressureLevel) {
///         let cadence = match level {
///             PressureLevel::Normal => 1,
///             PressureLevel::Warning => 2,
///             PressureLevel::High | PressureLevel::Critical => 4,
///         };
///         self.idle_cadence.store(cadence, Ordering::Relaxed);
///     }
///     fn shed_load(&self) {}
///     fn heal(&self) -> bool { true }
///     fn shutdown(&self) {}
/// }
///
/// fn register(service: impl ManagedService + 'static) -> Box<dyn ManagedService> {
///     Box::new(service)
/// }
///
/// let renderer = Arc::new(Renderer { idle_cadence: AtomicU8::new(1) });
/// let registered = register(Arc::clone(&renderer)); // Arc<Renderer> is a ManagedService too
/// registered.pressure_response(PressureLevel::Warning);
/// assert_eq!(renderer.idle_cadence.load(Ordering::Relaxed), 2);
/// assert_eq!(registered.name(), "renderer");
/// ```
pub trait ManagedService: Send + Sync {
    /// A short, stable, human-readable name, used in logs, events and metrics labels.
    ///
    /// The runtime reads it often and expects the same string every time. Names should be
    /// unique within one runtime, since events and metrics are keyed by them.
    fn name(&self) -> &str;

    /// Reports the service's current health.
    ///
    /// Called by the health monitor on every poll (every few seconds). It must be cheap and
    /// must not block: report what the service already knows (a flag, a last-error timestamp)
    /// rather than probing a remote system inline. Return [`HealthStatus::Degraded`] when the
    /// service works with reduced capacity and [`HealthStatus::Unhealthy`] when it needs
    /// [`heal`](Self::heal); the reason is shown to operators as is.
    ///
    /// A call that overruns the monitor's timeout, or panics, counts as `Unhealthy`.
    fn health(&self) -> HealthStatus;

    /// Reacts to a change of the system's memory pressure.
    ///
    /// Called once per level change, with the new level, lowest-priority services first. The
    /// service decides what the level means for it; the usual reading is:
    ///
    /// - [`PressureLevel::Normal`]: full operation (restore what earlier levels reduced);
    /// - [`PressureLevel::Warning`]: stop non-essential work, refuse new optional loads;
    /// - [`PressureLevel::High`]: release optional resources (idle models, caches);
    /// - [`PressureLevel::Critical`]: keep only what is needed not to crash.
    ///
    /// Levels can go down as well as up, and can skip steps (`Normal` straight to `Critical`).
    /// The call must return promptly; long releases should be started here and finished on
    /// the service's own threads.
    fn pressure_response(&self, level: PressureLevel);

    /// Drops everything non-essential, now.
    ///
    /// The fire alarm: called when the level has stayed [`PressureLevel::Critical`] past a
    /// grace period, i.e. when `pressure_response(Critical)` was not enough. After it returns
    /// the service should hold the least memory it can while still answering
    /// [`health`](Self::health). It may be called more than once and must be idempotent.
    fn shed_load(&self);

    /// Tries to repair the service after it reported [`HealthStatus::Unhealthy`].
    ///
    /// Examples: reconnect a dropped socket, rebuild a corrupted index, reload a missing model
    /// file. Return `true` if the service is healthy again and `false` if it needs outside
    /// help. The runtime retries with exponential backoff and opens a breaker (and escalates)
    /// after repeated failures, so `heal` itself should make one attempt, not loop.
    fn heal(&self) -> bool;

    /// Releases every resource and flushes buffers; after this the service is finished.
    ///
    /// The runtime calls it once, during an ordered shutdown, and calls nothing else on the
    /// service afterwards. Implementations should still tolerate a second call (make it a
    /// no-op), since a service shared through `Arc` may be shut down by more than one owner.
    fn shutdown(&self);
}

impl<T: ManagedService + ?Sized> ManagedService for &T {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn health(&self) -> HealthStatus {
        (**self).health()
    }
    fn pressure_response(&self, level: PressureLevel) {
        (**self).pressure_response(level);
    }
    fn shed_load(&self) {
        (**self).shed_load();
    }
    fn heal(&self) -> bool {
        (**self).heal()
    }
    fn shutdown(&self) {
        (**self).shutdown();
    }
}

impl<T: ManagedService + ?Sized> ManagedService for Box<T> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn health(&self) -> HealthStatus {
        (**self).health()
    }
    fn pressure_response(&self, level: PressureLevel) {
        (**self).pressure_response(level);
    }
    fn shed_load(&self) {
        (**self).shed_load();
    }
    fn heal(&self) -> bool {
        (**self).heal()
    }
    fn shutdown(&self) {
        (**self).shutdown();
    }
}

impl<T: ManagedService + ?Sized> ManagedService for Arc<T> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn health(&self) -> HealthStatus {
        (**self).health()
    }
    fn pressure_response(&self, level: PressureLevel) {
        (**self).pressure_response(level);
    }
    fn shed_load(&self) {
        (**self).shed_load();
    }
    fn heal(&self) -> bool {
        (**self).heal()
    }
    fn shutdown(&self) {
        (**self).shutdown();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// Records every call so the blanket impls can be checked for forwarding.
    #[derive(Default)]
    struct Recorder {
        calls: Mutex<Vec<String>>,
    }

    impl Recorder {
        fn log(&self, call: impl Into<String>) {
            self.calls.lock().unwrap().push(call.into());
        }
    }

    impl ManagedService for Recorder {
        fn name(&self) -> &'static str {
            "recorder"
        }
        fn health(&self) -> HealthStatus {
            self.log("health");
            HealthStatus::unhealthy("recording")
        }
        fn pressure_response(&self, level: PressureLevel) {
            self.log(format!("pressure:{level}"));
        }
        fn shed_load(&self) {
            self.log("shed");
        }
        fn heal(&self) -> bool {
            self.log("heal");
            false
        }
        fn shutdown(&self) {
            self.log("shutdown");
        }
    }

    fn drive(service: &dyn ManagedService) {
        assert_eq!(service.name(), "recorder");
        assert_eq!(service.health(), HealthStatus::unhealthy("recording"));
        service.pressure_response(PressureLevel::High);
        service.shed_load();
        assert!(!service.heal());
        service.shutdown();
    }

    const EXPECTED: [&str; 5] = ["health", "pressure:high", "shed", "heal", "shutdown"];

    #[test]
    fn reference_forwards_every_call() {
        let recorder = Recorder::default();
        drive(&&recorder);
        assert_eq!(*recorder.calls.lock().unwrap(), EXPECTED);
    }

    #[test]
    fn arc_forwards_every_call() {
        let recorder = Arc::new(Recorder::default());
        drive(&Arc::clone(&recorder));
        assert_eq!(*recorder.calls.lock().unwrap(), EXPECTED);
    }

    #[test]
    fn boxed_trait_object_forwards_every_call() {
        let shared = Arc::new(Recorder::default());
        let boxed: Box<dyn ManagedService> = Box::new(Arc::clone(&shared));
        drive(&boxed);
        assert_eq!(*shared.calls.lock().unwrap(), EXPECTED);
    }
}
