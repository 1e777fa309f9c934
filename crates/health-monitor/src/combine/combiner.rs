//! [`Combiner`]: a supervisor's sources, each with its hysteresis, sampled and combined.

use std::sync::Arc;
use std::time::Duration;

use managed_service::{PressureLevel, PressureThresholds};

use super::{Hysteresis, PressureReport, SourceReport};
use crate::error::Error;
use crate::model::Resource;
use crate::sources::PressureSource;

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
