//! The control module, **for tests and demos only**: present when the host is built with
//! [`HostBuilder::simulated_pressure`](crate::HostBuilder::simulated_pressure), it lets a
//! client drive the simulated pressure source and read the host's state over the same
//! socket.
//!
//! | Command | Params | Result |
//! |---------|--------|--------|
//! | `host/simulate-pressure` | `{ "fraction": number }` (finite, `>= 0`) | `{ "level": PressureLevel, "changed": boolean }` |
//! | `host/status` | none (`{}` or `null`) | `{ "level": PressureLevel, "sources": SourceReport[], "services": ServiceHealth[] }` |
//!
//! `host/simulate-pressure` sets the simulated source to `fraction` of its budget, then
//! ticks the supervisor at once, so the level (and the refusals that follow from it) change
//! before the reply is sent; `level` is the combined level after that tick (hysteresis
//! applies: falling below a threshold by less than the margin keeps the level). `changed`
//! says whether the level differs from the one before the command. `host/status` reports as of the supervisor's last tick:
//! the combined level, every pressure source and every service's health (the shapes of
//! health-monitor's `SourceReport` and `ServiceHealth`, in camelCase).
//!
//! The control module has no service behind it, so it is never refused: pressure can always
//! be lowered again.
//!
//! # Why it ships, and is not behind a cargo feature
//!
//! The module is off unless a host is built with `simulated_pressure`, which is the only
//! way to add it: a production host that does not call it has no control commands, and
//! this module is a few dozen lines that never run. It is public so that clients and tests
//! can name the commands ([`SIMULATE_PRESSURE`], [`STATUS`]) instead of spelling them. A
//! feature would not make a production host safer (the switch is already in its code) but
//! would make the things that use it build another host than the one that ships: the
//! `gpu-stats` demo host with its `--simulate` flag and the TypeScript client that drives
//! it, the end-to-end tests that run that binary over its socket, and this crate's own
//! integration tests, which `cargo test` would skip without the feature.

use health_monitor::{SimulatedHandle, Supervisor};
use managed_service::{CommandError, ModuleConfig, PressureLevel, ServiceModule, decode_params};
use serde::Deserialize;
use serde_json::{Value, json};

/// The command that sets the simulated pressure.
pub const SIMULATE_PRESSURE: &str = "host/simulate-pressure";

/// The command that reports the host's state.
pub const STATUS: &str = "host/status";

/// The simulated source's total, in the units of its usage readings: a fraction is stored
/// as parts per million of it, so that the reading reads as "of budget".
const PARTS: u64 = 1_000_000;

/// The module answering [`SIMULATE_PRESSURE`] and [`STATUS`].
pub(crate) struct ControlModule {
    supervisor: Supervisor,
    pressure: SimulatedHandle,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SimulatePressureParams {
    fraction: f64,
}

impl ControlModule {
    pub(crate) fn new(supervisor: Supervisor, pressure: SimulatedHandle) -> Self {
        Self {
            supervisor,
            pressure,
        }
    }

    fn simulate_pressure(&self, params: Value) -> Result<Value, CommandError> {
        let SimulatePressureParams { fraction } = decode_params(params)?;
        if !(fraction.is_finite() && fraction >= 0.0) {
            return Err(CommandError::invalid_params_at(
                "fraction",
                format!("must be a finite number >= 0, got {fraction}"),
            ));
        }
        let before = self.supervisor.level();
        self.pressure.set_usage(to_parts(fraction), PARTS);
        // The background monitor may tick in between; comparing levels (rather than asking
        // this tick whether it changed the level) holds either way.
        let after = self.supervisor.tick().level;
        Ok(json!({ "level": after, "changed": after != before }))
    }

    fn status(&self) -> Value {
        let pressure = self.supervisor.pressure();
        let level = pressure.as_ref().map_or(PressureLevel::Normal, |p| p.level);
        let sources = pressure.map_or_else(Vec::new, |p| p.sources.clone());
        let services = self
            .supervisor
            .snapshot()
            .map_or_else(Vec::new, |snapshot| snapshot.services.to_vec());
        json!({ "level": level, "sources": sources, "services": services })
    }
}

/// `fraction` of [`PARTS`], rounded.
fn to_parts(fraction: f64) -> u64 {
    // `fraction` is finite and >= 0; `as` saturates above u64::MAX, which is still "full".
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let parts = (fraction * 1e6).round() as u64;
    parts
}

impl ServiceModule for ControlModule {
    fn config(&self) -> ModuleConfig {
        ModuleConfig::new("host", [SIMULATE_PRESSURE, STATUS])
    }

    fn handle_command(&self, command: &str, params: Value) -> Result<Value, CommandError> {
        match command {
            SIMULATE_PRESSURE => self.simulate_pressure(params),
            STATUS => Ok(self.status()),
            _ => Err(CommandError::unknown_command(command)),
        }
    }
}

#[cfg(test)]
mod tests {
    use health_monitor::{Resource, SimulatedSource, SupervisorConfig};

    use super::*;

    fn control() -> ControlModule {
        let supervisor = Supervisor::new(SupervisorConfig::default()).unwrap();
        let source = SimulatedSource::new("simulated", Resource::Gpu);
        let handle = source.handle();
        supervisor.add_source(Box::new(source)).unwrap();
        ControlModule::new(supervisor, handle)
    }

    #[test]
    fn simulate_pressure_ticks_at_once() {
        let control = control();
        let result = control
            .handle_command(SIMULATE_PRESSURE, json!({ "fraction": 0.97 }))
            .unwrap();
        assert_eq!(result, json!({ "level": "critical", "changed": true }));
        let status = control.handle_command(STATUS, json!({})).unwrap();
        assert_eq!(status["level"], "critical");
        assert_eq!(
            status["sources"][0]["reading"],
            json!({ "kind": "usage", "used": 970_000, "total": 1_000_000 })
        );
        let result = control
            .handle_command(SIMULATE_PRESSURE, json!({ "fraction": 0.1 }))
            .unwrap();
        assert_eq!(result, json!({ "level": "normal", "changed": true }));
    }

    #[test]
    fn bad_fractions_are_invalid_params_with_a_path() {
        let control = control();
        for params in [json!({ "fraction": -0.5 }), json!({ "fraction": "high" })] {
            let err = control
                .handle_command(SIMULATE_PRESSURE, params)
                .unwrap_err();
            assert_eq!(err.params_path(), Some("fraction"), "{err}");
        }
        let err = control
            .handle_command(SIMULATE_PRESSURE, json!({}))
            .unwrap_err();
        assert_eq!(err.to_string(), "invalid params: missing field `fraction`");
    }

    #[test]
    fn parts_round() {
        assert_eq!(to_parts(0.97), 970_000);
        assert_eq!(to_parts(0.0), 0);
        assert_eq!(to_parts(1e30), u64::MAX);
    }
}
