//! Running and stopping a [`Supervisor`]: the background monitor, lifecycle hooks, the heal
//! breaker, and shutdown.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};

use super::Supervisor;
use super::background::Background;
#[cfg(doc)]
use crate::config::SupervisorConfig;
use crate::error::Error;
use crate::heal;
use crate::panic_message::panic_message;
use crate::shutdown::{self, ShutdownReport};

impl Supervisor {
    /// Starts the background monitor: a thread that ticks every
    /// [`interval`](SupervisorConfig::interval) until [`stop`](Self::stop) or
    /// [`shutdown`](Self::shutdown). Between ticks it sleeps on a condition variable, so
    /// an idle monitor costs next to no CPU.
    ///
    /// # Errors
    ///
    /// [`Error::AlreadyRunning`], [`Error::ShutDown`], or [`Error::Spawn`] if the thread
    /// cannot be started.
    pub fn start(&self) -> Result<(), Error> {
        if self.is_shut_down() {
            return Err(Error::ShutDown);
        }
        let mut background = self.background();
        if background.is_some() {
            return Err(Error::AlreadyRunning);
        }
        *background = Some(Background::start(
            Arc::downgrade(&self.shared),
            self.shared.config.interval,
        )?);
        // Liveness counts from the start, not from a tick before it.
        self.mark_tick_end();
        Ok(())
    }

    /// Stops the background monitor, waiting for its current tick; does nothing if it is
    /// not running. Services are not shut down.
    pub fn stop(&self) {
        let background = self.background().take();
        if let Some(background) = background {
            background.stop();
        }
    }

    /// Whether the background monitor is running.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.background().is_some()
    }

    /// Initialises every service with a lifecycle hook that is not initialised yet, in
    /// registration order, stopping at the first failure.
    ///
    /// # Errors
    ///
    /// [`Error::Initialize`] naming the service that failed (a panic counts as a failure).
    /// The services before it stay up; call [`shutdown`](Self::shutdown) to bring them
    /// down in reverse order.
    pub fn initialize_services(&self) -> Result<(), Error> {
        for entry in self.shared.registry.by_registration().iter() {
            let Some(hook) = &entry.lifecycle else {
                continue;
            };
            if hook.is_initialized() {
                continue;
            }
            let result = panic::catch_unwind(AssertUnwindSafe(|| hook.initialize()))
                .unwrap_or_else(|payload| Err(panic_message(payload.as_ref())));
            if let Err(message) = result {
                return Err(Error::Initialize {
                    service: entry.name.to_string(),
                    message,
                });
            }
        }
        Ok(())
    }

    /// Closes the heal breaker of a service and forgets its failures (an operator's
    /// "try again").
    ///
    /// # Errors
    ///
    /// [`Error::UnknownService`] if no service has that name.
    pub fn reset_breaker(&self, name: &str) -> Result<(), Error> {
        let services = self.shared.registry.by_registration();
        let entry =
            services
                .iter()
                .find(|e| &*e.name == name)
                .ok_or_else(|| Error::UnknownService {
                    name: name.to_owned(),
                })?;
        entry.runtime().heal.reset();
        self.shared.metrics.set_breaker(name, false);
        Ok(())
    }

    /// Shuts down: stops the background monitor, waits for a running tick and for the
    /// `health()` and `heal()` calls that ticks left running (each at most until its
    /// timeout; a heal is recorded as usual), then stops every service in reverse
    /// registration order — `ManagedService::shutdown`, then its lifecycle hook if that is
    /// up — each within [`shutdown_timeout`](SupervisorConfig::shutdown_timeout). A service
    /// whose shutdown panics or overruns does not hold up the others; one still blocked in an
    /// abandoned call is not called again, and its shutdown is reported as skipped.
    ///
    /// Idempotent: later calls (from any thread) do nothing and return the first report.
    /// Afterwards ticks do nothing, registration fails, and readiness and liveness fail.
    pub fn shutdown(&self) -> ShutdownReport {
        let mut done = self
            .shared
            .shutdown_report
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(report) = &*done {
            return report.clone();
        }
        self.shared.shut_down.store(true, Ordering::Release);
        self.stop();
        let mut state = self.state();
        let step = self.step(self.shared.clock.now());
        let services = self.shared.registry.by_registration();
        // Calls still running get their time first, so that their services can be shut down.
        heal::finish(&step, &services, &mut state.heals);
        state.checks.take_all(&services);
        let report = shutdown::run(&step, &services);
        *done = Some(report.clone());
        report
    }

    /// Whether [`shutdown`](Self::shutdown) has begun.
    #[must_use]
    pub fn is_shut_down(&self) -> bool {
        self.shared.shut_down.load(Ordering::Acquire)
    }
}
