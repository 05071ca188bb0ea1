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
