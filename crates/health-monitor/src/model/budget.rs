//! [`ResourceBudget`]: the memory a service declares it may use at most.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The memory a service declares it may use at most; reported in snapshots and metrics so
/// that an operator can compare what a service promised with what it holds.
///
/// ```
/// use health_monitor::ResourceBudget;
///
/// let budget = ResourceBudget::gpu(6 << 30).with_ram(512 << 20);
/// assert_eq!(budget.gpu_bytes, Some(6 << 30));
/// assert_eq!(budget.ram_bytes, Some(512 << 20));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResourceBudget {
    /// RAM, in bytes.
    #[ts(type = "number | null")]
    pub ram_bytes: Option<u64>,
    /// GPU memory, in bytes.
    #[ts(type = "number | null")]
    pub gpu_bytes: Option<u64>,
}

impl ResourceBudget {
    /// A budget of `bytes` of RAM.
    #[must_use]
    pub const fn ram(bytes: u64) -> Self {
        Self {
            ram_bytes: Some(bytes),
            gpu_bytes: None,
        }
    }

    /// A budget of `bytes` of GPU memory.
    #[must_use]
    pub const fn gpu(bytes: u64) -> Self {
        Self {
            ram_bytes: None,
            gpu_bytes: Some(bytes),
        }
    }

    /// This budget with `bytes` of RAM.
    #[must_use]
    pub const fn with_ram(mut self, bytes: u64) -> Self {
        self.ram_bytes = Some(bytes);
        self
    }

    /// This budget with `bytes` of GPU memory.
    #[must_use]
    pub const fn with_gpu(mut self, bytes: u64) -> Self {
        self.gpu_bytes = Some(bytes);
        self
    }
}
