//! `Supervisor`: the health-monitor runtime for Python.
//!
//! Every call that may wait on the runtime (tick, start, stop, shutdown, waiting for an
//! event) detaches from the interpreter first, so the worker threads can run Python
//! meanwhile.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use health_monitor as hm;
use hm::ManagedService;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use super::convert::{parse_resource, seconds};
use super::errors::{http_err, to_py_err};
use super::event::Event;
use super::http_server::HttpServer;
use super::py_service::PyService;
use super::resource_gate::ResourceGate;
use super::rust_service::RustService;
use super::simulated_source::SimulatedSource;
use super::tick_report::TickReport;
use crate::health::HealthStatus;
use crate::pressure::{PressureLevel, PressureThresholds};

/// Registers services and sources and runs the monitor, one tick at a time or in the
/// background.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct Supervisor {
    inner: Arc<hm::Supervisor>,
    clock: Option<hm::ManualClock>,
    events: Arc<Mutex<hm::Subscription>>,
}

#[pymethods]
impl Supervisor {
    /// A supervisor. With `manual_clock` (the default) time moves only by `advance()`; all
    /// durations are in seconds.
    #[new]
    #[pyo3(signature = (
        *,
        manual_clock = true,
        interval = 1.0,
        health_timeout = 0.5,
        callback_timeout = 2.0,
        heal_timeout = 10.0,
        patience = 0.05,
        shutdown_timeout = 10.0,
        critical_grace = 5.0,
        hysteresis_margin = 0.03,
        heal_min_delay = 1.0,
        heal_max_delay = 60.0,
        heal_max_failures = 5,
        heal_window = 600.0,
        heal_reset_after = 60.0,
        event_capacity = 65536,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        manual_clock: bool,
        interval: f64,
        health_timeout: f64,
        callback_timeout: f64,
        heal_timeout: f64,
        patience: f64,
        shutdown_timeout: f64,
        critical_grace: f64,
        hysteresis_margin: f64,
        heal_min_delay: f64,
        heal_max_delay: f64,
        heal_max_failures: u32,
        heal_window: f64,
        heal_reset_after: f64,
        event_capacity: usize,
    ) -> PyResult<Self> {
        let mut config = hm::SupervisorConfig::default();
        config.interval = seconds(interval, "interval")?;
        config.health_timeout = seconds(health_timeout, "health_timeout")?;
        config.callback_timeout = seconds(callback_timeout, "callback_timeout")?;
        config.heal_timeout = seconds(heal_timeout, "heal_timeout")?;
        config.patience = seconds(patience, "patience")?;
        config.shutdown_timeout = seconds(shutdown_timeout, "shutdown_timeout")?;
        config.critical_grace = seconds(critical_grace, "critical_grace")?;
        config.hysteresis_margin = hysteresis_margin;
        config.heal.min_delay = seconds(heal_min_delay, "heal_min_delay")?;
        config.heal.max_delay = seconds(heal_max_delay, "heal_max_delay")?;
        config.heal.max_failures = heal_max_failures;
        config.heal.window = seconds(heal_window, "heal_window")?;
        config.heal.reset_after = seconds(heal_reset_after, "heal_reset_after")?;
        config.heal.jitter = false;
        let (supervisor, clock) = if manual_clock {
            let clock = hm::ManualClock::new();
            let supervisor = hm::Supervisor::with_clock(config, Arc::new(clock.clone()));
            (supervisor, Some(clock))
        } else {
            (hm::Supervisor::new(config), None)
        };
        let supervisor = supervisor.map_err(|err| to_py_err(py, err))?;
        let events = supervisor
            .events()
            .subscribe_with_capacity(event_capacity.max(1));
        Ok(Self {
            inner: Arc::new(supervisor),
            clock,
            events: Arc::new(Mutex::new(events)),
        })
    }

    /// Registers a Python object implementing the `ManagedService` protocol (`name`,
    /// `health()`, `pressure_response(level)`, `shed_load()`, `heal()`, `shutdown()`), or a
    /// `RustService`. Higher priority is told of pressure later.
    #[pyo3(signature = (service, *, priority = 0))]
    fn register(&self, py: Python<'_>, service: &Bound<'_, PyAny>, priority: i32) -> PyResult<()> {
        let config = hm::ServiceConfig::new().priority(priority);
        let managed: Arc<dyn ManagedService> = match service.cast::<RustService>() {
            Ok(native) => native.get().to_managed(),
            Err(_) => PyService::wrap(service)?,
        };
        self.inner
            .register(managed, config)
            .map(drop)
            .map_err(|err| to_py_err(py, err))
    }

    /// Removes a service without shutting it down.
    fn unregister(&self, py: Python<'_>, name: &str) -> PyResult<()> {
        self.inner
            .unregister(name)
            .map(drop)
            .map_err(|err| to_py_err(py, err))
    }

    /// Service names, lowest priority first.
    #[getter]
    fn services(&self) -> Vec<String> {
        self.inner.registry().names_by_priority()
    }

    /// Adds a simulated source of `resource` ("ram" or "gpu") and returns its control.
    #[pyo3(signature = (name, resource = "ram", thresholds = None))]
    fn add_simulated_source(
        &self,
        py: Python<'_>,
        name: String,
        resource: &str,
        thresholds: Option<PyRef<'_, PressureThresholds>>,
    ) -> PyResult<SimulatedSource> {
        let resource = parse_resource(resource)?;
        let source = hm::SimulatedSource::new(name.clone(), resource);
        let handle = source.handle();
        let result = match thresholds {
            Some(thresholds) => self
                .inner
                .add_source_with_thresholds(Box::new(source), thresholds.contract()),
            None => self.inner.add_source(Box::new(source)),
        };
        result.map_err(|err| to_py_err(py, err))?;
        Ok(SimulatedSource::new(name, resource, handle))
    }

    /// Adds the real RSS source of this process: its resident memory against `limit` bytes
    /// (default: the machine's total memory).
    #[pyo3(signature = (limit = None, thresholds = None))]
    fn add_rss_source(
        &self,
        py: Python<'_>,
        limit: Option<u64>,
        thresholds: Option<PyRef<'_, PressureThresholds>>,
    ) -> PyResult<()> {
        let source = limit.map_or_else(hm::RssSource::new, hm::RssSource::with_limit);
        match thresholds {
            Some(thresholds) => self
                .inner
                .add_source_with_thresholds(Box::new(source), thresholds.contract()),
            None => self.inner.add_source(Box::new(source)),
        }
        .map_err(|err| to_py_err(py, err))
    }

    /// Adds the machine's real sources: /proc/meminfo, PSI, the cgroup (if any) and NVML
    /// (reports itself unavailable without a GPU).
    fn add_system_sources(&self, py: Python<'_>) -> PyResult<()> {
        self.inner
            .add_system_sources()
            .map_err(|err| to_py_err(py, err))
    }

    /// Connects a gate: its reservations count as pressure, it learns the level every tick,
    /// its denials become events.
    fn add_gate(&self, py: Python<'_>, gate: &Bound<'_, ResourceGate>) -> PyResult<()> {
        self.inner
            .add_gate(gate.get().inner())
            .map_err(|err| to_py_err(py, err))
    }

    /// Moves the manual clock forward; raises `RuntimeError` on a real-time supervisor.
    fn advance(&self, seconds_: f64) -> PyResult<()> {
        let clock = self.manual()?;
        clock.advance(seconds(seconds_, "seconds")?);
        Ok(())
    }

    /// The clock's time in seconds.
    #[getter]
    fn now(&self) -> f64 {
        self.inner.clock().now().as_secs_f64()
    }

    /// Runs one cycle now (the interpreter is released meanwhile).
    fn tick(&self, py: Python<'_>) -> TickReport {
        let inner = Arc::clone(&self.inner);
        py.detach(move || inner.tick()).into()
    }

    /// Advances the manual clock by `seconds` then ticks, `count` times; returns the last
    /// report.
    #[pyo3(signature = (seconds_ = 1.0, count = 1))]
    fn step(&self, py: Python<'_>, seconds_: f64, count: usize) -> PyResult<Option<TickReport>> {
        let mut last = None;
        for _ in 0..count {
            self.advance(seconds_)?;
            last = Some(self.tick(py));
        }
        Ok(last)
    }

    /// Starts the background monitor thread.
    fn start(&self, py: Python<'_>) -> PyResult<()> {
        let inner = Arc::clone(&self.inner);
        py.detach(move || inner.start())
            .map_err(|err| to_py_err(py, err))
    }

    /// Stops the background monitor, waiting for its tick to finish.
    fn stop(&self, py: Python<'_>) {
        let inner = Arc::clone(&self.inner);
        py.detach(move || inner.stop());
    }

    /// Whether the background monitor runs.
    #[getter]
    fn is_running(&self) -> bool {
        self.inner.is_running()
    }

    /// Stops the monitor and shuts every service down in reverse registration order;
    /// returns the names in shutdown order.
    fn shutdown(&self, py: Python<'_>) -> Vec<String> {
        let inner = Arc::clone(&self.inner);
        let report = py.detach(move || inner.shutdown());
        report.order().into_iter().map(str::to_owned).collect()
    }

    /// The combined pressure level.
    #[getter]
    fn level(&self) -> PressureLevel {
        self.inner.level().into()
    }

    /// Each service's health at the last tick.
    fn health(&self) -> Vec<(String, HealthStatus)> {
        self.inner.snapshot().map_or_else(Vec::new, |snapshot| {
            snapshot
                .services
                .iter()
                .filter_map(|service| {
                    let status = service.status.clone()?;
                    Some((service.name.to_string(), HealthStatus::from_inner(status)))
                })
                .collect()
        })
    }

    /// Names of the services whose breaker is open (heals stopped, escalated).
    fn open_breakers(&self) -> Vec<String> {
        self.inner.snapshot().map_or_else(Vec::new, |snapshot| {
            snapshot
                .services
                .iter()
                .filter(|service| service.breaker_open)
                .map(|service| service.name.to_string())
                .collect()
        })
    }

    /// Closes a service's breaker so heals are tried again.
    fn reset_breaker(&self, py: Python<'_>, name: &str) -> PyResult<()> {
        self.inner
            .reset_breaker(name)
            .map_err(|err| to_py_err(py, err))
    }

    /// Every event published since the last call (health snapshots included).
    fn drain_events(&self) -> Vec<Event> {
        self.subscription()
            .drain()
            .into_iter()
            .map(Event::from)
            .collect()
    }

    /// The next event, waiting up to `timeout` seconds (the interpreter is released while
    /// waiting); None if none came.
    #[pyo3(signature = (timeout = 0.0))]
    fn next_event(&self, py: Python<'_>, timeout: f64) -> PyResult<Option<Event>> {
        let timeout = seconds(timeout, "timeout")?;
        let event = if timeout.is_zero() {
            self.subscription().try_next()
        } else {
            let events = Arc::clone(&self.events);
            py.detach(move || {
                events
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .next_timeout(timeout)
            })
        };
        Ok(event.map(Event::from))
    }

    /// Metrics in the Prometheus text format.
    fn metrics_text(&self) -> String {
        self.inner.metrics_text()
    }

    /// Liveness: `(ok, reasons)`.
    fn liveness(&self) -> (bool, Vec<String>) {
        let probe = self.inner.liveness();
        (probe.ok, probe.reasons)
    }

    /// Readiness: `(ok, reasons)`.
    fn readiness(&self) -> (bool, Vec<String>) {
        let probe = self.inner.readiness();
        (probe.ok, probe.reasons)
    }

    /// Serves `/metrics`, `/healthz` and `/readyz` over HTTP on `addr` (`"HOST:PORT"`, port
    /// 0 for a free one) until the returned server is stopped. `ValueError` for an address
    /// that is not `HOST:PORT`, `OSError` when it cannot be bound (port in use, no
    /// permission), each with the reason.
    fn serve_http(&self, py: Python<'_>, addr: &str) -> PyResult<HttpServer> {
        use std::net::ToSocketAddrs;
        if let Err(err) = addr.to_socket_addrs() {
            return Err(PyValueError::new_err(format!(
                "cannot serve HTTP on {addr}: not an address to listen on ({err}); expected HOST:PORT, e.g. 127.0.0.1:9464"
            )));
        }
        let supervisor = (*self.inner).clone();
        let addr = addr.to_owned();
        let endpoint = py
            .detach(move || hm::HttpEndpoint::start(supervisor, addr.as_str()))
            .map_err(|err| http_err(&err))?;
        Ok(HttpServer::new(endpoint))
    }
}

impl Supervisor {
    fn subscription(&self) -> MutexGuard<'_, hm::Subscription> {
        self.events.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn manual(&self) -> PyResult<&hm::ManualClock> {
        self.clock.as_ref().ok_or_else(|| {
            PyRuntimeError::new_err(
                "this supervisor runs on the system clock; advance() needs manual_clock=True",
            )
        })
    }
}
