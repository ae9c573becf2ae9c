//! The `perl` image: the one-liner of the Kubernetes Jobs page, `perl -Mbignum=bpi -wle
//! "print bpi(2000)"`, computed for real (π to the digits asked, as Math::BigFloat rounds it);
//! any other program says plainly that Sunaba does not run Perl.

use super::{Behaviour, PlannedExit, MIB};
use crate::input::model::{Container, Millis};

/// Most digits of π computed (the page asks for 2000; more would only cost the learner's tab).
const BPI_DIGITS_MAX: usize = 10_000;

/// Fixed-point limbs in base 10⁹.
const LIMB: u64 = 1_000_000_000;

pub(super) fn configure(b: &mut Behaviour, container: &Container) {
    b.startup_ms = 0;
    b.memory_base_bytes = 12 * MIB;
    b.sigterm_ms = Some(50);
    let argv: Vec<&str> = container
        .command
        .iter()
        .chain(container.args.iter())
        .map(String::as_str)
        .collect();
    match bpi_request(&argv) {
        Some(digits) if (1..=BPI_DIGITS_MAX).contains(&digits) => {
            b.exit_lines = vec![pi_digits(digits)];
            b.exit = Some(PlannedExit {
                // Math::BigFloat takes a few seconds for 2000 digits on a cluster node.
                after_ms: 1_000 + digits as Millis * 3,
                exit_code: 0,
            });
        }
        Some(digits) => {
            b.exit_lines = vec![format!(
                "Sunaba computes bpi() to at most {BPI_DIGITS_MAX} digits, not {digits}"
            )];
            b.exit = Some(PlannedExit {
                after_ms: 100,
                exit_code: 255,
            });
        }
        None if argv.is_empty() || argv == ["perl5.34.0", "-de0"] => {
            // The image's default command is the debugger, which needs a terminal: it ends.
            b.exit = Some(PlannedExit {
                after_ms: 100,
                exit_code: 0,
            });
        }
        None => {
            b.exit_lines = vec![
                "Sunaba does not run Perl programs: the perl image simulates only `perl -Mbignum=bpi -wle 'print bpi(N)'` (the Kubernetes Jobs page's one-liner)".into(),
            ];
            b.exit = Some(PlannedExit {
                after_ms: 100,
                exit_code: 0,
            });
        }
    }
}

/// `N` of `perl -Mbignum=bpi -wle 'print bpi(N)'` (options in any order, the program last).
fn bpi_request(argv: &[&str]) -> Option<usize> {
    let (program, options) = argv.split_last()?;
    let uses_bignum = options.iter().any(|o| o.starts_with("-Mbignum"));
    let runs_perl = options
        .first()
        .is_some_and(|p| *p == "perl" || p.ends_with("/perl"));
    if !uses_bignum || !runs_perl {
        return None;
    }
    let inner = program
        .trim()
        .trim_end_matches(';')
        .trim()
        .strip_prefix("print bpi(")?
        .strip_suffix(')')?;
    inner.trim().parse().ok()
}

/// π with `digits` significant digits (`3.14…`), rounded half to even at the last one, as
/// Math::BigFloat's `bpi` prints it.
pub fn pi_digits(digits: usize) -> String {
    let guard = 12;
    let limbs = (digits + guard).div_ceil(9) + 1;
    // π = 16·atan(1/5) − 4·atan(1/239) (Machin), in fixed point: limb 0 is the integer part.
    let mut pi = atan_inverse(5, limbs);
    mul_small(&mut pi, 16);
    let mut b = atan_inverse(239, limbs);
    mul_small(&mut b, 4);
    sub(&mut pi, &b);
    let mut text = pi[0].to_string();
    for l in &pi[1..] {
        text.push_str(&format!("{l:09}"));
    }
    // `text` holds the digits without the point; keep `digits` of them, rounding on the rest.
    let mut kept: Vec<u8> = text.as_bytes()[..digits].to_vec();
    let next = text.as_bytes()[digits];
    let rest_nonzero = text.as_bytes()[digits + 1..digits + guard]
        .iter()
        .any(|&c| c != b'0');
    let last_odd = (kept[digits - 1] - b'0') % 2 == 1;
    if next > b'5' || (next == b'5' && (rest_nonzero || last_odd)) {
        let mut i = digits;
        while i > 0 {
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let kept = String::from_utf8(kept).unwrap_or_default();
    if digits == 1 {
        kept
    } else {
        format!("{}.{}", &kept[..1], &kept[1..])
    }
}

/// atan(1/x) in fixed point with `limbs` limbs: Σ (−1)ᵏ / ((2k+1)·x²ᵏ⁺¹).
fn atan_inverse(x: u64, limbs: usize) -> Vec<u64> {
    let mut sum = vec![0u64; limbs];
    let mut power = vec![0u64; limbs];
    power[0] = 1;
    div_small(&mut power, x);
    let mut k = 0u64;
    let x2 = x * x;
    while !is_zero(&power) {
        let mut term = power.clone();
        div_small(&mut term, 2 * k + 1);
        if k % 2 == 0 {
            add(&mut sum, &term);
        } else {
            sub(&mut sum, &term);
        }
        div_small(&mut power, x2);
        k += 1;
    }
    sum
}

fn div_small(a: &mut [u64], d: u64) {
    let mut rem = 0u64;
    for l in a.iter_mut() {
        let cur = rem * LIMB + *l;
        *l = cur / d;
        rem = cur % d;
    }
}

fn mul_small(a: &mut [u64], m: u64) {
    let mut carry = 0u64;
    for l in a.iter_mut().rev() {
        let cur = *l * m + carry;
        *l = cur % LIMB;
        carry = cur / LIMB;
    }
    a[0] += carry * LIMB;
}

fn add(a: &mut [u64], b: &[u64]) {
    let mut carry = 0u64;
    for (x, y) in a.iter_mut().zip(b).rev() {
        let cur = *x + *y + carry;
        *x = cur % LIMB;
        carry = cur / LIMB;
    }
    a[0] += carry * LIMB;
}

fn sub(a: &mut [u64], b: &[u64]) {
    let mut borrow = 0u64;
    for (x, y) in a.iter_mut().zip(b).rev() {
        let need = *y + borrow;
        if *x >= need {
            *x -= need;
            borrow = 0;
        } else {
            *x = *x + LIMB - need;
            borrow = 1;
        }
    }
}

fn is_zero(a: &[u64]) -> bool {
    a.iter().all(|&l| l == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pi_has_the_digits_perl_prints() {
        assert_eq!(pi_digits(5), "3.1416");
        assert_eq!(pi_digits(10), "3.141592654");
        let long = pi_digits(2000);
        assert_eq!(long.len(), 2001);
        assert!(long.starts_with("3.14159265358979323846264338327950288419716939937510"));
        // The last digits of π to 2000 places (1999 decimals), as bpi(2000) prints them.
        assert!(
            long.ends_with("326459958133904780275901"),
            "{}",
            &long[1970..]
        );
    }

    #[test]
    fn only_the_bpi_one_liner_is_recognised() {
        assert_eq!(
            bpi_request(&["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]),
            Some(2000)
        );
        assert_eq!(bpi_request(&["perl", "-e", "print 1"]), None);
    }
}
