//! [`Shared`]: what the threads of a running host share.

use std::sync::atomic::AtomicBool;

use health_monitor::Supervisor;

use crate::live_connections::Connections;
use crate::router::Router;

/// What the threads of a running host share.
pub(crate) struct Shared {
    pub(crate) router: Router,
    pub(crate) supervisor: Supervisor,
    pub(crate) max_frame_bytes: usize,
    pub(crate) max_in_flight: usize,
    /// The queue length of each event subscriber.
    pub(crate) event_queue: usize,
    pub(crate) connections: Connections,
    /// Set when shutdown begins: the acceptor stops.
    pub(crate) closing: AtomicBool,
}
