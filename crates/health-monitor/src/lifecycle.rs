//! [`LifecycleHook`]: a dyn-compatible face of [`Lifecycle`], so the supervisor can start
//! and stop services in order.
//!
//! [`Lifecycle`] returns futures from its methods, which makes it impossible to hold as a
//! trait object. The supervisor needs exactly three things from it — initialise, ask
//! whether initialised, shut down — synchronously, from its own thread. `LifecycleHook` is
//! those three, and `Mutex<L>` implements it for any `L: Lifecycle` by driving the future to
//! completion on the calling thread (a ten-line executor: no async runtime is needed).

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex, PoisonError, TryLockError};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

use managed_service::Lifecycle;

/// Start-up and shutdown of a service, as the supervisor calls them.
///
/// Register one with [`ServiceConfig::lifecycle`](crate::ServiceConfig::lifecycle). The
/// supervisor then:
///
/// - calls [`initialize`](Self::initialize) in registration order from
///   [`Supervisor::initialize_services`](crate::Supervisor::initialize_services);
/// - does not check the health of (or heal) a service that is not
///   [initialised](Self::is_initialized), and reports it not ready;
/// - at shutdown, after the service's `ManagedService::shutdown`, calls
///   [`shutdown`](Self::shutdown) if it is initialised — in reverse registration order.
///
/// # Examples
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use health_monitor::LifecycleHook;
/// use managed_service::Lifecycle;
///
/// struct Pool { open: bool }
///
/// impl Lifecycle for Pool {
///     async fn initialize(&mut self) -> Result<(), String> { self.open = true; Ok(()) }
///     async fn shutdown(&mut self) { self.open = false; }
///     fn is_initialized(&self) -> bool { self.open }
/// }
///
/// let hook: Arc<dyn LifecycleHook> = Arc::new(Mutex::new(Pool { open: false }));
/// assert!(!hook.is_initialized());
/// hook.initialize()?;
/// assert!(hook.is_initialized());
/// hook.shutdown();
/// assert!(!hook.is_initialized());
/// # Ok::<(), String>(())
/// ```
pub trait LifecycleHook: Send + Sync {
    /// Brings the service up; blocks until done.
    ///
    /// # Errors
    ///
    /// The message of a failed initialisation, shown to operators.
    fn initialize(&self) -> Result<(), String>;

    /// Whether the service is up. Must be cheap; must not block.
    fn is_initialized(&self) -> bool;

    /// Brings the service down; blocks until done.
    fn shutdown(&self);
}

impl<L: Lifecycle> LifecycleHook for Mutex<L> {
    fn initialize(&self) -> Result<(), String> {
        let mut inner = self.lock().unwrap_or_else(PoisonError::into_inner);
        block_on(inner.initialize())
    }

    /// `false` while another thread holds the lock (an initialisation or shutdown in
    /// progress), so the supervisor never blocks on it.
    fn is_initialized(&self) -> bool {
        match self.try_lock() {
            Ok(inner) => inner.is_initialized(),
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner().is_initialized(),
            Err(TryLockError::WouldBlock) => false,
        }
    }

    fn shutdown(&self) {
        let mut inner = self.lock().unwrap_or_else(PoisonError::into_inner);
        block_on(Lifecycle::shutdown(&mut *inner));
    }
}

impl<H: LifecycleHook + ?Sized> LifecycleHook for Arc<H> {
    fn initialize(&self) -> Result<(), String> {
        (**self).initialize()
    }
    fn is_initialized(&self) -> bool {
        (**self).is_initialized()
    }
    fn shutdown(&self) {
        (**self).shutdown();
    }
}

/// Wakes the thread blocked in [`block_on`].
struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `future` on this thread, parking between polls, until it completes.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            Poll::Pending => thread::park(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    /// A future that is pending once, and wakes itself from another thread.
    struct YieldOnce(Arc<AtomicBool>);

    impl Future for YieldOnce {
        type Output = u8;
        fn poll(self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
            if self.0.swap(true, Ordering::AcqRel) {
                Poll::Ready(7)
            } else {
                let waker = cx.waker().clone();
                thread::spawn(move || waker.wake());
                Poll::Pending
            }
        }
    }

    #[test]
    fn block_on_waits_for_a_wake_from_another_thread() {
        assert_eq!(block_on(YieldOnce(Arc::new(AtomicBool::new(false)))), 7);
    }

    struct Slow;

    impl Lifecycle for Slow {
        async fn initialize(&mut self) -> Result<(), String> {
            Err("no disk".to_owned())
        }
        async fn shutdown(&mut self) {}
        fn is_initialized(&self) -> bool {
            true
        }
    }

    #[test]
    fn a_held_lock_reads_as_not_initialised() {
        let hook = Mutex::new(Slow);
        assert_eq!(hook.initialize(), Err("no disk".to_owned()));
        assert!(hook.is_initialized());
        let guard = hook.lock().unwrap();
        assert!(!LifecycleHook::is_initialized(&hook));
        drop(guard);
        let shared: Arc<dyn LifecycleHook> = Arc::new(hook);
        shared.shutdown();
        assert!(shared.is_initialized());
    }
}
