//! [`Registry`]: the services a supervisor runs, with their priority, budget and lifecycle.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use managed_service::{HealthStatus, ManagedService};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::atomic_level::AtomicLevel;
use crate::cache_padded::CachePadded;
use crate::error::Error;
use crate::heal_schedule::HealState;
use crate::lifecycle::LifecycleHook;
use crate::model::ResourceBudget;

/// A registered service's identity, unique for the life of a [`Registry`] (never reused,
/// even after the service is unregistered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceId(u64);

impl ServiceId {
    /// The number behind the id.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for ServiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// How a service is registered: priority, optional budget, optional lifecycle.
///
/// **Priority**: higher means more important. Pressure is announced and load is shed
/// **lowest priority first**, so the least important services give memory back before the
/// important ones are asked; equal priorities go in registration order.
///
/// ```
/// use health_monitor::{ResourceBudget, ServiceConfig};
///
/// let config = ServiceConfig::new().priority(10).budget(ResourceBudget::gpu(2 << 30));
/// assert_eq!(config.get_priority(), 10);
/// ```
#[derive(Clone, Default)]
pub struct ServiceConfig {
    priority: i32,
    budget: Option<ResourceBudget>,
    lifecycle: Option<Arc<dyn LifecycleHook>>,
}

impl ServiceConfig {
    /// Priority 0, no budget, no lifecycle.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the priority (higher is more important; default 0).
    #[must_use]
    pub const fn priority(mut self, priority: i32) -> Self {
        self.priority = priority;
        self
    }

    /// Declares a resource budget.
    #[must_use]
    pub const fn budget(mut self, budget: ResourceBudget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Attaches a lifecycle (see [`LifecycleHook`]).
    #[must_use]
    pub fn lifecycle(mut self, hook: Arc<dyn LifecycleHook>) -> Self {
        self.lifecycle = Some(hook);
        self
    }

    /// The priority set.
    #[must_use]
    pub const fn get_priority(&self) -> i32 {
        self.priority
    }
}

impl fmt::Debug for ServiceConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceConfig")
            .field("priority", &self.priority)
            .field("budget", &self.budget)
            .field("lifecycle", &self.lifecycle.is_some())
            .finish()
    }
}

/// A registered service as [`Registry::services`] lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInfo {
    /// The service's name.
    pub name: String,
    /// Its priority.
    pub priority: i32,
    /// Its declared budget.
    pub budget: Option<ResourceBudget>,
    /// Whether it has a lifecycle hook.
    pub has_lifecycle: bool,
}

/// What the runtime remembers about a service between ticks.
#[derive(Debug, Default)]
pub(crate) struct ServiceRuntime {
    /// The last effective status; `None` before the first check.
    pub(crate) status: Option<HealthStatus>,
    /// A failed callback (panic or timeout in `pressure_response` or `shed_load`) keeps the
    /// service unhealthy until a heal succeeds.
    pub(crate) fault: Option<String>,
    pub(crate) heal: HealState,
}

/// One registered service.
pub(crate) struct ServiceEntry {
    pub(crate) id: ServiceId,
    pub(crate) name: Arc<str>,
    pub(crate) service: Arc<dyn ManagedService>,
    pub(crate) priority: i32,
    pub(crate) budget: Option<ResourceBudget>,
    pub(crate) lifecycle: Option<Arc<dyn LifecycleHook>>,
    /// Set while a call into the service is running; no second call is made meanwhile.
    /// Written by worker threads, so kept off the lines the tick thread writes.
    pub(crate) in_flight: CachePadded<AtomicBool>,
    /// The level last announced to this service.
    pub(crate) announced: AtomicLevel,
    /// Written by the tick thread, so kept off the lines worker threads read.
    runtime: CachePadded<Mutex<ServiceRuntime>>,
}

impl ServiceEntry {
    pub(crate) fn runtime(&self) -> MutexGuard<'_, ServiceRuntime> {
        // Only the tick thread writes it, and every write leaves it consistent.
        self.runtime.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether the service is up (always, without a lifecycle hook).
    pub(crate) fn is_initialized(&self) -> bool {
        self.lifecycle
            .as_ref()
            .is_none_or(|hook| LifecycleHook::is_initialized(&**hook))
    }

    fn info(&self) -> ServiceInfo {
        ServiceInfo {
            name: self.name.to_string(),
            priority: self.priority,
            budget: self.budget,
            has_lifecycle: self.lifecycle.is_some(),
        }
    }
}

impl fmt::Debug for ServiceEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceEntry")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("priority", &self.priority)
            .finish_non_exhaustive()
    }
}

/// Why `name` cannot name a service, if it cannot.
fn name_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("a service needs a name that is not empty or only whitespace")
    } else if name.chars().any(char::is_control) {
        Some("a service name cannot hold a control character (such as a newline)")
    } else {
        None
    }
}

/// The two orders in which services are visited, rebuilt on every change so that a tick
/// takes both with one reference-count increment each.
#[derive(Default)]
struct Lists {
    /// Registration order (health checks, heals; reversed for shutdown).
    by_registration: Arc<[Arc<ServiceEntry>]>,
    /// Ascending priority, ties in registration order (pressure responses, shedding).
    by_priority: Arc<[Arc<ServiceEntry>]>,
}

/// The services of a supervisor.
///
/// Services are held as `Arc<dyn ManagedService>`, so the code that uses a service keeps its
/// own handle. Names are unique. Registering and unregistering are safe while the monitor
/// runs; a tick works on the list as it was when the tick began.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use health_monitor::{Registry, ServiceConfig};
/// use managed_service::{HealthStatus, ManagedService, PressureLevel};
///
/// struct Idle(&'static str);
/// impl ManagedService for Idle {
///     fn name(&self) -> &str { self.0 }
///     fn health(&self) -> HealthStatus { HealthStatus::Healthy }
///     fn pressure_response(&self, _: PressureLevel) {}
///     fn shed_load(&self) {}
///     fn heal(&self) -> bool { true }
///     fn shutdown(&self) {}
/// }
///
/// let registry = Registry::new();
/// registry.register(Arc::new(Idle("tts")), ServiceConfig::new().priority(5))?;
/// registry.register(Arc::new(Idle("cache")), ServiceConfig::new().priority(1))?;
/// assert!(registry.register(Arc::new(Idle("tts")), ServiceConfig::new()).is_err());
/// assert_eq!(registry.names(), ["tts", "cache"]);
/// assert_eq!(registry.names_by_priority(), ["cache", "tts"]);
/// # Ok::<(), health_monitor::Error>(())
/// ```
#[derive(Default)]
pub struct Registry {
    lists: RwLock<Lists>,
    next_id: AtomicU64,
}

impl Registry {
    /// An empty registry.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `service` under its [`name`](ManagedService::name).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidServiceName`] if the name is empty, only whitespace or holds a
    /// control character; [`Error::DuplicateService`] if a service of that name is
    /// registered.
    pub fn register(
        &self,
        service: Arc<dyn ManagedService>,
        config: ServiceConfig,
    ) -> Result<ServiceId, Error> {
        // The name is read once, outside the lock: `name()` is the service's code.
        let name: Arc<str> = service.name().into();
        if let Some(reason) = name_problem(&name) {
            return Err(Error::InvalidServiceName {
                name: name.to_string(),
                reason,
            });
        }
        let mut lists = self.write();
        if lists.by_registration.iter().any(|e| e.name == name) {
            return Err(Error::DuplicateService {
                name: name.to_string(),
            });
        }
        let id = ServiceId(self.next_id.fetch_add(1, Ordering::Relaxed));
        let entry = Arc::new(ServiceEntry {
            id,
            name,
            service,
            priority: config.priority,
            budget: config.budget,
            lifecycle: config.lifecycle,
            in_flight: CachePadded(AtomicBool::new(false)),
            announced: AtomicLevel::default(),
            runtime: CachePadded(Mutex::new(ServiceRuntime::default())),
        });
        let mut all: Vec<_> = lists.by_registration.to_vec();
        all.push(entry);
        *lists = Lists::from(all);
        Ok(id)
    }

    /// Removes the service named `name` and returns it. It is not shut down: the caller
    /// owns it again.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownService`] if no service has that name.
    pub fn unregister(&self, name: &str) -> Result<Arc<dyn ManagedService>, Error> {
        let mut lists = self.write();
        let position = lists
            .by_registration
            .iter()
            .position(|e| &*e.name == name)
            .ok_or_else(|| Error::UnknownService {
                name: name.to_owned(),
            })?;
        let mut all: Vec<_> = lists.by_registration.to_vec();
        let removed = all.remove(position);
        *lists = Lists::from(all);
        Ok(Arc::clone(&removed.service))
    }

    /// The service named `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<Arc<dyn ManagedService>> {
        self.read()
            .by_registration
            .iter()
            .find(|e| &*e.name == name)
            .map(|e| Arc::clone(&e.service))
    }

    /// How many services are registered.
    #[must_use]
    pub fn len(&self) -> usize {
        self.read().by_registration.len()
    }

    /// Whether no service is registered.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The names, in registration order.
    #[must_use]
    pub fn names(&self) -> Vec<String> {
        self.read()
            .by_registration
            .iter()
            .map(|e| e.name.to_string())
            .collect()
    }

    /// The names in the order pressure is announced: ascending priority, ties in
    /// registration order.
    #[must_use]
    pub fn names_by_priority(&self) -> Vec<String> {
        self.read()
            .by_priority
            .iter()
            .map(|e| e.name.to_string())
            .collect()
    }

    /// Every service's registration, in registration order.
    #[must_use]
    pub fn services(&self) -> Vec<ServiceInfo> {
        self.read()
            .by_registration
            .iter()
            .map(|e| e.info())
            .collect()
    }

    /// The entries in registration order.
    pub(crate) fn by_registration(&self) -> Arc<[Arc<ServiceEntry>]> {
        Arc::clone(&self.read().by_registration)
    }

    /// The entries in ascending priority.
    pub(crate) fn by_priority(&self) -> Arc<[Arc<ServiceEntry>]> {
        Arc::clone(&self.read().by_priority)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Lists> {
        // The lists are replaced whole, never left half-written.
        self.lists.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Lists> {
        self.lists.write().unwrap_or_else(PoisonError::into_inner)
    }
}

impl From<Vec<Arc<ServiceEntry>>> for Lists {
    fn from(all: Vec<Arc<ServiceEntry>>) -> Self {
        let mut by_priority = all.clone();
        // A stable sort keeps registration order among equal priorities.
        by_priority.sort_by_key(|e| e.priority);
        Self {
            by_registration: all.into(),
            by_priority: by_priority.into(),
        }
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("services", &self.names())
            .finish()
    }
}

#[cfg(test)]
mod tests;
