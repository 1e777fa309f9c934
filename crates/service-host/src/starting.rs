//! The steps of [`HostBuilder::start`](crate::HostBuilder::start), and [`Starting`], which
//! undoes what they did when a later step fails.

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use health_monitor::{PressureSource, ResourceGate, ServiceConfig, SimulatedHandle, Supervisor};
use managed_service::{ManagedService, ServiceModule};

use crate::control::ControlModule;
use crate::error::Error;
use crate::live_connections::Connections;
use crate::router::{Entry, Router, panic_message};
use crate::shared::Shared;
use crate::socket::BoundSocket;

/// A module, the service behind it and how the supervisor treats that service.
pub(crate) struct Registration {
    pub(crate) module: Arc<dyn ServiceModule>,
    pub(crate) service: Arc<dyn ManagedService>,
    pub(crate) config: ServiceConfig,
}

/// The router's entries: one per registered module, then the control module when the
/// host simulates pressure.
pub(crate) fn entries(
    registrations: &[Registration],
    simulated: Option<SimulatedHandle>,
    supervisor: &Supervisor,
) -> Vec<Entry> {
    let mut modules: Vec<Entry> = registrations
        .iter()
        .map(|registration| Entry {
            name: registration.module.config().name,
            module: Arc::clone(&registration.module),
            service: Some(registration.service.name().to_owned()),
            unavailable: None,
        })
        .collect();
    if let Some(pressure) = simulated {
        modules.push(Entry {
            name: "host".to_owned(),
            module: Arc::new(ControlModule::new(supervisor.clone(), pressure)),
            service: None,
            unavailable: None,
        });
    }
    modules
}

/// `/run/x.sock (modules: gpu [gpu/], host [host/simulate-pressure, host/status])`
fn describe(path: &Path, router: &Router) -> String {
    let modules: Vec<String> = router
        .modules()
        .iter()
        .map(|module| {
            let prefixes = module.module.config().command_prefixes.join(", ");
            let state = if module.unavailable.is_some() {
                ", unavailable"
            } else {
                ""
            };
            format!("{} [{prefixes}]{state}", module.name)
        })
        .collect();
    format!("{} (modules: {})", path.display(), modules.join("; "))
}

/// What `start` has set up so far; dropping it undoes that (the happy path takes
/// everything out first).
pub(crate) struct Starting {
    supervisor: Supervisor,
    socket: Option<BoundSocket>,
    router: Option<Router>,
    /// Whether the modules' `initialize` has run (and so their `shutdown` is owed).
    modules_initialized: bool,
}

impl Starting {
    /// A start that has a supervisor, a bound socket and a router, and nothing running.
    pub(crate) const fn new(supervisor: Supervisor, socket: BoundSocket, router: Router) -> Self {
        Self {
            supervisor,
            socket: Some(socket),
            router: Some(router),
            modules_initialized: false,
        }
    }

    /// Hands the services, sources and gates to the supervisor.
    pub(crate) fn watch(
        &self,
        registrations: Vec<Registration>,
        sources: Vec<Box<dyn PressureSource>>,
        gates: &[ResourceGate],
        system_sources: bool,
    ) -> Result<(), Error> {
        for registration in registrations {
            self.supervisor
                .register(registration.service, registration.config)?;
        }
        for source in sources {
            self.supervisor.add_source(source)?;
        }
        for gate in gates {
            self.supervisor.add_gate(gate)?;
        }
        if system_sources {
            self.supervisor.add_system_sources()?;
        }
        Ok(())
    }

    /// Initialises the services' lifecycle hooks, then the modules; ticks once and starts
    /// the background monitor.
    pub(crate) fn initialize(&mut self) -> Result<(), Error> {
        self.supervisor.initialize_services()?;
        self.initialize_modules();
        self.supervisor.tick();
        self.supervisor.start()?;
        Ok(())
    }

    /// Initialises every module, in registration order; a failure (or panic) marks the
    /// module unavailable.
    fn initialize_modules(&mut self) {
        let Some(router) = &mut self.router else {
            return;
        };
        self.modules_initialized = true;
        for module in router.modules_mut() {
            let result = panic::catch_unwind(AssertUnwindSafe(|| module.module.initialize()))
                .unwrap_or_else(|payload| {
                    Err(managed_service::ModuleError::new(format!(
                        "initialize panicked: {}",
                        panic_message(payload.as_ref())
                    )))
                });
            if let Err(error) = result {
                let mut reason = error.to_string();
                if let Some(source) = std::error::Error::source(&error) {
                    reason = format!("{reason}: {source}");
                }
                eprintln!(
                    "service-host: module {:?} failed to initialise: {reason}; its commands answer `unavailable`",
                    module.name
                );
                module.unavailable = Some(reason);
            }
        }
    }

    /// Takes everything out for the host: what its threads share (with these limits), its
    /// socket, and the line that names what it serves.
    pub(crate) fn finish(
        &mut self,
        max_frame_bytes: usize,
        max_in_flight: usize,
        event_queue: usize,
    ) -> (Arc<Shared>, BoundSocket, String) {
        let (socket, router) = self.take();
        let summary = describe(&socket.path, &router);
        let shared = Arc::new(Shared {
            router,
            supervisor: self.supervisor.clone(),
            max_frame_bytes,
            max_in_flight,
            event_queue,
            connections: Connections::default(),
            closing: AtomicBool::new(false),
        });
        (shared, socket, summary)
    }

    fn take(&mut self) -> (BoundSocket, Router) {
        match (self.socket.take(), self.router.take()) {
            (Some(socket), Some(router)) => (socket, router),
            // `take` is called once, on a fully set-up value.
            _ => unreachable!("Starting::take called twice"),
        }
    }
}

impl Drop for Starting {
    fn drop(&mut self) {
        if let Some(router) = &self.router
            && self.modules_initialized
        {
            shutdown_modules(router);
        }
        if self.socket.is_some() || self.router.is_some() {
            let _ = self.supervisor.shutdown();
        }
        if let Some(socket) = self.socket.take() {
            socket.remove_file();
        }
    }
}

/// Shuts down the modules that initialised, newest first (used when `start` fails after
/// initialising them).
fn shutdown_modules(router: &Router) {
    for module in router.modules().iter().rev() {
        if module.unavailable.is_none() {
            let _ = panic::catch_unwind(AssertUnwindSafe(|| module.module.shutdown()));
        }
    }
}
