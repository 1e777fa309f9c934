//! The health-monitor runtime for Python: `Supervisor`, simulated pressure, the
//! `ResourceGate` with its `Permit`s, events and metrics.
//!
//! Python services are wrapped in [`PyService`], a `ManagedService` whose methods attach to
//! the interpreter on the runtime's worker threads. An exception raised by a Python callback
//! is turned into a panic payload carrying its message and resumed without the panic hook,
//! so the runtime isolates it exactly as it isolates a Rust panic. Every call that may wait
//! on the runtime (tick, start, stop, shutdown, waiting for an event) detaches from the
//! interpreter first, so the worker threads can run Python meanwhile.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use health_monitor as hm;
use hm::{ManagedService, Resource};
use managed_service as contract;
use pyo3::exceptions::{
    PyException, PyKeyError, PyOSError, PyRuntimeError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::health::HealthStatus;
use crate::pressure::{PressureLevel, PressureThresholds};

fn seconds(value: f64, field: &str) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| PyValueError::new_err(format!("{field} must be >= 0 seconds, got {value}")))
}

fn parse_resource(name: &str) -> PyResult<Resource> {
    match name {
        "ram" => Ok(Resource::Ram),
        "gpu" => Ok(Resource::Gpu),
        other => Err(PyValueError::new_err(format!(
            "resource must be \"ram\" or \"gpu\", got {other:?}"
        ))),
    }
}

/// Converts a runtime error to the matching Python exception.
fn to_py_err(py: Python<'_>, err: hm::Error) -> PyErr {
    match err {
        hm::Error::Denied(denial) => GateDenied::from_denial(py, &denial),
        hm::Error::UnknownService { .. } | hm::Error::UnknownSubsystem { .. } => {
            PyKeyError::new_err(err.to_string())
        }
        hm::Error::InvalidConfig { .. }
        | hm::Error::DuplicateService { .. }
        | hm::Error::InvalidServiceName { .. } => PyValueError::new_err(err.to_string()),
        other => PyRuntimeError::new_err(other.to_string()),
    }
}

/// "`ExceptionType`: message" for an exception raised by a Python callback.
fn describe(py: Python<'_>, method: &str, err: &PyErr) -> String {
    let kind = err
        .get_type(py)
        .name()
        .map_or_else(|_| "Exception".to_owned(), |name| name.to_string());
    format!("{method}() raised {kind}: {}", err.value(py))
}

/// A Python object implementing the `ManagedService` protocol.
#[derive(Debug)]
struct PyService {
    name: String,
    object: Py<PyAny>,
}

impl PyService {
    /// Calls `method` on the object; an exception becomes a panic (without the panic hook),
    /// which the runtime catches and reports with the message.
    fn call<R>(&self, method: &str, call: impl FnOnce(&Bound<'_, PyAny>) -> PyResult<R>) -> R {
        let result = Python::attach(|py| {
            let object = self.object.bind(py);
            call(object).map_err(|err| describe(py, method, &err))
        });
        match result {
            Ok(value) => value,
            Err(message) => std::panic::resume_unwind(Box::new(message)),
        }
    }
}

impl ManagedService for PyService {
    fn name(&self) -> &str {
        &self.name
    }

    fn health(&self) -> contract::HealthStatus {
        self.call("health", |object| {
            let status = object.call_method0("health")?;
            let status = status.cast::<HealthStatus>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "health() must return HealthStatus, got {}",
                    status
                        .get_type()
                        .name()
                        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
                ))
            })?;
            Ok(status.get().inner().clone())
        })
    }

    fn pressure_response(&self, level: contract::PressureLevel) {
        self.call("pressure_response", |object| {
            object
                .call_method1("pressure_response", (PressureLevel::from(level),))
                .map(drop)
        });
    }

    fn shed_load(&self) {
        self.call("shed_load", |object| {
            object.call_method0("shed_load").map(drop)
        });
    }

    fn heal(&self) -> bool {
        self.call("heal", |object| object.call_method0("heal")?.is_truthy())
    }

    fn shutdown(&self) {
        self.call("shutdown", |object| {
            object.call_method0("shutdown").map(drop)
        });
    }
}

/// A Rust service that does nothing but report healthy; useful beside Python services to
/// show that both kinds share one runtime.
#[derive(Debug)]
struct NativeService {
    name: String,
    log: Arc<Mutex<Vec<String>>>,
    panic_in: Option<String>,
}

impl ManagedService for NativeService {
    fn name(&self) -> &str {
        &self.name
    }
    fn health(&self) -> contract::HealthStatus {
        self.maybe_panic("health");
        contract::HealthStatus::Healthy
    }
    fn pressure_response(&self, level: contract::PressureLevel) {
        self.record(format!("pressure_response:{level}"));
        self.maybe_panic("pressure_response");
    }
    fn shed_load(&self) {
        self.record("shed_load".to_owned());
        self.maybe_panic("shed_load");
    }
    fn heal(&self) -> bool {
        self.record("heal".to_owned());
        self.maybe_panic("heal");
        true
    }
    fn shutdown(&self) {
        self.record("shutdown".to_owned());
        self.maybe_panic("shutdown");
    }
}

impl NativeService {
    /// A real Rust panic, for tests of isolation.
    fn maybe_panic(&self, method: &str) {
        assert!(
            self.panic_in.as_deref() != Some(method),
            "{} panicked in {method} (on purpose)",
            self.name
        );
    }

    fn record(&self, call: String) {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(call);
    }
}

/// A built-in Rust service (always healthy) that records the calls the runtime makes.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct RustService {
    name: String,
    log: Arc<Mutex<Vec<String>>>,
    panic_in: Option<String>,
}

#[pymethods]
impl RustService {
    /// `panic_in` names a method (`health`, `pressure_response`, `shed_load`, `heal`,
    /// `shutdown`) that panics, in Rust, every time it is called.
    #[new]
    #[pyo3(signature = (name, *, panic_in = None))]
    fn new(name: String, panic_in: Option<String>) -> Self {
        Self {
            name,
            log: Arc::default(),
            panic_in,
        }
    }

    /// The service's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// Every call the runtime made, in order (`"pressure_response:high"`, `"shed_load"`, ...).
    #[getter]
    fn calls(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Controls a simulated pressure source: set a reading now, or script a timeline.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct SimulatedSource {
    name: String,
    resource: Resource,
    handle: hm::SimulatedHandle,
}

#[pymethods]
impl SimulatedSource {
    /// The source's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// "ram" or "gpu".
    #[getter]
    fn resource(&self) -> &'static str {
        self.resource.as_str()
    }

    /// Sets the usage fraction, from the next tick on.
    fn set_fraction(&self, fraction: f64) {
        self.handle.set_usage_fraction(fraction);
    }

    /// Sets the reading to `used` bytes of `total`.
    fn set_usage(&self, used: u64, total: u64) {
        self.handle.set_usage(used, total);
    }

    /// Makes the source unavailable (left out of the combined level).
    fn set_unavailable(&self, reason: String) {
        self.handle.set_unavailable(reason);
    }

    /// Replaces the timeline with `(at_seconds, fraction)` steps on the supervisor's clock.
    fn script(&self, steps: Vec<(f64, f64)>) -> PyResult<()> {
        let steps = steps
            .into_iter()
            .map(|(at, fraction)| Ok((seconds(at, "at")?, fraction_reading(fraction))))
            .collect::<PyResult<Vec<_>>>()?;
        self.handle.script(steps);
        Ok(())
    }

    /// Whether every scripted step has been applied.
    #[getter]
    fn script_done(&self) -> bool {
        self.handle.script_is_done()
    }

    /// The current fraction, or None when unavailable.
    #[getter]
    fn fraction(&self) -> Option<f64> {
        self.handle.current().fraction()
    }
}

/// A usage reading equivalent to `fraction` (parts per million of a fixed total), so that
/// the source counts as a byte measurement for the resource.
fn fraction_reading(fraction: f64) -> hm::Reading {
    const TOTAL: u64 = 1_000_000;
    let clamped = if fraction.is_nan() {
        1.0
    } else {
        fraction.max(0.0)
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let used = (clamped * 1_000_000.0).round() as u64;
    hm::Reading::usage(used, TOTAL)
}

trait SetFraction {
    fn set_usage_fraction(&self, fraction: f64);
}

impl SetFraction for hm::SimulatedHandle {
    fn set_usage_fraction(&self, fraction: f64) {
        self.set(fraction_reading(fraction));
    }
}

/// A reservation; released by `release()`, on leaving a `with` block, or when collected.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct Permit {
    bytes: u64,
    subsystem: String,
    resource: Resource,
    inner: Mutex<Option<hm::Permit>>,
}

#[pymethods]
impl Permit {
    /// Bytes reserved.
    #[getter]
    fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The subsystem charged.
    #[getter]
    fn subsystem(&self) -> &str {
        &self.subsystem
    }

    /// "ram" or "gpu".
    #[getter]
    fn resource(&self) -> &'static str {
        self.resource.as_str()
    }

    /// True once released.
    #[getter]
    fn released(&self) -> bool {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
    }

    /// Returns the bytes to the gate; a second call does nothing. The interpreter is
    /// released meanwhile, so threads release and reserve in parallel.
    fn release(&self, py: Python<'_>) {
        py.detach(|| {
            let permit = self
                .inner
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            drop(permit);
        });
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.release(py);
        false
    }

    fn __repr__(&self) -> String {
        format!(
            "Permit(bytes={}, subsystem={:?}, resource={:?}, released={})",
            self.bytes,
            self.subsystem,
            self.resource.as_str(),
            if self.released() { "True" } else { "False" }
        )
    }
}

pyo3::create_exception!(
    _native,
    GateDenied,
    PyException,
    "Raised when the gate refuses a reservation; nothing was reserved. Attributes: \
     resource, subsystem, requested, available, level, reason."
);

impl GateDenied {
    fn from_denial(py: Python<'_>, denial: &hm::Denial) -> PyErr {
        let err = Self::new_err(denial.to_string());
        let value = err.value(py);
        let set = || -> PyResult<()> {
            value.setattr("resource", denial.resource.as_str())?;
            value.setattr("subsystem", denial.subsystem.as_str())?;
            value.setattr("requested", denial.requested)?;
            value.setattr("available", denial.available)?;
            value.setattr("level", PressureLevel::from(denial.level))?;
            value.setattr("reason", reason_name(denial.reason))?;
            Ok(())
        };
        match set() {
            Ok(()) => err,
            Err(other) => other,
        }
    }
}

fn reason_name(reason: hm::DenialReason) -> &'static str {
    match reason {
        hm::DenialReason::Pressure => "pressure",
        hm::DenialReason::Capacity => "capacity",
        hm::DenialReason::Budget => "budget",
    }
}

/// Reserve before you load: per-subsystem budgets of one resource's capacity.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct ResourceGate {
    inner: hm::ResourceGate,
}

#[pymethods]
impl ResourceGate {
    /// A gate of `capacity` bytes of `resource` ("ram" or "gpu"). `budgets` maps subsystem
    /// names to fractions of the capacity (default inference 0.75, tts 0.10, rendering 0.10,
    /// reserve 0.05); `refuse_at` is the level at which every reservation is refused
    /// (default Critical; None never refuses for pressure).
    #[new]
    #[pyo3(signature = (resource, capacity, budgets = None, refuse_at = Some(PressureLevel::Critical)))]
    fn new(
        py: Python<'_>,
        resource: &str,
        capacity: u64,
        budgets: Option<Vec<(String, f64)>>,
        refuse_at: Option<PressureLevel>,
    ) -> PyResult<Self> {
        let mut builder = hm::ResourceGate::builder(parse_resource(resource)?, capacity)
            .refuse_at(refuse_at.map(Into::into));
        if let Some(budgets) = budgets {
            builder = builder.budgets(budgets);
        }
        builder
            .build()
            .map(|inner| Self { inner })
            .map_err(|err| to_py_err(py, err))
    }

    /// Reserves `bytes` for `subsystem`; raises `GateDenied` (nothing reserved) when the
    /// budget, the capacity or the pressure level says no.
    fn reserve(&self, py: Python<'_>, bytes: u64, subsystem: &str) -> PyResult<Permit> {
        // Without the interpreter: threads reserve in parallel, as they would in Rust.
        let permit = py
            .detach(|| self.inner.reserve(bytes, subsystem))
            .map_err(|err| to_py_err(py, err))?;
        Ok(Permit {
            bytes,
            subsystem: subsystem.to_owned(),
            resource: self.inner.resource(),
            inner: Mutex::new(Some(permit)),
        })
    }

    /// "ram" or "gpu".
    #[getter]
    fn resource(&self) -> &'static str {
        self.inner.resource().as_str()
    }

    /// Total bytes.
    #[getter]
    fn capacity(&self) -> u64 {
        self.inner.capacity()
    }

    /// Subsystem names, in report order.
    #[getter]
    fn subsystems(&self) -> Vec<String> {
        self.inner.subsystems().map(str::to_owned).collect()
    }

    /// A subsystem's budget in bytes.
    fn budget(&self, py: Python<'_>, subsystem: &str) -> PyResult<u64> {
        self.inner
            .budget(subsystem)
            .map_err(|err| to_py_err(py, err))
    }

    /// Bytes a subsystem holds.
    fn reserved(&self, py: Python<'_>, subsystem: &str) -> PyResult<u64> {
        self.inner
            .reserved(subsystem)
            .map_err(|err| to_py_err(py, err))
    }

    /// Bytes a subsystem could still reserve.
    fn available(&self, py: Python<'_>, subsystem: &str) -> PyResult<u64> {
        self.inner
            .available(subsystem)
            .map_err(|err| to_py_err(py, err))
    }

    /// Bytes reserved across all subsystems.
    #[getter]
    fn total_reserved(&self) -> u64 {
        self.inner.total_reserved()
    }

    /// The level the gate last learned for its resource.
    #[getter]
    fn level(&self) -> PressureLevel {
        self.inner.level().into()
    }

    /// Tells the gate the level (a supervisor does this every tick).
    fn set_level(&self, level: PressureLevel) {
        self.inner.set_level(level.into());
    }

    /// Per subsystem: name, fraction, budget, reserved, available and denials.
    fn usage<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .usage()
            .into_iter()
            .map(|usage| {
                let dict = PyDict::new(py);
                dict.set_item("name", usage.name)?;
                dict.set_item("fraction", usage.fraction)?;
                dict.set_item("budget", usage.budget)?;
                dict.set_item("reserved", usage.reserved)?;
                dict.set_item("available", usage.available)?;
                dict.set_item("denials", usage.denials)?;
                Ok(dict)
            })
            .collect()
    }
}

/// One event from the runtime; `kind` is its name ("system:pressure:changed"), `data` its
/// JSON form as a dict.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct Event {
    inner: hm::Event,
}

#[pymethods]
impl Event {
    /// Position in the stream.
    #[getter]
    fn seq(&self) -> u64 {
        self.inner.seq
    }

    /// The supervisor clock's time, in milliseconds.
    #[getter]
    fn at_ms(&self) -> u64 {
        self.inner.at_ms
    }

    /// The event's name.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind.name()
    }

    /// The service it is about, if any.
    #[getter]
    fn service(&self) -> Option<&str> {
        self.inner.kind.service()
    }

    /// The JSON form.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|err| PyRuntimeError::new_err(err.to_string()))
    }

    fn __repr__(&self) -> String {
        format!(
            "Event(seq={}, at_ms={}, kind={:?})",
            self.inner.seq,
            self.inner.at_ms,
            self.inner.kind.name()
        )
    }
}

/// What one tick did.
#[pyclass(frozen, module = "specgen._native", get_all)]
#[derive(Debug)]
pub(crate) struct TickReport {
    /// The clock's time, in seconds.
    at: f64,
    /// The combined level after the tick.
    level: PressureLevel,
    /// `(from, to)` when the level changed.
    level_change: Option<(PressureLevel, PressureLevel)>,
    /// `pressure_response` calls made.
    responses: usize,
    /// Whether `shed_load` was called.
    shed: bool,
    /// Services checked.
    checked: usize,
    /// `heal` calls begun.
    heals: usize,
    /// `health`/`heal` calls still running past the patience after the tick.
    outstanding: usize,
    /// Services unhealthy after the tick.
    unhealthy: usize,
    /// Whether the tick was skipped (after shutdown).
    skipped: bool,
}

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
        let managed: Arc<dyn ManagedService> = if let Ok(native) = service.cast::<RustService>() {
            let native = native.get();
            Arc::new(NativeService {
                name: native.name.clone(),
                log: Arc::clone(&native.log),
                panic_in: native.panic_in.clone(),
            })
        } else {
            for method in [
                "health",
                "pressure_response",
                "shed_load",
                "heal",
                "shutdown",
            ] {
                if !service.hasattr(method)? {
                    return Err(PyTypeError::new_err(format!(
                        "a managed service needs a {method}() method"
                    )));
                }
            }
            let mut name = service.getattr("name")?;
            if name.is_callable() {
                name = name.call0()?;
            }
            Arc::new(PyService {
                name: name.extract()?,
                object: service.clone().unbind(),
            })
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
        Ok(SimulatedSource {
            name,
            resource,
            handle,
        })
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
            .add_gate(&gate.get().inner)
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
        let report = py.detach(move || inner.tick());
        TickReport {
            at: report.at.as_secs_f64(),
            level: report.level.into(),
            level_change: report
                .level_change
                .map(|(from, to)| (from.into(), to.into())),
            responses: report.responses,
            shed: report.shed,
            checked: report.checked,
            heals: report.heals,
            outstanding: report.outstanding,
            unhealthy: report.unhealthy,
            skipped: report.skipped,
        }
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
            .map(|inner| Event { inner })
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
        Ok(event.map(|inner| Event { inner }))
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
            .map_err(|err| PyOSError::new_err(err.to_string()))?;
        Ok(HttpServer {
            addr: endpoint.local_addr(),
            endpoint: Mutex::new(Some(endpoint)),
        })
    }
}

/// `/metrics`, `/healthz` and `/readyz` served over HTTP for a supervisor; see
/// `Supervisor.serve_http`. Stops on `stop()`, at the end of a `with` block, or when
/// collected.
#[pyclass(frozen, module = "specgen._native")]
#[derive(Debug)]
pub(crate) struct HttpServer {
    addr: std::net::SocketAddr,
    endpoint: Mutex<Option<hm::HttpEndpoint>>,
}

#[pymethods]
impl HttpServer {
    /// The host served on, as text (`"127.0.0.1"`).
    #[getter]
    fn host(&self) -> String {
        self.addr.ip().to_string()
    }

    /// The port served on (the real one when 0 was asked for).
    #[getter]
    const fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://HOST:PORT`, without a trailing slash.
    #[getter]
    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Whether it still serves.
    #[getter]
    fn serving(&self) -> bool {
        self.endpoint
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Stops serving and waits for the server thread; later calls do nothing.
    fn stop(&self, py: Python<'_>) {
        let endpoint = self
            .endpoint
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(endpoint) = endpoint {
            py.detach(move || endpoint.stop());
        }
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, py: Python<'_>, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        self.stop(py);
        false
    }

    fn __repr__(&self) -> String {
        format!(
            "HttpServer(url={:?}, serving={})",
            self.url(),
            self.serving()
        )
    }
}

impl Supervisor {
    fn subscription(&self) -> std::sync::MutexGuard<'_, hm::Subscription> {
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

/// This process's resident memory in bytes, read from /proc/self/status.
#[pyfunction]
pub(crate) fn read_rss_bytes(py: Python<'_>) -> PyResult<u64> {
    hm::read_rss_bytes().map_err(|err| to_py_err(py, err))
}
