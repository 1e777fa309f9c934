//! [`Supervisor`]: the coordinator. It owns the registry, the sources, the gates, the event
//! bus and the metrics, and runs one cycle — pressure, health, heal, snapshot — per
//! [`tick`](Supervisor::tick).

mod background;
mod probe;

use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::{Duration, Instant};

use managed_service::{ManagedService, PressureLevel, PressureThresholds};

pub use probe::Probe;

use self::background::Background;
use crate::clock::{Clock, SystemClock, millis};
use crate::combine::{Combiner, PressureReport};
use crate::config::SupervisorConfig;
use crate::dispatcher::Dispatcher;
use crate::error::Error;
use crate::events::{EventBus, EventKind, Subscription};
use crate::executor::Executor;
use crate::gate::ResourceGate;
use crate::heal;
use crate::metrics::Metrics;
use crate::model::HealthSnapshot;
use crate::monitor::{self, History};
use crate::outstanding::Outstanding;
use crate::panic_message::panic_message;
use crate::registry::{Registry, ServiceConfig, ServiceId};
use crate::shutdown::{self, ShutdownReport};
use crate::sources::{CgroupSource, MeminfoSource, NvmlSource, PressureSource, PsiSource};
use crate::step::Step;

/// Runs the health monitor, the pressure dispatcher and the self-heal loop over a set of
/// services.
///
/// # Two ways to run
///
/// - **Background**: [`start`](Self::start) spawns a thread that calls [`tick`](Self::tick)
///   every [`interval`](SupervisorConfig::interval); [`shutdown`](Self::shutdown) stops it.
/// - **Stepped**: call [`tick`](Self::tick) yourself. The cycle then runs on your thread,
///   at the time of the supervisor's [`Clock`] — with a [`ManualClock`](crate::ManualClock),
///   every schedule is deterministic. This is how tests (and the Python bindings) drive it.
///
/// # One tick
///
/// 1. **Pressure**: sample every source; each passes through its hysteresis; the combined
///    level is the worst. Gates get their resource's level and measured use. On a change,
///    and for services that have not been told the current level, `pressure_response` is
///    called, lowest priority first. Critical held past the grace period calls `shed_load`
///    once per episode.
/// 2. **Health**: `health()` on every initialised service, each within its timeout.
/// 3. **Heal**: `heal()` on unhealthy services whose attempt is due (see [`HealPolicy`]).
///
///    A `health()` or `heal()` still running after
///    [`patience`](SupervisorConfig::patience) does not hold up the tick: it runs on, its
///    service keeps its last status and gets no other call, and the first tick after it
///    returns (or overruns its timeout) records the result. One hanging service costs its
///    siblings one patience, once.
/// 4. **Snapshot**: a [`HealthSnapshot`] goes into the history and out as a
///    `system:health:snapshot` event; metrics are updated.
///
/// Every callback runs isolated: a panic or an overrun marks only that service unhealthy.
///
/// The handle is cheap to clone; clones share one supervisor.
///
/// [`HealPolicy`]: crate::HealPolicy
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use std::time::Duration;
/// use health_monitor::{ManualClock, Resource, ServiceConfig, SimulatedSource, Supervisor, SupervisorConfig};
/// use managed_service::{HealthStatus, ManagedService, PressureLevel};
///
/// struct Cache { trimmed: AtomicBool }
///
/// impl ManagedService for Cache {
///     fn name(&self) -> &str { "cache" }
///     fn health(&self) -> HealthStatus { HealthStatus::Healthy }
///     fn pressure_response(&self, level: PressureLevel) {
///         self.trimmed.store(level >= PressureLevel::High, Ordering::Relaxed);
///     }
///     fn shed_load(&self) {}
///     fn heal(&self) -> bool { true }
///     fn shutdown(&self) {}
/// }
///
/// let clock = ManualClock::new();
/// let supervisor = Supervisor::with_clock(SupervisorConfig::default(), Arc::new(clock.clone()))?;
/// let cache = Arc::new(Cache { trimmed: AtomicBool::new(false) });
/// supervisor.register(cache.clone(), ServiceConfig::new())?;
///
/// let ram = SimulatedSource::new("ram", Resource::Ram);
/// let pressure = ram.handle();
/// supervisor.add_source(Box::new(ram))?;
///
/// pressure.set_usage(91, 100); // RAM High starts at 90 %
/// clock.advance(Duration::from_secs(1));
/// let report = supervisor.tick();
/// assert_eq!(report.level_change, Some((PressureLevel::Normal, PressureLevel::High)));
/// assert!(cache.trimmed.load(Ordering::Relaxed));
/// assert!(supervisor.readiness().ok);
///
/// let stopped = supervisor.shutdown();
/// assert_eq!(stopped.order(), ["cache"]);
/// # Ok::<(), health_monitor::Error>(())
/// ```
#[derive(Clone)]
pub struct Supervisor {
    shared: Arc<Shared>,
}

struct Shared {
    config: SupervisorConfig,
    clock: Arc<dyn Clock>,
    registry: Registry,
    events: EventBus,
    metrics: Metrics,
    executor: Executor,
    /// Serialises ticks (and shutdown) and holds what only a tick changes.
    tick: Mutex<TickState>,
    /// What readers see, updated at the end of each tick.
    latest: RwLock<Latest>,
    shut_down: AtomicBool,
    shutdown_report: Mutex<Option<ShutdownReport>>,
    background: Mutex<Option<Background>>,
    /// Real time, for liveness: a base, and the end of the last tick (or the start of the
    /// background monitor) in nanoseconds after it.
    base: Instant,
    last_tick_end: AtomicU64,
}

struct TickState {
    combiner: Combiner,
    dispatcher: Dispatcher,
    /// Each gate with the name of its pressure source.
    gates: Vec<(ResourceGate, String)>,
    /// `health()` calls that ran past the patience, until a tick takes their result.
    checks: Outstanding,
    /// `heal()` calls that ran past the patience, until a tick records them.
    heals: Outstanding,
}

struct Latest {
    snapshot: Option<Arc<HealthSnapshot>>,
    pressure: Option<Arc<PressureReport>>,
    history: History,
}

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

impl Supervisor {
    /// A supervisor on the [`SystemClock`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] if the configuration does not
    /// [validate](SupervisorConfig::validate).
    pub fn new(config: SupervisorConfig) -> Result<Self, Error> {
        Self::with_clock(config, Arc::new(SystemClock::new()))
    }

    /// A supervisor on `clock` (a [`ManualClock`](crate::ManualClock) in tests).
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn with_clock(config: SupervisorConfig, clock: Arc<dyn Clock>) -> Result<Self, Error> {
        config.validate()?;
        let events = EventBus::new();
        let state = TickState {
            combiner: Combiner::new(config.hysteresis_margin)?,
            dispatcher: Dispatcher::default(),
            gates: Vec::new(),
            checks: Outstanding::default(),
            heals: Outstanding::default(),
        };
        Ok(Self {
            shared: Arc::new(Shared {
                metrics: Metrics::new(events.clone()),
                events,
                clock,
                registry: Registry::new(),
                executor: Executor::new(),
                tick: Mutex::new(state),
                latest: RwLock::new(Latest {
                    snapshot: None,
                    pressure: None,
                    history: History::new(config.history_len),
                }),
                shut_down: AtomicBool::new(false),
                shutdown_report: Mutex::new(None),
                background: Mutex::new(None),
                base: Instant::now(),
                last_tick_end: AtomicU64::new(0),
                config,
            }),
        })
    }

    /// Registers a service. It is checked from the next tick on, and told the current
    /// pressure level if that is not Normal.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidServiceName`] if the name is empty, only whitespace or holds a
    /// control character; [`Error::DuplicateService`] if it is taken; [`Error::ShutDown`]
    /// after [`shutdown`](Self::shutdown).
    pub fn register(
        &self,
        service: Arc<dyn ManagedService>,
        config: ServiceConfig,
    ) -> Result<ServiceId, Error> {
        if self.is_shut_down() {
            return Err(Error::ShutDown);
        }
        self.shared.registry.register(service, config)
    }

    /// Removes a service without shutting it down, and returns it.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownService`] if no service has that name.
    pub fn unregister(&self, name: &str) -> Result<Arc<dyn ManagedService>, Error> {
        let service = self.shared.registry.unregister(name)?;
        self.shared.metrics.forget_service(name);
        Ok(service)
    }

    /// Adds a pressure source with its default thresholds.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] if a source of the same name is registered.
    pub fn add_source(&self, source: Box<dyn PressureSource>) -> Result<(), Error> {
        self.state().combiner.add(source, None)
    }

    /// Adds a pressure source with its own thresholds.
    ///
    /// # Errors
    ///
    /// As [`add_source`](Self::add_source).
    pub fn add_source_with_thresholds(
        &self,
        source: Box<dyn PressureSource>,
        thresholds: PressureThresholds,
    ) -> Result<(), Error> {
        self.state().combiner.add(source, Some(thresholds))
    }

    /// Adds the usual real sources of this machine: [`MeminfoSource`], [`PsiSource`], the
    /// [`CgroupSource`] if one applies, and [`NvmlSource`] for GPU 0. Sources that cannot
    /// measure here are still added, and report themselves unavailable.
    ///
    /// [`MeminfoSource`]: crate::MeminfoSource
    /// [`PsiSource`]: crate::PsiSource
    /// [`CgroupSource`]: crate::CgroupSource
    /// [`NvmlSource`]: crate::NvmlSource
    ///
    /// # Errors
    ///
    /// As [`add_source`](Self::add_source), if one of them is already registered.
    pub fn add_system_sources(&self) -> Result<(), Error> {
        self.add_source(Box::new(MeminfoSource::new()))?;
        self.add_source(Box::new(PsiSource::new()))?;
        if let Ok(cgroup) = CgroupSource::detect() {
            self.add_source(Box::new(cgroup))?;
        }
        self.add_source(Box::new(NvmlSource::new(0)))
    }

    /// Connects a gate: its reservations become a pressure source (`gate:gpu` or
    /// `gate:ram`), it receives its resource's level and measured use every tick, its
    /// denials are published as events, and its budgets appear in the metrics.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] if a gate of the same resource is connected already.
    pub fn add_gate(&self, gate: &ResourceGate) -> Result<(), Error> {
        let source = gate.source();
        let name = source.name().to_owned();
        let mut state = self.state();
        state.combiner.add(Box::new(source), None)?;
        state.gates.push((gate.clone(), name));
        gate.attach(self.shared.events.clone(), Arc::clone(&self.shared.clock));
        self.shared.metrics.add_gate(gate.clone());
        Ok(())
    }

    /// Runs one cycle now, on this thread, at the clock's current time; see the type's
    /// documentation for the steps. Waits while another tick is running.
    ///
    /// A tick takes as long as its callbacks: usually microseconds. A `health()` or `heal()`
    /// that overruns the [`patience`](SupervisorConfig::patience) adds that much, once, and
    /// goes on without the tick; a `pressure_response()` or `shed_load()` that overruns adds
    /// its whole timeout.
    pub fn tick(&self) -> TickReport {
        let started = Instant::now();
        let shared = &*self.shared;
        let mut state = self.state();
        let now = shared.clock.now();
        if self.is_shut_down() {
            return TickReport {
                at: now,
                level: state.dispatcher.level(),
                level_change: None,
                responses: 0,
                shed: false,
                checked: 0,
                heals: 0,
                outstanding: 0,
                unhealthy: 0,
                skipped: true,
            };
        }
        let step = Step {
            now,
            executor: &shared.executor,
            events: &shared.events,
            metrics: &shared.metrics,
            config: &shared.config,
        };
        let by_registration = shared.registry.by_registration();
        let by_priority = shared.registry.by_priority();
        let state = &mut *state;

        let report = state.combiner.sample(now);
        for (gate, source) in &state.gates {
            let resource = gate.resource();
            gate.set_observed_used(report.observed_used(resource, source));
            gate.set_level(report.level_of(resource));
        }
        shared.metrics.record_pressure(&report);
        let dispatched = state.dispatcher.dispatch(&step, &report, &by_priority);

        let previous = self
            .snapshot()
            .map(|snapshot| Arc::clone(&snapshot.services));
        heal::collect(&step, &by_registration, &mut state.heals, None);
        let mut checked = monitor::check(
            &step,
            &by_registration,
            previous.as_ref(),
            &mut state.checks,
            &state.heals,
        );
        let due = std::mem::take(&mut checked.due);
        let heals = heal::attempt(
            &step,
            &by_registration,
            due,
            &mut checked.rows,
            &mut state.heals,
        );

        let snapshot = Arc::new(HealthSnapshot {
            at_ms: millis(now),
            level: report.level,
            services: checked.rows,
        });
        let unhealthy = snapshot.unhealthy().count();
        {
            let mut latest = shared
                .latest
                .write()
                .unwrap_or_else(PoisonError::into_inner);
            latest.snapshot = Some(Arc::clone(&snapshot));
            latest.pressure = Some(Arc::new(report));
            latest.history.push(Arc::clone(&snapshot));
        }
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
        let shared = &*self.shared;
        let step = Step {
            now: shared.clock.now(),
            executor: &shared.executor,
            events: &shared.events,
            metrics: &shared.metrics,
            config: &shared.config,
        };
        let services = shared.registry.by_registration();
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

    /// Liveness: fails once shut down, or when the background monitor has not finished a
    /// tick for [`stall_after`](SupervisorConfig::stall_after). Without a background
    /// monitor (stepped use) it passes until shutdown.
    #[must_use]
    pub fn liveness(&self) -> Probe {
        if self.is_shut_down() {
            return Probe::failing(vec!["the supervisor is shut down".to_owned()]);
        }
        if self.is_running() {
            let last = self.shared.last_tick_end.load(Ordering::Acquire);
            let now = u64::try_from(self.shared.base.elapsed().as_nanos()).unwrap_or(u64::MAX);
            let quiet = Duration::from_nanos(now.saturating_sub(last));
            if quiet >= self.shared.config.stall_after {
                return Probe::failing(vec![format!(
                    "the monitor has not finished a tick for {} ms",
                    quiet.as_millis()
                )]);
            }
        }
        Probe::passing()
    }

    /// Readiness: passes when the supervisor has ticked, every service has answered a health
    /// check, none is unhealthy or uninitialised, and the combined level is below
    /// [`not_ready_at`](SupervisorConfig::not_ready_at). Degraded services do not fail it.
    #[must_use]
    pub fn readiness(&self) -> Probe {
        if self.is_shut_down() {
            return Probe::failing(vec!["the supervisor is shut down".to_owned()]);
        }
        let Some(snapshot) = self.snapshot() else {
            return Probe::failing(vec!["no health check has run yet".to_owned()]);
        };
        let mut reasons = Vec::new();
        for service in snapshot.services.iter() {
            match &service.status {
                Some(status) if status.is_unhealthy() => {
                    reasons.push(format!("service {:?} is {status}", &*service.name));
                }
                _ if !service.initialized => {
                    reasons.push(format!("service {:?} is not initialised", &*service.name));
                }
                None => reasons.push(format!(
                    "service {:?} has not answered its first health check",
                    &*service.name
                )),
                _ => {}
            }
        }
        if snapshot.level >= self.shared.config.not_ready_at {
            reasons.push(format!("memory pressure is {}", snapshot.level));
        }
        Probe::from_reasons(reasons)
    }

    /// The snapshot of the last tick.
    #[must_use]
    pub fn snapshot(&self) -> Option<Arc<HealthSnapshot>> {
        self.latest().snapshot.clone()
    }

    /// The last [`history_len`](SupervisorConfig::history_len) snapshots, oldest first.
    #[must_use]
    pub fn history(&self) -> Vec<Arc<HealthSnapshot>> {
        self.latest().history.to_vec()
    }

    /// The pressure as of the last tick: combined level and every source.
    #[must_use]
    pub fn pressure(&self) -> Option<Arc<PressureReport>> {
        self.latest().pressure.clone()
    }

    /// The combined level as of the last tick (Normal before the first).
    #[must_use]
    pub fn level(&self) -> PressureLevel {
        self.latest()
            .pressure
            .as_ref()
            .map_or(PressureLevel::Normal, |p| p.level)
    }

    /// A new event subscription (see [`EventBus`]).
    #[must_use]
    pub fn subscribe(&self) -> Subscription {
        self.shared.events.subscribe()
    }

    /// The event bus.
    #[must_use]
    pub fn events(&self) -> &EventBus {
        &self.shared.events
    }

    /// The registered services.
    #[must_use]
    pub fn registry(&self) -> &Registry {
        &self.shared.registry
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &SupervisorConfig {
        &self.shared.config
    }

    /// The clock.
    #[must_use]
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.shared.clock
    }

    /// The metrics.
    #[must_use]
    pub fn metrics(&self) -> &Metrics {
        &self.shared.metrics
    }

    /// The metrics in the Prometheus text format (what `/metrics` serves).
    #[must_use]
    pub fn metrics_text(&self) -> String {
        self.shared.metrics.render()
    }

    fn mark_tick_end(&self) {
        let now = u64::try_from(self.shared.base.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.shared.last_tick_end.store(now, Ordering::Release);
    }

    fn state(&self) -> MutexGuard<'_, TickState> {
        // A tick catches every callback's panic; the state is consistent between steps.
        self.shared
            .tick
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn latest(&self) -> std::sync::RwLockReadGuard<'_, Latest> {
        self.shared
            .latest
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn background(&self) -> MutexGuard<'_, Option<Background>> {
        self.shared
            .background
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for Supervisor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Supervisor")
            .field("services", &self.shared.registry.names())
            .field("level", &self.level())
            .field("running", &self.is_running())
            .field("shut_down", &self.is_shut_down())
            .finish_non_exhaustive()
    }
}
