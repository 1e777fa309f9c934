//! [`Resource`]: which memory a source, a gate or a denial is about.

use std::fmt;

use managed_service::PressureThresholds;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which memory a source measures, and so which default thresholds apply.
///
/// ```
/// use health_monitor::Resource;
/// use managed_service::PressureThresholds;
///
/// assert_eq!(Resource::Gpu.default_thresholds(), PressureThresholds::GPU);
/// assert_eq!(Resource::Ram.to_string(), "ram");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Resource {
    /// System memory (RAM).
    Ram,
    /// GPU memory.
    Gpu,
}

impl Resource {
    /// [`PressureThresholds::RAM`] or [`PressureThresholds::GPU`].
    #[must_use]
    pub const fn default_thresholds(self) -> PressureThresholds {
        match self {
            Self::Ram => PressureThresholds::RAM,
            Self::Gpu => PressureThresholds::GPU,
        }
    }

    /// `"ram"` or `"gpu"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ram => "ram",
            Self::Gpu => "gpu",
        }
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
