//! [`Host`]: the running server, its [`ShutdownHandle`], and the ordered shutdown that
//! [`Host::run_until_shutdown`] and [`Host::shutdown`] perform.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::os::unix::net::{UnixListener, UnixStream};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use health_monitor::{HttpEndpoint, Supervisor};

use crate::connection;
use crate::error::Error;
use crate::router::panic_message;
use crate::shared::Shared;
use crate::shutdown::{ShutdownHandle, ShutdownReason, ShutdownSummary};
use crate::signals;
use crate::socket::BoundSocket;

/// A running service host: a Unix socket served by a thread per connection, the modules
/// behind it, and the [`Supervisor`] that watches their services.
///
/// Built and started by [`HostBuilder::start`](crate::HostBuilder::start). It serves until
/// [`shutdown`](Self::shutdown), or until [`run_until_shutdown`](Self::run_until_shutdown)
/// sees SIGTERM, SIGINT or a [`ShutdownHandle`] request. Dropping a host that is still
/// running shuts it down the same way.
///
/// # Shutdown, in order
///
/// 1. Stop accepting connections: the listening socket is closed (connections already
///    waiting to be accepted are still served).
/// 2. Stop reading requests on every connection; requests already received still run and
///    are answered, for at most the [drain timeout](crate::HostBuilder::drain_timeout).
///    Connections still busy after it are closed (their clients see the connection drop),
///    and counted in [`ShutdownSummary::abandoned_connections`]; their handlers are left to
///    finish on their own threads.
/// 3. [`ServiceModule::shutdown`](managed_service::ServiceModule::shutdown) on every module
///    that initialised, newest first, panics caught.
/// 4. [`Supervisor::shutdown`]: the monitor stops, and every service's
///    [`ManagedService::shutdown`](managed_service::ManagedService::shutdown) runs, newest
///    first, each within the supervisor's `shutdown_timeout`.
/// 5. The socket file is removed (if it is still the one this host bound).
pub struct Host {
    shared: Arc<Shared>,
    path: PathBuf,
    /// `None` once shut down.
    socket: Option<BoundSocket>,
    acceptor: Option<JoinHandle<()>>,
    handle: ShutdownHandle,
    drain_timeout: Duration,
    /// `/metrics`, `/healthz`, `/readyz` when [`HostBuilder::http`](crate::HostBuilder::http)
    /// asked for them; stopped last, so that probes see the shutdown.
    http: Option<HttpEndpoint>,
}

impl Host {
    /// A host that owns everything `start` set up, not yet accepting.
    pub(crate) fn new(
        shared: Arc<Shared>,
        socket: BoundSocket,
        drain_timeout: Duration,
        http: Option<HttpEndpoint>,
    ) -> Self {
        Self {
            shared,
            path: socket.path.clone(),
            socket: Some(socket),
            acceptor: None,
            handle: ShutdownHandle::default(),
            drain_timeout,
            http,
        }
    }

    /// The address `/metrics`, `/healthz` and `/readyz` are served on (with the real port
    /// when 0 was asked for), or `None` without [`HostBuilder::http`](crate::HostBuilder::http).
    #[must_use]
    pub fn http_addr(&self) -> Option<SocketAddr> {
        self.http.as_ref().map(HttpEndpoint::local_addr)
    }

    /// Starts the accept thread.
    pub(crate) fn start_accepting(&mut self) -> Result<(), Error> {
        let Some(listener) = self.socket.as_mut().and_then(|s| s.listener.take()) else {
            return Ok(());
        };
        let context = Arc::clone(&self.shared);
        let acceptor = thread::Builder::new()
            .name("service-host-accept".to_owned())
            .spawn(move || accept(&listener, &context))
            .map_err(|source| Error::Spawn {
                name: "accept",
                source,
            })?;
        self.acceptor = Some(acceptor);
        Ok(())
    }

    /// The path of the socket the host listens on.
    #[must_use]
    pub fn socket_path(&self) -> &Path {
        &self.path
    }

    /// The supervisor watching the services: its level, snapshots, events and metrics, or
    /// [`tick`](Supervisor::tick) to take a step now (tests do, to see a change at once).
    #[must_use]
    pub fn supervisor(&self) -> &Supervisor {
        &self.shared.supervisor
    }

    /// A handle that asks [`run_until_shutdown`](Self::run_until_shutdown) to return, from
    /// any thread (a test, an admin command, another part of the program).
    #[must_use]
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        self.handle.clone()
    }

    /// Serves until SIGTERM, SIGINT or a [`ShutdownHandle`] request, then shuts down (see
    /// the type's documentation for the order) and reports what it did.
    ///
    /// This is what a host's `main` calls after [`start`](crate::HostBuilder::start). While
    /// it waits, SIGTERM and SIGINT are handled by the host (through `signal-hook`); a
    /// second one during the shutdown exits the process at once with status 1. The handlers
    /// are removed before it returns.
    ///
    /// # Errors
    ///
    /// [`Error::Signals`] or [`Error::Spawn`] if the signal handlers cannot be installed;
    /// the host is then shut down (as on drop) before the error is returned.
    pub fn run_until_shutdown(mut self) -> Result<ShutdownSummary, Error> {
        let (reason, _second_signal_exits) = signals::wait(&self.handle, || {
            eprintln!("service-host: serving until SIGTERM or SIGINT");
        })?;
        Ok(self.stop(reason))
    }

    /// Shuts down now, without waiting for a signal; see the type's documentation for the
    /// order.
    #[must_use = "the summary says whether every request was answered"]
    pub fn shutdown(mut self) -> ShutdownSummary {
        let reason = self.handle.reason().unwrap_or(ShutdownReason::Requested);
        self.stop(reason)
    }

    fn stop(&mut self, reason: ShutdownReason) -> ShutdownSummary {
        eprintln!("service-host: shutting down ({reason})");
        self.handle.request(reason);
        let socket = self.socket.take();
        self.stop_accepting(socket.as_ref());
        let deadline = Instant::now() + self.drain_timeout;
        let abandoned_connections = self.shared.connections.drain(deadline);
        let mut modules = Vec::new();
        for module in self.shared.router.modules().iter().rev() {
            if module.unavailable.is_some() {
                continue;
            }
            let stopped = panic::catch_unwind(AssertUnwindSafe(|| module.module.shutdown()));
            if let Err(payload) = stopped {
                eprintln!(
                    "service-host: module {:?} panicked in shutdown: {}",
                    module.name,
                    panic_message(payload.as_ref())
                );
            }
            modules.push(module.name.clone());
        }
        let services = self.shared.supervisor.shutdown();
        let socket_removed = socket.as_ref().is_some_and(BoundSocket::remove_file);
        if let Some(http) = self.http.take() {
            http.stop();
        }
        eprintln!(
            "service-host: stopped ({} module(s), {} service(s), {abandoned_connections} connection(s) abandoned)",
            modules.len(),
            services.services.len(),
        );
        ShutdownSummary {
            reason,
            abandoned_connections,
            modules,
            services,
            socket_removed,
        }
    }

    /// Wakes the acceptor with a connection of our own and waits for it to stop.
    fn stop_accepting(&mut self, socket: Option<&BoundSocket>) {
        self.shared.closing.store(true, Ordering::Release);
        let Some(acceptor) = self.acceptor.take() else {
            return;
        };
        let woken = socket.is_some_and(|s| UnixStream::connect(&s.path).is_ok());
        if woken {
            let _ = acceptor.join();
        } else {
            // Someone removed or replaced the socket file: nobody can reach the listener
            // any more, so the blocked acceptor is harmless; leave it.
            eprintln!("service-host: cannot wake the accept thread; leaving it");
        }
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        if self.socket.is_some() {
            let reason = self.handle.reason().unwrap_or(ShutdownReason::Dropped);
            let _ = self.stop(reason);
        }
    }
}

impl fmt::Debug for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Host")
            .field("socket_path", &self.socket_path())
            .field("supervisor", &self.shared.supervisor)
            .finish_non_exhaustive()
    }
}

/// Accepts connections until the host closes; then serves the connections already
/// waiting in the backlog (their clients may have sent requests), and closes the listener.
fn accept(listener: &UnixListener, shared: &Arc<Shared>) {
    loop {
        let accepted = listener.accept();
        let closing = shared.closing.load(Ordering::Acquire);
        match accepted {
            // The host's own wake-up connection is served too; it ends at once.
            Ok((stream, _)) => connection::serve(shared, stream),
            Err(error) if error.kind() == io::ErrorKind::Interrupted || closing => {}
            Err(error) => {
                // Out of file descriptors, most likely: wait instead of spinning.
                eprintln!("service-host: accept failed: {error}");
                thread::sleep(Duration::from_millis(100));
            }
        }
        if closing {
            break;
        }
    }
    if listener.set_nonblocking(true).is_ok() {
        while let Ok((stream, _)) = listener.accept() {
            // Accepted sockets do not inherit non-blocking mode.
            connection::serve(shared, stream);
        }
    }
}
