//! What an issuing body's papers say of it beyond its name: its own legal bases, who carries out its
//! decisions, to whom its submissions go. Kept per body (`issuer_profiles`); a body that has not
//! filled it in gets defaults built from its name and province.

use serde::Serialize;

/// Whom a decision names in "Xét đề nghị của …" until the Office changes it.
pub const DEFAULT_PROPOSER: &str = "Hội đồng Thi đua - Khen thưởng Sở và Chánh Văn phòng Sở";

/// An issuing body's particulars, as its documents print them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IssuerProfile {
    /// its own "Căn cứ" lines (the decision that founded it and sets its tasks, the province's
    /// emulation regulation), one per line, after the regime's
    pub bases: String,
    /// Điều 3 of its decisions: who carries them out ("Chánh Văn phòng Sở, Trưởng phòng Kế hoạch
    /// - Tài chính, Thủ trưởng các phòng, đơn vị thuộc Sở")
    pub executors: String,
    /// who decides the province's awards ("Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng")
    pub province_authority: String,
    /// through whom a submission to the province goes ("Ban Thi đua - Khen thưởng tỉnh (Sở Nội vụ)")
    pub province_board: String,
    /// the sector ministry ("Bộ Tài nguyên và Môi trường")
    pub ministry: String,
    /// 0 while none is saved
    pub version: i32,
}

/// The longest each field may be (the table's checks).
pub const LIMITS: [(&str, usize); 5] = [
    ("bases", 4000),
    ("executors", 500),
    ("province_authority", 300),
    ("province_board", 300),
    ("ministry", 300),
];

impl IssuerProfile {
    /// The defaults of a body in province `place` ("Sóc Trăng"): the Office and the units carry out
    /// its decisions; the province's Chairman decides, through the province's emulation board.
    pub fn defaults(place: &str) -> IssuerProfile {
        let place = place.trim();
        let province = if place.is_empty() {
            "tỉnh".to_string()
        } else {
            format!("tỉnh {place}")
        };
        IssuerProfile {
            bases: String::new(),
            executors: "Chánh Văn phòng Sở, Thủ trưởng các phòng, đơn vị thuộc Sở".into(),
            province_authority: format!("Chủ tịch Ủy ban nhân dân {province}"),
            province_board: format!("Ban Thi đua - Khen thưởng {province}"),
            ministry: String::new(),
            version: 0,
        }
    }

    /// Each field as the form names it.
    pub fn field(&self, key: &str) -> &str {
        match key {
            "bases" => &self.bases,
            "executors" => &self.executors,
            "province_authority" => &self.province_authority,
            "province_board" => &self.province_board,
            "ministry" => &self.ministry,
            _ => "",
        }
    }

    /// The profile from the form's fields (trimmed, NFC), or the fields that are too long or
    /// missing. Executors and the province's authority are required.
    pub fn from_form(
        get: impl Fn(&str) -> String,
    ) -> Result<IssuerProfile, Vec<(&'static str, &'static str)>> {
        use unicode_normalization::UnicodeNormalization;
        let mut errors = Vec::new();
        let mut val = |key: &'static str, max: usize, required: bool| -> String {
            let v: String = get(key).trim().nfc().collect();
            if v.chars().count() > max {
                errors.push((key, "issuer.err_long"));
            } else if required && v.is_empty() {
                errors.push((key, "issuer.err_required"));
            }
            v
        };
        let p = IssuerProfile {
            bases: val("bases", 4000, false)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
            executors: val("executors", 500, true),
            province_authority: val("province_authority", 300, true),
            province_board: val("province_board", 300, false),
            ministry: val("ministry", 300, false),
            version: 0,
        };
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(errors)
        }
    }

    /// Whom a submission of lines decided by `deciders` (`titles.decided_by`) is addressed to, in
    /// sentence case: the province's Chairman for the province's awards, the sector minister for
    /// the ministry's, the Prime Minister, the President.
    pub fn recipient_for(&self, deciders: &[String]) -> String {
        let has = |d: &str| deciders.iter().any(|x| x == d);
        if has("president") {
            "Chủ tịch nước".into()
        } else if has("prime_minister") {
            "Thủ tướng Chính phủ".into()
        } else if has("minister") && !self.ministry.trim().is_empty() {
            format!("Bộ trưởng {}", self.ministry.trim())
        } else {
            self.province_authority.clone()
        }
    }

    /// The province's people's committee as running text names it ("Ủy ban nhân dân tỉnh Sóc
    /// Trăng"), from who decides its awards.
    pub fn province_body(&self) -> String {
        let a = self.province_authority.trim();
        a.strip_prefix("Chủ tịch ").unwrap_or(a).to_string()
    }

    /// Its "Căn cứ" lines.
    pub fn base_lines(&self) -> Vec<String> {
        self.bases
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 27, item 6: a minister's form goes up to the minister (the Department's sector
    /// ministry), the Prime Minister's and the President's to them, the rest to the province.
    #[test]
    fn each_form_goes_up_to_whoever_decides_it() {
        let mut p = IssuerProfile::defaults("Sóc Trăng");
        p.ministry = "Bộ Tài nguyên và Môi trường".into();
        let to = |d: &[&str]| p.recipient_for(&d.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(to(&["minister"]), "Bộ trưởng Bộ Tài nguyên và Môi trường");
        assert_eq!(to(&["province"]), "Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng");
        assert_eq!(to(&["province", "prime_minister"]), "Thủ tướng Chính phủ");
        assert_eq!(to(&["president"]), "Chủ tịch nước");
    }

    #[test]
    fn defaults_name_the_province() {
        let p = IssuerProfile::defaults("Sóc Trăng");
        assert_eq!(
            p.province_authority,
            "Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng"
        );
        assert_eq!(p.province_board, "Ban Thi đua - Khen thưởng tỉnh Sóc Trăng");
    }

    #[test]
    fn the_form_requires_the_executors_and_limits_lengths() {
        let form = |k: &str| match k {
            "bases" => "  Căn cứ A;\n\n Căn cứ B; ".to_string(),
            "executors" => "Chánh Văn phòng Sở".to_string(),
            "province_authority" => "x".repeat(301),
            _ => String::new(),
        };
        assert_eq!(
            IssuerProfile::from_form(form),
            Err(vec![("province_authority", "issuer.err_long")])
        );
        let ok = |k: &str| match k {
            "bases" => "  Căn cứ A;\n\n Căn cứ B; ".to_string(),
            "executors" => "Chánh Văn phòng Sở".to_string(),
            "province_authority" => "Chủ tịch UBND tỉnh".to_string(),
            _ => String::new(),
        };
        let p = IssuerProfile::from_form(ok).unwrap_or_default();
        assert_eq!(p.base_lines(), ["Căn cứ A;", "Căn cứ B;"]);
        let none = |_: &str| String::new();
        assert_eq!(
            IssuerProfile::from_form(none),
            Err(vec![
                ("executors", "issuer.err_required"),
                ("province_authority", "issuer.err_required")
            ])
        );
    }
}
