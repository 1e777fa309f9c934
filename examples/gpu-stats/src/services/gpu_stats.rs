//! `gpu/stats`: our service. specgen created the first version of this file from
//! specs/gpu-stats.json; it is ours and never overwritten.
//!
//! The GPU is simulated (the example runs on machines without one): three subsystems with
//! budgets and usage. Under High pressure the inference cache is released; under Critical the
//! service sheds load (drops every consumer) and reports itself degraded until healed.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use managed_service::{CommandError, HealthStatus, ManagedService, MetricsEmitter, PressureLevel};

use super::handler::GpuStatsHandler;
use super::wire::{GpuStatsParams, GpuStatsResult, GpuStatsSubsystem, SubsystemInfo};

const GPU_NAME: &str = "Simulated GPU (24 GB)";
const TOTAL_VRAM_MB: f64 = 24_576.0;

/// The service behind `gpu/stats`.
#[derive(Debug)]
pub struct GpuStatsService {
    usage: Mutex<[SubsystemInfo; 3]>,
    shedding: AtomicBool,
}

impl Default for GpuStatsService {
    fn default() -> Self {
        let info = |budget_mb, used_mb, consumers| SubsystemInfo {
            budget_mb,
            used_mb,
            consumers,
        };
        Self {
            // rendering, inference, tts
            usage: Mutex::new([
                info(4_096.0, 1_024.0, 2.0),
                info(16_384.0, 9_216.0, 3.0),
                info(4_096.0, 1_536.0, 1.0),
            ]),
            shedding: AtomicBool::new(false),
        }
    }
}

impl GpuStatsService {
    fn with_usage<T>(&self, read: impl FnOnce(&mut [SubsystemInfo; 3]) -> T) -> T {
        let mut usage = self
            .usage
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        read(&mut usage)
    }
}

impl GpuStatsHandler for GpuStatsService {
    fn gpu_stats(&self, params: GpuStatsParams) -> Result<GpuStatsResult, CommandError> {
        let [rendering, inference, tts] = self.with_usage(|usage| usage.clone());
        let used: f64 = [&rendering, &inference, &tts].iter().map(|s| s.used_mb).sum();
        let mut result = GpuStatsResult {
            gpu_name: GPU_NAME.to_owned(),
            total_vram_mb: TOTAL_VRAM_MB,
            pressure: used / TOTAL_VRAM_MB,
            rendering,
            inference,
            tts,
        };
        // A filter zeroes the other subsystems' figures rather than changing the shape.
        if let Some(only) = params.subsystem {
            let empty = SubsystemInfo {
                budget_mb: 0.0,
                used_mb: 0.0,
                consumers: 0.0,
            };
            if only != GpuStatsSubsystem::Rendering {
                result.rendering = empty.clone();
            }
            if only != GpuStatsSubsystem::Inference {
                result.inference = empty.clone();
            }
            if only != GpuStatsSubsystem::Tts {
                result.tts = empty;
            }
        }
        Ok(result)
    }
}

impl ManagedService for GpuStatsService {
    fn name(&self) -> &str {
        "gpu-stats"
    }

    fn health(&self) -> HealthStatus {
        if self.shedding.load(Ordering::Relaxed) {
            HealthStatus::degraded("shed its GPU consumers under critical pressure")
        } else {
            HealthStatus::Healthy
        }
    }

    fn pressure_response(&self, level: PressureLevel) {
        if level >= PressureLevel::High {
            // Release the inference cache: keep only what active consumers hold.
            self.with_usage(|usage| usage[1].used_mb = usage[1].used_mb.min(4_096.0));
        }
        if level == PressureLevel::Critical {
            self.shed_load();
        }
    }

    fn shed_load(&self) {
        self.shedding.store(true, Ordering::Relaxed);
        self.with_usage(|usage| {
            for subsystem in usage.iter_mut() {
                subsystem.consumers = 0.0;
                subsystem.used_mb = 0.0;
            }
        });
    }

    fn heal(&self) -> bool {
        self.shedding.store(false, Ordering::Relaxed);
        true
    }

    fn shutdown(&self) {
        self.shed_load();
    }
}

impl MetricsEmitter for GpuStatsService {
    fn emit_metrics(&self) -> serde_json::Value {
        let used: f64 = self.with_usage(|usage| usage.iter().map(|s| s.used_mb).sum());
        serde_json::json!({ "usedMb": used, "totalVramMb": TOTAL_VRAM_MB })
    }

    fn metric_prefix(&self) -> &str {
        "gpu_stats"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(service: &GpuStatsService, subsystem: Option<&str>) -> GpuStatsResult {
        // Params come from JSON, as over IPC (and stay valid when the spec gains a field).
        let params: GpuStatsParams = serde_json::from_value(serde_json::json!({ "subsystem": subsystem }))
            .expect("valid params");
        service
            .gpu_stats(params)
            .expect("the simulated GPU always answers")
    }

    #[test]
    fn reports_every_subsystem_and_the_pressure() {
        let result = stats(&GpuStatsService::default(), None);
        assert_eq!(result.gpu_name, GPU_NAME);
        assert!((result.pressure - 11_776.0 / TOTAL_VRAM_MB).abs() < 1e-9);
        assert!((result.inference.used_mb - 9_216.0).abs() < f64::EPSILON);
    }

    #[test]
    fn a_filter_keeps_only_that_subsystem() {
        let result = stats(&GpuStatsService::default(), Some("tts"));
        assert!(result.tts.used_mb > 0.0);
        assert!(result.inference.used_mb.abs() < f64::EPSILON);
    }

    #[test]
    fn critical_pressure_sheds_and_heal_recovers() {
        let service = GpuStatsService::default();
        service.pressure_response(PressureLevel::Critical);
        assert!(!service.health().is_healthy());
        assert!(stats(&service, None).pressure.abs() < f64::EPSILON);
        assert!(service.heal());
        assert!(service.health().is_healthy());
    }
}
