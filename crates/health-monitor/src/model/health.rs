//! [`HealthSnapshot`] and [`ServiceHealth`]: every service's health after a tick.

use std::sync::Arc;

use managed_service::{HealthStatus, PressureLevel};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ResourceBudget;

/// Every service's health after a tick: the payload of `system:health:snapshot`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HealthSnapshot {
    /// The clock time of the tick, in milliseconds.
    #[ts(type = "number")]
    pub at_ms: u64,
    /// The combined pressure level after the tick.
    pub level: PressureLevel,
    /// Every service, in registration order. Shared with the previous snapshot when no
    /// service changed, so a steady state costs no copies (and a long history no memory).
    #[ts(as = "Vec<ServiceHealth>")]
    pub services: Arc<[ServiceHealth]>,
}

impl HealthSnapshot {
    /// The entry of the service named `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&ServiceHealth> {
        self.services.iter().find(|s| &*s.name == name)
    }

    /// The services whose last status is unhealthy.
    pub fn unhealthy(&self) -> impl Iterator<Item = &ServiceHealth> {
        self.services
            .iter()
            .filter(|s| s.status.as_ref().is_some_and(HealthStatus::is_unhealthy))
    }

    /// How many services are healthy, degraded and unhealthy (services not yet checked are
    /// in none of the three).
    #[must_use]
    pub fn counts(&self) -> (usize, usize, usize) {
        self.services
            .iter()
            .fold((0, 0, 0), |(h, d, u), s| match &s.status {
                Some(HealthStatus::Healthy) => (h + 1, d, u),
                Some(HealthStatus::Degraded { .. }) => (h, d + 1, u),
                Some(HealthStatus::Unhealthy { .. }) => (h, d, u + 1),
                None => (h, d, u),
            })
    }
}

/// One service in a [`HealthSnapshot`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceHealth {
    /// The service's name.
    #[ts(type = "string")]
    pub name: Arc<str>,
    /// Its priority.
    pub priority: i32,
    /// Its status; `null` until first checked (a service whose lifecycle is not initialised
    /// is not checked). A failed `pressure_response` or `shed_load` keeps it unhealthy until
    /// a heal succeeds.
    pub status: Option<HealthStatus>,
    /// Whether its lifecycle hook (if any) reports it initialised.
    pub initialized: bool,
    /// Whether its heal breaker is open (no more heals until sustained health).
    pub breaker_open: bool,
    /// Failed heals within the breaker window.
    pub heal_failures: u32,
    /// Its declared budget.
    pub budget: Option<ResourceBudget>,
}
