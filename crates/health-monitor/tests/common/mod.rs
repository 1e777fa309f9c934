//! A scriptable service and helpers shared by the integration tests.

#![allow(dead_code, unreachable_pub)] // Each test binary uses a different part of this module.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use health_monitor::{
    EventKind, HealPolicy, ManualClock, ServiceConfig, Subscription, Supervisor, SupervisorConfig,
};
use managed_service::{HealthStatus, ManagedService, PressureLevel};

/// Calls made into services, in order, as `name:callback(arg)` strings.
#[derive(Debug, Clone, Default)]
pub struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub fn push(&self, entry: String) {
        self.0.lock().unwrap().push(entry);
    }

    /// Entries whose callback is `callback`, in order.
    pub fn of(&self, callback: &str) -> Vec<String> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e.split(':').nth(1).is_some_and(|c| c.starts_with(callback)))
            .cloned()
            .collect()
    }

    pub fn clear(&self) {
        self.0.lock().unwrap().clear();
    }
}

/// A latch that blocked callbacks wait on; opened when the test is done with them.
#[derive(Debug, Default)]
pub struct Latch {
    open: Mutex<bool>,
    wake: Condvar,
}

impl Latch {
    pub fn wait(&self) {
        let mut open = self.open.lock().unwrap();
        while !*open {
            open = self.wake.wait(open).unwrap();
        }
    }

    pub fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.wake.notify_all();
    }
}

/// A service whose every behaviour a test can set.
#[derive(Debug)]
pub struct TestService {
    name: String,
    log: Log,
    pub status: Mutex<HealthStatus>,
    /// Callbacks that panic: `health`, `pressure_response`, `shed_load`, `heal`, `shutdown`.
    pub panics: Mutex<Vec<&'static str>>,
    /// `health()` blocks on `latch` while set.
    pub block_health: AtomicBool,
    pub latch: Latch,
    /// What `heal()` returns; when it returns true, the status becomes healthy.
    pub heal_succeeds: AtomicBool,
    pub health_calls: AtomicUsize,
    /// `heal()` blocks on `heal_latch` while set.
    pub block_heal: AtomicBool,
    pub heal_latch: Latch,
    pub heal_calls: AtomicUsize,
}

impl TestService {
    pub fn new(name: &str, log: &Log) -> Arc<Self> {
        Arc::new(Self {
            name: name.to_owned(),
            log: log.clone(),
            status: Mutex::new(HealthStatus::Healthy),
            panics: Mutex::new(Vec::new()),
            block_health: AtomicBool::new(false),
            latch: Latch::default(),
            heal_succeeds: AtomicBool::new(true),
            health_calls: AtomicUsize::new(0),
            block_heal: AtomicBool::new(false),
            heal_latch: Latch::default(),
            heal_calls: AtomicUsize::new(0),
        })
    }

    pub fn set_status(&self, status: HealthStatus) {
        *self.status.lock().unwrap() = status;
    }

    pub fn panic_in(&self, callback: &'static str) {
        self.panics.lock().unwrap().push(callback);
    }

    fn enter(&self, callback: &'static str, arg: &str) {
        self.log.push(format!("{}:{callback}({arg})", self.name));
        let panics = self.panics.lock().unwrap().contains(&callback);
        assert!(!panics, "{} panics in {callback}", self.name);
    }
}

impl ManagedService for TestService {
    fn name(&self) -> &str {
        &self.name
    }

    fn health(&self) -> HealthStatus {
        self.health_calls.fetch_add(1, Ordering::SeqCst);
        if self.block_health.load(Ordering::SeqCst) {
            self.latch.wait();
        }
        let panics = self.panics.lock().unwrap().contains(&"health");
        assert!(!panics, "{} panics in health", self.name);
        self.status.lock().unwrap().clone()
    }

    fn pressure_response(&self, level: PressureLevel) {
        self.enter("pressure_response", level.as_str());
    }

    fn shed_load(&self) {
        self.enter("shed_load", "");
    }

    fn heal(&self) -> bool {
        self.heal_calls.fetch_add(1, Ordering::SeqCst);
        self.enter("heal", "");
        if self.block_heal.load(Ordering::SeqCst) {
            self.heal_latch.wait();
        }
        let healed = self.heal_succeeds.load(Ordering::SeqCst);
        if healed {
            self.set_status(HealthStatus::Healthy);
        }
        healed
    }

    fn shutdown(&self) {
        self.enter("shutdown", "");
    }
}

impl Drop for TestService {
    fn drop(&mut self) {
        self.latch.open();
        self.heal_latch.open();
    }
}

/// A config with 2 s timeouts (a panic that prints a backtrace can take a while), ticks that
/// wait for each callback's whole timeout (a patience of 2 s, so every result lands in the
/// tick that made the call), no grace, and a jitter-free heal schedule of 1, 2, 4, 8 s.
pub fn config() -> SupervisorConfig {
    let mut config = SupervisorConfig::default();
    config.health_timeout = Duration::from_secs(2);
    config.callback_timeout = Duration::from_secs(2);
    config.heal_timeout = Duration::from_secs(2);
    config.patience = Duration::from_secs(2);
    config.shutdown_timeout = Duration::from_secs(2);
    config.critical_grace = Duration::ZERO;
    let mut heal = HealPolicy::default();
    heal.min_delay = Duration::from_secs(1);
    heal.max_delay = Duration::from_secs(8);
    heal.jitter = false;
    heal.max_failures = 3;
    heal.window = Duration::from_secs(60);
    heal.reset_after = Duration::from_secs(10);
    config.heal = heal;
    config
}

/// A supervisor on a manual clock.
pub fn supervisor(config: SupervisorConfig) -> (Supervisor, ManualClock) {
    let clock = ManualClock::new();
    let supervisor = Supervisor::with_clock(config, Arc::new(clock.clone())).unwrap();
    (supervisor, clock)
}

/// Registers `names` with priorities, returning the services.
pub fn register(
    supervisor: &Supervisor,
    log: &Log,
    services: &[(&str, i32)],
) -> Vec<Arc<TestService>> {
    services
        .iter()
        .map(|&(name, priority)| {
            let service = TestService::new(name, log);
            supervisor
                .register(service.clone(), ServiceConfig::new().priority(priority))
                .unwrap();
            service
        })
        .collect()
}

/// The names of the events queued on `events`, leaving out snapshots.
pub fn event_names(events: &Subscription) -> Vec<String> {
    events
        .drain()
        .into_iter()
        .filter(|e| !matches!(e.kind, EventKind::HealthSnapshot(_)))
        .map(|e| match e.kind.service() {
            Some(service) => format!("{}@{service}", e.kind.name()),
            None => e.kind.name().to_owned(),
        })
        .collect()
}
