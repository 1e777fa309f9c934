//! Tests of the executor: panics, timeouts, patience and pending calls.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use managed_service::{HealthStatus, ManagedService, PressureLevel};

use super::*;
use crate::model::CallOutcome;
use crate::registry::{Registry, ServiceConfig};

struct Probe {
    name: String,
    calls: AtomicUsize,
    block_for: Duration,
    panic: bool,
}

impl ManagedService for Probe {
    fn name(&self) -> &str {
        &self.name
    }
    fn health(&self) -> HealthStatus {
        self.calls.fetch_add(1, Ordering::SeqCst);
        assert!(!self.panic, "{} exploded", self.name);
        thread::sleep(self.block_for);
        HealthStatus::Healthy
    }
    fn pressure_response(&self, _: PressureLevel) {}
    fn shed_load(&self) {}
    fn heal(&self) -> bool {
        true
    }
    fn shutdown(&self) {}
}

fn entries(probes: Vec<Probe>) -> Services {
    let registry = Registry::new();
    for probe in probes {
        registry
            .register(Arc::new(probe), ServiceConfig::new())
            .unwrap();
    }
    registry.by_registration()
}

fn health_of_all(all: &Services) -> Vec<(usize, Op)> {
    (0..all.len()).map(|i| (i, Op::Health)).collect()
}

fn probe(name: &str, block_for: Duration, panic: bool) -> Probe {
    Probe {
        name: name.to_owned(),
        calls: AtomicUsize::new(0),
        block_for,
        panic,
    }
}

#[test]
fn panics_become_outcomes_and_the_batch_goes_on() {
    let executor = Executor::new();
    let all = entries(vec![
        probe("a", Duration::ZERO, false),
        probe("b", Duration::ZERO, true),
        probe("c", Duration::ZERO, false),
    ]);
    let results = executor.run(&all, health_of_all(&all), Duration::from_secs(5));
    assert_eq!(results[0], Ok(Returned::Health(HealthStatus::Healthy)));
    assert_eq!(
        results[1],
        Err(CallOutcome::Panicked {
            message: "b exploded".to_owned()
        })
    );
    assert_eq!(results[2], Ok(Returned::Health(HealthStatus::Healthy)));
    assert!(all.iter().all(|e| !e.in_flight.load(Ordering::Acquire)));
}

#[test]
fn a_slow_call_times_out_and_the_rest_still_run() {
    let executor = Executor::new();
    let all = entries(vec![
        probe("slow", Duration::from_millis(400), false),
        probe("quick", Duration::ZERO, false),
    ]);
    let started = Instant::now();
    let results = executor.run(&all, health_of_all(&all), Duration::from_millis(50));
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(results[0], Err(CallOutcome::TimedOut { after_ms: 50 }));
    assert_eq!(results[1], Ok(Returned::Health(HealthStatus::Healthy)));

    // While the slow call is still running, the service is skipped.
    let results = executor.run(&all, health_of_all(&all), Duration::from_millis(50));
    assert!(matches!(&results[0], Err(CallOutcome::Skipped { .. })));
    assert_eq!(results[1], Ok(Returned::Health(HealthStatus::Healthy)));
}

#[test]
fn a_call_past_the_patience_runs_on_while_the_rest_are_made() {
    let executor = Executor::new();
    let all = entries(vec![
        probe("slow", Duration::from_millis(300), false),
        probe("quick", Duration::ZERO, false),
    ]);
    let started = Instant::now();
    let calls = executor.run_patiently(
        &all,
        health_of_all(&all),
        Duration::from_secs(5),
        Duration::from_millis(30),
    );
    assert!(
        started.elapsed() < Duration::from_millis(250),
        "{:?}",
        started.elapsed()
    );
    let [Call::Pending(slow), Call::Done(quick)] = &calls[..] else {
        panic!("{calls:?}");
    };
    assert_eq!(*quick, Ok(Returned::Health(HealthStatus::Healthy)));
    assert_eq!(slow.result(), None);
    assert!(all[0].in_flight.load(Ordering::Acquire));

    slow.wait();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(
        slow.result(),
        Some(Ok(Returned::Health(HealthStatus::Healthy)))
    );
    assert!(!all[0].in_flight.load(Ordering::Acquire));
}

#[test]
fn a_pending_call_times_out_and_its_late_result_is_dropped() {
    let executor = Executor::new();
    let all = entries(vec![probe("stuck", Duration::from_millis(300), false)]);
    let started = Instant::now();
    let mut calls = executor.run_patiently(
        &all,
        health_of_all(&all),
        Duration::from_millis(100),
        Duration::from_millis(20),
    );
    let Some(Call::Pending(stuck)) = calls.pop() else {
        panic!("{calls:?}");
    };
    stuck.wait();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(100) && waited < Duration::from_millis(290),
        "{waited:?}"
    );
    let timed_out = Some(Err(CallOutcome::TimedOut { after_ms: 100 }));
    assert_eq!(stuck.result(), timed_out);
    // The call returns later; its result does not replace the timeout.
    while all[0].in_flight.load(Ordering::Acquire) {
        thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(stuck.result(), timed_out);
}

#[test]
fn a_patience_as_long_as_the_timeout_abandons_instead() {
    let executor = Executor::new();
    let all = entries(vec![probe("slow", Duration::from_millis(200), false)]);
    let calls = executor.run_patiently(
        &all,
        health_of_all(&all),
        Duration::from_millis(40),
        Duration::from_millis(40),
    );
    assert!(matches!(
        &calls[..],
        [Call::Done(Err(CallOutcome::TimedOut { after_ms: 40 }))]
    ));
}

#[test]
fn an_empty_batch_returns_at_once() {
    let none: Services = Arc::new([]);
    assert!(
        Executor::new()
            .run(&none, Vec::new(), Duration::ZERO)
            .is_empty()
    );
}
