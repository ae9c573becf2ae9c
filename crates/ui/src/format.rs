//! Number and time formatting for display (virtual clock, ages, quantities).

/// The header clock: `12s`, `1m05s`, `2h03m09s`.
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}h{m:02}m{s:02}s")
    } else if m > 0 {
        format!("{m}m{s:02}s")
    } else {
        format!("{s}s")
    }
}

/// An age like kubectl's `LAST SEEN`/`AGE` columns (`45s`, `3m20s`, `25m`, `5h`, `3d`).
pub fn age(ms: u64) -> String {
    let s = ms / 1000;
    if s < 120 {
        format!("{s}s")
    } else if s < 600 {
        format!("{}m{}s", s / 60, s % 60)
    } else if s < 3 * 3600 {
        format!("{}m", s / 60)
    } else if s < 48 * 3600 {
        format!("{}h", s / 3600)
    } else {
        format!("{}d", s / 86400)
    }
}

/// CPU in millicores: `250m`, `2` (whole cores print without the unit, as Kubernetes does).
pub fn cpu_milli(milli: u64) -> String {
    if milli % 1000 == 0 {
        format!("{}", milli / 1000)
    } else {
        format!("{milli}m")
    }
}

/// Memory in binary units: `128Mi`, `4Gi`, `1.5Gi`.
pub fn bytes(b: u64) -> String {
    const KI: u64 = 1024;
    const MI: u64 = KI * 1024;
    const GI: u64 = MI * 1024;
    if b >= GI {
        if b % GI == 0 {
            format!("{}Gi", b / GI)
        } else {
            format!("{:.1}Gi", b as f64 / GI as f64)
        }
    } else if b >= MI {
        format!("{}Mi", (b + MI / 2) / MI)
    } else if b >= KI {
        format!("{}Ki", b / KI)
    } else {
        format!("{b}")
    }
}

/// Share of `part` in `whole`, 0–100, for bar widths.
pub fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 100.0 / whole as f64).clamp(0.0, 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_like_a_stopwatch() {
        assert_eq!(clock(0), "0s");
        assert_eq!(clock(65_000), "1m05s");
        assert_eq!(clock(3_600_000 + 9_000), "1h00m09s");
    }

    #[test]
    fn ages_follow_kubectl() {
        assert_eq!(age(5_000), "5s");
        assert_eq!(age(200_000), "3m20s");
        assert_eq!(age(1_500_000), "25m");
    }

    #[test]
    fn quantities_use_kubernetes_units() {
        assert_eq!(cpu_milli(250), "250m");
        assert_eq!(cpu_milli(2000), "2");
        assert_eq!(bytes(4 * 1024 * 1024 * 1024), "4Gi");
        assert_eq!(bytes(128 * 1024 * 1024), "128Mi");
        assert_eq!(percent(1, 0), 0.0);
    }
}
