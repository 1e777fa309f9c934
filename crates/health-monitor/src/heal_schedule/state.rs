//! [`HealState`]: one service's place in the heal schedule and its breaker.

use std::collections::VecDeque;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff};

use super::HealPolicy;

/// One service's place in the heal schedule.
#[derive(Debug, Default)]
pub(crate) struct HealState {
    backoff: Option<ExponentialBackoff>,
    /// When the next attempt is due, while unhealthy.
    next_attempt: Option<Duration>,
    /// Attempts since the service was last healthy.
    attempts: u32,
    /// Times of failed attempts within the window.
    failures: VecDeque<Duration>,
    open_since: Option<Duration>,
    healthy_since: Option<Duration>,
}

/// What [`HealState::record`] decided.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Recorded {
    pub(crate) attempt: u32,
    pub(crate) retry_in: Option<Duration>,
    pub(crate) escalated: bool,
}

impl HealState {
    pub(crate) const fn breaker_open(&self) -> bool {
        self.open_since.is_some()
    }

    pub(crate) fn failures(&self) -> u32 {
        u32::try_from(self.failures.len()).unwrap_or(u32::MAX)
    }

    /// Closes the breaker and forgets failures (an operator's reset).
    pub(crate) fn reset(&mut self) {
        self.open_since = None;
        self.failures.clear();
        self.backoff = None;
        self.attempts = 0;
        self.next_attempt = None;
    }

    /// Takes in the latest health; returns whether a heal is due now, and, if the breaker
    /// closes on sustained health, for how long the service had been healthy.
    pub(crate) fn observe(
        &mut self,
        now: Duration,
        unhealthy: bool,
        policy: &HealPolicy,
    ) -> (bool, Option<Duration>) {
        if unhealthy {
            self.healthy_since = None;
            if self.breaker_open() {
                return (false, None);
            }
            let due = *self.next_attempt.get_or_insert(now);
            return (due <= now, None);
        }
        self.next_attempt = None;
        self.backoff = None;
        self.attempts = 0;
        let since = *self.healthy_since.get_or_insert(now);
        let healthy_for = now.saturating_sub(since);
        if (self.breaker_open() || !self.failures.is_empty()) && healthy_for >= policy.reset_after {
            let was_open = self.breaker_open();
            self.open_since = None;
            self.failures.clear();
            return (false, was_open.then_some(healthy_for));
        }
        (false, None)
    }

    /// Records an attempt made at `now`.
    pub(crate) fn record(
        &mut self,
        now: Duration,
        healed: bool,
        policy: &HealPolicy,
        salt: u64,
    ) -> Recorded {
        self.attempts = self.attempts.saturating_add(1);
        if !healed {
            self.failures.push_back(now);
            while self
                .failures
                .front()
                .is_some_and(|t| now.saturating_sub(*t) > policy.window)
            {
                self.failures.pop_front();
            }
            if self.failures() >= policy.max_failures {
                self.open_since = Some(now);
                self.next_attempt = None;
                return Recorded {
                    attempt: self.attempts,
                    retry_in: None,
                    escalated: true,
                };
            }
        }
        let delay = self
            .backoff
            .get_or_insert_with(|| policy.builder(salt).build())
            .next()
            .unwrap_or(policy.max_delay);
        self.next_attempt = Some(now.saturating_add(delay));
        Recorded {
            attempt: self.attempts,
            retry_in: Some(delay),
            escalated: false,
        }
    }
}
