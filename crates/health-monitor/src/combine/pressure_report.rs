//! [`PressureReport`]: the combined pressure after a sample.

use managed_service::PressureLevel;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::SourceReport;
use crate::model::Resource;
use crate::sources::Reading;

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
