//! `gpu/stats`: your service. Created by specgen from specs/gpu-stats.json;
//! this file is yours and is never overwritten (without --force).
//!
//! Fill in `gpu_stats` and the `ManagedService` methods. Until then the command
//! answers an honest "not implemented" error.

use managed_service::{CommandError, HealthStatus, ManagedService, MetricsEmitter, PressureLevel};

use super::handler::{COMMAND, GpuStatsHandler};
use super::wire::{GpuStatsParams, GpuStatsResult};

/// The service behind `gpu/stats`.
#[derive(Debug, Default)]
pub struct GpuStatsService {}

impl GpuStatsHandler for GpuStatsService {
    fn gpu_stats(&self, params: GpuStatsParams) -> Result<GpuStatsResult, CommandError> {
        let _ = params;
        Err(CommandError::not_implemented(COMMAND))
    }
}

impl ManagedService for GpuStatsService {
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

impl MetricsEmitter for GpuStatsService {
    fn emit_metrics(&self) -> serde_json::Value {
        serde_json::json!({})
    }

    fn metric_prefix(&self) -> &str {
        "gpu_stats"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE_PARAMS: &str = "{}";

    #[test]
    fn answers_not_implemented_until_filled_in() {
        let params = serde_json::from_str(SAMPLE_PARAMS).expect("sample params");
        let service = GpuStatsService::default();
        let result = service.gpu_stats(params);
        let error = result.expect_err("the scaffold is not implemented yet");
        assert_eq!(error.code(), "not_implemented");
    }

    #[test]
    fn starts_healthy() {
        let service = GpuStatsService::default();
        assert!(service.health().is_healthy());
    }
}
