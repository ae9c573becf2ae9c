//! Resource quantities (`250m`, `0.5`, `128Mi`, `1e3`), parsed like the API server does
//! (`k8s.io/apimachinery/pkg/api/resource`): a signed decimal number, then one optional suffix —
//! decimal SI (`n u m k M G T P E`), binary SI (`Ki Mi Gi Ti Pi Ei`) or a decimal exponent
//! (`e3`, `E-2`).
//!
//! CPU is stored in millicores, memory in bytes, both rounded **up** to the next whole unit like
//! `Quantity.MilliValue()` / `Quantity.Value()` do (`100u` of CPU is `1m`). Arithmetic is exact
//! (integers, no floats) so the same text gives the same value on every platform.
//!
//! This module owns parsing and formatting only; *where* a quantity is allowed and how it relates
//! to other fields (requests ≤ limits) is checked in [`crate::input::definitions`].

use crate::input::model::Quantity;

/// The API server's message for text that is not a quantity at all.
pub const QUANTITY_REGEX_MESSAGE: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/// The API server's message for a number followed by a suffix it does not know (`128mi`).
pub const QUANTITY_SUFFIX_MESSAGE: &str = "unable to parse quantity's suffix";

/// Longest quantity text we parse. Real quantities are a handful of characters; the bound keeps
/// the exact integer arithmetic below inside `u128`.
pub const QUANTITY_TEXT_LEN_MAX_CHARS: usize = 64;

/// Largest value a quantity may take after conversion (the API server's int64 range).
pub const QUANTITY_VALUE_MAX: u64 = i64::MAX as u64;

/// Parses a CPU quantity into millicores (`250m` → 250, `0.5` → 500, `2` → 2000, `100u` → 1).
pub fn parse_cpu(s: &str) -> Result<Quantity, String> {
    parse_scaled(s, 3)
}

/// Parses a memory quantity into bytes (`128Mi` → 134217728, `300M` → 300000000, `1e9`).
pub fn parse_memory(s: &str) -> Result<Quantity, String> {
    parse_scaled(s, 0)
}

/// Formats bytes with the largest binary suffix that divides them exactly
/// (`4Gi`, `128Mi`, `1536Ki`), or as plain bytes (`1000`).
pub fn format_bytes_binary(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    if bytes == 0 {
        return "0".to_string();
    }
    let mut value = bytes;
    let mut unit = None;
    for u in UNITS {
        if value % 1024 != 0 {
            break;
        }
        value /= 1024;
        unit = Some(u);
    }
    match unit {
        Some(u) => format!("{value}{u}"),
        None => bytes.to_string(),
    }
}

/// A parsed quantity as an exact rational: `digits × 10^exp10 × 2^exp2`.
struct Parsed {
    negative: bool,
    digits: u128,
    exp10: i32,
    exp2: u32,
}

/// Parses `s` and returns its value × 10^`extra_exp10`, rounded up to an integer.
fn parse_scaled(s: &str, extra_exp10: i32) -> Result<Quantity, String> {
    let p = parse(s)?;
    if p.negative && p.digits != 0 {
        return Err("must be greater than or equal to 0".to_string());
    }
    let value = to_integer_ceil(p.digits, p.exp10 + extra_exp10, p.exp2)
        .filter(|v| *v <= u128::from(QUANTITY_VALUE_MAX))
        .ok_or_else(|| format!("quantity is too large (at most {QUANTITY_VALUE_MAX})"))?;
    Ok(Quantity {
        text: s.to_string(),
        value: value as u64,
    })
}

/// Reads a quantity's text as apimachinery does: an optional sign, the number, the suffix.
fn parse(s: &str) -> Result<Parsed, String> {
    if s.is_empty() || s.len() > QUANTITY_TEXT_LEN_MAX_CHARS || !s.is_ascii() {
        return Err(QUANTITY_REGEX_MESSAGE.to_string());
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut negative = false;
    if bytes[0] == b'+' || bytes[0] == b'-' {
        negative = bytes[0] == b'-';
        i = 1;
    }
    let number_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
        i += 1;
    }
    let number = &s[number_start..i];
    let suffix = &s[i..];
    // The regular expression itself: a non-empty number part, then only suffix characters.
    if number.is_empty() || !suffix_shape_ok(suffix) {
        return Err(QUANTITY_REGEX_MESSAGE.to_string());
    }
    let (digits, exp10) = decimal(number)?;
    let (suffix_exp10, exp2) = suffix_exponents(suffix)?;
    Ok(Parsed {
        negative,
        digits,
        exp10: exp10.saturating_add(suffix_exp10),
        exp2,
    })
}

/// The suffix's shape as the API's regular expression allows it: suffix letters, then an
/// optional sign and digits.
fn suffix_shape_ok(suffix: &str) -> bool {
    let sb = suffix.as_bytes();
    let mut j = 0;
    while j < sb.len() && b"eEinumkKMGTP".contains(&sb[j]) {
        j += 1;
    }
    if j < sb.len() && (sb[j] == b'+' || sb[j] == b'-') {
        j += 1;
    }
    sb[j..].iter().all(u8::is_ascii_digit)
}

/// The number part (digits with at most one '.', at least one digit) as (digits, power of
/// ten); past ~36 significant digits the magnitude is kept and the rest rounded up.
fn decimal(number: &str) -> Result<(u128, i32), String> {
    let mut digits: u128 = 0;
    let mut exp10: i32 = 0;
    let mut seen_dot = false;
    let mut seen_digit = false;
    for c in number.bytes() {
        if c == b'.' {
            if seen_dot {
                return Err(QUANTITY_REGEX_MESSAGE.to_string());
            }
            seen_dot = true;
            continue;
        }
        seen_digit = true;
        let d = u128::from(c - b'0');
        if digits > u128::MAX / 100 {
            // Past ~36 significant digits: keep the magnitude, drop precision, round up.
            if !seen_dot {
                exp10 += 1;
            }
            if d != 0 {
                digits += 1;
            }
            continue;
        }
        digits = digits * 10 + d;
        if seen_dot {
            exp10 -= 1;
        }
    }
    if !seen_digit {
        return Err(QUANTITY_REGEX_MESSAGE.to_string());
    }
    Ok((digits, exp10))
}

/// The suffix as (power of ten, power of two): decimal SI (`m`, `k`, `M`, …), binary (`Ki`,
/// `Mi`, …) or an exponent (`e3`, `E-2`).
fn suffix_exponents(suffix: &str) -> Result<(i32, u32), String> {
    Ok(match suffix {
        "" => (0, 0),
        "n" => (-9, 0),
        "u" => (-6, 0),
        "m" => (-3, 0),
        "k" => (3, 0),
        "M" => (6, 0),
        "G" => (9, 0),
        "T" => (12, 0),
        "P" => (15, 0),
        "E" => (18, 0),
        "Ki" => (0, 10),
        "Mi" => (0, 20),
        "Gi" => (0, 30),
        "Ti" => (0, 40),
        "Pi" => (0, 50),
        "Ei" => (0, 60),
        _ => {
            let rest = suffix
                .strip_prefix('e')
                .or_else(|| suffix.strip_prefix('E'))
                .ok_or_else(|| QUANTITY_SUFFIX_MESSAGE.to_string())?;
            let digits_part = rest.strip_prefix(['+', '-']).unwrap_or(rest);
            if digits_part.is_empty() || !digits_part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(QUANTITY_SUFFIX_MESSAGE.to_string());
            }
            // Clamp: anything beyond ±100 is far outside the int64 range either way.
            let magnitude: i32 = digits_part.parse::<i32>().unwrap_or(i32::MAX).min(100);
            let e = if rest.starts_with('-') {
                -magnitude
            } else {
                magnitude
            };
            (e, 0)
        }
    })
}

/// `digits × 10^exp10 × 2^exp2`, rounded up; `None` when it does not fit in a `u128`.
fn to_integer_ceil(digits: u128, exp10: i32, exp2: u32) -> Option<u128> {
    if digits == 0 {
        return Some(0);
    }
    let mut num = digits.checked_mul(1u128.checked_shl(exp2)?)?;
    if exp10 >= 0 {
        for _ in 0..exp10 {
            num = num.checked_mul(10)?;
        }
        Some(num)
    } else {
        // A positive value below one unit still rounds up to 1.
        let mut den: u128 = 1;
        for _ in 0..(-exp10) {
            match den.checked_mul(10) {
                Some(d) => den = d,
                None => return Some(1),
            }
        }
        Some(num.div_ceil(den))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpu(s: &str) -> u64 {
        parse_cpu(s).unwrap().value
    }
    fn mem(s: &str) -> u64 {
        parse_memory(s).unwrap().value
    }

    #[test]
    fn cpu_quantities_become_millicores() {
        assert_eq!(cpu("250m"), 250);
        assert_eq!(cpu("0.5"), 500);
        assert_eq!(cpu("1"), 1000);
        assert_eq!(cpu("2"), 2000);
        assert_eq!(cpu(".1"), 100);
        assert_eq!(cpu("+1.5"), 1500);
        assert_eq!(cpu("0"), 0);
        assert_eq!(cpu("1e3"), 1_000_000);
        assert_eq!(cpu("1k"), 1_000_000);
    }

    #[test]
    fn cpu_below_one_millicore_rounds_up() {
        assert_eq!(cpu("100u"), 1);
        assert_eq!(cpu("1n"), 1);
        assert_eq!(cpu("0.0001"), 1);
        assert_eq!(cpu("1500u"), 2);
    }

    #[test]
    fn memory_quantities_become_bytes() {
        assert_eq!(mem("128Mi"), 128 * 1024 * 1024);
        assert_eq!(mem("1Gi"), 1 << 30);
        assert_eq!(mem("300M"), 300_000_000);
        assert_eq!(mem("1e9"), 1_000_000_000);
        assert_eq!(mem("129e6"), 129_000_000);
        assert_eq!(mem("1000"), 1000);
        assert_eq!(mem("1.5Gi"), 1_610_612_736);
        assert_eq!(mem("0.5"), 1);
        assert_eq!(mem("64Ki"), 65536);
    }

    #[test]
    fn text_is_kept_as_written() {
        assert_eq!(parse_cpu("250m").unwrap().text, "250m");
    }

    #[test]
    fn malformed_quantities_use_the_api_server_wording() {
        for bad in ["", "abc", "128MB", "1.2.3", ".", "1 Gi", "--1", "½", "Mi"] {
            assert_eq!(
                parse_memory(bad).unwrap_err(),
                QUANTITY_REGEX_MESSAGE,
                "input {bad:?}"
            );
        }
        for bad in ["128mi", "1Ki2", "5kM", "1e"] {
            assert_eq!(
                parse_memory(bad).unwrap_err(),
                QUANTITY_SUFFIX_MESSAGE,
                "input {bad:?}"
            );
        }
    }

    #[test]
    fn negative_and_huge_quantities_are_refused() {
        assert_eq!(
            parse_cpu("-1").unwrap_err(),
            "must be greater than or equal to 0"
        );
        assert!(parse_memory("1e100").unwrap_err().contains("too large"));
        assert!(parse_memory("99999999999999999999Ei")
            .unwrap_err()
            .contains("too large"));
        assert_eq!(cpu("-0"), 0);
    }

    #[test]
    fn bytes_format_with_the_largest_exact_binary_suffix() {
        assert_eq!(format_bytes_binary(4 << 30), "4Gi");
        assert_eq!(format_bytes_binary(128 << 20), "128Mi");
        assert_eq!(format_bytes_binary(1536 << 10), "1536Ki");
        assert_eq!(format_bytes_binary(1000), "1000");
        assert_eq!(format_bytes_binary(0), "0");
        assert_eq!(format_bytes_binary(1024), "1Ki");
    }
}
