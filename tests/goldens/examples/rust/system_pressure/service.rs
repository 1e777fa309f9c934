//! `system/pressure`: your service. Created by specgen from specs/system-pressure.json;
//! this file is yours and is never overwritten (without --force).
//!
//! Fill in `system_pressure` and the `ManagedService` methods. Until then the command
//! answers an honest "not implemented" error.

use managed_service::{CommandError, HealthStatus, ManagedService, MetricsEmitter, PressureLevel};

use super::handler::{COMMAND, SystemPressureHandler};
use super::wire::{SystemPressureParams, SystemPressureResult};

/// The service behind `system/pressure`.
#[derive(Debug, Default)]
pub struct SystemPressureService {}

impl SystemPressureHandler for SystemPressureService {
    fn system_pressure(
        &self,
        params: SystemPressureParams,
    ) -> Result<SystemPressureResult, CommandError> {
        let _ = params;
        Err(CommandError::not_implemented(COMMAND))
    }
}

impl ManagedService for SystemPressureService {
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

impl MetricsEmitter for SystemPressureService {
    fn emit_metrics(&self) -> serde_json::Value {
        serde_json::json!({})
    }

    fn metric_prefix(&self) -> &str {
        "system_pressure"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE_PARAMS: &str = "{}";

    #[test]
    fn answers_not_implemented_until_filled_in() {
        let params = serde_json::from_str(SAMPLE_PARAMS).expect("sample params");
        let service = SystemPressureService::default();
        let result = service.system_pressure(params);
        let error = result.expect_err("the scaffold is not implemented yet");
        assert_eq!(error.code(), "not_implemented");
    }

    #[test]
    fn starts_healthy() {
        let service = SystemPressureService::default();
        assert!(service.health().is_healthy());
    }
}
