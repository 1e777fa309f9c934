//! [`Lifecycle`]: asynchronous start-up and shutdown coordination.

use std::future::Future;

/// A module whose start-up and shutdown take time (loading a model, opening a pool) and are
/// coordinated by the host: initialise everything, in order, before serving; shut down in
/// reverse order at the end.
///
/// The methods return futures that are **`Send`**, so a host can drive them on any thread
/// of a multithreaded executor, or hand them to `tokio::spawn`. Implementors write
/// `async fn` as usual; the compiler checks that nothing held across an `.await` stops the
/// future from being `Send`.
///
/// The cost of `-> impl Future` in a trait: `Lifecycle` is **not dyn-compatible**, so there is
/// no `Box<dyn Lifecycle>`; hosts take it as a generic parameter. This crate does not depend
/// on any async runtime; the example below drives the futures with a ten-line executor.
///
/// `Lifecycle` and [`ManagedService`](crate::ManagedService) both have a method named
/// `shutdown`. A type implementing both is called as `Lifecycle::shutdown(&mut svc)` or
/// `ManagedService::shutdown(&svc)`.
///
/// # Examples
///
/// ```
/// use std::future::Future;
/// use std::pin::pin;
/// use std::sync::Arc;
/// use std::task::{Context, Poll, Wake, Waker};
/// use std::thread::{self, Thread};
///
/// use managed_service::Lifecycle;
///
/// struct ModelPool {
///     loaded: Vec<String>,
/// }
///
/// impl Lifecycle for ModelPool {
///     async fn initialize(&mut self) -> Result<(), String> {
///         if !self.loaded.is_empty() {
///             return Err("already initialised".to_owned());
///         }
///         self.loaded.push("base-model".to_owned()); // real code would `.await` I/O here
///         Ok(())
///     }
///
///     async fn shutdown(&mut self) {
///         self.loaded.clear();
///     }
///
///     fn is_initialized(&self) -> bool {
///         !self.loaded.is_empty()
///     }
/// }
///
/// /// Wakes the thread that is blocked in `block_on`.
/// struct Unpark(Thread);
///
/// impl Wake for Unpark {
///     fn wake(self: Arc<Self>) {
///         self.0.unpark();
///     }
/// }
///
/// /// Polls `future` on this thread, parking between polls, until it completes.
/// fn block_on<F: Future>(future: F) -> F::Output {
///     let mut future = pin!(future);
///     let waker = Waker::from(Arc::new(Unpark(thread::current())));
///     let mut cx = Context::from_waker(&waker);
///     loop {
///         match future.as_mut().poll(&mut cx) {
///             Poll::Ready(output) => return output,
///             Poll::Pending => thread::park(),
///         }
///     }
/// }
///
/// /// Runs `future` to completion on a new thread. Like handing it to a multithreaded
/// /// executor, this needs the future to be `Send`.
/// fn spawn<F>(future: F) -> thread::JoinHandle<F::Output>
/// where
///     F: Future + Send + 'static,
///     F::Output: Send + 'static,
/// {
///     thread::spawn(move || block_on(future))
/// }
///
/// /// Host code written once for any module. It compiles only because the trait promises
/// /// that `initialize()` returns a `Send` future.
/// fn start_in_background<L: Lifecycle + 'static>(
///     mut module: L,
/// ) -> thread::JoinHandle<Result<L, String>> {
///     spawn(async move {
///         module.initialize().await?;
///         Ok(module)
///     })
/// }
///
/// let mut pool = start_in_background(ModelPool { loaded: Vec::new() })
///     .join()
///     .expect("initialisation thread panicked")?;
/// assert!(pool.is_initialized());
///
/// assert_eq!(block_on(pool.initialize()), Err("already initialised".to_owned()));
/// block_on(pool.shutdown());
/// assert!(!pool.is_initialized());
/// # Ok::<(), String>(())
/// ```
///
/// Holding something that is not `Send` (here an `Rc`) across an `.await` is refused, because
/// the future could then not move between executor threads:
///
/// ```compile_fail
/// use std::rc::Rc;
/// use managed_service::Lifecycle;
///
/// struct Bad;
///
/// impl Lifecycle for Bad {
///     async fn initialize(&mut self) -> Result<(), String> {
///         let shared = Rc::new(1);
///         std::future::ready(()).await;
///         drop(shared);
///         Ok(())
///     }
///     async fn shutdown(&mut self) {}
///     fn is_initialized(&self) -> bool { false }
/// }
/// ```
///
/// And there is no trait object; take `L: Lifecycle` instead:
///
/// ```compile_fail,E0038
/// use managed_service::Lifecycle;
///
/// fn hold(_modules: Vec<Box<dyn Lifecycle>>) {}
/// ```
pub trait Lifecycle: Send + Sync {
    /// Brings the module to a state where it can serve.
    ///
    /// The host calls it once, before any other use, and waits for it; it must not serve the
    /// module if this returns `Err`. The error string is shown to operators. After `Ok`,
    /// [`is_initialized`](Self::is_initialized) must return `true`.
    ///
    /// # Errors
    ///
    /// Returns `Err(message)` if the module cannot start; what counts as failure is the
    /// implementor's decision (a missing model file, an unreachable database).
    fn initialize(&mut self) -> impl Future<Output = Result<(), String>> + Send;

    /// Releases what [`initialize`](Self::initialize) acquired.
    ///
    /// The host calls it once at the end, in reverse order of initialisation, also for
    /// modules whose initialisation failed halfway — so it must cope with a partial start.
    /// After it completes, [`is_initialized`](Self::is_initialized) must return `false`.
    fn shutdown(&mut self) -> impl Future<Output = ()> + Send;

    /// Whether the module has been initialised and not shut down since.
    ///
    /// Cheap and synchronous: hosts and health checks read it at any time.
    fn is_initialized(&self) -> bool;
}
