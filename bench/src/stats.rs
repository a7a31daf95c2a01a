//! Medians, spreads and ratios over the rounds of one case.

use crate::timing::Timing;

/// Median of `v` (mean of the middle two for an even count); NaN if empty.
pub fn median(v: &[f64]) -> f64 {
    let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    if s.is_empty() {
        return f64::NAN;
    }
    s.sort_by(|a, b| a.total_cmp(b));
    let n = s.len();
    if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 }
}

/// Smallest and largest finite value.
pub fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .copied()
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)))
}

/// Which number of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// Wall-clock ns per op.
    Wall,
    /// User-space ns per op.
    User,
}

/// The per-op value of one run.
pub fn per_op(t: &Timing, ops: u64, m: Metric) -> f64 {
    let ns = match m {
        Metric::Wall => t.wall_ns,
        Metric::User => t.user_ns,
    };
    ns as f64 / ops as f64
}

/// Summary of one peer's runs in one case.
#[derive(Clone, Copy, Debug)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// Total over all rounds divided by total ops (user time: the tick-based
    /// accounting makes one run's value coarse; the pooled value is finer).
    pub pooled: f64,
}

pub fn summarize(runs: &[Timing], ops: u64, m: Metric) -> Summary {
    let v: Vec<f64> = runs.iter().map(|t| per_op(t, ops, m)).collect();
    let (min, max) = min_max(&v);
    let total: u64 = runs
        .iter()
        .map(|t| match m {
            Metric::Wall => t.wall_ns,
            Metric::User => t.user_ns,
        })
        .sum();
    Summary { median: median(&v), min, max, pooled: total as f64 / (ops as f64 * runs.len() as f64) }
}

/// Median over rounds of riouring's per-op value divided by the peer's in
/// the same round (rounds where the peer's value is 0 are left out).
pub fn ratio(ours: &[Timing], theirs: &[Timing], ops: u64, m: Metric) -> f64 {
    let v: Vec<f64> = ours
        .iter()
        .zip(theirs)
        .filter_map(|(a, b)| {
            let (a, b) = (per_op(a, ops, m), per_op(b, ops, m));
            if b > 0.0 { Some(a / b) } else { None }
        })
        .collect();
    median(&v)
}
