//! [`HostBuilder`]: what a host serves, what it watches, and how it refuses.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use health_monitor::{
    HttpEndpoint, PressureSource, ResourceGate, ServiceConfig, SimulatedHandle, SimulatedSource,
    Supervisor, SupervisorConfig,
};
use managed_service::{ManagedService, PressureLevel, ServiceModule};

use crate::error::Error;
use crate::host::Host;
use crate::router::Router;
use crate::socket::BoundSocket;
use crate::starting::{self, Registration, Starting};
use crate::wire::DEFAULT_MAX_FRAME_BYTES;

/// The default [drain timeout](HostBuilder::drain_timeout): 5 s.
pub const DEFAULT_DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// The default [requests in flight per connection](HostBuilder::max_in_flight): 64.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 64;

/// The default [queue length of an event subscriber](HostBuilder::event_queue): 256.
pub const DEFAULT_EVENT_QUEUE: usize = 256;

/// The address the hosts and `deploy/` use for [`HostBuilder::http`]
/// (`--http 127.0.0.1:9464`). HTTP stays off unless asked for.
pub const DEFAULT_HTTP_ADDR: &str = "127.0.0.1:9464";

/// Builds and starts a [`Host`].
///
/// Every method takes and returns the builder; nothing happens until
/// [`start`](Self::start), which reports every problem as an [`Error`].
///
/// # Examples
///
/// A host serving one module, shut down from a handle (a real program calls
/// [`Host::run_until_shutdown`] and stops on SIGTERM):
///
/// ```
/// use std::sync::Arc;
/// use health_monitor::ServiceConfig;
/// use managed_service::{CommandError, HealthStatus, ManagedService, ModuleConfig, PressureLevel, ServiceModule};
/// use serde_json::{json, Value};
/// use service_host::HostBuilder;
///
/// struct Clock;
///
/// impl ManagedService for Clock {
///     fn name(&self) -> &str { "clock" }
///     fn health(&self) -> HealthStatus { HealthStatus::Healthy }
///     fn pressure_response(&self, _: PressureLevel) {}
///     fn shed_load(&self) {}
///     fn heal(&self) -> bool { true }
///     fn shutdown(&self) {}
/// }
///
/// impl ServiceModule for Clock {
///     fn config(&self) -> ModuleConfig { ModuleConfig::new("clock", ["clock/"]) }
///     fn handle_command(&self, command: &str, _: Value) -> Result<Value, CommandError> {
///         match command {
///             "clock/now" => Ok(json!({ "unixMs": 0 })),
///             _ => Err(CommandError::unknown_command(command)),
///         }
///     }
/// }
///
/// let dir = std::env::temp_dir().join(format!("service-host-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let clock = Arc::new(Clock);
/// let host = HostBuilder::new(dir.join("clock.sock"))
///     .register(clock.clone(), clock, ServiceConfig::new().priority(10))
///     .start()?;
/// assert!(host.socket_path().exists());
///
/// let summary = host.shutdown();
/// assert_eq!(summary.modules, ["clock"]);
/// assert!(summary.socket_removed);
/// assert!(!dir.join("clock.sock").exists());
/// # std::fs::remove_dir(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct HostBuilder {
    socket_path: PathBuf,
    supervisor_config: SupervisorConfig,
    registrations: Vec<Registration>,
    sources: Vec<Box<dyn PressureSource>>,
    system_sources: bool,
    gates: Vec<ResourceGate>,
    simulated: Option<SimulatedHandle>,
    refuse_at: PressureLevel,
    drain_timeout: Duration,
    max_frame_bytes: usize,
    max_in_flight: usize,
    event_queue: usize,
    http: Option<String>,
}

impl HostBuilder {
    /// A builder for a host listening on `socket_path`, with the default supervisor
    /// configuration, no modules and no pressure source.
    #[must_use]
    pub fn new(socket_path: impl Into<PathBuf>) -> Self {
        Self {
            socket_path: socket_path.into(),
            supervisor_config: SupervisorConfig::default(),
            registrations: Vec::new(),
            sources: Vec::new(),
            system_sources: false,
            gates: Vec::new(),
            simulated: None,
            refuse_at: PressureLevel::Critical,
            drain_timeout: DEFAULT_DRAIN_TIMEOUT,
            max_frame_bytes: DEFAULT_MAX_FRAME_BYTES,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            event_queue: DEFAULT_EVENT_QUEUE,
            http: None,
        }
    }

    /// Also serves `/metrics`, `/healthz` and `/readyz` over HTTP on `addr` (`HOST:PORT`;
    /// port 0 picks a free one, see [`Host::http_addr`]); off by default. What each path
    /// answers is `health_monitor::HttpEndpoint`'s table: Prometheus text 0.0.4 or
    /// `OpenMetrics`, liveness of the monitor loop, and readiness (503 at critical pressure
    /// or while a service is unhealthy, the reasons in the JSON body).
    ///
    /// A bad address, a port in use or a port the process may not bind makes
    /// [`start`](Self::start) fail with [`Error::Supervisor`] wrapping
    /// `health_monitor::Error::Http`, whose message says which; nothing is left running.
    ///
    /// Bind `127.0.0.1` on a workstation; in a Kubernetes pod bind `0.0.0.0:9464` so that
    /// the kubelet and Prometheus can reach it (see `deploy/kubernetes`).
    #[must_use]
    pub fn http(mut self, addr: impl Into<String>) -> Self {
        self.http = Some(addr.into());
        self
    }

    /// Serves `module`'s commands, and has the supervisor watch `service`, the
    /// [`ManagedService`] behind it, registered with `config` (priority, budget, lifecycle).
    ///
    /// Usually both are the same value (`Arc::new(x)` twice through a clone), or the
    /// module is a generated wrapper around the service. Commands of the module are refused
    /// while `service` is unhealthy or shedding load; see the crate documentation.
    ///
    /// # Arguments
    ///
    /// - `module`: owns the commands its [`ModuleConfig`](managed_service::ModuleConfig)
    ///   prefixes name; the longest matching prefix among all modules wins, and two modules
    ///   may not claim the same prefix ([`Error::DuplicatePrefix`] at start).
    /// - `service`: its [`name`](ManagedService::name) must be unique in the host
    ///   ([`Error::Supervisor`] at start otherwise).
    /// - `config`: how the supervisor treats the service.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use health_monitor::{ResourceBudget, ServiceConfig};
    /// # use managed_service::{CommandError, HealthStatus, ManagedService, ModuleConfig, PressureLevel, ServiceModule};
    /// # struct Tts;
    /// # impl ManagedService for Tts {
    /// #     fn name(&self) -> &str { "tts" }
    /// #     fn health(&self) -> HealthStatus { HealthStatus::Healthy }
    /// #     fn pressure_response(&self, _: PressureLevel) {}
    /// #     fn shed_load(&self) {}
    /// #     fn heal(&self) -> bool { true }
    /// #     fn shutdown(&self) {}
    /// # }
    /// # impl ServiceModule for Tts {
    /// #     fn config(&self) -> ModuleConfig { ModuleConfig::new("tts", ["tts/"]) }
    /// #     fn handle_command(&self, c: &str, _: serde_json::Value) -> Result<serde_json::Value, CommandError> {
    /// #         Err(CommandError::unknown_command(c))
    /// #     }
    /// # }
    /// let tts = Arc::new(Tts);
    /// let builder = service_host::HostBuilder::new("/run/continuum/tts.sock").register(
    ///     tts.clone(),
    ///     tts,
    ///     ServiceConfig::new().priority(5).budget(ResourceBudget::gpu(2 << 30)),
    /// );
    /// ```
    #[must_use]
    pub fn register(
        mut self,
        module: Arc<dyn ServiceModule>,
        service: Arc<dyn ManagedService>,
        config: ServiceConfig,
    ) -> Self {
        self.registrations.push(Registration {
            module,
            service,
            config,
        });
        self
    }

    /// The supervisor's configuration (tick interval, timeouts, grace period, hysteresis);
    /// default [`SupervisorConfig::default`].
    #[must_use]
    pub fn supervisor_config(mut self, config: SupervisorConfig) -> Self {
        self.supervisor_config = config;
        self
    }

    /// Adds a pressure source, with its default thresholds.
    #[must_use]
    pub fn pressure_source(mut self, source: Box<dyn PressureSource>) -> Self {
        self.sources.push(source);
        self
    }

    /// Adds the machine's real sources: meminfo, PSI, the cgroup limit if any, and NVML for
    /// GPU 0 (see [`Supervisor::add_system_sources`]). What a production host wants.
    #[must_use]
    pub fn system_sources(mut self) -> Self {
        self.system_sources = true;
        self
    }

    /// Connects a [`ResourceGate`]: its reservations count toward pressure (see
    /// [`Supervisor::add_gate`]).
    #[must_use]
    pub fn gate(mut self, gate: &ResourceGate) -> Self {
        self.gates.push(gate.clone());
        self
    }

    /// **For tests and demos.** Adds `source` as a pressure source and turns on the control
    /// module, which answers `host/simulate-pressure` (`{ "fraction": 0.97 }` sets the
    /// source and ticks the supervisor at once) and `host/status` (level, sources, and every
    /// service's health). See the crate documentation for the JSON. A production host has
    /// no reason to let its clients set its pressure: leave this off.
    #[must_use]
    pub fn simulated_pressure(mut self, source: SimulatedSource) -> Self {
        self.simulated = Some(source.handle());
        self.sources.push(Box::new(source));
        self
    }

    /// The combined pressure level at which commands of watched services are refused
    /// (`unavailable`, "shedding load"); default [`PressureLevel::Critical`]. The level
    /// falls again with the supervisor's hysteresis.
    #[must_use]
    pub const fn refuse_at(mut self, level: PressureLevel) -> Self {
        self.refuse_at = level;
        self
    }

    /// How long a shutdown waits for requests already received to be answered; default
    /// [`DEFAULT_DRAIN_TIMEOUT`]. Connections still busy after it are closed.
    #[must_use]
    pub const fn drain_timeout(mut self, timeout: Duration) -> Self {
        self.drain_timeout = timeout;
        self
    }

    /// The largest frame payload accepted or sent, in bytes; default
    /// [`DEFAULT_MAX_FRAME_BYTES`] (16 MiB, as the TypeScript client). A larger request is
    /// answered `invalid_params` and its connection closed; a larger reply is replaced by a
    /// `failed` reply.
    #[must_use]
    pub const fn max_frame_bytes(mut self, bytes: usize) -> Self {
        self.max_frame_bytes = bytes;
        self
    }

    /// How many requests of one connection may wait for their reply at once; default
    /// [`DEFAULT_MAX_IN_FLIGHT`]. Beyond it the host reads no more from that connection
    /// until a reply is sent. At least 1.
    #[must_use]
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.max_in_flight = requests.max(1);
        self
    }

    /// How many events one IPC event subscriber may have waiting; default
    /// [`DEFAULT_EVENT_QUEUE`]. When a subscriber reads too slowly and its queue is full, new
    /// events are dropped for it (and counted in `health_monitor_events_dropped_total`);
    /// the monitor never waits. At least 1.
    #[must_use]
    pub fn event_queue(mut self, events: usize) -> Self {
        self.event_queue = events.max(1);
        self
    }

    /// Starts the host: routes are checked, the socket is bound (a stale socket file is
    /// replaced), services, sources and gates go to the supervisor, services' lifecycle
    /// hooks and then modules are initialised, the supervisor ticks once and starts its
    /// background monitor, and connections are accepted on a thread of the host's. A line
    /// on stderr names the socket.
    ///
    /// A module whose [`initialize`](ServiceModule::initialize) fails is not an error: it
    /// is logged, and its commands are answered `unavailable` with the reason.
    ///
    /// # Errors
    ///
    /// - [`Error::DuplicatePrefix`]: two modules claim the same prefix;
    /// - [`Error::AlreadyServing`]: another host listens on the path;
    /// - [`Error::NotASocket`], [`Error::Bind`]: the path cannot be bound;
    /// - [`Error::Supervisor`]: an invalid supervisor configuration, a service name used
    ///   twice, a source or gate registered twice, a lifecycle hook that failed;
    /// - [`Error::Spawn`]: a thread could not be started.
    ///
    /// Whatever was started before the error is stopped again, and the socket file removed.
    pub fn start(self) -> Result<Host, Error> {
        let supervisor = Supervisor::new(self.supervisor_config)?;
        let modules = starting::entries(&self.registrations, self.simulated, &supervisor);
        let router = Router::new(modules, self.refuse_at)?;
        let http = self
            .http
            .as_deref()
            .map(|addr| HttpEndpoint::start(supervisor.clone(), addr))
            .transpose()?;
        let socket = BoundSocket::bind(&self.socket_path)?;
        let mut starting = Starting::new(supervisor, socket, router);
        starting.watch(
            self.registrations,
            self.sources,
            &self.gates,
            self.system_sources,
        )?;
        starting.initialize()?;
        let (shared, socket, summary) =
            starting.finish(self.max_frame_bytes, self.max_in_flight, self.event_queue);
        // From here on the host owns everything: if accepting cannot start, dropping it
        // shuts it all down again.
        let http_addr = http.as_ref().map(HttpEndpoint::local_addr);
        let mut host = Host::new(shared, socket, self.drain_timeout, http);
        host.start_accepting()?;
        eprintln!("service-host: listening on {summary}");
        if let Some(addr) = http_addr {
            eprintln!("service-host: serving /metrics, /healthz and /readyz on http://{addr}");
        }
        Ok(host)
    }
}

impl fmt::Debug for HostBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let modules: Vec<String> = self
            .registrations
            .iter()
            .map(|r| r.module.config().name)
            .collect();
        f.debug_struct("HostBuilder")
            .field("socket_path", &self.socket_path)
            .field("modules", &modules)
            .field("sources", &self.sources.len())
            .field("system_sources", &self.system_sources)
            .field("simulated_pressure", &self.simulated.is_some())
            .field("refuse_at", &self.refuse_at)
            .field("drain_timeout", &self.drain_timeout)
            .field("max_frame_bytes", &self.max_frame_bytes)
            .field("max_in_flight", &self.max_in_flight)
            .field("event_queue", &self.event_queue)
            .field("http", &self.http)
            .finish_non_exhaustive()
    }
}
