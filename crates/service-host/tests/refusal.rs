//! Refusals: an unhealthy service, Critical (simulated) pressure and its hysteresis, a
//! module that failed to initialise; and the control module's commands.

mod common;

use std::sync::Arc;

use common::{Client, Gpu, TempDir, error_of, result_of};
use health_monitor::{Resource, SimulatedSource};
use managed_service::HealthStatus;
use serde_json::json;
use service_host::HostBuilder;

fn stats(client: &mut Client) -> serde_json::Value {
    client.call("gpu/stats", &json!({ "subsystem": "inference" }))
}

#[test]
fn an_unhealthy_service_is_refused_with_its_reason() {
    let (_dir, gpu, host) = Gpu::serve("unhealthy");
    let mut client = Client::connect(host.socket_path());
    assert_eq!(result_of(&stats(&mut client)), &json!({ "usedMb": 15_000 }));

    gpu.set_health(HealthStatus::unhealthy("the CUDA context was lost"));
    host.supervisor().tick();
    assert_eq!(
        error_of(&stats(&mut client)),
        &json!({
            "kind": "unavailable",
            "message": "service \"gpu\" is unhealthy: the CUDA context was lost",
            "details": {
                "service": "gpu",
                "health": { "status": "unhealthy", "reason": "the CUDA context was lost" },
            },
        })
    );

    // Degraded services are still served.
    gpu.set_health(HealthStatus::degraded("running on one of two GPUs"));
    host.supervisor().tick();
    assert_eq!(result_of(&stats(&mut client)), &json!({ "usedMb": 15_000 }));
}

#[test]
fn critical_pressure_sheds_load_until_it_falls() {
    let dir = TempDir::new("shed");
    let gpu = Arc::new(Gpu::default());
    let host = gpu
        .register(HostBuilder::new(dir.socket()))
        .simulated_pressure(SimulatedSource::new("simulated", Resource::Gpu))
        .start()
        .unwrap();
    let mut client = Client::connect(host.socket_path());
    let simulate = |client: &mut Client, fraction: f64| {
        result_of(&client.call("host/simulate-pressure", &json!({ "fraction": fraction }))).clone()
    };

    assert_eq!(
        simulate(&mut client, 0.97),
        json!({ "level": "critical", "changed": true })
    );
    let refused = json!({
        "kind": "unavailable",
        "message": "service \"gpu\" is shedding load: memory pressure is critical (simulated: 0.97 of budget)",
        "details": { "service": "gpu", "level": "critical" },
    });
    assert_eq!(error_of(&stats(&mut client)), &refused);

    // Within the hysteresis margin (GPU Critical at 0.95, margin 0.03) the level holds.
    assert_eq!(
        simulate(&mut client, 0.94),
        json!({ "level": "critical", "changed": false })
    );
    assert_eq!(error_of(&stats(&mut client))["kind"], "unavailable");

    // Below it, High: served again (refusal starts at Critical).
    assert_eq!(
        simulate(&mut client, 0.85),
        json!({ "level": "high", "changed": true })
    );
    assert_eq!(result_of(&stats(&mut client)), &json!({ "usedMb": 15_000 }));
    assert_eq!(
        simulate(&mut client, 0.1),
        json!({ "level": "normal", "changed": true })
    );
    assert_eq!(result_of(&stats(&mut client)), &json!({ "usedMb": 15_000 }));
}

#[test]
fn the_refusal_level_can_be_lowered() {
    let dir = TempDir::new("refuse-at");
    let gpu = Arc::new(Gpu::default());
    let host = gpu
        .register(HostBuilder::new(dir.socket()))
        .simulated_pressure(SimulatedSource::new("sim", Resource::Ram))
        .refuse_at(managed_service::PressureLevel::High)
        .start()
        .unwrap();
    let mut client = Client::connect(host.socket_path());
    client.call("host/simulate-pressure", &json!({ "fraction": 0.91 }));
    assert_eq!(
        error_of(&stats(&mut client))["message"],
        "service \"gpu\" is shedding load: memory pressure is high (sim: 0.91 of budget)"
    );
}

#[test]
fn host_status_reports_level_sources_and_services() {
    let dir = TempDir::new("status");
    let gpu = Arc::new(Gpu::default());
    let host = gpu
        .register(HostBuilder::new(dir.socket()))
        .simulated_pressure(SimulatedSource::new("simulated", Resource::Gpu))
        .start()
        .unwrap();
    let mut client = Client::connect(host.socket_path());
    client.call("host/simulate-pressure", &json!({ "fraction": 0.7 }));
    let status = result_of(&client.call("host/status", &json!(null))).clone();
    assert_eq!(status["level"], "warning");
    assert_eq!(status["sources"][0]["name"], "simulated");
    assert_eq!(status["sources"][0]["level"], "warning");
    assert_eq!(status["services"][0]["name"], "gpu");
    assert_eq!(
        status["services"][0]["status"],
        json!({ "status": "healthy" })
    );

    let error =
        error_of(&client.call("host/simulate-pressure", &json!({ "fraction": "lots" }))).clone();
    assert_eq!(error["kind"], "invalid_params");
    assert_eq!(error["details"], json!({ "path": "fraction" }));
}

#[test]
fn the_control_module_is_opt_in() {
    let (_dir, _gpu, host) = Gpu::serve("no-control");
    let mut client = Client::connect(host.socket_path());
    let error = error_of(&client.call("host/status", &json!({}))).clone();
    assert_eq!(error["kind"], "unknown_command");
}

#[test]
fn a_module_that_failed_to_initialise_is_unavailable() {
    let dir = TempDir::new("init");
    let gpu = Arc::new(Gpu {
        initialize_error: Some("no NVIDIA driver"),
        ..Gpu::default()
    });
    let host = gpu
        .register(HostBuilder::new(dir.socket()))
        .start()
        .unwrap();
    let mut client = Client::connect(host.socket_path());
    assert_eq!(
        error_of(&stats(&mut client)),
        &json!({
            "kind": "unavailable",
            "message": "module \"gpu\" is unavailable: it failed to initialise: no NVIDIA driver",
            "details": { "module": "gpu" },
        })
    );
    // It is not shut down either, since it never started.
    let summary = host.shutdown();
    assert!(summary.modules.is_empty());
    assert_eq!(
        gpu.module_shutdowns
            .load(std::sync::atomic::Ordering::SeqCst),
        0
    );
}
