//! People (staff records): the fields, how typed or imported text becomes them, and their checks.

use super::dates::parse_opt_date;
use super::names::{FullName, clean_text, fold};
use chrono::NaiveDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Other,
}

impl Gender {
    pub const ALL: [Gender; 3] = [Gender::Male, Gender::Female, Gender::Other];
    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
            Gender::Other => "other",
        }
    }
    /// Accepts the codes and the Vietnamese and English words HR files use ("Nam", "Nữ", "F").
    pub fn parse(s: &str) -> Option<Gender> {
        match fold(s.trim()).as_str() {
            "male" | "nam" | "m" => Some(Gender::Male),
            "female" | "nu" | "f" => Some(Gender::Female),
            "other" | "khac" => Some(Gender::Other),
            _ => None,
        }
    }
}

/// Employment category: công chức, viên chức, người lao động.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    CongChuc,
    VienChuc,
    NguoiLaoDong,
}

impl Category {
    pub const ALL: [Category; 3] = [
        Category::CongChuc,
        Category::VienChuc,
        Category::NguoiLaoDong,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Category::CongChuc => "cong_chuc",
            Category::VienChuc => "vien_chuc",
            Category::NguoiLaoDong => "nguoi_lao_dong",
        }
    }
    pub fn parse(s: &str) -> Option<Category> {
        match fold(s.trim()).replace(['_', '-'], " ").as_str() {
            "cong chuc" | "cc" => Some(Category::CongChuc),
            "vien chuc" | "vc" => Some(Category::VienChuc),
            "nguoi lao dong" | "nld" | "hop dong" => Some(Category::NguoiLaoDong),
            _ => None,
        }
    }
}

/// A person's fields as typed in a form or read from an import row (unit handled by the caller).
#[derive(Clone, Debug, Default)]
pub struct PersonText<'a> {
    pub full_name: &'a str,
    pub gender: &'a str,
    pub birth_date: &'a str,
    pub position: &'a str,
    pub category: &'a str,
    pub start_date: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub employee_code: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PersonFields {
    pub full_name: String,
    pub gender: Gender,
    pub birth_date: Option<NaiveDate>,
    pub position: Option<String>,
    pub category: Category,
    pub start_date: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub employee_code: Option<String>,
}

/// (field, i18n message key) pairs.
pub type FieldErrors = Vec<(&'static str, &'static str)>;

fn opt(s: &str, max: usize) -> Result<Option<String>, &'static str> {
    let s = clean_text(s);
    if s.is_empty() {
        Ok(None)
    } else if s.chars().count() > max {
        Err("err.too_long")
    } else {
        Ok(Some(s))
    }
}

pub fn validate_person(t: &PersonText) -> Result<PersonFields, FieldErrors> {
    let mut errs: FieldErrors = Vec::new();
    let full_name = FullName::parse(t.full_name)
        .map_err(|e| errs.push(("full_name", e)))
        .ok();
    let gender = Gender::parse(t.gender)
        .ok_or("err.gender")
        .map_err(|e| errs.push(("gender", e)))
        .ok();
    let birth_date = parse_opt_date(t.birth_date)
        .map_err(|e| errs.push(("birth_date", e)))
        .ok();
    let today = super::dates::today_vn();
    if let Some(Some(b)) = birth_date {
        if b > today || b < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(b) {
            errs.push(("birth_date", "err.date_range"));
        }
    }
    let position = opt(t.position, 200)
        .map_err(|e| errs.push(("position", e)))
        .ok();
    let category = Category::parse(t.category)
        .ok_or("err.category")
        .map_err(|e| errs.push(("category", e)))
        .ok();
    let start_date = parse_opt_date(t.start_date)
        .map_err(|e| errs.push(("start_date", e)))
        .ok();
    let email = opt(t.email, 200).map_err(|e| errs.push(("email", e))).ok();
    if let Some(Some(e)) = &email {
        let ok = e
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !e.contains(' '));
        if !ok {
            errs.push(("email", "err.email"));
        }
    }
    let phone = opt(t.phone, 30).map_err(|e| errs.push(("phone", e))).ok();
    if let Some(Some(p)) = &phone {
        if !p
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '.' | '-' | '(' | ')'))
        {
            errs.push(("phone", "err.phone"));
        }
    }
    let employee_code = opt(t.employee_code, 40)
        .map_err(|e| errs.push(("employee_code", e)))
        .ok();
    match (
        full_name,
        gender,
        birth_date,
        position,
        category,
        start_date,
        email,
        phone,
        employee_code,
    ) {
        (
            Some(full_name),
            Some(gender),
            Some(birth_date),
            Some(position),
            Some(category),
            Some(start_date),
            Some(email),
            Some(phone),
            Some(employee_code),
        ) if errs.is_empty() => Ok(PersonFields {
            full_name: full_name.into_inner(),
            gender,
            birth_date,
            position,
            category,
            start_date,
            email: email.map(|e| e.to_lowercase()),
            phone,
            employee_code: employee_code.map(|c| c.to_uppercase()),
        }),
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> PersonText<'static> {
        PersonText {
            full_name: "Nguyễn Thị Thu Hà",
            gender: "Nữ",
            birth_date: "05/01/1985",
            position: "Chuyên viên",
            category: "Công chức",
            start_date: "",
            email: "",
            phone: "0912 345 678",
            employee_code: "nv001",
        }
    }

    #[test]
    fn accepts_hr_spellings() {
        let p = validate_person(&base()).unwrap();
        assert_eq!(p.gender, Gender::Female);
        assert_eq!(p.category, Category::CongChuc);
        assert_eq!(p.employee_code.as_deref(), Some("NV001"));
        assert_eq!(p.birth_date, NaiveDate::from_ymd_opt(1985, 1, 5));
        assert_eq!(
            Category::parse("người lao động"),
            Some(Category::NguoiLaoDong)
        );
        assert_eq!(Category::parse("vien_chuc"), Some(Category::VienChuc));
    }

    #[test]
    fn reports_every_bad_field() {
        let t = PersonText {
            full_name: "",
            gender: "x",
            birth_date: "31/02/1990",
            email: "a@",
            ..base()
        };
        let errs = validate_person(&t).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.0).collect();
        assert_eq!(fields, vec!["full_name", "gender", "birth_date", "email"]);
    }
}

/// How an official document names a person of gender `code` before the name: "Ông", "Bà", or
/// nothing when the gender is not recorded as either.
pub fn honorific(code: &str) -> &'static str {
    match code {
        "male" => "Ông",
        "female" => "Bà",
        _ => "",
    }
}

/// A person as the opening of minutes names them: "Ông Lê Thanh Đạt, Trưởng phòng" (the honorific
/// when the gender is known, the position when there is one).
pub fn named_with_position(gender: &str, name: &str, position: Option<&str>) -> String {
    let h = honorific(gender);
    let mut out = if h.is_empty() {
        name.to_string()
    } else {
        format!("{h} {name}")
    };
    if let Some(p) = position.map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str(", ");
        out.push_str(p);
    }
    out
}

/// Whether a person's recorded position is a leading post (chức vụ: "Trưởng phòng", "Phó Giám
/// đốc Trung tâm", "Chánh Văn phòng") rather than a professional grade or job (chức danh, ngạch:
/// "Chuyên viên", "Kỹ sư", "Kế toán"), which official forms ask for apart.
pub fn is_leading_post(position: &str) -> bool {
    let folded = crate::domain::names::fold(position);
    let words: Vec<&str> = folded.split_whitespace().collect();
    // "Kế toán trưởng", "Tổ trưởng", "Trưởng phòng", "Phó …", "Giám đốc", "Chánh …", "Chủ tịch"
    words
        .first()
        .is_some_and(|w| ["truong", "pho", "chanh"].contains(w) && words.len() > 1)
        || folded.starts_with("giam doc")
        || folded.starts_with("chu tich")
        || folded.starts_with("bi thu")
        || words.iter().skip(1).any(|w| *w == "truong")
}

#[cfg(test)]
mod post_tests {
    use super::*;

    #[test]
    fn a_leading_post_is_told_from_a_grade() {
        for p in [
            "Trưởng phòng",
            "Phó Trưởng phòng",
            "Giám đốc Trung tâm",
            "Phó Giám đốc Chi nhánh",
            "Chánh Văn phòng",
            "Phó Chánh Thanh tra",
            "Kế toán trưởng",
            "Tổ trưởng",
            "Thủ trưởng đơn vị",
        ] {
            assert!(is_leading_post(p), "{p}");
        }
        for g in [
            "Chuyên viên",
            "Chuyên viên chính",
            "Kỹ sư",
            "Kế toán",
            "Thanh tra viên",
            "Văn thư",
            "Thủ quỹ",
            "Nhân viên",
            "",
        ] {
            assert!(!is_leading_post(g), "{g}");
        }
    }
}
