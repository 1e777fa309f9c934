//! The calls an executor makes: which callback ([`Op`]), what it gave back ([`Returned`],
//! [`CallResult`]), and making one call with its panic caught.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use managed_service::{HealthStatus, PressureLevel};

use super::Pending;
use crate::model::CallOutcome;
use crate::panic_message::panic_message;
use crate::registry::ServiceEntry;

/// A list of services, as the registry hands it out.
pub(crate) type Services = Arc<[Arc<ServiceEntry>]>;

/// A callback to make.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Op {
    Health,
    Pressure(PressureLevel),
    Shed,
    Heal,
    /// `ManagedService::shutdown`, then the lifecycle hook's shutdown if it is up.
    Shutdown,
}

/// What a callback that returned gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Returned {
    Health(HealthStatus),
    Healed(bool),
    Done,
}

/// A callback's result: what it returned, or how it failed (never `Completed`).
pub(crate) type CallResult = Result<Returned, CallOutcome>;

/// A call of [`Executor::run_patiently`]: done, or still running past the patience.
#[derive(Debug)]
pub(crate) enum Call {
    /// It returned, failed or was skipped while the batch waited.
    Done(CallResult),
    /// It overran the patience and goes on by itself.
    Pending(Pending),
}

const SKIPPED: &str = "an earlier call into this service has not returned";

/// Makes one call, unless another call into the same service is still running.
pub(super) fn call(entry: &ServiceEntry, op: Op) -> CallResult {
    if entry.in_flight.swap(true, Ordering::AcqRel) {
        return Err(CallOutcome::Skipped {
            reason: SKIPPED.to_owned(),
        });
    }
    let result = panic::catch_unwind(AssertUnwindSafe(|| perform(entry, op)));
    entry.in_flight.store(false, Ordering::Release);
    result.map_err(|payload| CallOutcome::Panicked {
        message: panic_message(payload.as_ref()),
    })
}

fn perform(entry: &ServiceEntry, op: Op) -> Returned {
    let service = &entry.service;
    match op {
        Op::Health => Returned::Health(service.health()),
        Op::Pressure(level) => {
            service.pressure_response(level);
            Returned::Done
        }
        Op::Shed => {
            service.shed_load();
            Returned::Done
        }
        Op::Heal => Returned::Healed(service.heal()),
        Op::Shutdown => {
            service.shutdown();
            if let Some(hook) = &entry.lifecycle {
                if hook.is_initialized() {
                    hook.shutdown();
                }
            }
            Returned::Done
        }
    }
}
