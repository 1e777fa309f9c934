//! [`HttpEndpoint`] (feature `http`): `/healthz`, `/readyz` and `/metrics` over HTTP, for
//! Kubernetes probes and Prometheus.
//!
//! A fleet of hosts is watched by Prometheus and restarted by Kubernetes; this endpoint is
//! how they see a host. It is a small synchronous server (`tiny_http`) on one thread, since
//! probes and scrapes arrive a few times a minute.
//!
//! | Path | Answers |
//! |------|---------|
//! | `GET /healthz` | [`Supervisor::liveness`]: 200 or 503, JSON [`Probe`](crate::Probe) body |
//! | `GET /readyz` | [`Supervisor::readiness`]: 200 or 503, JSON [`Probe`](crate::Probe) body |
//! | `GET /metrics` | [`Supervisor::metrics_text`]: 200, Prometheus text format 0.0.4; `OpenMetrics` 1.0.0 ([`Metrics::render_openmetrics`](crate::Metrics::render_openmetrics)) when the `Accept` header names `application/openmetrics-text` (not with `q=0`) |
//! | anything else | 404 (405 for another method on a known path) |
//!
//! Binding fails with an [`Error::Http`] that says why: an address that is not `HOST:PORT`,
//! a host that resolves to nothing, a port already in use, a port the process may not bind.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response, Server};

use crate::error::Error;
use crate::metrics::{CONTENT_TYPE, OPENMETRICS_CONTENT_TYPE};
use crate::supervisor::{Probe, Supervisor};

/// How long stopping (or dropping) an endpoint waits at most for its port to refuse
/// connections.
const PORT_RELEASE_WAIT: Duration = Duration::from_secs(1);

/// A running HTTP endpoint; stops when [`stop`](Self::stop)ped or dropped.
///
/// # Examples
///
/// ```
/// use std::io::{Read, Write};
/// use std::net::TcpStream;
/// use health_monitor::{HttpEndpoint, Supervisor, SupervisorConfig};
///
/// let supervisor = Supervisor::new(SupervisorConfig::default())?;
/// let endpoint = HttpEndpoint::start(supervisor.clone(), "127.0.0.1:0")?;
///
/// let mut stream = TcpStream::connect(endpoint.local_addr())?;
/// stream.write_all(b"GET /readyz HTTP/1.0\r\n\r\n")?;
/// let mut response = String::new();
/// stream.read_to_string(&mut response)?;
/// assert!(response.starts_with("HTTP/1.0 503")); // no tick yet: not ready
///
/// endpoint.stop();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct HttpEndpoint {
    /// `None` once stopped.
    server: Option<Arc<Server>>,
    addr: SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl HttpEndpoint {
    /// Binds `addr` (use port 0 for any free port) and serves `supervisor` on a new thread.
    ///
    /// # Errors
    ///
    /// [`Error::Http`] if the address cannot be resolved or bound; [`Error::Spawn`] if the
    /// thread cannot be started.
    pub fn start(
        supervisor: Supervisor,
        addr: impl ToSocketAddrs + fmt::Debug,
    ) -> Result<Self, Error> {
        let shown = format!("{addr:?}").trim_matches('"').to_owned();
        let http_error = |message: String| Error::Http {
            addr: shown.clone(),
            message,
        };
        let bind = addr
            .to_socket_addrs()
            .map_err(|err| {
                http_error(format!(
                    "not an address to listen on ({err}); expected HOST:PORT, e.g. 127.0.0.1:9464"
                ))
            })?
            .next()
            .ok_or_else(|| http_error("the address resolves to nothing".to_owned()))?;
        let server = Server::http(bind).map_err(|err| http_error(bind_failure(bind, &*err)))?;
        let server = Arc::new(server);
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| http_error("not an IP address".to_owned()))?;
        let serving = Arc::clone(&server);
        let thread = thread::Builder::new()
            .name("health-monitor-http".to_owned())
            .spawn(move || {
                for request in serving.incoming_requests() {
                    respond(&supervisor, request);
                }
            })
            .map_err(|source| Error::Spawn {
                name: "health-monitor-http",
                source,
            })?;
        Ok(Self {
            server: Some(server),
            addr,
            thread: Some(thread),
        })
    }

    /// The address served (with the actual port when 0 was asked for).
    #[must_use]
    pub const fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving, waits for the server thread to end, and returns once the port
    /// refuses connections (at most about a second after the last request).
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        let Some(server) = self.server.take() else {
            return;
        };
        server.unblock();
        if let Some(thread) = self.thread.take() {
            // The thread only answers requests; a panic in it would already have ended it.
            let _ = thread.join();
        }
        // tiny_http closes its listener on a thread of its own after the server is dropped;
        // wait for that, so that a stopped endpoint's port is free for the next one.
        drop(server);
        let mut target = self.addr;
        if target.ip().is_unspecified() {
            target.set_ip(match target {
                SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
            });
        }
        // Bounded, since this also runs from `Drop`: about a second in all, then give up.
        let deadline = Instant::now() + PORT_RELEASE_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            let probe = left.min(Duration::from_millis(50));
            if TcpStream::connect_timeout(&target, probe).is_err() {
                return;
            }
            thread::sleep(left.saturating_sub(probe).min(Duration::from_millis(10)));
        }
    }
}

impl Drop for HttpEndpoint {
    fn drop(&mut self) {
        self.halt();
    }
}

impl fmt::Debug for HttpEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpEndpoint")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Why binding `addr` failed, in words an operator can act on.
fn bind_failure(addr: SocketAddr, err: &(dyn std::error::Error + 'static)) -> String {
    let kind = err.downcast_ref::<io::Error>().map(io::Error::kind);
    match kind {
        Some(io::ErrorKind::AddrInUse) => format!(
            "port {} is already in use (another process listens on {addr}); choose another port",
            addr.port()
        ),
        Some(io::ErrorKind::AddrNotAvailable) => {
            format!("{} is not an address of this machine ({err})", addr.ip())
        }
        Some(io::ErrorKind::PermissionDenied) => format!(
            "not permitted to bind port {} ({err}); ports below 1024 need privileges",
            addr.port()
        ),
        _ => err.to_string(),
    }
}

/// Whether an `Accept` header asks for `OpenMetrics` (Prometheus sends it first when it
/// prefers it).
/// A media range with `q=0` is "not acceptable" and does not count.
fn wants_openmetrics(accept: Option<&str>) -> bool {
    accept.is_some_and(|accept| {
        accept.split(',').any(|item| {
            let mut parts = item.split(';');
            let names_openmetrics = parts.next().is_some_and(|media| {
                media
                    .trim()
                    .eq_ignore_ascii_case("application/openmetrics-text")
            });
            names_openmetrics && !parts.any(is_zero_quality)
        })
    })
}

/// Whether a media-range parameter is `q=0` (any spelling of zero: `0`, `0.0`, `0.000`).
/// A malformed `q` is not read as zero.
fn is_zero_quality(parameter: &str) -> bool {
    let Some((name, value)) = parameter.split_once('=') else {
        return false;
    };
    name.trim().eq_ignore_ascii_case("q")
        && value
            .trim()
            .parse::<f32>()
            .is_ok_and(|quality| quality == 0.0)
}

/// What a request gets: status, content type, body.
fn route(
    supervisor: &Supervisor,
    method: &Method,
    path: &str,
    accept: Option<&str>,
) -> (u16, &'static str, String) {
    let path = path.split('?').next().unwrap_or(path);
    let known = matches!(path, "/healthz" | "/readyz" | "/metrics");
    if !known {
        return (404, "text/plain; charset=utf-8", "not found\n".to_owned());
    }
    if *method != Method::Get && *method != Method::Head {
        return (405, "text/plain; charset=utf-8", "only GET\n".to_owned());
    }
    let probe = |probe: Probe| {
        let body = serde_json::to_string(&probe).unwrap_or_default();
        (probe.status_code(), "application/json", body)
    };
    match path {
        "/healthz" => probe(supervisor.liveness()),
        "/readyz" => probe(supervisor.readiness()),
        _ if wants_openmetrics(accept) => (
            200,
            OPENMETRICS_CONTENT_TYPE,
            supervisor.metrics().render_openmetrics(),
        ),
        _ => (200, CONTENT_TYPE, supervisor.metrics_text()),
    }
}

fn respond(supervisor: &Supervisor, request: Request) {
    let accept = request
        .headers()
        .iter()
        .find(|header| header.field.equiv("Accept"))
        .map(|header| header.value.as_str().to_owned());
    let (status, content_type, body) = route(
        supervisor,
        request.method(),
        request.url(),
        accept.as_deref(),
    );
    let mut response = Response::from_string(body).with_status_code(status);
    if let Ok(header) = Header::from_bytes("Content-Type", content_type) {
        response = response.with_header(header);
    }
    // A client that hung up is no concern of ours.
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SupervisorConfig;

    #[test]
    fn routes() {
        let supervisor = Supervisor::new(SupervisorConfig::default()).unwrap();
        let get = |path| route(&supervisor, &Method::Get, path, None);
        assert_eq!(get("/nope").0, 404);
        assert_eq!(route(&supervisor, &Method::Post, "/healthz", None).0, 405);
        assert_eq!(get("/healthz?verbose").0, 200);
        assert_eq!(get("/readyz").0, 503);
        supervisor.tick();
        let (status, content_type, body) = get("/readyz");
        assert_eq!(
            (status, content_type, body.as_str()),
            (200, "application/json", r#"{"ok":true,"reasons":[]}"#)
        );
        assert_eq!(get("/metrics").1, CONTENT_TYPE);
    }

    #[test]
    fn metrics_follow_the_accept_header() {
        let supervisor = Supervisor::new(SupervisorConfig::default()).unwrap();
        supervisor.tick();
        let prometheus = "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1";
        let (_, content_type, body) =
            route(&supervisor, &Method::Get, "/metrics", Some(prometheus));
        assert_eq!(content_type, OPENMETRICS_CONTENT_TYPE);
        assert!(body.ends_with("# EOF\n"), "{body}");
        let (_, content_type, body) =
            route(&supervisor, &Method::Get, "/metrics", Some("text/plain"));
        assert_eq!(content_type, CONTENT_TYPE);
        assert!(!body.contains("# EOF"));
        assert!(!wants_openmetrics(Some("application/openmetrics-textual")));
    }

    #[test]
    fn openmetrics_with_quality_zero_is_not_acceptable() {
        for refused in [
            "application/openmetrics-text;q=0",
            "application/openmetrics-text; version=1.0.0; q=0.0, text/plain",
            "application/openmetrics-text;Q=0.000,*/*;q=0.1",
        ] {
            assert!(!wants_openmetrics(Some(refused)), "{refused}");
        }
        for accepted in [
            "application/openmetrics-text;q=0.001",
            "application/openmetrics-text;q=1",
            "application/openmetrics-text;q=zero",
            "text/plain;q=0,application/openmetrics-text",
        ] {
            assert!(wants_openmetrics(Some(accepted)), "{accepted}");
        }
        let supervisor = Supervisor::new(SupervisorConfig::default()).unwrap();
        let accept = "application/openmetrics-text;q=0,text/plain;version=0.0.4";
        let (_, content_type, _) = route(&supervisor, &Method::Get, "/metrics", Some(accept));
        assert_eq!(content_type, CONTENT_TYPE);
    }

    #[test]
    fn a_port_in_use_is_a_clear_error() {
        let supervisor = Supervisor::new(SupervisorConfig::default()).unwrap();
        let first = HttpEndpoint::start(supervisor.clone(), "127.0.0.1:0").unwrap();
        let taken = first.local_addr().to_string();
        let err = HttpEndpoint::start(supervisor, taken.as_str()).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("already in use"), "{message}");
        assert!(
            message.starts_with(&format!("cannot serve HTTP on {taken}:")),
            "{message}"
        );
    }

    #[test]
    fn an_address_without_a_port_is_a_clear_error() {
        let supervisor = Supervisor::new(SupervisorConfig::default()).unwrap();
        let err = HttpEndpoint::start(supervisor, "127.0.0.1").unwrap_err();
        assert!(err.to_string().contains("expected HOST:PORT"), "{err}");
    }

    #[test]
    fn binding_a_bad_address_is_an_error() {
        let supervisor = Supervisor::new(SupervisorConfig::default()).unwrap();
        let err = HttpEndpoint::start(supervisor, "256.0.0.1:80").unwrap_err();
        assert!(matches!(err, Error::Http { .. }), "{err}");
    }
}
