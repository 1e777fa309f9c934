//! The lock-free core of the gate: one counter per subsystem, raised by compare-and-swap
//! only while it stays within its budget.
//!
//! The core is generic over the counter type so that the model-checking test can run the
//! very same code on `shuttle`'s instrumented atomics; the gate uses `std`'s.

use std::sync::atomic::{AtomicU64, Ordering};

/// A 64-bit counter that can be raised within a limit and lowered.
///
/// Implementations give the primitive atomic operations; the compare-and-swap loop that
/// enforces the limit is written once, here, and shared by every implementation.
pub(crate) trait Counter {
    fn new(value: u64) -> Self;
    fn get(&self) -> u64;
    fn set(&self, value: u64);
    /// Replaces `current` with `new` if the value is still `current`; may fail spuriously.
    /// Returns the value found on failure.
    fn swap_if(&self, current: u64, new: u64) -> Result<(), u64>;
    fn sub(&self, bytes: u64);

    /// Adds `bytes` if the result stays `<= limit`; returns the new value, or the value that
    /// was found when the addition did not fit.
    fn add_within(&self, bytes: u64, limit: u64) -> Result<u64, u64> {
        let mut current = self.get();
        loop {
            let new = match current.checked_add(bytes) {
                Some(new) if new <= limit => new,
                _ => return Err(current),
            };
            match self.swap_if(current, new) {
                Ok(()) => return Ok(new),
                Err(actual) => current = actual,
            }
        }
    }
}

impl Counter for AtomicU64 {
    fn new(value: u64) -> Self {
        Self::new(value)
    }

    fn get(&self) -> u64 {
        self.load(Ordering::Acquire)
    }

    fn set(&self, value: u64) {
        self.store(value, Ordering::Release);
    }

    fn swap_if(&self, current: u64, new: u64) -> Result<(), u64> {
        self.compare_exchange_weak(current, new, Ordering::AcqRel, Ordering::Acquire)
            .map(drop)
    }

    fn sub(&self, bytes: u64) {
        self.fetch_sub(bytes, Ordering::AcqRel);
    }
}

/// Why the ledger refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The subsystem's budget has only `available` bytes left.
    Budget { available: u64 },
    /// Measured use leaves only `available` bytes of the capacity.
    Capacity { available: u64 },
}

/// Budgets and reservations of one gate.
///
/// Invariant: for every subsystem `reserved[i] <= budgets[i]` at every instant, because a
/// reservation is a single compare-and-swap that refuses to pass the budget. Since the
/// budgets add up to at most the capacity, the reservations never over-commit it either;
/// `total` is a plain sum kept for reporting.
#[derive(Debug)]
pub(crate) struct Ledger<C> {
    capacity: u64,
    budgets: Box<[u64]>,
    reserved: Box<[C]>,
    total: C,
    /// Bytes of the resource measured in use (by anyone), fed from the pressure sources.
    observed: C,
}

impl<C: Counter> Ledger<C> {
    /// A ledger with these budgets; the caller guarantees `budgets.sum() <= capacity`.
    pub(crate) fn new(capacity: u64, budgets: Box<[u64]>) -> Self {
        debug_assert!(budgets.iter().map(|b| u128::from(*b)).sum::<u128>() <= u128::from(capacity));
        Self {
            capacity,
            reserved: budgets.iter().map(|_| C::new(0)).collect(),
            budgets,
            total: C::new(0),
            observed: C::new(0),
        }
    }

    pub(crate) fn capacity(&self) -> u64 {
        self.capacity
    }

    pub(crate) fn budget(&self, index: usize) -> u64 {
        self.budgets[index]
    }

    pub(crate) fn reserved(&self, index: usize) -> u64 {
        self.reserved[index].get()
    }

    pub(crate) fn total(&self) -> u64 {
        self.total.get()
    }

    pub(crate) fn observed(&self) -> u64 {
        self.observed.get()
    }

    pub(crate) fn set_observed(&self, bytes: u64) {
        self.observed.set(bytes);
    }

    /// What a reservation in `index` could get now: the budget left, bounded by the
    /// capacity left after the larger of measured use and the reservations.
    pub(crate) fn available(&self, index: usize) -> u64 {
        let budget_left = self.budgets[index].saturating_sub(self.reserved(index));
        budget_left.min(self.capacity_left())
    }

    fn capacity_left(&self) -> u64 {
        self.capacity
            .saturating_sub(self.observed().max(self.total()))
    }

    /// Takes `bytes` from the budget of `index`, or refuses without changing anything.
    pub(crate) fn try_reserve(&self, index: usize, bytes: u64) -> Result<(), Refusal> {
        let capacity_left = self.capacity.saturating_sub(self.observed());
        if bytes > capacity_left {
            return Err(Refusal::Capacity {
                available: capacity_left.min(self.capacity_left()),
            });
        }
        self.reserved[index]
            .add_within(bytes, self.budgets[index])
            .map_err(|current| Refusal::Budget {
                available: self.budgets[index].saturating_sub(current),
            })?;
        // Cannot overflow: the sum of reservations is bounded by the sum of budgets.
        let _ = self.total.add_within(bytes, u64::MAX);
        Ok(())
    }

    /// Returns `bytes` to the budget of `index`; only for bytes that were reserved.
    pub(crate) fn release(&self, index: usize, bytes: u64) {
        self.reserved[index].sub(bytes);
        self.total.sub(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger() -> Ledger<AtomicU64> {
        Ledger::new(100, vec![60, 30].into_boxed_slice())
    }

    #[test]
    fn reserves_up_to_the_budget_exactly() {
        let ledger = ledger();
        assert_eq!(ledger.try_reserve(0, 40), Ok(()));
        assert_eq!(ledger.try_reserve(0, 20), Ok(()));
        assert_eq!(
            ledger.try_reserve(0, 1),
            Err(Refusal::Budget { available: 0 })
        );
        assert_eq!(ledger.try_reserve(1, 30), Ok(()));
        assert_eq!(ledger.total(), 90);
        ledger.release(0, 40);
        assert_eq!(ledger.available(0), 40);
        assert_eq!(ledger.total(), 50);
    }

    #[test]
    fn measured_use_limits_what_is_left() {
        let ledger = ledger();
        ledger.set_observed(95);
        assert_eq!(
            ledger.try_reserve(0, 10),
            Err(Refusal::Capacity { available: 5 })
        );
        assert_eq!(ledger.try_reserve(0, 5), Ok(()));
        assert_eq!(ledger.reserved(0), 5);
        assert_eq!(ledger.available(1), 5);
    }

    #[test]
    fn overflowing_requests_are_refused() {
        let ledger = ledger();
        assert_eq!(
            ledger.try_reserve(1, u64::MAX),
            Err(Refusal::Capacity { available: 100 })
        );
        ledger.set_observed(0);
        let counter = AtomicU64::new(5);
        assert_eq!(counter.add_within(u64::MAX, u64::MAX), Err(5));
    }

    /// The same ledger code on shuttle's instrumented atomics: shuttle explores thread
    /// interleavings (randomly, and with its PCT scheduler, which finds bugs that need a
    /// few specific preemptions) and checks the invariant in every one.
    mod model {
        use std::sync::Arc;

        use shuttle::sync::atomic::{AtomicU64 as ShuttleU64, Ordering};

        use super::super::{Counter, Ledger, Refusal};

        impl Counter for ShuttleU64 {
            fn new(value: u64) -> Self {
                Self::new(value)
            }
            fn get(&self) -> u64 {
                self.load(Ordering::Acquire)
            }
            fn set(&self, value: u64) {
                self.store(value, Ordering::Release);
            }
            fn swap_if(&self, current: u64, new: u64) -> Result<(), u64> {
                self.compare_exchange_weak(current, new, Ordering::AcqRel, Ordering::Acquire)
                    .map(drop)
            }
            fn sub(&self, bytes: u64) {
                self.fetch_sub(bytes, Ordering::AcqRel);
            }
        }

        /// Three threads race for a budget of 10 in chunks of 4 (room for two), release,
        /// and race again, while a fourth moves the measured use; no interleaving may
        /// grant more than the budget or leave bytes behind.
        fn scenario() {
            let ledger: Arc<Ledger<ShuttleU64>> =
                Arc::new(Ledger::new(15, vec![10, 5].into_boxed_slice()));
            let held = Arc::new(ShuttleU64::new(0));
            let workers: Vec<_> = (0..3)
                .map(|_| {
                    let (ledger, held) = (Arc::clone(&ledger), Arc::clone(&held));
                    shuttle::thread::spawn(move || {
                        for _ in 0..2 {
                            match ledger.try_reserve(0, 4) {
                                Ok(()) => {
                                    let now = held.fetch_add(4, Ordering::AcqRel) + 4;
                                    assert!(now <= 10, "over-committed: {now} of 10");
                                    assert!(ledger.reserved(0) <= 10);
                                    held.fetch_sub(4, Ordering::AcqRel);
                                    ledger.release(0, 4);
                                }
                                Err(Refusal::Budget { available }) => assert!(available < 4),
                                Err(Refusal::Capacity { .. }) => {}
                            }
                        }
                    })
                })
                .collect();
            let observer = {
                let ledger = Arc::clone(&ledger);
                shuttle::thread::spawn(move || {
                    ledger.set_observed(12);
                    ledger.set_observed(0);
                })
            };
            for worker in workers {
                worker.join().unwrap();
            }
            observer.join().unwrap();
            assert_eq!(ledger.reserved(0), 0);
            assert_eq!(ledger.total(), 0);
        }

        #[test]
        fn no_interleaving_over_commits_random() {
            shuttle::check_random(scenario, 2_000);
        }

        #[test]
        fn no_interleaving_over_commits_pct() {
            shuttle::check_pct(scenario, 2_000, 3);
        }
    }
}
