//! Cron schedules as a CronJob's `spec.schedule` takes them: five fields (minute, hour, day of
//! month, month, day of week) with `*`, `?`, lists, ranges, steps (`*/15`, `1-5/2`, `3/10`),
//! month and weekday names, and the descriptors `@yearly`, `@annually`, `@monthly`, `@weekly`,
//! `@daily`, `@midnight`, `@hourly`. The rules and the error messages are those of the parser
//! the API server validates with (robfig/cron's standard parser), so a learner's mistake reads
//! as Kubernetes says it.
//!
//! Pure: the next time a schedule fires is a function of a minute since the Unix epoch (UTC).

/// Set on a field written as `*` or `?` (or `*/1`): the day-of-month and day-of-week fields
/// then combine with AND instead of OR, as cron does.
const STAR: u64 = 1 << 63;

/// How far ahead [`CronSchedule::next_after`] looks: eight years covers every Feb 29 on any
/// weekday.
const DAYS_AHEAD_MAX: i64 = 8 * 366;

/// A parsed schedule: one bit per allowed value of each field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CronSchedule {
    minute: u64,
    hour: u64,
    dom: u64,
    month: u64,
    dow: u64,
}

struct Bounds {
    min: u32,
    max: u32,
    names: &'static [(&'static str, u32)],
}

const MINUTES: Bounds = Bounds {
    min: 0,
    max: 59,
    names: &[],
};
const HOURS: Bounds = Bounds {
    min: 0,
    max: 23,
    names: &[],
};
const DOM: Bounds = Bounds {
    min: 1,
    max: 31,
    names: &[],
};
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &[
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ],
};
const DOW: Bounds = Bounds {
    min: 0,
    max: 6,
    names: &[
        ("sun", 0),
        ("mon", 1),
        ("tue", 2),
        ("wed", 3),
        ("thu", 4),
        ("fri", 5),
        ("sat", 6),
    ],
};

/// Longest schedule read (the API has no limit; this one keeps messages short).
const SPEC_LEN_MAX: usize = 256;

/// Parses a schedule; the error is the parser's message (the API server's `Invalid value`
/// reason).
pub fn parse(spec: &str) -> Result<CronSchedule, String> {
    if spec.is_empty() {
        return Err("empty spec string".into());
    }
    if spec.len() > SPEC_LEN_MAX {
        return Err(format!("a schedule is at most {SPEC_LEN_MAX} characters"));
    }
    if spec.starts_with("TZ=") || spec.starts_with("CRON_TZ=") {
        return Err("cannot use TZ or CRON_TZ in schedule, use timeZone field instead".into());
    }
    if let Some(descriptor) = spec.strip_prefix('@') {
        let equivalent = match descriptor {
            "yearly" | "annually" => "0 0 1 1 *",
            "monthly" => "0 0 1 * *",
            "weekly" => "0 0 * * 0",
            "daily" | "midnight" => "0 0 * * *",
            "hourly" => "0 * * * *",
            d if d.starts_with("every ") => {
                return Err(format!(
                    "{spec}: @every schedules are accepted by Kubernetes but not simulated by Sunaba (hint: write it as five fields, e.g. \"*/5 * * * *\")"
                ))
            }
            _ => return Err(format!("unrecognized descriptor: {spec}")),
        };
        return parse(equivalent);
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "expected exactly 5 fields, found {}: [{}]",
            fields.len(),
            fields.join(" ")
        ));
    }
    Ok(CronSchedule {
        minute: field(fields[0], &MINUTES)?,
        hour: field(fields[1], &HOURS)?,
        dom: field(fields[2], &DOM)?,
        month: field(fields[3], &MONTHS)?,
        dow: field(fields[4], &DOW)?,
    })
}

fn field(text: &str, b: &Bounds) -> Result<u64, String> {
    let mut bits = 0;
    for part in text.split(',') {
        bits |= range(part, b)?;
    }
    Ok(bits)
}

/// One list item: `*`, `N`, `N-M`, each optionally `/STEP` (`N/STEP` runs to the maximum).
fn range(expr: &str, b: &Bounds) -> Result<u64, String> {
    let mut range_and_step = expr.split('/');
    let range_part = range_and_step.next().unwrap_or_default();
    let step_part = range_and_step.next();
    if range_and_step.next().is_some() {
        return Err(format!("too many slashes: {expr}"));
    }
    let low_high: Vec<&str> = range_part.split('-').collect();
    let single = low_high.len() == 1;
    let (mut start, mut end, mut extra);
    if low_high[0] == "*" || low_high[0] == "?" {
        (start, end, extra) = (b.min, b.max, STAR);
    } else {
        start = int_or_name(low_high[0], b)?;
        end = match low_high.len() {
            1 => start,
            2 => int_or_name(low_high[1], b)?,
            _ => return Err(format!("too many hyphens: {expr}")),
        };
        extra = 0;
    }
    let step = match step_part {
        None => 1,
        Some(s) => {
            let step = int(s)?;
            if single {
                end = b.max;
            }
            if step > 1 {
                extra = 0;
            }
            step
        }
    };
    if start < b.min {
        return Err(format!(
            "beginning of range ({start}) below minimum ({}): {expr}",
            b.min
        ));
    }
    if end > b.max {
        return Err(format!(
            "end of range ({end}) above maximum ({}): {expr}",
            b.max
        ));
    }
    if start > end {
        return Err(format!(
            "beginning of range ({start}) beyond end of range ({end}): {expr}"
        ));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    let mut bits = 0u64;
    while start <= end {
        bits |= 1 << start;
        start += step;
    }
    Ok(bits | extra)
}

fn int_or_name(expr: &str, b: &Bounds) -> Result<u32, String> {
    let lower = expr.to_ascii_lowercase();
    match b.names.iter().find(|(n, _)| *n == lower) {
        Some((_, v)) => Ok(*v),
        None => int(expr),
    }
}

/// A non-negative number in Go's `strconv.Atoi` words when it is not one.
fn int(expr: &str) -> Result<u32, String> {
    let digits = expr.strip_prefix('+').unwrap_or(expr);
    let negative = expr.starts_with('-') && expr.len() > 1;
    let body = if negative { &expr[1..] } else { digits };
    if body.is_empty() || body.len() > 9 || !body.bytes().all(|c| c.is_ascii_digit()) {
        let why = if body.len() > 9 && body.bytes().all(|c| c.is_ascii_digit()) {
            "value out of range"
        } else {
            "invalid syntax"
        };
        return Err(format!(
            "failed to parse int from {expr}: strconv.Atoi: parsing \"{expr}\": {why}"
        ));
    }
    let n: u32 = body.parse().unwrap_or(u32::MAX);
    if negative {
        return Err(format!("negative number (-{n}) not allowed: {expr}"));
    }
    Ok(n)
}

impl CronSchedule {
    /// The first minute strictly after `unix_minute` (minutes since the Unix epoch, UTC) at
    /// which the schedule fires; `None` when it never does (`0 0 30 2 *`).
    pub fn next_after(&self, unix_minute: i64) -> Option<i64> {
        let first_day = unix_minute.div_euclid(1440);
        for day in first_day..first_day + DAYS_AHEAD_MAX {
            if !self.day_matches(day) {
                continue;
            }
            for h in 0..24i64 {
                if self.hour & (1 << h) == 0 {
                    continue;
                }
                for m in 0..60i64 {
                    let t = day * 1440 + h * 60 + m;
                    if self.minute & (1 << m) != 0 && t > unix_minute {
                        return Some(t);
                    }
                }
            }
        }
        None
    }

    /// The last minute at or before `unix_minute` and strictly after `after` at which the
    /// schedule fired, and how many such minutes there were (capped at `count_max`).
    pub fn last_between(&self, after: i64, unix_minute: i64, count_max: u32) -> (Option<i64>, u32) {
        let (mut last, mut count, mut t) = (None, 0, after);
        while let Some(next) = self.next_after(t) {
            if next > unix_minute {
                break;
            }
            last = Some(next);
            count += 1;
            if count >= count_max {
                // Too many to walk: jump to the most recent one directly.
                return (self.last_at_or_before(unix_minute, after), count);
            }
            t = next;
        }
        (last, count)
    }

    /// The latest firing minute in `(after, unix_minute]`, walking back day by day.
    fn last_at_or_before(&self, unix_minute: i64, after: i64) -> Option<i64> {
        let last_day = unix_minute.div_euclid(1440);
        let first_day = after.div_euclid(1440);
        let mut day = last_day;
        while day >= first_day && last_day - day < DAYS_AHEAD_MAX {
            if self.day_matches(day) {
                for h in (0..24i64).rev() {
                    if self.hour & (1 << h) == 0 {
                        continue;
                    }
                    for m in (0..60i64).rev() {
                        let t = day * 1440 + h * 60 + m;
                        if self.minute & (1 << m) != 0 && t <= unix_minute && t > after {
                            return Some(t);
                        }
                    }
                }
            }
            day -= 1;
        }
        None
    }

    fn day_matches(&self, day: i64) -> bool {
        let (_, month, dom) = civil_from_days(day);
        if self.month & (1 << month) == 0 {
            return false;
        }
        // 1970-01-01 was a Thursday (4).
        let dow = (day + 4).rem_euclid(7);
        let dom_match = self.dom & (1 << dom) != 0;
        let dow_match = self.dow & (1 << dow) != 0;
        if self.dom & STAR != 0 || self.dow & STAR != 0 {
            dom_match && dow_match
        } else {
            dom_match || dow_match
        }
    }
}

use crate::base::clock::civil_from_days;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2026-11-28, the simulation's epoch.
        assert_eq!(civil_from_days(1_795_860_000 / 86_400), (2026, 11, 28));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
