//! Working-day arithmetic for deadlines and notice periods: Monday to Friday, except public holidays
//! and bridged days off, plus the weekend days worked in exchange (làm bù). The calendar is data
//! (`holidays`), edited per year as the Government announces it.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayKind {
    /// a public holiday or a bridged day off
    Holiday,
    /// a weekend day worked in exchange for a bridged day off
    Working,
}

#[derive(Clone, Debug, Default)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, DayKind>,
}

impl Calendar {
    pub fn new(days: impl IntoIterator<Item = (NaiveDate, DayKind)>) -> Calendar {
        Calendar {
            days: days.into_iter().collect(),
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.days.get(&d) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Working) => true,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The day `n` working days after `from` (n = 0: `from` if it is a working day, else the next
    /// one). A deadline "within 5 working days of 28/01/2022" is `add_working_days(28/01, 5)`.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        if n == 0 {
            while !self.is_working_day(d) {
                d = next(d);
            }
            return d;
        }
        let mut left = n;
        while left > 0 {
            d = next(d);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = next(d);
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }
}

fn next(d: NaiveDate) -> NaiveDate {
    d.checked_add_days(Days::new(1)).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The seeded calendar's days that these cases cross (migration 20261125000011).
    fn calendar() -> Calendar {
        let mut days = vec![
            (d(2022, 1, 1), DayKind::Holiday),
            (d(2022, 1, 3), DayKind::Holiday),
            (d(2022, 9, 1), DayKind::Holiday),
            (d(2022, 9, 2), DayKind::Holiday),
            (d(2024, 4, 29), DayKind::Holiday),
            (d(2024, 4, 30), DayKind::Holiday),
            (d(2024, 5, 1), DayKind::Holiday),
            (d(2024, 5, 4), DayKind::Working),
        ];
        // Tết Nhâm Dần: 31/01 to 04/02/2022
        for day in 31..=31 {
            days.push((d(2022, 1, day), DayKind::Holiday));
        }
        for day in 1..=4 {
            days.push((d(2022, 2, day), DayKind::Holiday));
        }
        Calendar::new(days)
    }

    #[test]
    fn working_days_skip_weekends_tet_national_day_and_count_make_up_saturdays() {
        let c = calendar();
        // (from, n, expected, why)
        let cases = [
            (
                d(2022, 1, 28),
                1,
                d(2022, 2, 7),
                "Friday before Tết: the week of Tết is off",
            ),
            (
                d(2022, 1, 28),
                0,
                d(2022, 1, 28),
                "a working day is its own day 0",
            ),
            (
                d(2022, 1, 29),
                0,
                d(2022, 2, 7),
                "day 0 on a Saturday before Tết",
            ),
            (
                d(2021, 12, 31),
                1,
                d(2022, 1, 4),
                "New Year's Day on Saturday, Monday off in lieu",
            ),
            (
                d(2022, 8, 31),
                1,
                d(2022, 9, 5),
                "Quốc khánh 1-2/9 and the weekend",
            ),
            (
                d(2022, 8, 31),
                3,
                d(2022, 9, 7),
                "three working days over 2/9",
            ),
            (
                d(2024, 4, 26),
                1,
                d(2024, 5, 2),
                "29/4 bridged, 30/4 and 1/5 off",
            ),
            (
                d(2024, 4, 26),
                3,
                d(2024, 5, 4),
                "the Saturday worked in exchange counts",
            ),
            (d(2024, 4, 26), 4, d(2024, 5, 6), "then Monday"),
            (d(2024, 6, 3), 5, d(2024, 6, 10), "an ordinary week"),
        ];
        for (from, n, want, why) in cases {
            assert_eq!(c.add_working_days(from, n), want, "{why}");
        }
    }

    #[test]
    fn counting_working_days_between_two_dates() {
        let c = calendar();
        assert_eq!(c.working_days_between(d(2022, 1, 28), d(2022, 2, 7)), 1);
        assert_eq!(c.working_days_between(d(2022, 8, 29), d(2022, 9, 5)), 3);
        assert_eq!(c.working_days_between(d(2024, 4, 26), d(2024, 5, 6)), 4);
        assert_eq!(c.working_days_between(d(2024, 5, 6), d(2024, 5, 6)), 0);
        assert_eq!(c.working_days_between(d(2024, 5, 6), d(2024, 5, 1)), 0);
        // the two functions agree on every day of 2022 and 2024
        for start in [d(2022, 1, 1), d(2024, 1, 1)] {
            let mut from = start;
            for _ in 0..366 {
                for n in 1..12 {
                    let to = c.add_working_days(from, n);
                    assert_eq!(c.working_days_between(from, to), n, "{from} + {n}");
                }
                from = next(from);
            }
        }
    }
}
