//! Virtual time: parsing durations (`500ms`, `30s`, `2m`, `1h30m`) and printing them the way
//! kubectl (`HumanDuration`: `45s`, `3m2s`, `5h`) and Go (`2.1s`) do, plus calendar timestamps
//! for `describe` (`Sat, 28 Nov 2026 10:00:00 +0000`).
//!
//! The simulation's t=0 maps to [`EPOCH_UNIX_S`]: a fixed date, so output is reproducible.

/// Virtual time in milliseconds since the simulation started.
pub type Millis = u64;

/// t=0 of every simulation: 2026-11-28T10:00:00Z.
pub const EPOCH_UNIX_S: i64 = 1_795_860_000;

/// Longest `sim wait` accepted: 30 days of virtual time (bounds work done by one command).
pub const MAX_WAIT_MS: Millis = 30 * 24 * 3_600_000;

/// Parses `500ms`, `30s`, `2m`, `1h`, `1h30m`, `1.5s`; a bare number means seconds.
pub fn parse_duration(text: &str) -> Result<Millis, String> {
    let bad = || {
        format!("invalid duration \"{text}\": use a number with a unit, like 500ms, 30s, 2m or 1h")
    };
    let s = text.trim();
    if s.is_empty() || s.len() > 32 {
        return Err(bad());
    }
    if let Ok(secs) = s.parse::<u64>() {
        return secs.checked_mul(1000).ok_or_else(bad);
    }
    let mut total: f64 = 0.0;
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return Err(bad());
        }
        let value: f64 = rest[..num_len].parse().map_err(|_| bad())?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 1.0,
            "s" => 1_000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "d" => 86_400_000.0,
            _ => return Err(bad()),
        };
        rest = &rest[unit_len..];
        total += value * factor;
    }
    if !total.is_finite() || total > 1e15 {
        return Err(bad());
    }
    Ok(total.round() as Millis)
}

/// kubectl's `duration.HumanDuration` (the AGE column).
pub fn human_duration(ms: Millis) -> String {
    let seconds = ms / 1000;
    if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 {
            format!("{minutes}m")
        } else {
            format!("{minutes}m{s}s")
        };
    }
    if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{}h", hours / 24, h)
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    let years = hours / 24 / 365;
    if years < 8 {
        let d = (hours / 24) % 365;
        return if d == 0 {
            format!("{years}y")
        } else {
            format!("{years}y{d}d")
        };
    }
    format!("{years}y")
}

/// Go's `time.Duration.String()` for whole milliseconds (`512ms`, `2.1s`, `1m3.5s`).
pub fn go_duration(ms: Millis) -> String {
    if ms == 0 {
        return "0s".into();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let secs_part = |total_ms: Millis| {
        let s = total_ms / 1000;
        let frac = total_ms % 1000;
        if frac == 0 {
            format!("{s}s")
        } else {
            let f = format!("{frac:03}");
            format!("{s}.{}s", f.trim_end_matches('0'))
        }
    };
    let h = ms / 3_600_000;
    let m = (ms / 60_000) % 60;
    let rest = ms % 60_000;
    match (h, m) {
        (0, 0) => secs_part(rest),
        (0, _) => format!("{m}m{}", secs_part(rest)),
        _ => format!("{h}h{m}m{}", secs_part(rest)),
    }
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn split(t_ms: Millis) -> (i64, u32, u32, i64, i64, i64, usize) {
    let unix = EPOCH_UNIX_S + (t_ms / 1000) as i64;
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, mo, d) = civil_from_days(days);
    let weekday = (days + 4).rem_euclid(7) as usize; // 1970-01-01 was a Thursday
    (y, mo, d, secs / 3600, (secs / 60) % 60, secs % 60, weekday)
}

/// `Sat, 28 Nov 2026 10:00:00 +0000` (what `kubectl describe` prints).
pub fn rfc1123(t_ms: Millis) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d, h, mi, s, wd) = split(t_ms);
    format!(
        "{}, {d:02} {} {y} {h:02}:{mi:02}:{s:02} +0000",
        DAYS[wd],
        MONTHS[mo as usize - 1]
    )
}

/// `2026-11-28T10:00:00Z` (what `-o json` prints).
pub fn rfc3339(t_ms: Millis) -> String {
    let (y, mo, d, h, mi, s, _) = split(t_ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("500ms"), Ok(500));
        assert_eq!(parse_duration("30s"), Ok(30_000));
        assert_eq!(parse_duration("2m"), Ok(120_000));
        assert_eq!(parse_duration("1h30m"), Ok(5_400_000));
        assert_eq!(parse_duration("1.5s"), Ok(1_500));
        assert_eq!(parse_duration("7"), Ok(7_000));
        assert!(parse_duration("").is_err());
        assert!(parse_duration("5 parsecs").is_err());
        assert!(parse_duration("1e400s").is_err());
        assert!(parse_duration("99999999999999999999").is_err());
    }

    #[test]
    fn human_duration_matches_kubectl() {
        assert_eq!(human_duration(45_000), "45s");
        assert_eq!(human_duration(119_000), "119s");
        assert_eq!(human_duration(130_000), "2m10s");
        assert_eq!(human_duration(180_000), "3m");
        assert_eq!(human_duration(15 * 60_000), "15m");
        assert_eq!(human_duration(5 * 3_600_000), "5h");
        assert_eq!(human_duration(5 * 3_600_000 + 60_000 * 7), "5h7m");
        assert_eq!(human_duration(49 * 3_600_000), "2d1h");
    }

    #[test]
    fn go_duration_prints_like_go() {
        assert_eq!(go_duration(512), "512ms");
        assert_eq!(go_duration(2_100), "2.1s");
        assert_eq!(go_duration(2_000), "2s");
        assert_eq!(go_duration(63_500), "1m3.5s");
    }

    #[test]
    fn epoch_is_the_documented_date() {
        assert_eq!(rfc1123(0), "Sat, 28 Nov 2026 10:00:00 +0000");
        assert_eq!(rfc3339(61_000), "2026-11-28T10:01:01Z");
    }
}
