//! The resource gate: budgets, denials, release on drop, threads, and pressure.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;

use common::{config, supervisor};
use health_monitor::{DenialReason, Error, EventKind, Resource, ResourceGate, SimulatedSource};
use managed_service::PressureLevel;

const GIB: u64 = 1 << 30;

#[test]
fn the_reservation_that_would_exceed_a_budget_is_denied_and_drop_releases() {
    let gate = ResourceGate::gpu(100 * GIB);
    let tts = gate.reserve(6 * GIB, "tts").unwrap();
    let err = gate.reserve(5 * GIB, "tts").unwrap_err();
    let Error::Denied(denial) = err else {
        panic!("{err}")
    };
    assert_eq!(denial.reason, DenialReason::Budget);
    assert_eq!((denial.requested, denial.available), (5 * GIB, 4 * GIB));
    assert_eq!(denial.level, PressureLevel::Normal);
    assert_eq!(denial.subsystem, "tts");
    // Other budgets are untouched by the tts one.
    let render = gate.reserve(10 * GIB, "rendering").unwrap();
    drop(tts);
    assert_eq!(gate.reserved("tts").unwrap(), 0);
    assert!(gate.reserve(10 * GIB, "tts").is_ok());
    assert_eq!(gate.total_reserved(), 10 * GIB);
    drop(render);
    assert_eq!(gate.total_reserved(), 0);
}

#[test]
fn the_incident_stops_at_the_eighth_adapter_before_memory_moves() {
    let (supervisor, _clock) = supervisor(config());
    let gate = ResourceGate::gpu(20 * GIB);
    supervisor.add_gate(&gate).unwrap();
    let events = supervisor.subscribe();
    let mut loaded = Vec::new();
    for _ in 0..14 {
        match gate.reserve(2 * GIB, "inference") {
            Ok(permit) => loaded.push(permit),
            Err(Error::Denied(_)) => break,
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!(loaded.len(), 7);
    let denied: Vec<_> = events
        .drain()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::GateDenied(denial) => Some(denial),
            _ => None,
        })
        .collect();
    assert_eq!(denied.len(), 1);
    assert_eq!(denied[0].available, GIB);

    // 14 GiB of 20 reserved is 70 %: GPU Warning, before any byte was allocated.
    supervisor.tick();
    let pressure = supervisor.pressure().unwrap();
    assert_eq!(pressure.gpu, PressureLevel::Warning);
    assert_eq!(&*pressure.sources[0].name, "gate:gpu");
    let metrics = supervisor.metrics_text();
    for line in [
        r#"health_monitor_gate_reserved_bytes{resource="gpu",subsystem="inference"} 15032385536"#,
        r#"health_monitor_gate_denials_total{resource="gpu",subsystem="inference"} 1"#,
        r#"health_monitor_gate_capacity_bytes{resource="gpu"} 21474836480"#,
    ] {
        assert!(metrics.contains(line), "{line}\n{metrics}");
    }
}

#[test]
fn critical_pressure_of_the_resource_refuses_every_reservation() {
    let (supervisor, _clock) = supervisor(config());
    let gate = ResourceGate::gpu(100);
    supervisor.add_gate(&gate).unwrap();
    let gpu = SimulatedSource::new("nvml-sim", Resource::Gpu);
    let ram = SimulatedSource::new("ram-sim", Resource::Ram);
    let (gpu_handle, ram_handle) = (gpu.handle(), ram.handle());
    supervisor.add_source(Box::new(gpu)).unwrap();
    supervisor.add_source(Box::new(ram)).unwrap();

    ram_handle.set_usage(99, 100); // RAM Critical does not block GPU reservations
    gpu_handle.set_usage(50, 100);
    supervisor.tick();
    assert_eq!(gate.level(), PressureLevel::Normal);
    assert_eq!(gate.observed_used(), 50);
    assert!(gate.reserve(40, "inference").is_ok());
    // Measured use leaves 50 bytes; 60 do not fit even though the budget has 75.
    let denial = gate.reserve(60, "inference").unwrap_err();
    assert_eq!(denial.denial().unwrap().reason, DenialReason::Capacity);

    gpu_handle.set_usage(96, 100);
    supervisor.tick();
    assert_eq!(gate.level(), PressureLevel::Critical);
    let denial = gate.reserve(1, "tts").unwrap_err();
    let denial = denial.denial().unwrap();
    assert_eq!(
        (denial.reason, denial.level),
        (DenialReason::Pressure, PressureLevel::Critical)
    );
}

#[test]
fn a_second_gate_for_the_same_resource_is_refused() {
    let (supervisor, _clock) = supervisor(config());
    supervisor.add_gate(&ResourceGate::gpu(1)).unwrap();
    assert!(supervisor.add_gate(&ResourceGate::gpu(1)).is_err());
    assert!(supervisor.add_gate(&ResourceGate::ram(1)).is_ok());
}

#[test]
fn many_threads_never_over_commit() {
    const THREADS: usize = 8;
    const ROUNDS: u64 = 5_000;
    let gate = ResourceGate::builder(Resource::Gpu, 1_000)
        .budgets([("a", 0.5), ("b", 0.3), ("c", 0.2)])
        .build()
        .unwrap();
    let budgets: Vec<u64> = gate.usage().iter().map(|u| u.budget).collect();
    // What threads believe they hold, raised after a grant and lowered before a release.
    let held: Arc<Vec<AtomicU64>> = Arc::new((0..3).map(|_| AtomicU64::new(0)).collect());
    let done = Arc::new(AtomicBool::new(false));

    let watcher = {
        let (gate, done) = (gate.clone(), Arc::clone(&done));
        let budgets = budgets.clone();
        thread::spawn(move || {
            let mut samples = 0_u64;
            while !done.load(Ordering::Acquire) {
                for (usage, budget) in gate.usage().iter().zip(&budgets) {
                    assert!(usage.reserved <= *budget, "{} over budget", usage.name);
                }
                samples += 1;
            }
            samples
        })
    };
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (gate, held) = (gate.clone(), Arc::clone(&held));
            let budgets = budgets.clone();
            thread::spawn(move || {
                let mut granted = 0_u64;
                let mut seed = t as u64 * 7919 + 1;
                let mut permits = Vec::new();
                for _ in 0..ROUNDS {
                    // A small xorshift: sizes 1..=120, subsystems 0..3.
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    let index = (seed % 3) as usize;
                    let bytes = seed % 120 + 1;
                    let name = ["a", "b", "c"][index];
                    if let Ok(permit) = gate.reserve(bytes, name) {
                        let now = held[index].fetch_add(bytes, Ordering::AcqRel) + bytes;
                        assert!(now <= budgets[index], "{name}: {now} > {}", budgets[index]);
                        granted += 1;
                        permits.push((index, permit));
                    }
                    if permits.len() > 2 || seed % 4 == 0 {
                        if let Some((index, permit)) = permits.pop() {
                            held[index].fetch_sub(permit.bytes(), Ordering::AcqRel);
                            drop(permit);
                        }
                    }
                }
                for (index, permit) in permits {
                    held[index].fetch_sub(permit.bytes(), Ordering::AcqRel);
                }
                granted
            })
        })
        .collect();
    let granted: u64 = workers.into_iter().map(|w| w.join().unwrap()).sum();
    done.store(true, Ordering::Release);
    let samples = watcher.join().unwrap();
    assert!(granted > 1_000, "{granted}");
    assert!(samples > 0);
    assert_eq!(gate.total_reserved(), 0);
    assert!(gate.usage().iter().all(|u| u.reserved == 0));
}

#[test]
fn permits_cross_threads() {
    let gate = ResourceGate::ram(1000);
    let permit = gate.reserve(100, "inference").unwrap();
    let moved = thread::spawn(move || permit.bytes());
    assert_eq!(moved.join().unwrap(), 100);
    assert_eq!(gate.total_reserved(), 0);
}
