//! [`ResourceGate`]: reserve before you load.
//!
//! The incident this crate exists for — a loop loading fourteen 2 GB adapters into a
//! machine that could hold seven — happened because nothing was asked before memory moved.
//! A gate is what is asked. Code that is about to allocate a large block (a model, an
//! adapter, a render target) calls [`ResourceGate::reserve`] first, and loads only with a
//! [`Permit`] in hand; the permit returns the bytes when it is dropped, which is when the
//! block is freed.
//!
//! # What is checked
//!
//! A reservation of `n` bytes for subsystem `s` is granted when all of these hold:
//!
//! 1. the resource's pressure level (fed by the supervisor each tick) is below the gate's
//!    refusal level — Critical by default;
//! 2. measured use plus `n` fits in the capacity;
//! 3. `s`'s reservations plus `n` fit in `s`'s budget.
//!
//! Otherwise it is refused with a [`Denial`] that states the level, the bytes requested and
//! the bytes available. Budgets are fractions of the capacity; for GPU memory the defaults
//! are inference 75 %, tts 10 %, rendering 10 %, reserve 5 %.
//!
//! # The design choice, and what it costs
//!
//! The gate is a **ledger of promises**, checked without a lock: each subsystem's
//! reservations are one atomic counter raised by compare-and-swap only while it stays within
//! the budget, so no interleaving of threads can over-commit a budget, and an uncontended
//! reserve + release is a few atomic operations. Reservations count toward pressure at
//! once: a supervisor that has the gate ([`Supervisor::add_gate`](crate::Supervisor::add_gate))
//! reads bytes reserved of capacity as one more pressure source, before any memory moves.
//!
//! The cost: the gate cannot tell which of the bytes it measures are ones it promised. It
//! takes the larger of the two — measured use and reservations — as what is used, so memory
//! used *outside* the gate is undercounted by at most the reservations whose memory has not
//! been allocated yet. Keep the loading window short (reserve, load, keep the permit) and the
//! error is one load.

mod ledger;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use managed_service::PressureLevel;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::atomic_level::AtomicLevel;
use crate::clock::Clock;
use crate::error::Error;
use crate::events::{EventBus, EventKind};
use crate::model::{Denial, DenialReason, Resource};
use crate::sources::{PressureSource, Reading};

use ledger::{Ledger, Refusal};

/// The default budgets, as fractions of the capacity: inference 75 %, tts 10 %,
/// rendering 10 %, reserve 5 %.
pub const DEFAULT_BUDGETS: [(&str, f64); 4] = [
    ("inference", 0.75),
    ("tts", 0.10),
    ("rendering", 0.10),
    ("reserve", 0.05),
];

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

struct GateInner {
    resource: Resource,
    names: Box<[Box<str>]>,
    fractions: Box<[f64]>,
    ledger: Ledger<AtomicU64>,
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

    fn from_parts(builder: GateBuilder, budgets: Box<[u64]>) -> Self {
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

/// Budget fractions to bytes: each rounded down, so they never add up past the capacity.
fn budget_bytes(capacity: u64, fractions: &[f64]) -> Box<[u64]> {
    // Exact enough: a budget needs bytes, not the last bit of a 64-bit capacity.
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let mut budgets: Vec<u64> = fractions
        .iter()
        .map(|f| (capacity as f64 * f).floor() as u64)
        .collect();
    let sum: u128 = budgets.iter().map(|b| u128::from(*b)).sum();
    let mut excess = sum.saturating_sub(u128::from(capacity));
    for budget in budgets.iter_mut().rev() {
        // At most `*budget`, so it fits in a u64.
        let cut = u64::try_from(excess.min(u128::from(*budget))).unwrap_or(*budget);
        *budget -= cut;
        excess -= u128::from(cut);
    }
    budgets.into_boxed_slice()
}

/// Configures a [`ResourceGate`]; made by [`ResourceGate::builder`].
#[derive(Debug, Clone)]
pub struct GateBuilder {
    resource: Resource,
    capacity: u64,
    budgets: Vec<(String, f64)>,
    refuse_at: Option<PressureLevel>,
}

impl GateBuilder {
    /// Replaces every budget with `budgets`: `(subsystem, fraction of capacity)` pairs,
    /// in the order reports list them.
    #[must_use]
    pub fn budgets<N: Into<String>>(mut self, budgets: impl IntoIterator<Item = (N, f64)>) -> Self {
        self.budgets = budgets
            .into_iter()
            .map(|(name, fraction)| (name.into(), fraction))
            .collect();
        self
    }

    /// Sets the budget of one subsystem, adding it if new.
    ///
    /// ```
    /// use health_monitor::{ResourceGate, Resource};
    ///
    /// let gate = ResourceGate::builder(Resource::Gpu, 100)
    ///     .budget("inference", 0.70)
    ///     .budget("embeddings", 0.05)
    ///     .build()?;
    /// assert_eq!(gate.subsystems().collect::<Vec<_>>(), ["inference", "tts", "rendering", "reserve", "embeddings"]);
    /// # Ok::<(), health_monitor::Error>(())
    /// ```
    #[must_use]
    pub fn budget(mut self, subsystem: impl Into<String>, fraction: f64) -> Self {
        let subsystem = subsystem.into();
        match self.budgets.iter_mut().find(|(name, _)| *name == subsystem) {
            Some(entry) => entry.1 = fraction,
            None => self.budgets.push((subsystem, fraction)),
        }
        self
    }

    /// The pressure level at and above which every reservation is refused; `None` never
    /// refuses for pressure. Default: Critical.
    #[must_use]
    pub const fn refuse_at(mut self, level: Option<PressureLevel>) -> Self {
        self.refuse_at = level;
        self
    }

    fn fractions(&self) -> Vec<f64> {
        self.budgets.iter().map(|(_, f)| *f).collect()
    }

    /// Checks the budgets and builds the gate.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidConfig`] (field `budgets`) when there is no budget, a name is empty
    /// or repeated, a fraction is not in `(0, 1]`, or the fractions add up to more than 1.
    pub fn build(self) -> Result<ResourceGate, Error> {
        let bad = |message: String| Err(Error::config("budgets", message));
        if self.budgets.is_empty() {
            return bad("a gate needs at least one budget".to_owned());
        }
        for (i, (name, fraction)) in self.budgets.iter().enumerate() {
            if name.is_empty() {
                return bad("a subsystem name is empty".to_owned());
            }
            if self.budgets[..i].iter().any(|(other, _)| other == name) {
                return bad(format!("subsystem {name:?} appears twice"));
            }
            if !(fraction.is_finite() && *fraction > 0.0 && *fraction <= 1.0) {
                return bad(format!(
                    "{name}: fraction must be in (0, 1], got {fraction}"
                ));
            }
        }
        let sum: f64 = self.budgets.iter().map(|(_, f)| f).sum();
        if sum > 1.0 + 1e-9 {
            return bad(format!("fractions add up to {sum}, more than 1"));
        }
        let budgets = budget_bytes(self.capacity, &self.fractions());
        Ok(ResourceGate::from_parts(self, budgets))
    }
}

/// Bytes held for a subsystem; dropping it (or calling [`release`](Self::release)) gives
/// them back.
///
/// Hold it for as long as the memory it stands for is allocated — typically in the same
/// struct as the loaded model.
#[must_use = "dropping a permit releases the reservation at once"]
pub struct Permit {
    gate: Arc<GateInner>,
    index: usize,
    bytes: u64,
}

impl Permit {
    /// The bytes reserved.
    #[must_use]
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The subsystem they are reserved for.
    #[must_use]
    pub fn subsystem(&self) -> &str {
        &self.gate.names[self.index]
    }

    /// The resource.
    #[must_use]
    pub fn resource(&self) -> Resource {
        self.gate.resource
    }

    /// Gives the bytes back now (the same as dropping the permit).
    pub fn release(self) {}
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.gate.ledger.release(self.index, self.bytes);
    }
}

impl fmt::Debug for Permit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit")
            .field("resource", &self.gate.resource)
            .field("subsystem", &self.subsystem())
            .field("bytes", &self.bytes)
            .finish_non_exhaustive()
    }
}

/// One subsystem of a gate, as [`ResourceGate::usage`] reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SubsystemUsage {
    /// The subsystem.
    pub name: String,
    /// Its budget as a fraction of the capacity.
    pub fraction: f64,
    /// Its budget, in bytes.
    #[ts(type = "number")]
    pub budget: u64,
    /// Bytes reserved now.
    #[ts(type = "number")]
    pub reserved: u64,
    /// Bytes a reservation could get now.
    #[ts(type = "number")]
    pub available: u64,
    /// Reservations refused so far.
    #[ts(type = "number")]
    pub denials: u64,
}

/// A [`ResourceGate`] read as a pressure source: bytes reserved of capacity, named
/// `gate:gpu` or `gate:ram`. This is how reservations count toward pressure before any
/// memory moves.
#[derive(Debug, Clone)]
pub struct GateSource {
    name: String,
    gate: ResourceGate,
}

impl PressureSource for GateSource {
    fn name(&self) -> &str {
        &self.name
    }

    fn resource(&self) -> Resource {
        self.gate.resource()
    }

    fn sample(&mut self, _now: Duration) -> Reading {
        Reading::usage(self.gate.total_reserved(), self.gate.capacity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    #[test]
    fn default_budgets_split_the_capacity() {
        let gate = ResourceGate::gpu(1000);
        let budgets: Vec<u64> = gate.usage().iter().map(|u| u.budget).collect();
        assert_eq!(budgets, [750, 100, 100, 50]);
        let odd = budget_bytes(7, &[0.5, 0.5]);
        assert_eq!(&*odd, [3, 3]);
        let huge = budget_bytes(u64::MAX, &[0.75, 0.25]);
        assert!(
            huge.iter()
                .try_fold(0_u64, |sum, b| sum.checked_add(*b))
                .is_some()
        );
    }

    #[test]
    fn invalid_budgets_are_refused() {
        let cases: [Vec<(&str, f64)>; 5] = [
            vec![],
            vec![("", 0.5)],
            vec![("a", 0.5), ("a", 0.1)],
            vec![("a", 0.0)],
            vec![("a", 0.6), ("b", 0.5)],
        ];
        for budgets in cases {
            let err = ResourceGate::builder(Resource::Ram, 10)
                .budgets(budgets.clone())
                .build()
                .unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidConfig {
                        field: "budgets",
                        ..
                    }
                ),
                "{budgets:?}: {err}"
            );
        }
    }

    #[test]
    fn pressure_at_the_refusal_level_denies_everything() {
        let gate = ResourceGate::gpu(1000);
        gate.set_level(PressureLevel::High);
        assert!(gate.reserve(10, "tts").is_ok());
        gate.set_level(PressureLevel::Critical);
        let err = gate.reserve(10, "tts").unwrap_err();
        let denial = err.denial().unwrap();
        assert_eq!(denial.reason, DenialReason::Pressure);
        assert_eq!(denial.level, PressureLevel::Critical);
        assert_eq!(denial.available, 100);
        assert_eq!(gate.usage()[1].denials, 1);
        assert!(err.to_string().contains("pressure is too high"), "{err}");

        let lenient = ResourceGate::builder(Resource::Gpu, 1000)
            .refuse_at(None)
            .build()
            .unwrap();
        lenient.set_level(PressureLevel::Critical);
        assert!(lenient.reserve(10, "tts").is_ok());
    }

    #[test]
    fn measured_use_is_respected() {
        let gate = ResourceGate::gpu(1000);
        gate.set_observed_used(950);
        assert_eq!(gate.observed_used(), 950);
        let denial = gate.reserve(100, "inference").unwrap_err();
        assert_eq!(denial.denial().unwrap().reason, DenialReason::Capacity);
        assert_eq!(gate.available("inference").unwrap(), 50);
    }

    #[test]
    fn permits_release_on_drop_and_report_themselves() {
        let gate = ResourceGate::ram(1 << 20);
        let permit = gate.reserve(4096, "rendering").unwrap();
        assert_eq!(
            (permit.bytes(), permit.subsystem(), permit.resource()),
            (4096, "rendering", Resource::Ram)
        );
        assert_eq!(gate.reserved("rendering").unwrap(), 4096);
        assert!(format!("{permit:?}").contains("rendering"));
        permit.release();
        assert_eq!(gate.total_reserved(), 0);
        assert!(format!("{gate:?}").contains("Ram"));
    }

    #[test]
    fn denials_are_published_once_attached() {
        let gate = ResourceGate::gpu(100);
        let bus = EventBus::new();
        let events = bus.subscribe();
        gate.attach(bus, Arc::new(ManualClock::new()));
        assert!(gate.reserve(80, "inference").is_err());
        let event = events.try_next().unwrap();
        assert_eq!(event.kind.name(), "system:gate:denied");
    }

    #[test]
    fn the_gate_is_a_pressure_source() {
        let gate = ResourceGate::gpu(100);
        let _held = gate.reserve(60, "inference").unwrap();
        let mut source = gate.source();
        assert_eq!(source.name(), "gate:gpu");
        assert_eq!(source.sample(Duration::ZERO), Reading::usage(60, 100));
    }
}
