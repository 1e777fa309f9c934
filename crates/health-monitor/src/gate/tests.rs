//! Tests of the gate: budgets, refusals, permits, events and the pressure source.

use std::sync::Arc;
use std::time::Duration;

use managed_service::PressureLevel;

use super::builder::budget_bytes;
use super::*;
use crate::clock::ManualClock;
use crate::error::Error;
use crate::events::EventBus;
use crate::model::{DenialReason, Resource};
use crate::sources::{PressureSource, Reading};

#[test]
fn default_budgets_split_the_capacity() {
    let gate = ResourceGate::gpu(1000);
    let budgets: Vec<u64> = gate.usage().iter().map(|u| u.budget).collect();
    assert_eq!(budgets, [750, 100, 100, 50]);
    let odd = budget_bytes(7, &[0.5, 0.5]);
    assert_eq!(&*odd, [3, 3]);
    let huge = budget_bytes(u64::MAX, &[0.75, 0.25]);
    assert!(
        huge.iter()
            .try_fold(0_u64, |sum, b| sum.checked_add(*b))
            .is_some()
    );
}

#[test]
fn invalid_budgets_are_refused() {
    let cases: [Vec<(&str, f64)>; 5] = [
        vec![],
        vec![("", 0.5)],
        vec![("a", 0.5), ("a", 0.1)],
        vec![("a", 0.0)],
        vec![("a", 0.6), ("b", 0.5)],
    ];
    for budgets in cases {
        let err = ResourceGate::builder(Resource::Ram, 10)
            .budgets(budgets.clone())
            .build()
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidConfig {
                    field: "budgets",
                    ..
                }
            ),
            "{budgets:?}: {err}"
        );
    }
}

#[test]
fn pressure_at_the_refusal_level_denies_everything() {
    let gate = ResourceGate::gpu(1000);
    gate.set_level(PressureLevel::High);
    assert!(gate.reserve(10, "tts").is_ok());
    gate.set_level(PressureLevel::Critical);
    let err = gate.reserve(10, "tts").unwrap_err();
    let denial = err.denial().unwrap();
    assert_eq!(denial.reason, DenialReason::Pressure);
    assert_eq!(denial.level, PressureLevel::Critical);
    assert_eq!(denial.available, 100);
    assert_eq!(gate.usage()[1].denials, 1);
    assert!(err.to_string().contains("pressure is too high"), "{err}");

    let lenient = ResourceGate::builder(Resource::Gpu, 1000)
        .refuse_at(None)
        .build()
        .unwrap();
    lenient.set_level(PressureLevel::Critical);
    assert!(lenient.reserve(10, "tts").is_ok());
}

#[test]
fn measured_use_is_respected() {
    let gate = ResourceGate::gpu(1000);
    gate.set_observed_used(950);
    assert_eq!(gate.observed_used(), 950);
    let denial = gate.reserve(100, "inference").unwrap_err();
    assert_eq!(denial.denial().unwrap().reason, DenialReason::Capacity);
    assert_eq!(gate.available("inference").unwrap(), 50);
}

#[test]
fn permits_release_on_drop_and_report_themselves() {
    let gate = ResourceGate::ram(1 << 20);
    let permit = gate.reserve(4096, "rendering").unwrap();
    assert_eq!(
        (permit.bytes(), permit.subsystem(), permit.resource()),
        (4096, "rendering", Resource::Ram)
    );
    assert_eq!(gate.reserved("rendering").unwrap(), 4096);
    assert!(format!("{permit:?}").contains("rendering"));
    permit.release();
    assert_eq!(gate.total_reserved(), 0);
    assert!(format!("{gate:?}").contains("Ram"));
}

#[test]
fn denials_are_published_once_attached() {
    let gate = ResourceGate::gpu(100);
    let bus = EventBus::new();
    let events = bus.subscribe();
    gate.attach(bus, Arc::new(ManualClock::new()));
    assert!(gate.reserve(80, "inference").is_err());
    let event = events.try_next().unwrap();
    assert_eq!(event.kind.name(), "system:gate:denied");
}

#[test]
fn the_gate_is_a_pressure_source() {
    let gate = ResourceGate::gpu(100);
    let _held = gate.reserve(60, "inference").unwrap();
    let mut source = gate.source();
    assert_eq!(source.name(), "gate:gpu");
    assert_eq!(source.sample(Duration::ZERO), Reading::usage(60, 100));
}
