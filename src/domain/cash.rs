//! Cash awards: a title's multiple of the base salary, rounded as the regime says (to the nearest
//! `round_to` đồng or up to it).

/// How a regime rounds cash: the step in đồng, and whether up (else to the nearest).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rounding {
    pub to: i64,
    pub up: bool,
}

/// A multiple written "0.30" (two decimals at most) in hundredths: 30.
pub fn hundredths(multiple: &str) -> i64 {
    let (whole, frac) = multiple.split_once('.').unwrap_or((multiple, "0"));
    let frac: String = format!("{frac:0<2}").chars().take(2).collect();
    whole.parse::<i64>().unwrap_or(0) * 100 + frac.parse::<i64>().unwrap_or(0)
}

/// The cash of `multiple` (in hundredths) × `base` đồng, rounded by `r`.
pub fn amount(multiple: i64, base: i64, r: Rounding) -> i64 {
    let exact = multiple * base; // in hundredths of a đồng
    let step = r.to.max(1) * 100;
    let n = if r.up {
        (exact + step - 1).div_euclid(step)
    } else {
        (exact + step / 2).div_euclid(step)
    };
    n * step / 100
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEAREST: Rounding = Rounding {
        to: 10_000,
        up: false,
    };
    const UP: Rounding = Rounding {
        to: 10_000,
        up: true,
    };

    #[test]
    fn a_multiple_reads_in_hundredths() {
        assert_eq!(hundredths("0.30"), 30);
        assert_eq!(hundredths("1.5"), 150);
        assert_eq!(hundredths("3"), 300);
        assert_eq!(hundredths("0.15"), 15);
    }

    #[test]
    fn cash_rounds_to_the_nearest_or_up_to_ten_thousand() {
        // 0.3 × 1,490,000 = 447,000; 0.8 × 1,490,000 = 1,192,000; 1.5 × 1,490,000 = 2,235,000
        assert_eq!(amount(30, 1_490_000, NEAREST), 450_000);
        assert_eq!(amount(80, 1_490_000, NEAREST), 1_190_000);
        assert_eq!(amount(150, 1_490_000, NEAREST), 2_240_000);
        assert_eq!(amount(30, 1_490_000, UP), 450_000);
        assert_eq!(amount(80, 1_490_000, UP), 1_200_000);
        // exact amounts stay
        assert_eq!(amount(30, 1_800_000, UP), 540_000);
        assert_eq!(amount(100, 2_340_000, NEAREST), 2_340_000);
        // no rounding
        assert_eq!(amount(30, 1_490_000, Rounding { to: 1, up: true }), 447_000);
    }
}

/// The largest amount a budget line may hold (a thousand trillion đồng).
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// An amount that is not one: letters, a sign, or more than `MAX_AMOUNT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAnAmount;

/// An amount of đồng as typed: digits grouped by dots, commas or spaces, an optional "đ", "đồng" or
/// "VND" after them; empty is none. `Err` for anything else, a fraction or more than `MAX_AMOUNT`.
pub fn parse_amount(typed: &str) -> Result<Option<i64>, NotAnAmount> {
    let t = typed.trim();
    let lower = t.to_lowercase();
    let digits = ["đồng", "vnđ", "vnd", "đ"]
        .iter()
        .find_map(|u| lower.strip_suffix(u))
        .unwrap_or(&lower)
        .trim();
    if digits.is_empty() {
        return if t.is_empty() {
            Ok(None)
        } else {
            Err(NotAnAmount)
        };
    }
    let mut n: i64 = 0;
    for c in digits.chars() {
        match c {
            '0'..='9' => {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(i64::from(c as u8 - b'0')))
                    .ok_or(NotAnAmount)?;
            }
            '.' | ',' | ' ' | '\u{a0}' => {}
            _ => return Err(NotAnAmount),
        }
    }
    if n > MAX_AMOUNT {
        return Err(NotAnAmount);
    }
    Ok(Some(n))
}

/// `part` of `whole` in percent with one decimal ("87,5 %"), or "—" when `whole` is zero.
pub fn percent_of(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "—".into();
    }
    let tenths = (i128::from(part) * 1000 + i128::from(whole) / 2) / i128::from(whole);
    format!("{},{} %", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod amount_tests {
    use super::*;

    #[test]
    fn amounts_as_typed() {
        assert_eq!(parse_amount(""), Ok(None));
        assert_eq!(parse_amount("  "), Ok(None));
        assert_eq!(parse_amount("1.500.000.000"), Ok(Some(1_500_000_000)));
        assert_eq!(parse_amount("1 500 000 000 đồng"), Ok(Some(1_500_000_000)));
        assert_eq!(parse_amount("250,000,000 VND"), Ok(Some(250_000_000)));
        assert_eq!(parse_amount("75000000đ"), Ok(Some(75_000_000)));
        assert_eq!(parse_amount("abc"), Err(NotAnAmount));
        assert_eq!(parse_amount("-5"), Err(NotAnAmount));
        assert_eq!(parse_amount("đồng"), Err(NotAnAmount));
        assert_eq!(parse_amount("99999999999999999999"), Err(NotAnAmount));
        assert_eq!(parse_amount("1000000000000001"), Err(NotAnAmount));
        assert_eq!(percent_of(875, 1000), "87,5 %");
        assert_eq!(percent_of(1, 3), "33,3 %");
        assert_eq!(percent_of(5, 0), "—");
    }
}
