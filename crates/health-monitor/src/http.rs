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
//! | `GET /metrics` | [`Supervisor::metrics_text`]: 200, Prometheus text format 0.0.4 |
//! | anything else | 404 (405 for another method on a known path) |

use std::fmt;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use tiny_http::{Header, Method, Request, Response, Server};

use crate::metrics::CONTENT_TYPE;
use crate::{Error, Probe, Supervisor};

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
    server: Arc<Server>,
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
        let shown = format!("{addr:?}");
        let http_error = |message: String| Error::Http {
            addr: shown.clone(),
            message,
        };
        let bind = addr
            .to_socket_addrs()
            .map_err(|err| http_error(err.to_string()))?
            .next()
            .ok_or_else(|| http_error("the address resolves to nothing".to_owned()))?;
        let server = Arc::new(Server::http(bind).map_err(|err| http_error(err.to_string()))?);
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
            server,
            addr,
            thread: Some(thread),
        })
    }

    /// The address served (with the actual port when 0 was asked for).
    #[must_use]
    pub const fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving and waits for the server thread to end.
    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            // The thread only answers requests; a panic in it would already have ended it.
            let _ = thread.join();
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

/// What a request gets: status, content type, body.
fn route(supervisor: &Supervisor, method: &Method, path: &str) -> (u16, &'static str, String) {
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
        _ => (200, CONTENT_TYPE, supervisor.metrics_text()),
    }
}

fn respond(supervisor: &Supervisor, request: Request) {
    let (status, content_type, body) = route(supervisor, request.method(), request.url());
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
    use crate::SupervisorConfig;

    #[test]
    fn routes() {
        let supervisor = Supervisor::new(SupervisorConfig::default()).unwrap();
        assert_eq!(route(&supervisor, &Method::Get, "/nope").0, 404);
        assert_eq!(route(&supervisor, &Method::Post, "/healthz").0, 405);
        assert_eq!(route(&supervisor, &Method::Get, "/healthz?verbose").0, 200);
        assert_eq!(route(&supervisor, &Method::Get, "/readyz").0, 503);
        supervisor.tick();
        let (status, content_type, body) = route(&supervisor, &Method::Get, "/readyz");
        assert_eq!(
            (status, content_type, body.as_str()),
            (200, "application/json", r#"{"ok":true,"reasons":[]}"#)
        );
        assert_eq!(route(&supervisor, &Method::Get, "/metrics").1, CONTENT_TYPE);
    }

    #[test]
    fn binding_a_bad_address_is_an_error() {
        let supervisor = Supervisor::new(SupervisorConfig::default()).unwrap();
        let err = HttpEndpoint::start(supervisor, "256.0.0.1:80").unwrap_err();
        assert!(matches!(err, Error::Http { .. }), "{err}");
    }
}
