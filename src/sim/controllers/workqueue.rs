//! A controller's error policy, as client-go's workqueue gives it: a sync that fails is put
//! back with `AddRateLimited`, one that succeeds is `Forget`-ten.
//!
//! `DefaultTypedControllerRateLimiter` is the larger of a per-item exponential back-off
//! (5 ms doubling to 1000 s) and an overall token bucket (10 qps, burst 100). The bucket only
//! matters for hundreds of failing keys per second; the simulation keeps the per-item part
//! (`ItemExponentialFailureRateLimiter`), which is what a reader of the events sees.

use crate::sim::time::{Millis, SECOND};
use std::collections::BTreeMap;

/// `ItemExponentialFailureRateLimiter(5*time.Millisecond, 1000*time.Second)`.
pub const BASE_DELAY_MS: Millis = 5;
pub const MAX_DELAY_MS: Millis = 1000 * SECOND;

/// Failures per key since the key last synced cleanly.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimiter {
    failures: BTreeMap<String, u32>,
}

impl RateLimiter {
    /// `When`: the delay before the next retry of `key`, counting this failure.
    pub fn when(&mut self, key: &str) -> Millis {
        let failures = self.failures.entry(key.to_string()).or_insert(0);
        let exponent = *failures;
        *failures = failures.saturating_add(1);
        // 5 ms * 2^exponent, saturating well before i64 overflows.
        if exponent >= 40 {
            return MAX_DELAY_MS;
        }
        (BASE_DELAY_MS << exponent).min(MAX_DELAY_MS)
    }

    /// `Forget`: the key synced; its next failure starts from the base delay again.
    pub fn forget(&mut self, key: &str) {
        self.failures.remove(key);
    }

    /// `processNextWorkItem`'s error handling in one place: a clean sync is forgotten (None),
    /// a failed one is put back after its back-off (`AddRateLimited`, Some(delay)).
    pub fn after_sync<E>(&mut self, key: &str, result: &Result<(), E>) -> Option<Millis> {
        match result {
            Ok(()) => {
                self.forget(key);
                None
            }
            Err(_) => Some(self.when(key)),
        }
    }

    /// `NumRequeues`.
    pub fn requeues(&self, key: &str) -> u32 {
        self.failures.get(key).copied().unwrap_or(0)
    }

    /// The keys with a failure count (the invariant checker compares them with live objects).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.failures.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_exponentially_per_key_and_forgets() {
        let mut limiter = RateLimiter::default();
        let delays: Vec<Millis> = (0..5).map(|_| limiter.when("default/web")).collect();
        assert_eq!(delays, [5, 10, 20, 40, 80]);
        assert_eq!(limiter.when("default/other"), 5, "each key backs off on its own");
        assert_eq!(limiter.requeues("default/web"), 5);
        limiter.forget("default/web");
        assert_eq!(limiter.requeues("default/web"), 0);
        assert_eq!(limiter.when("default/web"), 5);
    }

    #[test]
    fn after_sync_forgets_success_and_backs_off_failure() {
        let mut limiter = RateLimiter::default();
        let failed: Result<(), &str> = Err("refused");
        assert_eq!(limiter.after_sync("k", &failed), Some(5));
        assert_eq!(limiter.after_sync("k", &failed), Some(10));
        assert_eq!(limiter.after_sync("k", &Ok::<(), &str>(())), None);
        assert_eq!(limiter.requeues("k"), 0);
    }

    #[test]
    fn caps_at_1000_seconds() {
        let mut limiter = RateLimiter::default();
        let last = (0..100).map(|_| limiter.when("k")).last().unwrap();
        assert_eq!(last, MAX_DELAY_MS);
        // 5 ms * 2^17 = 655 s, * 2^18 = 1310 s: the 19th failure is the first at the cap.
        let mut limiter = RateLimiter::default();
        let delays: Vec<Millis> = (0..19).map(|_| limiter.when("k")).collect();
        assert_eq!(delays[17], 655_360);
        assert_eq!(delays[18], MAX_DELAY_MS);
    }
}
