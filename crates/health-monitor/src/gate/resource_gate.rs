//! [`ResourceGate`]: the ledger of reservations of one resource, and the checks a
//! reservation passes.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use managed_service::PressureLevel;

use super::builder::{DEFAULT_BUDGETS, GateBuilder, budget_bytes};
use super::ledger::{Ledger, Refusal};
use super::{GateSource, Permit, SubsystemUsage};
use crate::atomic_level::AtomicLevel;
use crate::clock::Clock;
use crate::error::Error;
use crate::events::{EventBus, EventKind};
use crate::model::{Denial, DenialReason, Resource};

/// Reserve-before-load accounting for one resource (GPU or RAM memory).
///
/// Clones share the same ledger; the gate is `Send + Sync` and meant to be shared by every
/// thread that loads.
///
/// # Examples
///
/// The incident, refused on the eighth adapter of a 20 GiB card (75 % of it is 15 GiB, room
/// for seven 2 GiB adapters):
///
/// ```
/// use health_monitor::{Error, ResourceGate};
///
/// const GIB: u64 = 1 << 30;
/// let gate = ResourceGate::gpu(20 * GIB);
/// let mut adapters = Vec::new();
/// let denial = loop {
///     match gate.reserve(2 * GIB, "inference") {
///         Ok(permit) => adapters.push(permit), // ... load the adapter, keep the permit
///         Err(Error::Denied(denial)) => break denial,
///         Err(other) => panic!("{other}"),
///     }
/// };
/// assert_eq!(adapters.len(), 7);
/// assert_eq!(denial.requested, 2 * GIB);
/// assert_eq!(denial.available, GIB);
/// assert_eq!(
///     denial.to_string(),
///     "gpu reservation of 2.0 GiB for inference denied at level normal: \
///      the inference budget has 1.0 GiB left"
/// );
///
/// adapters.pop(); // unloading one returns its bytes
/// assert!(gate.reserve(2 * GIB, "inference").is_ok());
/// ```
#[derive(Clone)]
pub struct ResourceGate {
    inner: Arc<GateInner>,
}

/// What the clones of a gate and its permits share.
pub(super) struct GateInner {
    pub(super) resource: Resource,
    pub(super) names: Box<[Box<str>]>,
    fractions: Box<[f64]>,
    pub(super) ledger: Ledger<AtomicU64>,
    denials: Box<[AtomicU64]>,
    level: AtomicLevel,
    refuse_at: Option<PressureLevel>,
    notifier: OnceLock<Notifier>,
}

/// Where denial events go, once the gate is attached to a supervisor.
struct Notifier {
    bus: EventBus,
    clock: Arc<dyn Clock>,
}

impl ResourceGate {
    /// A GPU gate of `capacity` bytes with the [`DEFAULT_BUDGETS`].
    #[must_use]
    pub fn gpu(capacity: u64) -> Self {
        Self::with_defaults(Resource::Gpu, capacity)
    }

    /// A RAM gate of `capacity` bytes with the [`DEFAULT_BUDGETS`] (set your own with
    /// [`builder`](Self::builder) if RAM is split differently).
    #[must_use]
    pub fn ram(capacity: u64) -> Self {
        Self::with_defaults(Resource::Ram, capacity)
    }

    fn with_defaults(resource: Resource, capacity: u64) -> Self {
        let builder = Self::builder(resource, capacity);
        let budgets = budget_bytes(capacity, &builder.fractions());
        Self::from_parts(builder, budgets)
    }

    /// A builder for a gate with its own budgets or refusal level, starting from the
    /// defaults.
    ///
    /// ```
    /// use health_monitor::{ResourceGate, Resource};
    /// use managed_service::PressureLevel;
    ///
    /// let gate = ResourceGate::builder(Resource::Ram, 1000)
    ///     .budgets([("cache", 0.5), ("workers", 0.4)])
    ///     .refuse_at(Some(PressureLevel::High))
    ///     .build()?;
    /// assert_eq!(gate.budget("cache")?, 500);
    /// # Ok::<(), health_monitor::Error>(())
    /// ```
    #[must_use]
    pub fn builder(resource: Resource, capacity: u64) -> GateBuilder {
        GateBuilder {
            resource,
            capacity,
            budgets: DEFAULT_BUDGETS
                .iter()
                .map(|&(name, fraction)| (name.to_owned(), fraction))
                .collect(),
            refuse_at: Some(PressureLevel::Critical),
        }
    }

    pub(super) fn from_parts(builder: GateBuilder, budgets: Box<[u64]>) -> Self {
        let GateBuilder {
            resource,
            capacity,
            budgets: named,
            refuse_at,
        } = builder;
        Self {
            inner: Arc::new(GateInner {
                resource,
                denials: named.iter().map(|_| AtomicU64::new(0)).collect(),
                fractions: named.iter().map(|(_, f)| *f).collect(),
                names: named.into_iter().map(|(n, _)| n.into_boxed_str()).collect(),
                ledger: Ledger::new(capacity, budgets),
                level: AtomicLevel::default(),
                refuse_at,
                notifier: OnceLock::new(),
            }),
        }
    }

    /// Reserves `bytes` for `subsystem`, returning a [`Permit`] that gives them back when
    /// dropped.
    ///
    /// Safe to call from any number of threads at once: no interleaving grants more than a
    /// budget, though under heavy contention a request can be refused that a moment later
    /// would fit.
    ///
    /// # Errors
    ///
    /// - [`Error::UnknownSubsystem`] if the gate has no budget named `subsystem`;
    /// - [`Error::Denied`] if the level is at or above the refusal level, the capacity left
    ///   after measured use is too small, or the subsystem's budget is (checked in that
    ///   order). The [`Denial`] is also published as a `system:gate:denied` event when the
    ///   gate is attached to a supervisor.
    pub fn reserve(&self, bytes: u64, subsystem: &str) -> Result<Permit, Error> {
        let index = self.index_of(subsystem)?;
        let level = self.level();
        let refused = if self.inner.refuse_at.is_some_and(|at| level >= at) {
            Some((DenialReason::Pressure, self.inner.ledger.available(index)))
        } else {
            match self.inner.ledger.try_reserve(index, bytes) {
                Ok(()) => None,
                Err(Refusal::Budget { available }) => Some((DenialReason::Budget, available)),
                Err(Refusal::Capacity { available }) => Some((DenialReason::Capacity, available)),
            }
        };
        match refused {
            None => Ok(Permit {
                gate: Arc::clone(&self.inner),
                index,
                bytes,
            }),
            Some((reason, available)) => Err(Error::Denied(
                self.deny(index, bytes, available, level, reason),
            )),
        }
    }

    #[cold]
    fn deny(
        &self,
        index: usize,
        requested: u64,
        available: u64,
        level: PressureLevel,
        reason: DenialReason,
    ) -> Denial {
        self.inner.denials[index].fetch_add(1, Ordering::Relaxed);
        let denial = Denial {
            resource: self.inner.resource,
            subsystem: self.inner.names[index].to_string(),
            requested,
            available,
            level,
            reason,
        };
        if let Some(notifier) = self.inner.notifier.get() {
            notifier.bus.publish_with(notifier.clock.now(), || {
                EventKind::GateDenied(denial.clone())
            });
        }
        denial
    }

    fn index_of(&self, subsystem: &str) -> Result<usize, Error> {
        self.inner
            .names
            .iter()
            .position(|name| &**name == subsystem)
            .ok_or_else(|| Error::UnknownSubsystem {
                resource: self.inner.resource,
                subsystem: subsystem.to_owned(),
                known: self.inner.names.join(", "),
            })
    }

    /// The resource this gate accounts for.
    #[must_use]
    pub fn resource(&self) -> Resource {
        self.inner.resource
    }

    /// The capacity, in bytes.
    #[must_use]
    pub fn capacity(&self) -> u64 {
        self.inner.ledger.capacity()
    }

    /// The subsystems' names, in budget order.
    pub fn subsystems(&self) -> impl Iterator<Item = &str> {
        self.inner.names.iter().map(|name| &**name)
    }

    /// The budget of `subsystem`, in bytes.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownSubsystem`].
    pub fn budget(&self, subsystem: &str) -> Result<u64, Error> {
        Ok(self.inner.ledger.budget(self.index_of(subsystem)?))
    }

    /// The bytes reserved for `subsystem` now.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownSubsystem`].
    pub fn reserved(&self, subsystem: &str) -> Result<u64, Error> {
        Ok(self.inner.ledger.reserved(self.index_of(subsystem)?))
    }

    /// What a reservation for `subsystem` could get now.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownSubsystem`].
    pub fn available(&self, subsystem: &str) -> Result<u64, Error> {
        Ok(self.inner.ledger.available(self.index_of(subsystem)?))
    }

    /// The bytes reserved over all subsystems.
    #[must_use]
    pub fn total_reserved(&self) -> u64 {
        self.inner.ledger.total()
    }

    /// Every subsystem's budget, reservations and denials.
    #[must_use]
    pub fn usage(&self) -> Vec<SubsystemUsage> {
        let ledger = &self.inner.ledger;
        (0..self.inner.names.len())
            .map(|i| SubsystemUsage {
                name: self.inner.names[i].to_string(),
                fraction: self.inner.fractions[i],
                budget: ledger.budget(i),
                reserved: ledger.reserved(i),
                available: ledger.available(i),
                denials: self.inner.denials[i].load(Ordering::Relaxed),
            })
            .collect()
    }

    /// The pressure level the gate currently refuses by (set by the supervisor each tick).
    #[must_use]
    pub fn level(&self) -> PressureLevel {
        self.inner.level.load()
    }

    /// Sets the pressure level of the gate's resource. The supervisor calls this each tick
    /// with the worst level of that resource's sources.
    pub fn set_level(&self, level: PressureLevel) {
        self.inner.level.store(level);
    }

    /// Sets the bytes of the resource measured in use (by anyone). The supervisor calls this
    /// each tick with the largest `used` among the resource's usage sources.
    pub fn set_observed_used(&self, bytes: u64) {
        self.inner.ledger.set_observed(bytes);
    }

    /// The bytes last set with [`set_observed_used`](Self::set_observed_used).
    #[must_use]
    pub fn observed_used(&self) -> u64 {
        self.inner.ledger.observed()
    }

    /// A pressure source that reads this gate: bytes reserved of capacity.
    #[must_use]
    pub fn source(&self) -> GateSource {
        GateSource {
            name: format!("gate:{}", self.inner.resource),
            gate: self.clone(),
        }
    }

    /// Sends denials to `bus`, stamped with `clock`. Only the first call has an effect (a
    /// gate reports to one supervisor).
    pub(crate) fn attach(&self, bus: EventBus, clock: Arc<dyn Clock>) {
        let _ = self.inner.notifier.set(Notifier { bus, clock });
    }
}

impl fmt::Debug for ResourceGate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResourceGate")
            .field("resource", &self.inner.resource)
            .field("capacity", &self.capacity())
            .field("reserved", &self.total_reserved())
            .field("level", &self.level())
            .finish_non_exhaustive()
    }
}
