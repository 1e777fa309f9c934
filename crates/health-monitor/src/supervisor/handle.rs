//! The [`Supervisor`] handle, what its clones share, and how services, sources and gates
//! join it.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};

use managed_service::{ManagedService, PressureThresholds};

use super::background::Background;
use crate::clock::{Clock, SystemClock};
use crate::combine::{Combiner, PressureReport};
use crate::config::SupervisorConfig;
use crate::dispatcher::Dispatcher;
use crate::error::Error;
use crate::events::EventBus;
use crate::executor::Executor;
use crate::gate::ResourceGate;
use crate::metrics::Metrics;
use crate::model::HealthSnapshot;
use crate::monitor::History;
use crate::outstanding::Outstanding;
use crate::registry::{Registry, ServiceConfig, ServiceId};
use crate::shutdown::ShutdownReport;
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
    pub(super) shared: Arc<Shared>,
}

/// What the clones of a supervisor share.
pub(super) struct Shared {
    pub(super) config: SupervisorConfig,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) registry: Registry,
    pub(super) events: EventBus,
    pub(super) metrics: Metrics,
    pub(super) executor: Executor,
    /// Serialises ticks (and shutdown) and holds what only a tick changes.
    pub(super) tick: Mutex<TickState>,
    /// What readers see, updated at the end of each tick.
    pub(super) latest: RwLock<Latest>,
    pub(super) shut_down: AtomicBool,
    pub(super) shutdown_report: Mutex<Option<ShutdownReport>>,
    pub(super) background: Mutex<Option<Background>>,
    /// Real time, for liveness: a base, and the end of the last tick (or the start of the
    /// background monitor) in nanoseconds after it.
    pub(super) base: Instant,
    pub(super) last_tick_end: AtomicU64,
}

/// What only a tick changes, behind the tick lock.
pub(super) struct TickState {
    pub(super) combiner: Combiner,
    pub(super) dispatcher: Dispatcher,
    /// Each gate with the name of its pressure source.
    pub(super) gates: Vec<(ResourceGate, String)>,
    /// `health()` calls that ran past the patience, until a tick takes their result.
    pub(super) checks: Outstanding,
    /// `heal()` calls that ran past the patience, until a tick records them.
    pub(super) heals: Outstanding,
}

/// What readers see, as of the last tick.
pub(super) struct Latest {
    pub(super) snapshot: Option<Arc<HealthSnapshot>>,
    pub(super) pressure: Option<Arc<PressureReport>>,
    pub(super) history: History,
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

    /// The context the steps of a tick at `now` share.
    pub(super) fn step(&self, now: Duration) -> Step<'_> {
        let shared = &*self.shared;
        Step {
            now,
            executor: &shared.executor,
            events: &shared.events,
            metrics: &shared.metrics,
            config: &shared.config,
        }
    }

    pub(super) fn mark_tick_end(&self) {
        let now = u64::try_from(self.shared.base.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.shared.last_tick_end.store(now, Ordering::Release);
    }

    pub(super) fn state(&self) -> MutexGuard<'_, TickState> {
        // A tick catches every callback's panic; the state is consistent between steps.
        self.shared
            .tick
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn latest(&self) -> RwLockReadGuard<'_, Latest> {
        self.shared
            .latest
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn background(&self) -> MutexGuard<'_, Option<Background>> {
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
