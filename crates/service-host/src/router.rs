//! [`Router`]: which module owns a command (longest prefix wins), whether its service may be
//! called now, and the call itself, with panics caught.

use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use health_monitor::{Reading, Supervisor};
use managed_service::{HealthStatus, PressureLevel, ServiceModule};
use serde_json::{Value, json};

use crate::error::Error;
use crate::wire::Failure;

/// One registered module.
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) module: Arc<dyn ServiceModule>,
    /// The name of the `ManagedService` behind it; `None` for the host's control module,
    /// which is never refused.
    pub(crate) service: Option<String>,
    /// Why the module cannot serve, when its `initialize` failed.
    pub(crate) unavailable: Option<String>,
}

/// The modules, and the prefix table built from their configs.
pub(crate) struct Router {
    modules: Vec<Entry>,
    /// `(prefix, module index)`, longest prefix first.
    routes: Vec<(String, usize)>,
    refuse_at: PressureLevel,
}

impl Router {
    /// Reads every module's config once and builds the prefix table.
    pub(crate) fn new(modules: Vec<Entry>, refuse_at: PressureLevel) -> Result<Self, Error> {
        let mut routes: Vec<(String, usize)> = Vec::new();
        for (index, module) in modules.iter().enumerate() {
            for prefix in module.module.config().command_prefixes {
                match routes.iter().find(|(taken, _)| *taken == prefix) {
                    // A module listing a prefix twice is harmless.
                    Some((_, owner)) if *owner == index => {}
                    Some((_, owner)) => {
                        return Err(Error::DuplicatePrefix {
                            prefix,
                            first: modules[*owner].name.clone(),
                            second: module.name.clone(),
                        });
                    }
                    None => routes.push((prefix, index)),
                }
            }
        }
        // Stable: equal lengths keep registration order (they cannot both match anyway).
        routes.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
        Ok(Self {
            modules,
            routes,
            refuse_at,
        })
    }

    pub(crate) fn modules(&self) -> &[Entry] {
        &self.modules
    }

    pub(crate) fn modules_mut(&mut self) -> &mut [Entry] {
        &mut self.modules
    }

    /// The module owning `command`: the one with the longest matching prefix.
    fn route(&self, command: &str) -> Option<&Entry> {
        self.routes
            .iter()
            .find(|(prefix, _)| command.starts_with(prefix.as_str()))
            .map(|(_, index)| &self.modules[*index])
    }

    /// Runs one command: route, admit, call.
    pub(crate) fn dispatch(
        &self,
        supervisor: &Supervisor,
        command: &str,
        params: Value,
    ) -> Result<Value, Failure> {
        let Some(module) = self.route(command) else {
            return Err(self.no_owner(command));
        };
        if let Some(reason) = &module.unavailable {
            return Err(Failure::new(
                "unavailable",
                format!(
                    "module {:?} is unavailable: it failed to initialise: {reason}",
                    module.name
                ),
            )
            .with_details(json!({ "module": module.name })));
        }
        if let Some(service) = &module.service {
            admit(supervisor, service, self.refuse_at)?;
        }
        let call = panic::catch_unwind(AssertUnwindSafe(|| {
            module.module.handle_command(command, params)
        }));
        match call {
            Ok(result) => result.map_err(Failure::from),
            Err(payload) => Err(Failure::new(
                "failed",
                format!(
                    "command {command:?} panicked in module {:?}: {}",
                    module.name,
                    panic_message(payload.as_ref())
                ),
            )),
        }
    }

    fn no_owner(&self, command: &str) -> Failure {
        let mut message = format!("unknown command {command:?}: no module owns it");
        let mut prefixes: Vec<&str> = self.routes.iter().map(|(p, _)| p.as_str()).collect();
        prefixes.sort_unstable();
        if prefixes.is_empty() {
            message.push_str(" (the host has no modules)");
        } else {
            let listed: Vec<String> = prefixes.iter().map(|p| format!("{p:?}")).collect();
            let _ = write!(message, " (prefixes served: {})", listed.join(", "));
        }
        Failure::new("unknown_command", message)
    }
}

/// Refuses the call while the service is unhealthy (as of the supervisor's latest
/// snapshot) or while the combined pressure level is at or above `refuse_at`.
fn admit(supervisor: &Supervisor, service: &str, refuse_at: PressureLevel) -> Result<(), Failure> {
    if let Some(snapshot) = supervisor.snapshot()
        && let Some(health) = snapshot.get(service)
        && let Some(status @ HealthStatus::Unhealthy { reason }) = &health.status
    {
        return Err(Failure::new(
            "unavailable",
            format!("service {service:?} is unhealthy: {reason}"),
        )
        .with_details(json!({ "service": service, "health": status })));
    }
    if let Some(pressure) = supervisor.pressure()
        && pressure.level >= refuse_at
    {
        let causes: Vec<String> = pressure
            .sources
            .iter()
            .filter(|source| source.level.is_some_and(|level| level >= refuse_at))
            .map(|source| describe(&source.name, &source.reading))
            .collect();
        let mut message = format!(
            "service {service:?} is shedding load: memory pressure is {}",
            pressure.level
        );
        if !causes.is_empty() {
            let _ = write!(message, " ({})", causes.join("; "));
        }
        return Err(Failure::new("unavailable", message)
            .with_details(json!({ "service": service, "level": pressure.level })));
    }
    Ok(())
}

/// `simulated: 0.97 of budget` for a usage, `psi: 0.42` for a plain fraction.
fn describe(name: &str, reading: &Reading) -> String {
    match (reading, reading.fraction()) {
        (Reading::Usage { .. }, Some(fraction)) => format!("{name}: {fraction:.2} of budget"),
        (_, Some(fraction)) => format!("{name}: {fraction:.2}"),
        (_, None) => format!("{name}: unavailable"),
    }
}

// The text of a panic payload: the runtime's own, so that the host and the supervisor
// describe a panic alike.
pub(crate) use health_monitor::panic_message;

#[cfg(test)]
mod tests {
    use managed_service::{CommandError, ModuleConfig};

    use super::*;

    struct Named(&'static str, &'static [&'static str]);

    impl ServiceModule for Named {
        fn config(&self) -> ModuleConfig {
            ModuleConfig::new(self.0, self.1.iter().copied())
        }
        fn handle_command(&self, command: &str, _: Value) -> Result<Value, CommandError> {
            assert!(!command.ends_with("/panic"), "deliberate");
            Ok(json!(self.0))
        }
    }

    fn module(name: &'static str, prefixes: &'static [&'static str]) -> Entry {
        Entry {
            name: name.to_owned(),
            module: Arc::new(Named(name, prefixes)),
            service: None,
            unavailable: None,
        }
    }

    fn supervisor() -> Supervisor {
        Supervisor::new(health_monitor::SupervisorConfig::default()).unwrap()
    }

    #[test]
    fn the_longest_prefix_wins() {
        let router = Router::new(
            vec![module("gpu", &["gpu/"]), module("admin", &["gpu/admin/"])],
            PressureLevel::Critical,
        )
        .unwrap();
        let supervisor = supervisor();
        let call = |command| router.dispatch(&supervisor, command, json!({}));
        assert_eq!(call("gpu/admin/reset"), Ok(json!("admin")));
        assert_eq!(call("gpu/stats"), Ok(json!("gpu")));
        let failure = call("tts/speak").unwrap_err();
        assert_eq!(failure.kind, "unknown_command");
        assert_eq!(
            failure.message,
            "unknown command \"tts/speak\": no module owns it \
             (prefixes served: \"gpu/\", \"gpu/admin/\")"
        );
    }

    #[test]
    fn duplicate_prefixes_are_refused_but_repeats_within_a_module_are_not() {
        assert!(Router::new(vec![module("a", &["x/", "x/"])], PressureLevel::Critical).is_ok());
        let Err(Error::DuplicatePrefix {
            prefix,
            first,
            second,
        }) = Router::new(
            vec![module("a", &["x/"]), module("b", &["y/", "x/"])],
            PressureLevel::Critical,
        )
        else {
            panic!("expected a duplicate prefix");
        };
        assert_eq!(
            (prefix.as_str(), first.as_str(), second.as_str()),
            ("x/", "a", "b")
        );
    }

    #[test]
    fn panics_become_failures() {
        let router = Router::new(vec![module("gpu", &["gpu/"])], PressureLevel::Critical).unwrap();
        let failure = router
            .dispatch(&supervisor(), "gpu/panic", json!({}))
            .unwrap_err();
        assert_eq!(failure.kind, "failed");
        assert_eq!(
            failure.message,
            "command \"gpu/panic\" panicked in module \"gpu\": deliberate"
        );
    }

    #[test]
    fn modules_that_failed_to_initialise_are_unavailable() {
        let mut broken = module("gpu", &["gpu/"]);
        broken.unavailable = Some("no device".to_owned());
        let router = Router::new(vec![broken], PressureLevel::Critical).unwrap();
        let failure = router
            .dispatch(&supervisor(), "gpu/stats", json!({}))
            .unwrap_err();
        assert_eq!(failure.kind, "unavailable");
        assert_eq!(
            failure.message,
            "module \"gpu\" is unavailable: it failed to initialise: no device"
        );
    }

    #[test]
    fn readings_are_described_briefly() {
        assert_eq!(
            describe("nvml:0", &Reading::usage(97, 100)),
            "nvml:0: 0.97 of budget"
        );
        assert_eq!(
            describe("psi", &Reading::Fraction { value: 0.5 }),
            "psi: 0.50"
        );
    }
}
