//! `ai/model/list`: your service. Created by specgen from specs/ai-model-list.json;
//! this file is yours and is never overwritten (without --force).
//!
//! Fill in `ai_model_list` and the `ManagedService` methods. Until then the command
//! answers an honest "not implemented" error.

use managed_service::{
    CommandError, Configurable, HealthStatus, ManagedService, MetricsEmitter, PressureLevel,
};

use super::handler::{AiModelListHandler, COMMAND};
use super::wire::{AiModelListParams, AiModelListResult};

/// The service behind `ai/model/list`.
#[derive(Debug, Default)]
pub struct AiModelListService {}

impl AiModelListHandler for AiModelListService {
    fn ai_model_list(&self, params: AiModelListParams) -> Result<AiModelListResult, CommandError> {
        let _ = params;
        Err(CommandError::not_implemented(COMMAND))
    }
}

impl ManagedService for AiModelListService {
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

impl MetricsEmitter for AiModelListService {
    fn emit_metrics(&self) -> serde_json::Value {
        serde_json::json!({})
    }

    fn metric_prefix(&self) -> &str {
        "ai_model_list"
    }
}

impl Configurable for AiModelListService {
    fn get_param(&self, name: &str) -> Option<serde_json::Value> {
        let _ = name;
        None
    }

    fn set_param(&mut self, name: &str, value: serde_json::Value) -> Result<(), String> {
        let _ = value;
        Err(format!("unknown parameter {name}"))
    }

    fn list_params(&self) -> Vec<(&str, &str)> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE_PARAMS: &str = "{}";

    #[test]
    fn answers_not_implemented_until_filled_in() {
        let params = serde_json::from_str(SAMPLE_PARAMS).expect("sample params");
        let service = AiModelListService::default();
        let result = service.ai_model_list(params);
        let error = result.expect_err("the scaffold is not implemented yet");
        assert_eq!(error.code(), "not_implemented");
    }

    #[test]
    fn starts_healthy() {
        let service = AiModelListService::default();
        assert!(service.health().is_healthy());
    }
}
