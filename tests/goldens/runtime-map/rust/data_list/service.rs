//! `data/list`: your service. Created by specgen from specs/data-list.json;
//! this file is yours and is never overwritten (without --force).
//!
//! Fill in `data_list` and the `ManagedService` methods. Until then the command
//! answers an honest "not implemented" error.

use managed_service::{CommandError, HealthStatus, ManagedService, PressureLevel};

use super::handler::{COMMAND, DataListHandler};
use super::wire::{DataListParams, DataListResult};

/// The service behind `data/list`.
#[derive(Debug, Default)]
pub struct DataListService {}

impl DataListHandler for DataListService {
    fn data_list(&self, params: DataListParams) -> Result<DataListResult, CommandError> {
        let _ = params;
        Err(CommandError::not_implemented(COMMAND))
    }
}

impl ManagedService for DataListService {
    fn name(&self) -> &str {
        COMMAND
    }

    fn health(&self) -> HealthStatus {
        HealthStatus::Healthy
    }

    fn pressure_response(&self, level: PressureLevel) {
        // Normal: full operation. Warning: skip optional work. High: release caches.
        // Critical: keep only what is needed not to crash.
        let _ = level;
    }

    fn shed_load(&self) {}

    fn heal(&self) -> bool {
        true
    }

    fn shutdown(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE_PARAMS: &str = "{\"collection\": \"\"}";

    #[test]
    fn answers_not_implemented_until_filled_in() {
        let params = serde_json::from_str(SAMPLE_PARAMS).expect("sample params");
        let service = DataListService::default();
        let result = service.data_list(params);
        let error = result.expect_err("the scaffold is not implemented yet");
        assert_eq!(error.code(), "not_implemented");
    }

    #[test]
    fn starts_healthy() {
        let service = DataListService::default();
        assert!(service.health().is_healthy());
    }
}
