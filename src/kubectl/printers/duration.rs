//! Human-readable durations, ported from `k8s.io/apimachinery/pkg/util/duration`.
//!
//! All functions take milliseconds (a Go `time.Duration` at millisecond resolution). Go
//! truncates `d.Seconds()` toward zero with `int(...)`; Rust's integer division does the same.

use crate::sim::time::{Millis, Time};

const HOUR_MS: Millis = 3_600_000;

/// `duration.HumanDuration`: ~2–3 significant figures (`45s`, `3m20s`, `47m`, `5h12m`, `30h`,
/// `3d4h`, `120d`, `2y3d`, `9y`). Up to 1.999 s in the future is "now" (`0s`); more is
/// `<invalid>`.
pub fn human_duration(d: Millis) -> String {
    let seconds = d / 1000;
    if seconds < -1 {
        return "<invalid>".to_string();
    } else if seconds < 0 {
        return "0s".to_string();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = d / 60_000;
    if minutes < 10 {
        let s = seconds % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = d / HOUR_MS;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    } else if hours < 48 {
        return format!("{hours}h");
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{}h", hours / 24, h);
    } else if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{}d", hours / 24 / 365, dy);
    }
    format!("{}y", hours / 24 / 365)
}

/// `duration.ShortHumanDuration`: one unit only (`45s`, `3m`, `5h`, `12d`, `2y`).
pub fn short_human_duration(d: Millis) -> String {
    let seconds = d / 1000;
    if seconds < -1 {
        "<invalid>".to_string()
    } else if seconds < 0 {
        "0s".to_string()
    } else if seconds < 60 {
        format!("{seconds}s")
    } else if d / 60_000 < 60 {
        format!("{}m", d / 60_000)
    } else if d / HOUR_MS < 24 {
        format!("{}h", d / HOUR_MS)
    } else if d / HOUR_MS < 24 * 365 {
        format!("{}d", d / HOUR_MS / 24)
    } else {
        format!("{}y", d / HOUR_MS / 24 / 365)
    }
}

/// The API stores metav1.Time with second precision, so every timestamp a client sees is
/// truncated to the second; ages are computed from that truncated instant.
pub fn stored_millis(t: Time) -> Millis {
    t.0.div_euclid(1000) * 1000
}

/// `translateTimestampSince`: `<unknown>` for a zero timestamp, else `HumanDuration(now - t)`.
pub fn translate_timestamp_since(t: Option<Time>, now: Millis) -> String {
    match t {
        None => "<unknown>".to_string(),
        Some(t) => human_duration(now.saturating_sub(stored_millis(t))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Millis = 1000;
    const M: Millis = 60 * S;
    const H: Millis = 60 * M;
    const D: Millis = 24 * H;

    #[test]
    fn human_duration_matches_apimachinery() {
        let cases: &[(Millis, &str)] = &[
            (-2 * S, "<invalid>"),
            (-1999, "0s"),
            (-S, "0s"),
            (0, "0s"),
            (999, "0s"),
            (S, "1s"),
            (45 * S, "45s"),
            (119 * S + 999, "119s"),
            (2 * M, "2m"),
            (3 * M + 20 * S, "3m20s"),
            (9 * M + 59 * S, "9m59s"),
            (10 * M, "10m"),
            (47 * M + 30 * S, "47m"),
            (179 * M, "179m"),
            (3 * H, "3h"),
            (5 * H + 12 * M, "5h12m"),
            (7 * H + 59 * M, "7h59m"),
            (8 * H, "8h"),
            (30 * H, "30h"),
            (47 * H, "47h"),
            (48 * H, "2d"),
            (3 * D + 4 * H, "3d4h"),
            (8 * D, "8d"),
            (120 * D, "120d"),
            (729 * D, "729d"),
            (730 * D, "2y"),
            (733 * D, "2y3d"),
            (8 * 365 * D, "8y"),
            (9 * 365 * D + 100 * D, "9y"),
        ];
        for (d, want) in cases {
            assert_eq!(human_duration(*d), *want, "{d}ms");
        }
    }

    #[test]
    fn short_human_duration_matches_apimachinery() {
        let cases: &[(Millis, &str)] = &[
            (-2 * S, "<invalid>"),
            (-S, "0s"),
            (59 * S, "59s"),
            (60 * S, "1m"),
            (59 * M + 59 * S, "59m"),
            (H, "1h"),
            (23 * H, "23h"),
            (D, "1d"),
            (364 * D, "364d"),
            (365 * D, "1y"),
        ];
        for (d, want) in cases {
            assert_eq!(short_human_duration(*d), *want, "{d}ms");
        }
    }

    #[test]
    fn ages_use_second_precision_timestamps() {
        // Created at 10.9 s (stored as 10 s); at 55.5 s the age is 45 s, not 44 s.
        assert_eq!(translate_timestamp_since(Some(Time(10_900)), 55_500), "45s");
        assert_eq!(translate_timestamp_since(None, 55_500), "<unknown>");
    }
}
