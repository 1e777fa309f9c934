//! One cycle of a [`Supervisor`]: pressure, health, heal, snapshot; and the [`TickReport`]
//! that says what it did.

use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};

use managed_service::PressureLevel;

use super::Supervisor;
use super::handle::TickState;
use crate::clock::millis;
use crate::combine::PressureReport;
#[cfg(doc)]
use crate::config::SupervisorConfig;
use crate::events::EventKind;
use crate::executor::Services;
use crate::heal;
use crate::model::HealthSnapshot;
use crate::monitor::{self, Checked};
use crate::step::Step;

/// What one [`Supervisor::tick`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TickReport {
    /// The clock time of the tick.
    pub at: Duration,
    /// The combined pressure level after the tick.
    pub level: PressureLevel,
    /// `(from, to)` when the level changed in this tick.
    pub level_change: Option<(PressureLevel, PressureLevel)>,
    /// `pressure_response` calls made.
    pub responses: usize,
    /// Whether `shed_load` went out in this tick.
    pub shed: bool,
    /// `health()` calls made.
    pub checked: usize,
    /// `heal()` calls begun (each is recorded when it returns or times out: in this tick,
    /// or, if it outlasts the [`patience`](SupervisorConfig::patience), in a later one).
    pub heals: usize,
    /// `health()` and `heal()` calls still running after the tick, each past the patience;
    /// their services are not called again until a later tick takes their results.
    pub outstanding: usize,
    /// Services unhealthy after the tick.
    pub unhealthy: usize,
    /// `true` when the supervisor is shut down and the tick did nothing.
    pub skipped: bool,
}

impl TickReport {
    /// The report of a tick that did nothing, because the supervisor is shut down.
    const fn skipped(at: Duration, level: PressureLevel) -> Self {
        Self {
            at,
            level,
            level_change: None,
            responses: 0,
            shed: false,
            checked: 0,
            heals: 0,
            outstanding: 0,
            unhealthy: 0,
            skipped: true,
        }
    }
}

impl Supervisor {
    /// Runs one cycle now, on this thread, at the clock's current time; see the type's
    /// documentation for the steps. Waits while another tick is running.
    ///
    /// A tick takes as long as its callbacks: usually microseconds. A `health()` or `heal()`
    /// that overruns the [`patience`](SupervisorConfig::patience) adds that much, once, and
    /// goes on without the tick; a `pressure_response()` or `shed_load()` that overruns adds
    /// its whole timeout.
    // A tick is mostly run for its effects; the report is there for those who want it.
    #[allow(clippy::must_use_candidate)]
    pub fn tick(&self) -> TickReport {
        let started = Instant::now();
        let shared = &*self.shared;
        let mut state = self.state();
        let now = shared.clock.now();
        if self.is_shut_down() {
            return TickReport::skipped(now, state.dispatcher.level());
        }
        let step = self.step(now);
        let by_registration = shared.registry.by_registration();
        let by_priority = shared.registry.by_priority();
        let state = &mut *state;

        let report = state.combiner.sample(now);
        state.feed_gates(&report);
        shared.metrics.record_pressure(&report);
        let dispatched = state.dispatcher.dispatch(&step, &report, &by_priority);
        let (checked, heals) = self.check_and_heal(&step, state, &by_registration);

        let snapshot = Arc::new(HealthSnapshot {
            at_ms: millis(now),
            level: report.level,
            services: checked.rows,
        });
        let unhealthy = snapshot.unhealthy().count();
        self.keep_latest(&snapshot, report);
        step.publish(|| EventKind::HealthSnapshot(snapshot));
        shared.metrics.ticked(started.elapsed());
        self.mark_tick_end();
        TickReport {
            at: now,
            level: state.dispatcher.level(),
            level_change: dispatched.change,
            responses: dispatched.responses,
            shed: dispatched.shed,
            checked: checked.count,
            heals,
            outstanding: state.checks.len() + state.heals.len(),
            unhealthy,
            skipped: false,
        }
    }

    /// The health and heal steps: records the heals that earlier ticks left running, checks
    /// every service, and calls `heal()` on those whose attempt is due. Returns the checks
    /// (with the snapshot rows) and the number of heals begun.
    fn check_and_heal(
        &self,
        step: &Step<'_>,
        state: &mut TickState,
        services: &Services,
    ) -> (Checked, usize) {
        let previous = self
            .snapshot()
            .map(|snapshot| Arc::clone(&snapshot.services));
        heal::collect(step, services, &mut state.heals, None);
        let mut checked = monitor::check(
            step,
            services,
            previous.as_ref(),
            &mut state.checks,
            &state.heals,
        );
        let due = std::mem::take(&mut checked.due);
        let heals = heal::attempt(step, services, due, &mut checked.rows, &mut state.heals);
        (checked, heals)
    }

    /// Makes the tick's snapshot and pressure what readers see, and adds the snapshot to the
    /// history.
    fn keep_latest(&self, snapshot: &Arc<HealthSnapshot>, report: PressureReport) {
        let mut latest = self
            .shared
            .latest
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        latest.snapshot = Some(Arc::clone(snapshot));
        latest.pressure = Some(Arc::new(report));
        latest.history.push(Arc::clone(snapshot));
    }
}

impl TickState {
    /// Gives each gate its resource's level and the use measured by the other sources.
    fn feed_gates(&self, report: &PressureReport) {
        for (gate, source) in &self.gates {
            let resource = gate.resource();
            gate.set_observed_used(report.observed_used(resource, source));
            gate.set_level(report.level_of(resource));
        }
    }
}
