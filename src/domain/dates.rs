//! Dates the Vietnamese way: shown as dd/mm/yyyy, typed as dd/mm/yyyy (or ISO yyyy-mm-dd).

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Asia/Ho_Chi_Minh: UTC+7, no daylight saving.
pub fn vn_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap_or(Utc.fix()))
}

use chrono::Offset;
use chrono::TimeZone;

/// Today in Vietnam.
pub fn today_vn() -> NaiveDate {
    Utc::now().with_timezone(&vn_offset()).date_naive()
}

/// The day in Vietnam of an instant.
pub fn vn_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&vn_offset()).date_naive()
}

pub fn fmt_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

pub fn fmt_opt_date(d: Option<NaiveDate>) -> String {
    d.map(fmt_date).unwrap_or_default()
}

/// An instant shown in Vietnam time: "24/11/2026 21:05".
pub fn fmt_datetime(t: DateTime<Utc>) -> String {
    vn_offset()
        .from_utc_datetime(&t.naive_utc())
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// "ngày 05 tháng 01 năm 2022" as Nghị định 30/2020 writes dates: a leading zero on days below 10 and
/// on the months 1 and 2 only ("tháng 3" ... "tháng 12").
pub fn vn_date_words(d: NaiveDate) -> String {
    use chrono::Datelike;
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {} năm {}", d.day(), month, d.year())
}

/// "Sóc Trăng, ngày 05 tháng 01 năm 2022".
pub fn vn_place_date(place: &str, d: NaiveDate) -> String {
    format!("{place}, {}", vn_date_words(d))
}

/// Parses "5/1/2022", "05/01/2022", "05-01-2022", "05.01.2022" or "2022-01-05".
pub fn parse_date(s: &str) -> Result<NaiveDate, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Err("err.required");
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() == 3 && parts[2].len() == 4 {
        let day: u32 = parts[0].parse().map_err(|_| "err.date")?;
        let month: u32 = parts[1].parse().map_err(|_| "err.date")?;
        let year: i32 = parts[2].parse().map_err(|_| "err.date")?;
        return NaiveDate::from_ymd_opt(year, month, day).ok_or("err.date");
    }
    Err("err.date")
}

/// Optional date: empty input is `None`, bad input an error.
pub fn parse_opt_date(s: &str) -> Result<Option<NaiveDate>, &'static str> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(s).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn formats_with_leading_zeros() {
        assert_eq!(fmt_date(d(2022, 1, 5)), "05/01/2022");
        assert_eq!(fmt_date(d(2022, 12, 31)), "31/12/2022");
    }

    #[test]
    fn parses_vietnamese_and_iso_forms() {
        for s in [
            "05/01/2022",
            "5/1/2022",
            "05-01-2022",
            "05.01.2022",
            "2022-01-05",
            " 5/1/2022 ",
        ] {
            assert_eq!(parse_date(s), Ok(d(2022, 1, 5)), "{s}");
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in [
            "31/02/2022",
            "00/01/2022",
            "1/13/2022",
            "abc",
            "2022/01/05",
            "5/1/22",
        ] {
            assert_eq!(parse_date(s), Err("err.date"), "{s}");
        }
        assert_eq!(parse_date(""), Err("err.required"));
        assert_eq!(parse_opt_date("  "), Ok(None));
    }

    #[test]
    fn vietnam_time_is_utc_plus_seven() {
        let t = DateTime::parse_from_rfc3339("2026-11-24T20:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(fmt_datetime(t), "25/11/2026 03:30");
    }

    #[test]
    fn document_dates_follow_decree_30() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(vn_date_words(d(2022, 1, 5)), "ngày 05 tháng 01 năm 2022");
        assert_eq!(vn_date_words(d(2022, 2, 28)), "ngày 28 tháng 02 năm 2022");
        assert_eq!(vn_date_words(d(2022, 3, 9)), "ngày 09 tháng 3 năm 2022");
        assert_eq!(vn_date_words(d(2022, 12, 31)), "ngày 31 tháng 12 năm 2022");
        assert_eq!(
            vn_place_date("Sóc Trăng", d(2022, 1, 5)),
            "Sóc Trăng, ngày 05 tháng 01 năm 2022"
        );
    }
}
