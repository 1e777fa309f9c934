//! Liveness and readiness of a [`Supervisor`], as [`Probe`]s.

use std::sync::atomic::Ordering;
use std::time::Duration;

use super::{Probe, Supervisor};
#[cfg(doc)]
use crate::config::SupervisorConfig;

impl Supervisor {
    /// Liveness: fails once shut down, or when the background monitor has not finished a
    /// tick for [`stall_after`](SupervisorConfig::stall_after). Without a background
    /// monitor (stepped use) it passes until shutdown.
    #[must_use]
    pub fn liveness(&self) -> Probe {
        if self.is_shut_down() {
            return Probe::failing(vec!["the supervisor is shut down".to_owned()]);
        }
        if self.is_running() {
            let last = self.shared.last_tick_end.load(Ordering::Acquire);
            let now = u64::try_from(self.shared.base.elapsed().as_nanos()).unwrap_or(u64::MAX);
            let quiet = Duration::from_nanos(now.saturating_sub(last));
            if quiet >= self.shared.config.stall_after {
                return Probe::failing(vec![format!(
                    "the monitor has not finished a tick for {} ms",
                    quiet.as_millis()
                )]);
            }
        }
        Probe::passing()
    }

    /// Readiness: passes when the supervisor has ticked, every service has answered a health
    /// check, none is unhealthy or uninitialised, and the combined level is below
    /// [`not_ready_at`](SupervisorConfig::not_ready_at). Degraded services do not fail it.
    #[must_use]
    pub fn readiness(&self) -> Probe {
        if self.is_shut_down() {
            return Probe::failing(vec!["the supervisor is shut down".to_owned()]);
        }
        let Some(snapshot) = self.snapshot() else {
            return Probe::failing(vec!["no health check has run yet".to_owned()]);
        };
        let mut reasons = Vec::new();
        for service in snapshot.services.iter() {
            match &service.status {
                Some(status) if status.is_unhealthy() => {
                    reasons.push(format!("service {:?} is {status}", &*service.name));
                }
                _ if !service.initialized => {
                    reasons.push(format!("service {:?} is not initialised", &*service.name));
                }
                None => reasons.push(format!(
                    "service {:?} has not answered its first health check",
                    &*service.name
                )),
                _ => {}
            }
        }
        if snapshot.level >= self.shared.config.not_ready_at {
            reasons.push(format!("memory pressure is {}", snapshot.level));
        }
        Probe::from_reasons(reasons)
    }
}
