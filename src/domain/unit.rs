//! Units of the organisation chart.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Department,
    Office,
    Inspectorate,
    Division,
    Centre,
    DistrictOffice,
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 7] = [
        UnitKind::Department,
        UnitKind::Office,
        UnitKind::Inspectorate,
        UnitKind::Division,
        UnitKind::Centre,
        UnitKind::DistrictOffice,
        UnitKind::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Department => "department",
            UnitKind::Office => "office",
            UnitKind::Inspectorate => "inspectorate",
            UnitKind::Division => "division",
            UnitKind::Centre => "centre",
            UnitKind::DistrictOffice => "district_office",
            UnitKind::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn label_key(code: &str) -> String {
        format!("unitkind.{code}")
    }
}

/// A unit code: upper-case ASCII letters, digits, '.', '_' or '-', 1..=32 characters.
pub fn parse_unit_code(s: &str) -> Result<String, &'static str> {
    let s = s.trim().to_uppercase();
    if s.is_empty() {
        return Err("err.required");
    }
    let ok = s.len() <= 32
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok { Ok(s) } else { Err("err.unit_code") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_codes() {
        assert_eq!(parse_unit_code(" vp "), Ok("VP".into()));
        assert_eq!(parse_unit_code("PTNMT-STR"), Ok("PTNMT-STR".into()));
        assert_eq!(parse_unit_code("Phòng"), Err("err.unit_code"));
        assert_eq!(parse_unit_code("-X"), Err("err.unit_code"));
        assert_eq!(parse_unit_code(""), Err("err.required"));
    }

    #[test]
    fn kinds_round_trip() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.code()), Some(k));
        }
    }
}
