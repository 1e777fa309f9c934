//! Waiting for SIGTERM or SIGINT (through `signal-hook`), or for a [`ShutdownHandle`].
//!
//! While [`wait`] runs, the first SIGTERM or SIGINT requests a shutdown through the handle;
//! a second one, while the host is still shutting down, exits the process at once with
//! status 1 (the usual "press Ctrl-C twice"). The handlers are removed when `wait` returns.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::thread;

use signal_hook::SigId;
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::error::Error;
use crate::shutdown::{ShutdownHandle, ShutdownReason};

/// Signal handlers that exit on a second signal; unregistered on drop.
pub(crate) struct SecondSignalExits(Vec<SigId>);

impl SecondSignalExits {
    fn install() -> Result<Self, Error> {
        let seen = Arc::new(AtomicBool::new(false));
        let mut ids = Self(Vec::new());
        for signal in [SIGTERM, SIGINT] {
            // Order matters: the exit check runs before the flag is set by the same signal,
            // so only a second signal exits.
            ids.0.push(
                signal_hook::flag::register_conditional_shutdown(signal, 1, Arc::clone(&seen))
                    .map_err(Error::Signals)?,
            );
            ids.0.push(
                signal_hook::flag::register(signal, Arc::clone(&seen)).map_err(Error::Signals)?,
            );
        }
        Ok(ids)
    }
}

impl Drop for SecondSignalExits {
    fn drop(&mut self) {
        for id in self.0.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Blocks until SIGTERM, SIGINT or `handle` asks for a shutdown, and returns why; `ready`
/// runs once the handlers are installed. Handlers for a second signal stay until the
/// returned guard is dropped.
pub(crate) fn wait(
    handle: &ShutdownHandle,
    ready: impl FnOnce(),
) -> Result<(ShutdownReason, SecondSignalExits), Error> {
    let exits = SecondSignalExits::install()?;
    let mut signals = Signals::new([SIGTERM, SIGINT]).map_err(Error::Signals)?;
    let closer = signals.handle();
    let requester = handle.clone();
    let listener = thread::Builder::new()
        .name("service-host-signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                requester.request(ShutdownReason::Signal(signal));
            }
        })
        .map_err(|source| Error::Spawn {
            name: "signal",
            source,
        })?;
    ready();
    let reason = handle.wait();
    closer.close();
    let _ = listener.join();
    Ok((reason, exits))
}
