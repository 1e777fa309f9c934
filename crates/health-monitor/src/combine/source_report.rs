//! [`SourceReport`]: what one source said at the last sample, and its level.

use std::sync::Arc;

use managed_service::PressureLevel;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Resource;
use crate::sources::Reading;

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
