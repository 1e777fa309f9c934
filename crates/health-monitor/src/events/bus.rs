//! [`EventBus`] and [`Subscription`]: bounded, non-blocking delivery to any number of
//! readers.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::{Event, EventKind};
use crate::clock::millis;

/// Delivers [`Event`]s to every [`Subscription`].
///
/// Each subscription has a bounded queue. Publishing never blocks: when a subscriber's
/// queue is full the event is dropped *for that subscriber* and counted
/// ([`Subscription::dropped`]) — a runtime that watches memory must not grow a queue
/// without bound because a reader stopped reading. A subscription that is dropped is
/// removed on the next publish.
///
/// Clones share the same bus. With no subscriber, publishing costs one atomic load: events
/// are not even built.
///
/// # Examples
///
/// ```
/// use health_monitor::{EventBus, EventKind};
///
/// let bus = EventBus::new();
/// let events = bus.subscribe_with_capacity(2);
/// for services in 0..3 {
///     bus.publish(std::time::Duration::ZERO, EventKind::ShutdownComplete { services });
/// }
/// let seen: Vec<u64> = events.drain().iter().map(|e| e.seq).collect();
/// assert_eq!(seen, [0, 1]); // the third did not fit
/// assert_eq!(events.dropped(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct EventBus {
    inner: Arc<BusInner>,
}

#[derive(Debug, Default)]
struct BusInner {
    subscribers: Mutex<Vec<Subscriber>>,
    /// `subscribers.len()`, readable without the lock.
    count: AtomicUsize,
    seq: AtomicU64,
    dropped: AtomicU64,
}

#[derive(Debug)]
struct Subscriber {
    tx: SyncSender<Event>,
    dropped: Arc<AtomicU64>,
}

impl EventBus {
    /// The default queue length of a subscription.
    pub const DEFAULT_CAPACITY: usize = 1024;

    /// A bus with no subscribers.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A new subscription with a queue of [`DEFAULT_CAPACITY`](Self::DEFAULT_CAPACITY)
    /// events. It receives events published from now on.
    #[must_use]
    pub fn subscribe(&self) -> Subscription {
        self.subscribe_with_capacity(Self::DEFAULT_CAPACITY)
    }

    /// A new subscription whose queue holds `capacity` events (at least 1).
    #[must_use]
    pub fn subscribe_with_capacity(&self, capacity: usize) -> Subscription {
        let (tx, rx) = mpsc::sync_channel(capacity.max(1));
        let dropped = Arc::new(AtomicU64::new(0));
        let mut subscribers = self.lock();
        subscribers.push(Subscriber {
            tx,
            dropped: Arc::clone(&dropped),
        });
        self.inner.count.store(subscribers.len(), Ordering::Release);
        Subscription { rx, dropped }
    }

    /// How many subscriptions are live (as of the last publish).
    #[must_use]
    pub fn subscriber_count(&self) -> usize {
        self.inner.count.load(Ordering::Acquire)
    }

    /// Events dropped over all subscriptions because their queues were full.
    #[must_use]
    pub fn dropped_total(&self) -> u64 {
        self.inner.dropped.load(Ordering::Relaxed)
    }

    /// Publishes `kind` at clock time `at` to every subscription.
    pub fn publish(&self, at: Duration, kind: EventKind) {
        self.publish_with(at, || kind);
    }

    /// Publishes the event built by `kind`, building it only if someone listens.
    pub(crate) fn publish_with(&self, at: Duration, kind: impl FnOnce() -> EventKind) {
        if self.subscriber_count() == 0 {
            return;
        }
        let mut subscribers = self.lock();
        let event = Event {
            seq: self.inner.seq.fetch_add(1, Ordering::Relaxed),
            at_ms: millis(at),
            kind: kind(),
        };
        let before = subscribers.len();
        subscribers.retain(|subscriber| match subscriber.tx.try_send(event.clone()) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => {
                subscriber.dropped.fetch_add(1, Ordering::Relaxed);
                self.inner.dropped.fetch_add(1, Ordering::Relaxed);
                true
            }
            Err(TrySendError::Disconnected(_)) => false,
        });
        if subscribers.len() != before {
            self.inner.count.store(subscribers.len(), Ordering::Release);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Subscriber>> {
        // Senders stay valid after a panic elsewhere; keep delivering.
        self.inner
            .subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The receiving end of an [`EventBus`]: read events one by one, with a timeout, or all at
/// once. Dropping it unsubscribes.
#[derive(Debug)]
pub struct Subscription {
    rx: Receiver<Event>,
    dropped: Arc<AtomicU64>,
}

impl Subscription {
    /// The next event if one is queued; never blocks.
    #[must_use]
    pub fn try_next(&self) -> Option<Event> {
        self.rx.try_recv().ok()
    }

    /// The next event, waiting up to `timeout` (real time) for one.
    #[must_use]
    pub fn next_timeout(&self, timeout: Duration) -> Option<Event> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// Every queued event, oldest first; never blocks.
    #[must_use]
    pub fn drain(&self) -> Vec<Event> {
        self.rx.try_iter().collect()
    }

    /// Queued events as an iterator that ends when the queue is empty; never blocks.
    pub fn try_iter(&self) -> impl Iterator<Item = Event> + '_ {
        self.rx.try_iter()
    }

    /// Events this subscription missed because its queue was full.
    #[must_use]
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(services: u32) -> EventKind {
        EventKind::ShutdownComplete { services }
    }

    #[test]
    fn without_subscribers_nothing_is_built() {
        let bus = EventBus::new();
        bus.publish_with(Duration::ZERO, || unreachable!("no one listens"));
        assert_eq!(bus.subscriber_count(), 0);
    }

    #[test]
    fn every_subscriber_gets_every_event_in_order() {
        let bus = EventBus::new();
        let (a, b) = (bus.subscribe(), bus.subscribe());
        bus.publish(Duration::from_millis(5), done(1));
        bus.publish(Duration::from_millis(9), done(2));
        for sub in [&a, &b] {
            let events = sub.drain();
            assert_eq!(events.len(), 2);
            assert_eq!((events[0].seq, events[0].at_ms), (0, 5));
            assert_eq!((events[1].seq, events[1].at_ms), (1, 9));
        }
        assert!(a.try_next().is_none());
        assert!(a.next_timeout(Duration::from_millis(1)).is_none());
    }

    #[test]
    fn dropped_subscriptions_are_removed() {
        let bus = EventBus::new();
        let keep = bus.subscribe();
        drop(bus.subscribe());
        assert_eq!(bus.subscriber_count(), 2);
        bus.publish(Duration::ZERO, done(0));
        assert_eq!(bus.subscriber_count(), 1);
        assert_eq!(keep.try_iter().count(), 1);
    }

    #[test]
    fn a_full_queue_drops_for_that_subscriber_only() {
        let bus = EventBus::new();
        let slow = bus.subscribe_with_capacity(1);
        let fast = bus.subscribe_with_capacity(8);
        for i in 0..3 {
            bus.publish(Duration::ZERO, done(i));
        }
        assert_eq!(slow.drain().len(), 1);
        assert_eq!(slow.dropped(), 2);
        assert_eq!(fast.drain().len(), 3);
        assert_eq!(fast.dropped(), 0);
        assert_eq!(bus.dropped_total(), 2);
    }
}
