//! Combining sources into one level: each source through its own [`Hysteresis`], then the
//! worst over the available ones.

mod hysteresis;

use std::sync::Arc;
use std::time::Duration;

use managed_service::{PressureLevel, PressureThresholds};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use hysteresis::Hysteresis;

use crate::error::Error;
use crate::model::Resource;
use crate::sources::{PressureSource, Reading};

/// What one source said at the last sample, and the level it stands at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SourceReport {
    /// The source's name.
    #[ts(type = "string")]
    pub name: Arc<str>,
    /// The memory it measures.
    pub resource: Resource,
    /// The reading.
    pub reading: Reading,
    /// The level after hysteresis; `None` when the source is unavailable (it is then left
    /// out of the combined level).
    pub level: Option<PressureLevel>,
}

/// The combined pressure after a sample: the worst level over available sources, per
/// resource and overall.
///
/// With no available source at all the level is Normal: nothing measured means nothing to
/// react to, and the reports show every source as unavailable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PressureReport {
    /// The worst level over all available sources.
    pub level: PressureLevel,
    /// The worst level over available RAM sources.
    pub ram: PressureLevel,
    /// The worst level over available GPU sources.
    pub gpu: PressureLevel,
    /// Every source, in registration order.
    pub sources: Vec<SourceReport>,
}

impl PressureReport {
    /// The worst level over the sources of `resource`.
    #[must_use]
    pub const fn level_of(&self, resource: Resource) -> PressureLevel {
        match resource {
            Resource::Ram => self.ram,
            Resource::Gpu => self.gpu,
        }
    }

    /// The largest `used` among available usage readings of `resource`, leaving out the
    /// source named `except` (a gate's own source, whose bytes are its reservations).
    #[must_use]
    pub fn observed_used(&self, resource: Resource, except: &str) -> u64 {
        self.sources
            .iter()
            .filter(|s| s.resource == resource && &*s.name != except)
            .filter_map(|s| match s.reading {
                Reading::Usage { used, .. } => Some(used),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }
}

/// One registered source with its hysteresis state.
struct Slot {
    source: Box<dyn PressureSource>,
    name: Arc<str>,
    resource: Resource,
    hysteresis: Hysteresis,
}

/// The set of sources of a supervisor.
pub(crate) struct Combiner {
    slots: Vec<Slot>,
    margin: f64,
}

impl Combiner {
    pub(crate) fn new(margin: f64) -> Result<Self, Error> {
        // Validate the margin once, up front.
        Hysteresis::new(PressureThresholds::RAM, margin)?;
        Ok(Self {
            slots: Vec::new(),
            margin,
        })
    }

    pub(crate) fn add(
        &mut self,
        source: Box<dyn PressureSource>,
        thresholds: Option<PressureThresholds>,
    ) -> Result<(), Error> {
        let name: Arc<str> = source.name().into();
        if self.slots.iter().any(|slot| slot.name == name) {
            return Err(Error::config(
                "sources",
                format!("a pressure source named {name:?} is already registered"),
            ));
        }
        let thresholds = thresholds.unwrap_or_else(|| source.default_thresholds());
        self.slots.push(Slot {
            resource: source.resource(),
            hysteresis: Hysteresis::new(thresholds, self.margin)?,
            name,
            source,
        });
        Ok(())
    }

    /// Samples every source once and combines.
    pub(crate) fn sample(&mut self, now: Duration) -> PressureReport {
        let mut report = PressureReport {
            level: PressureLevel::Normal,
            ram: PressureLevel::Normal,
            gpu: PressureLevel::Normal,
            sources: Vec::with_capacity(self.slots.len()),
        };
        for slot in &mut self.slots {
            let reading = slot.source.sample(now);
            let level = if let Some(fraction) = reading.fraction() {
                Some(slot.hysteresis.update(fraction))
            } else {
                slot.hysteresis.reset();
                None
            };
            if let Some(level) = level {
                let worst = match slot.resource {
                    Resource::Ram => &mut report.ram,
                    Resource::Gpu => &mut report.gpu,
                };
                *worst = (*worst).max(level);
                report.level = report.level.max(level);
            }
            report.sources.push(SourceReport {
                name: Arc::clone(&slot.name),
                resource: slot.resource,
                reading,
                level,
            });
        }
        report
    }
}

impl std::fmt::Debug for Combiner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Combiner")
            .field(
                "sources",
                &self.slots.iter().map(|s| &*s.name).collect::<Vec<_>>(),
            )
            .field("margin", &self.margin)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use managed_service::PressureLevel::{Critical, High, Normal, Warning};

    use super::*;
    use crate::sources::SimulatedSource;

    #[test]
    fn worst_available_source_wins_per_resource() {
        let mut combiner = Combiner::new(0.0).unwrap();
        let ram = SimulatedSource::new("ram", Resource::Ram);
        let gpu = SimulatedSource::new("gpu", Resource::Gpu);
        let off = SimulatedSource::new("off", Resource::Gpu);
        let (ram_h, gpu_h, off_h) = (ram.handle(), gpu.handle(), off.handle());
        combiner.add(Box::new(ram), None).unwrap();
        combiner.add(Box::new(gpu), None).unwrap();
        combiner.add(Box::new(off), None).unwrap();

        ram_h.set_usage(85, 100); // RAM Warning
        gpu_h.set_usage(85, 100); // GPU High
        off_h.set_unavailable("no device");
        let report = combiner.sample(Duration::ZERO);
        assert_eq!(
            (report.level, report.ram, report.gpu),
            (High, Warning, High)
        );
        assert_eq!(report.sources[2].level, None);
        assert_eq!(report.observed_used(Resource::Gpu, "none"), 85);
        assert_eq!(report.observed_used(Resource::Gpu, "gpu"), 0);

        off_h.set_usage(99, 100);
        assert_eq!(combiner.sample(Duration::ZERO).level, Critical);
        for handle in [&ram_h, &gpu_h, &off_h] {
            handle.set_unavailable("gone");
        }
        let report = combiner.sample(Duration::ZERO);
        assert_eq!(report.level, Normal);
        assert_eq!(report.level_of(Resource::Ram), Normal);
    }

    #[test]
    fn duplicate_names_are_refused() {
        let mut combiner = Combiner::new(0.02).unwrap();
        combiner
            .add(Box::new(SimulatedSource::new("a", Resource::Ram)), None)
            .unwrap();
        let err = combiner
            .add(Box::new(SimulatedSource::new("a", Resource::Gpu)), None)
            .unwrap_err();
        assert!(err.to_string().contains("already registered"), "{err}");
        assert_eq!(combiner.slots.len(), 1);
        assert!(format!("{combiner:?}").contains("\"a\""));
    }
}
