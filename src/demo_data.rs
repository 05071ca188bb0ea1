//! Demo organisation content: the organisation chart of Sở Tài nguyên và Môi
//! trường tỉnh Sóc Trăng (2022) and a deterministic, synthetic staff list.
//!
//! Pure data and generation code: depends only on `std` and `chrono`.
//! All people are fictitious. Vietnamese strings are NFC (precomposed).

use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// One unit of the organisation tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUnit {
    /// Short uppercase ASCII code, unique.
    pub code: &'static str,
    /// Full Vietnamese name.
    pub name: &'static str,
    /// "department", "office", "inspectorate", "division", "centre" or "district_office".
    pub kind: &'static str,
    /// Parent unit code; `None` only for the root department.
    pub parent: Option<&'static str>,
    /// People in this unit in the default demo.
    pub headcount: u32,
}

/// One demo staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPerson {
    pub full_name: String,
    /// "male" | "female"
    pub gender: &'static str,
    pub birth_date: Option<NaiveDate>,
    pub unit_code: &'static str,
    pub position: String,
    /// "cong_chuc" | "vien_chuc" | "nguoi_lao_dong"
    pub category: &'static str,
    pub start_date: NaiveDate,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub employee_code: String,
    /// Demo login username for the fixed people, else `None`.
    pub account: Option<&'static str>,
}

/// E-mail domain of the demo organisation.
pub const EMAIL_DOMAIN: &str = "stnmt.soctrang.gov.vn";

// ---------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------

/// (code, name, kind, parent, headcount); parents before children. Sum = 300.
#[rustfmt::skip]
const UNITS: &[(&str, &str, &str, Option<&str>, u32)] = &[
    ("STNMT", "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng", "department", None, 4),
    ("VP", "Văn phòng Sở", "office", Some("STNMT"), 16),
    ("TTRA", "Thanh tra Sở", "inspectorate", Some("STNMT"), 9),
    ("KHTC", "Phòng Kế hoạch - Tài chính", "division", Some("STNMT"), 7),
    ("QLDD", "Phòng Quản lý đất đai", "division", Some("STNMT"), 10),
    ("TNN", "Phòng Tài nguyên nước", "division", Some("STNMT"), 7),
    ("KS", "Phòng Khoáng sản", "division", Some("STNMT"), 5),
    ("MT", "Phòng Môi trường", "division", Some("STNMT"), 10),
    ("BHD", "Phòng Biển và Hải đảo", "division", Some("STNMT"), 5),
    ("DDBD", "Phòng Đo đạc, Bản đồ và Viễn thám", "division", Some("STNMT"), 5),
    ("VPDKDD", "Văn phòng Đăng ký đất đai", "centre", Some("STNMT"), 42),
    ("VPDKDD-STR", "Chi nhánh Văn phòng Đăng ký đất đai thành phố Sóc Trăng", "centre", Some("VPDKDD"), 14),
    ("VPDKDD-VCH", "Chi nhánh Văn phòng Đăng ký đất đai thị xã Vĩnh Châu", "centre", Some("VPDKDD"), 11),
    ("VPDKDD-KSA", "Chi nhánh Văn phòng Đăng ký đất đai huyện Kế Sách", "centre", Some("VPDKDD"), 10),
    ("TTQT", "Trung tâm Quan trắc Tài nguyên và Môi trường", "centre", Some("STNMT"), 22),
    ("TTCNTT", "Trung tâm Công nghệ thông tin Tài nguyên và Môi trường", "centre", Some("STNMT"), 14),
    ("TTPTQD", "Trung tâm Phát triển quỹ đất", "centre", Some("STNMT"), 20),
    ("PTNMT-STR", "Phòng Tài nguyên và Môi trường thành phố Sóc Trăng", "district_office", Some("STNMT"), 11),
    ("PTNMT-VCH", "Phòng Tài nguyên và Môi trường thị xã Vĩnh Châu", "district_office", Some("STNMT"), 9),
    ("PTNMT-NNA", "Phòng Tài nguyên và Môi trường thị xã Ngã Năm", "district_office", Some("STNMT"), 7),
    ("PTNMT-CTH", "Phòng Tài nguyên và Môi trường huyện Châu Thành", "district_office", Some("STNMT"), 9),
    ("PTNMT-KSA", "Phòng Tài nguyên và Môi trường huyện Kế Sách", "district_office", Some("STNMT"), 8),
    ("PTNMT-MTU", "Phòng Tài nguyên và Môi trường huyện Mỹ Tú", "district_office", Some("STNMT"), 7),
    ("PTNMT-CLD", "Phòng Tài nguyên và Môi trường huyện Cù Lao Dung", "district_office", Some("STNMT"), 6),
    ("PTNMT-LPH", "Phòng Tài nguyên và Môi trường huyện Long Phú", "district_office", Some("STNMT"), 8),
    ("PTNMT-MXU", "Phòng Tài nguyên và Môi trường huyện Mỹ Xuyên", "district_office", Some("STNMT"), 9),
    ("PTNMT-TTR", "Phòng Tài nguyên và Môi trường huyện Thạnh Trị", "district_office", Some("STNMT"), 7),
    ("PTNMT-TDE", "Phòng Tài nguyên và Môi trường huyện Trần Đề", "district_office", Some("STNMT"), 8),
];

/// The organisation chart of Sở Tài nguyên và Môi trường tỉnh Sóc Trăng as of 2022, parents before children.
pub fn units() -> Vec<DemoUnit> {
    UNITS
        .iter()
        .map(|&(code, name, kind, parent, headcount)| DemoUnit {
            code,
            name,
            kind,
            parent,
            headcount,
        })
        .collect()
}

/// The position title of the head of a unit.
pub fn head_position(code: &str, kind: &str) -> &'static str {
    match kind {
        "department" => "Giám đốc",
        "office" => "Chánh Văn phòng",
        "inspectorate" => "Chánh Thanh tra",
        "division" | "district_office" => "Trưởng phòng",
        _ if code == "VPDKDD" => "Giám đốc Văn phòng Đăng ký đất đai",
        _ if code.starts_with("VPDKDD-") => "Giám đốc Chi nhánh",
        _ => "Giám đốc Trung tâm",
    }
}

/// The position title of a deputy head of a unit.
pub fn deputy_position(code: &str, kind: &str) -> &'static str {
    match kind {
        "department" => "Phó Giám đốc",
        "office" => "Phó Chánh Văn phòng",
        "inspectorate" => "Phó Chánh Thanh tra",
        "division" | "district_office" => "Phó Trưởng phòng",
        _ if code == "VPDKDD" => "Phó Giám đốc Văn phòng Đăng ký đất đai",
        _ if code.starts_with("VPDKDD-") => "Phó Giám đốc Chi nhánh",
        _ => "Phó Giám đốc Trung tâm",
    }
}

/// True if `position` is one of the unit-head titles used in the demo data.
pub fn is_head_position(position: &str) -> bool {
    matches!(
        position,
        "Giám đốc"
            | "Chánh Văn phòng"
            | "Chánh Thanh tra"
            | "Trưởng phòng"
            | "Giám đốc Văn phòng Đăng ký đất đai"
            | "Giám đốc Chi nhánh"
            | "Giám đốc Trung tâm"
    )
}

/// True if `position` is one of the deputy-head titles used in the demo data.
pub fn is_deputy_position(position: &str) -> bool {
    matches!(
        position,
        "Phó Giám đốc"
            | "Phó Chánh Văn phòng"
            | "Phó Chánh Thanh tra"
            | "Phó Trưởng phòng"
            | "Phó Giám đốc Văn phòng Đăng ký đất đai"
            | "Phó Giám đốc Chi nhánh"
            | "Phó Giám đốc Trung tâm"
    )
}

/// Default employment category of a unit's staff.
fn unit_category(kind: &str) -> &'static str {
    if kind == "centre" {
        "vien_chuc"
    } else {
        "cong_chuc"
    }
}

/// Number of deputies for a unit of `kind` with `n` people.
fn deputy_count(kind: &str, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    if kind == "department" {
        return (n - 1).min(3);
    }
    if n >= 8 {
        2
    } else if n >= 3 {
        1
    } else {
        0
    }
}

// Staff positions. `true` marks a contract-worker (người lao động) position;
// otherwise the person gets the unit's default category.
type Pos = (&'static str, bool, u32);

const POOL_ROOT: &[Pos] = &[("Chuyên viên", false, 1)];
const POOL_OFFICE: &[Pos] = &[
    ("Chuyên viên", false, 50),
    ("Chuyên viên chính", false, 20),
    ("Cán sự", false, 8),
    ("Nhân viên", true, 6),
    ("Tạp vụ", true, 4),
    ("Lái xe", true, 4),
];
const POOL_INSPECTORATE: &[Pos] = &[
    ("Thanh tra viên", false, 45),
    ("Thanh tra viên chính", false, 20),
    ("Chuyên viên", false, 30),
    ("Nhân viên", true, 5),
];
const POOL_DIVISION: &[Pos] = &[
    ("Chuyên viên", false, 62),
    ("Chuyên viên chính", false, 25),
    ("Cán sự", false, 5),
    ("Nhân viên", true, 8),
];
const POOL_DISTRICT: &[Pos] = &[
    ("Chuyên viên", false, 65),
    ("Chuyên viên chính", false, 15),
    ("Cán sự", false, 8),
    ("Nhân viên", true, 12),
];
const POOL_LAND_REGISTRY: &[Pos] = &[
    ("Chuyên viên", false, 40),
    ("Kỹ sư", false, 20),
    ("Nhân viên", false, 20),
    ("Kỹ thuật viên", false, 8),
    ("Bảo vệ", true, 5),
    ("Nhân viên", true, 7),
];
const POOL_MONITORING: &[Pos] = &[
    ("Quan trắc viên", false, 30),
    ("Kỹ sư", false, 25),
    ("Kỹ thuật viên", false, 20),
    ("Chuyên viên", false, 12),
    ("Lái xe", true, 6),
    ("Bảo vệ", true, 7),
];
const POOL_IT: &[Pos] = &[
    ("Kỹ sư", false, 50),
    ("Chuyên viên", false, 20),
    ("Kỹ thuật viên", false, 15),
    ("Bảo vệ", true, 5),
    ("Nhân viên", true, 5),
];
const POOL_LAND_FUND: &[Pos] = &[
    ("Chuyên viên", false, 40),
    ("Kỹ sư", false, 25),
    ("Nhân viên", false, 15),
    ("Kỹ thuật viên", false, 5),
    ("Bảo vệ", true, 5),
    ("Nhân viên", true, 10),
];

/// Staff slots filled first (in order) before random positions are drawn.
fn staff_template(code: &str, kind: &str) -> &'static [(&'static str, bool)] {
    match kind {
        "office" => &[
            ("Kế toán", false),
            ("Văn thư", false),
            ("Thủ quỹ", false),
            ("Lái xe", true),
            ("Bảo vệ", true),
        ],
        "centre" if code.starts_with("VPDKDD-") => &[("Kế toán", false)],
        "centre" => &[("Kế toán", false), ("Văn thư", false), ("Lái xe", true)],
        _ => &[],
    }
}

fn staff_pool(code: &str, kind: &str) -> &'static [Pos] {
    match kind {
        "department" => POOL_ROOT,
        "office" => POOL_OFFICE,
        "inspectorate" => POOL_INSPECTORATE,
        "division" => POOL_DIVISION,
        "district_office" => POOL_DISTRICT,
        _ => match code {
            "TTQT" => POOL_MONITORING,
            "TTCNTT" => POOL_IT,
            "TTPTQD" => POOL_LAND_FUND,
            _ => POOL_LAND_REGISTRY,
        },
    }
}

// ---------------------------------------------------------------------------
// Fixed people (demo accounts)
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Head,
    Deputy,
    Staff,
}

struct Fixed {
    account: &'static str,
    full_name: &'static str,
    gender: &'static str,
    birth: (i32, u32, u32),
    unit: &'static str,
    position: &'static str,
    role: Role,
    category: &'static str,
    start: (i32, u32, u32),
    phone: &'static str,
}

const FIXED: &[Fixed] = &[
    Fixed {
        account: "giamdoc",
        full_name: "Lê Minh Khoa",
        gender: "male",
        birth: (1970, 5, 12),
        unit: "STNMT",
        position: "Giám đốc",
        role: Role::Head,
        category: "cong_chuc",
        start: (1995, 8, 1),
        phone: "0913 871 245",
    },
    Fixed {
        account: "phogiamdoc",
        full_name: "Huỳnh Thị Ngọc Ánh",
        gender: "female",
        birth: (1975, 9, 3),
        unit: "STNMT",
        position: "Phó Giám đốc",
        role: Role::Deputy,
        category: "cong_chuc",
        start: (1998, 3, 2),
        phone: "0918 402 367",
    },
    Fixed {
        account: "vanphong",
        full_name: "Nguyễn Thị Thu Hà",
        gender: "female",
        birth: (1986, 2, 18),
        unit: "VP",
        position: "Chuyên viên phụ trách thi đua, khen thưởng",
        role: Role::Staff,
        category: "cong_chuc",
        start: (2010, 7, 1),
        phone: "0939 215 784",
    },
    Fixed {
        account: "truongphong",
        full_name: "Phạm Văn Đạt",
        gender: "male",
        birth: (1976, 11, 20),
        unit: "QLDD",
        position: "Trưởng phòng",
        role: Role::Head,
        category: "cong_chuc",
        start: (2000, 4, 3),
        phone: "0907 634 158",
    },
    Fixed {
        account: "canbo",
        full_name: "Nguyễn Văn An",
        gender: "male",
        birth: (1990, 6, 15),
        unit: "QLDD",
        position: "Chuyên viên",
        role: Role::Staff,
        category: "cong_chuc",
        start: (2015, 9, 1),
        phone: "0987 120 349",
    },
    Fixed {
        account: "hoidong",
        full_name: "Đặng Thị Mỹ Phượng",
        gender: "female",
        birth: (1974, 3, 8),
        unit: "TTRA",
        position: "Chánh Thanh tra",
        role: Role::Head,
        category: "cong_chuc",
        start: (1997, 10, 1),
        phone: "0944 568 031",
    },
];

// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

/// Family names with relative weights (Mekong-delta flavoured; includes
/// Khmer-Vietnamese and Hoa family names common in Sóc Trăng).
const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 300),
    ("Trần", 100),
    ("Lê", 85),
    ("Phạm", 60),
    ("Huỳnh", 45),
    ("Hoàng", 15),
    ("Phan", 40),
    ("Võ", 40),
    ("Vũ", 10),
    ("Đặng", 20),
    ("Bùi", 15),
    ("Đỗ", 14),
    ("Hồ", 15),
    ("Ngô", 13),
    ("Dương", 12),
    ("Lý", 12),
    ("Trương", 15),
    ("Đoàn", 8),
    ("Lưu", 6),
    ("Mai", 6),
    ("Tô", 6),
    ("Châu", 8),
    ("Quách", 5),
    ("Tạ", 4),
    ("Đinh", 6),
    ("Cao", 6),
    ("Lương", 5),
    ("La", 4),
    ("Triệu", 4),
    ("Tăng", 4),
    ("Thạch", 25),
    ("Sơn", 18),
    ("Lâm", 15),
    ("Kim", 12),
    ("Danh", 8),
];

/// Family names that are typically Khmer-Vietnamese.
fn is_khmer_family(f: &str) -> bool {
    matches!(f, "Thạch" | "Sơn" | "Danh" | "Kim")
}

const MIDDLE_MALE: &[(&str, u32)] = &[
    ("Văn", 40),
    ("Minh", 10),
    ("Hữu", 8),
    ("Quốc", 8),
    ("Thanh", 8),
    ("Đức", 6),
    ("Công", 5),
    ("Hoàng", 5),
    ("Trung", 4),
    ("Tấn", 5),
    ("Ngọc", 3),
    ("Chí", 4),
    ("Thành", 4),
    ("Duy", 3),
    ("Nhật", 3),
    ("Trọng", 3),
];
const MIDDLE_MALE_FIRST: &[&str] = &[
    "Hoàng", "Minh", "Quốc", "Văn", "Thanh", "Ngọc", "Trung", "Hữu",
];
const MIDDLE_MALE_SECOND: &[&str] = &[
    "Minh", "Anh", "Thanh", "Hoàng", "Quốc", "Hải", "Duy", "Nhật", "Thái",
];

const MIDDLE_FEMALE: &[(&str, u32)] = &[
    ("Thị", 45),
    ("Ngọc", 10),
    ("Thu", 7),
    ("Kim", 6),
    ("Thanh", 6),
    ("Mỹ", 6),
    ("Bích", 4),
    ("Hồng", 4),
    ("Thùy", 4),
    ("Phương", 3),
    ("Diễm", 3),
    ("Minh", 2),
    ("Hoài", 2),
    ("Cẩm", 3),
];
const MIDDLE_FEMALE_SECOND: &[&str] = &[
    "Thu", "Ngọc", "Kim", "Mỹ", "Thanh", "Bích", "Hồng", "Thùy", "Kiều", "Diễm", "Phương", "Cẩm",
    "Tuyết", "Minh",
];

const GIVEN_MALE: &[&str] = &[
    "An", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đông", "Đức", "Hải", "Hào", "Hậu", "Hiếu",
    "Hòa", "Hoàng", "Hùng", "Huy", "Khang", "Khải", "Khánh", "Khoa", "Kiên", "Lâm", "Lộc", "Lợi",
    "Long", "Luân", "Minh", "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phúc", "Phước", "Quân",
    "Quang", "Sang", "Sơn", "Tài", "Tâm", "Tân", "Thắng", "Thành", "Thiện", "Thịnh", "Toàn", "Trí",
    "Trọng", "Trung", "Tuấn", "Tùng", "Vinh", "Vũ", "Ấn", "Hiển", "Tín", "Nhựt", "Thông", "Triều",
    "Luận", "Hưng", "Hiệp", "Định", "Khôi", "Nguyên", "Thuận", "Việt", "Lực", "Em",
];
const GIVEN_FEMALE: &[&str] = &[
    "Anh",
    "Ánh",
    "Bích",
    "Châu",
    "Diễm",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Hương",
    "Huyền",
    "Khánh",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nguyệt",
    "Nhung",
    "Như",
    "Oanh",
    "Phương",
    "Phượng",
    "Quyên",
    "Thảo",
    "Thanh",
    "Thư",
    "Thủy",
    "Tiên",
    "Trang",
    "Trinh",
    "Tuyết",
    "Uyên",
    "Vân",
    "Vy",
    "Xuân",
    "Yến",
    "Diệu",
    "Thắm",
    "Kiều",
    "Mến",
    "Nhi",
    "Trâm",
    "Hân",
    "Lài",
    "Đào",
    "Ân",
    "Huệ",
    "Thúy",
    "Ngoan",
];
const GIVEN_KHMER_MALE: &[&str] = &[
    "Sô Phal",
    "Sa Rin",
    "Chanh",
    "Sóc",
    "Pho",
    "Rinh",
    "Sa Vươl",
    "Kha",
    "Sà Rết",
    "Ni",
    "Sà Phiên",
];
const GIVEN_KHMER_FEMALE: &[&str] = &[
    "Sa Ry",
    "Sa Rương",
    "Sô Phia",
    "Chanh Thi",
    "Sà Rây",
    "Mây",
    "Sa Rinh",
    "Sô Kha",
    "Pha Ly",
];

/// Lower-case ASCII fold of one Vietnamese letter.
fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => 'e',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => 'u',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'đ' => 'd',
        c => c,
    }
}

/// Push the lower-case ASCII fold of `c` (diacritics removed) if it is alphanumeric.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    for l in c.to_lowercase() {
        let f = fold_char(l);
        if f.is_ascii_alphanumeric() {
            out.push(f);
        }
    }
}

/// E-mail local part: initials of all words but the last, then the last word,
/// e.g. "Nguyễn Thị Thu Hà" -> "nttha". Never contains digits.
fn email_base(full_name: &str) -> String {
    let mut out = String::with_capacity(16);
    let name = full_name.trim();
    let (init, last) = match name.rfind(' ') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => ("", name),
    };
    for w in init.split(' ') {
        if let Some(c) = w.chars().next() {
            push_folded(c, &mut out);
        }
    }
    for c in last.chars() {
        push_folded(c, &mut out);
    }
    if out.is_empty() {
        out.push_str("canbo");
    }
    out
}

// ---------------------------------------------------------------------------
// Deterministic PRNG (splitmix64)
// ---------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5EED_7D1D_0A20_2200)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    fn weighted<'a, T>(&mut self, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
        let total: u64 = items.iter().map(|i| weight(i) as u64).sum();
        let mut r = self.below(total);
        for it in items {
            let w = weight(it) as u64;
            if r < w {
                return it;
            }
            r -= w;
        }
        &items[items.len() - 1]
    }
}

fn ymd(t: (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(t.0, t.1, t.2).expect("valid fixed date")
}

fn random_date(rng: &mut Rng, year_lo: i32, year_hi: i32) -> NaiveDate {
    let y = rng.range(year_lo as i64, year_hi as i64) as i32;
    let doy = rng.range(1, 365) as u32;
    NaiveDate::from_yo_opt(y, doy).expect("valid ordinal date")
}

/// A random full name (family, middle word(s), given name) for the gender.
fn random_name(rng: &mut Rng, female: bool) -> String {
    let family = rng.weighted(FAMILY, |f| f.1).0;
    let mut name = String::with_capacity(32);
    name.push_str(family);
    if is_khmer_family(family) && rng.chance(500) {
        // Khmer-Vietnamese pattern: optional middle word, Khmer given name.
        if female {
            if rng.chance(500) {
                name.push_str(" Thị");
            }
            name.push(' ');
            name.push_str(rng.pick(GIVEN_KHMER_FEMALE));
        } else {
            if rng.chance(300) {
                name.push_str(" Văn");
            }
            name.push(' ');
            name.push_str(rng.pick(GIVEN_KHMER_MALE));
        }
        return name;
    }
    let last_middle: &str;
    if female {
        if rng.chance(700) {
            last_middle = rng.weighted(MIDDLE_FEMALE, |m| m.1).0;
            name.push(' ');
            name.push_str(last_middle);
        } else {
            let first = if rng.chance(800) {
                "Thị"
            } else {
                rng.pick(&["Ngọc", "Thanh", "Kim"])
            };
            let mut second = rng.pick(MIDDLE_FEMALE_SECOND);
            while second == first {
                second = rng.pick(MIDDLE_FEMALE_SECOND);
            }
            name.push(' ');
            name.push_str(first);
            name.push(' ');
            name.push_str(second);
            last_middle = second;
        }
    } else if rng.chance(800) {
        last_middle = rng.weighted(MIDDLE_MALE, |m| m.1).0;
        name.push(' ');
        name.push_str(last_middle);
    } else {
        let first = rng.pick(MIDDLE_MALE_FIRST);
        let mut second = rng.pick(MIDDLE_MALE_SECOND);
        while second == first {
            second = rng.pick(MIDDLE_MALE_SECOND);
        }
        name.push(' ');
        name.push_str(first);
        name.push(' ');
        name.push_str(second);
        last_middle = second;
    }
    let pool = if female { GIVEN_FEMALE } else { GIVEN_MALE };
    let mut given = rng.pick(pool);
    while given == last_middle || given == family {
        given = rng.pick(pool);
    }
    name.push(' ');
    name.push_str(given);
    name
}

const PHONE_PREFIXES: &[&str] = &[
    "090", "091", "093", "094", "096", "097", "098", "086", "088", "089", "081", "082", "083",
    "084", "085", "070", "076", "077", "078", "079", "032", "033", "034", "035", "036", "037",
    "038", "039", "056", "058", "059",
];

/// Push `v` as exactly `width` decimal digits (zero-padded).
fn push_digits(out: &mut String, v: u64, width: u32) {
    let mut div = 10u64.pow(width - 1);
    while div > 0 {
        out.push(char::from(b'0' + ((v / div) % 10) as u8));
        div /= 10;
    }
}

/// A Vietnamese mobile number formatted "0912 345 678".
fn random_phone(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(12);
    s.push_str(rng.pick(PHONE_PREFIXES));
    push_digits(&mut s, rng.below(10), 1);
    s.push(' ');
    push_digits(&mut s, rng.below(1000), 3);
    s.push(' ');
    push_digits(&mut s, rng.below(1000), 3);
    s
}

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

/// Per-unit allocation for `scale`: every unit gets at least the slots its
/// fixed people need (and at least one), the rest is spread in proportion to
/// headcount by the largest-remainder method.
fn allocate(scale: Option<usize>) -> Vec<usize> {
    let heads: Vec<usize> = UNITS.iter().map(|u| u.4 as usize).collect();
    let n = match scale {
        None => return heads,
        Some(n) => n,
    };
    let minima: Vec<usize> = UNITS
        .iter()
        .map(|u| FIXED.iter().filter(|f| f.unit == u.0).count().max(1))
        .collect();
    let min_sum: usize = minima.iter().sum();
    if n <= min_sum {
        // Tiny scale: build the minimum roster; the caller truncates to n.
        return minima;
    }
    let rest = (n - min_sum) as u128;
    let total: u128 = heads.iter().map(|&h| h as u128).sum();
    let mut alloc = minima.clone();
    let mut rems: Vec<(u128, usize)> = Vec::with_capacity(heads.len());
    let mut given: u128 = 0;
    for (i, &h) in heads.iter().enumerate() {
        let num = rest * h as u128;
        alloc[i] += (num / total) as usize;
        given += num / total;
        rems.push((num % total, i));
    }
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in rems.iter().take((rest - given) as usize) {
        alloc[i] += 1;
    }
    alloc
}

/// A person before the employee code and e-mail are assigned.
struct Draft {
    full_name: String,
    gender: &'static str,
    birth_date: Option<NaiveDate>,
    unit_code: &'static str,
    position: &'static str,
    category: &'static str,
    start_date: NaiveDate,
    has_email: bool,
    phone: Option<String>,
    account: Option<&'static str>,
}

fn fixed_draft(f: &Fixed) -> Draft {
    Draft {
        full_name: f.full_name.to_string(),
        gender: f.gender,
        birth_date: Some(ymd(f.birth)),
        unit_code: f.unit,
        position: f.position,
        category: f.category,
        start_date: ymd(f.start),
        has_email: true,
        phone: Some(f.phone.to_string()),
        account: Some(f.account),
    }
}

/// Positions usually held by men / by women among contract workers.
fn gender_bias(position: &str) -> Option<u64> {
    match position {
        "Lái xe" | "Bảo vệ" => Some(40),
        "Tạp vụ" => Some(900),
        _ => None,
    }
}

fn random_draft(
    rng: &mut Rng,
    unit_code: &'static str,
    role: Role,
    position: &'static str,
    category: &'static str,
) -> Draft {
    // Per-mille chance of a woman: leaders somewhat more often men, staff about half.
    let female_pm = match role {
        Role::Head => 350,
        Role::Deputy => 420,
        Role::Staff => gender_bias(position).unwrap_or(540),
    };
    let female = rng.chance(female_pm);
    let mut full_name = random_name(rng, female);
    while FIXED.iter().any(|f| f.full_name == full_name) {
        full_name = random_name(rng, female);
    }
    let contract = category == "nguoi_lao_dong";
    let start_date = match role {
        Role::Head => random_date(rng, 1995, 2008),
        Role::Deputy => random_date(rng, 1996, 2012),
        Role::Staff if contract => random_date(rng, 2003, 2021),
        Role::Staff => {
            // Skewed towards recent years.
            let a = rng.range(1995, 2021);
            let b = rng.range(1995, 2021);
            let y = a.max(b) as i32;
            NaiveDate::from_yo_opt(y, rng.range(1, 365) as u32).expect("valid date")
        }
    };
    let age_at_start = if contract {
        rng.range(20, 38)
    } else {
        rng.range(22, 30)
    } as i32;
    let birth_year = (start_date.year() - age_at_start).max(1963);
    let birth_date = if role == Role::Staff && rng.chance(20) {
        None
    } else {
        Some(random_date(rng, birth_year, birth_year))
    };
    let has_email = if contract {
        rng.chance(550)
    } else {
        !rng.chance(10)
    };
    let phone = if rng.chance(30) {
        None
    } else {
        Some(random_phone(rng))
    };
    Draft {
        full_name,
        gender: if female { "female" } else { "male" },
        birth_date,
        unit_code,
        position,
        category,
        start_date,
        has_email,
        phone,
        account: None,
    }
}

/// Collects people, assigning sequential employee codes and unique e-mails.
struct Roster {
    out: Vec<DemoPerson>,
    target: usize,
    seen: HashMap<String, u32>,
}

impl Roster {
    fn full(&self) -> bool {
        self.out.len() >= self.target
    }

    fn push(&mut self, d: Draft) {
        if self.full() {
            return;
        }
        let email = if d.has_email {
            // Bases contain no digits, so "base" + counter is unique.
            let mut e = String::with_capacity(40);
            match self.seen.entry(email_base(&d.full_name)) {
                Entry::Occupied(mut o) => {
                    *o.get_mut() += 1;
                    e.push_str(o.key());
                    e.push_str(&o.get().to_string());
                }
                Entry::Vacant(v) => {
                    e.push_str(v.key());
                    v.insert(1);
                }
            }
            e.push('@');
            e.push_str(EMAIL_DOMAIN);
            Some(e)
        } else {
            None
        };
        // "NV00001" .. "NV99999", then "NV100000" and up (still unique).
        let seq = (self.out.len() + 1) as u64;
        let mut employee_code = String::with_capacity(8);
        employee_code.push_str("NV");
        let width = if seq < 100_000 { 5 } else { seq.ilog10() + 1 };
        push_digits(&mut employee_code, seq, width);
        self.out.push(DemoPerson {
            full_name: d.full_name,
            gender: d.gender,
            birth_date: d.birth_date,
            unit_code: d.unit_code,
            position: d.position.to_string(),
            category: d.category,
            start_date: d.start_date,
            email,
            phone: d.phone,
            employee_code,
            account: d.account,
        });
    }
}

/// The demo people. `scale = None` gives the realistic default (about 300 people, matching headcounts,
/// each unit with exactly one head: Giám đốc/Trưởng phòng/Chánh Văn phòng/Chánh Thanh tra/Giám đốc Trung tâm,
/// and one or two deputies). `scale = Some(n)` gives exactly n people spread over all units in proportion to
/// headcount (n may be 10_000 or 200_000: must be fast, well under a second for 200k, and unique employee codes
/// and e-mails). Deterministic: the same `seed` gives the same people.
///
/// The six fixed demo-account holders always come first.
pub fn people(scale: Option<usize>, seed: u64) -> Vec<DemoPerson> {
    let mut rng = Rng::new(seed);
    let alloc = allocate(scale);
    let target: usize = match scale {
        Some(n) => n,
        None => alloc.iter().sum(),
    };

    let mut roster = Roster {
        out: Vec::with_capacity(target),
        target,
        seen: HashMap::with_capacity(target),
    };
    for f in FIXED {
        roster.push(fixed_draft(f));
    }

    for (ui, &(code, _name, kind, _parent, _hc)) in UNITS.iter().enumerate() {
        let n = alloc[ui];
        if n == 0 || roster.full() {
            continue;
        }
        let fixed_here = |r: Role| {
            FIXED
                .iter()
                .filter(|f| f.unit == code && f.role == r)
                .count()
        };
        let deputies = deputy_count(kind, n);
        let staff = n - 1 - deputies;
        let default_cat = unit_category(kind);

        if fixed_here(Role::Head) == 0 {
            let pos = head_position(code, kind);
            roster.push(random_draft(&mut rng, code, Role::Head, pos, default_cat));
        }
        for _ in 0..deputies.saturating_sub(fixed_here(Role::Deputy)) {
            let pos = deputy_position(code, kind);
            roster.push(random_draft(&mut rng, code, Role::Deputy, pos, default_cat));
        }
        let template = staff_template(code, kind);
        let pool = staff_pool(code, kind);
        for i in 0..staff.saturating_sub(fixed_here(Role::Staff)) {
            if roster.full() {
                break;
            }
            let (pos, contract) = if i < template.len() {
                template[i]
            } else {
                let p = rng.weighted(pool, |p| p.2);
                (p.0, p.1)
            };
            let cat = if contract {
                "nguoi_lao_dong"
            } else {
                default_cat
            };
            roster.push(random_draft(&mut rng, code, Role::Staff, pos, cat));
        }
    }
    roster.out
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn no_combining(s: &str) -> bool {
        !s.chars().any(|c| ('\u{0300}'..='\u{036F}').contains(&c))
    }

    #[test]
    fn unit_codes_unique_and_ascii() {
        let us = units();
        let mut seen = HashSet::new();
        for u in &us {
            assert!(seen.insert(u.code), "duplicate code {}", u.code);
            assert!(
                u.code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
                "bad code {}",
                u.code
            );
            assert!(
                matches!(
                    u.kind,
                    "department"
                        | "office"
                        | "inspectorate"
                        | "division"
                        | "centre"
                        | "district_office"
                ),
                "bad kind {}",
                u.kind
            );
        }
    }

    #[test]
    fn parents_exist_before_children_and_single_root() {
        let us = units();
        let roots: Vec<_> = us.iter().filter(|u| u.parent.is_none()).collect();
        assert_eq!(roots.len(), 1);
        assert_eq!(roots[0].code, "STNMT");
        assert_eq!(roots[0].kind, "department");
        assert_eq!(us[0].code, "STNMT");
        let mut before = HashSet::new();
        for u in &us {
            if let Some(p) = u.parent {
                assert!(
                    before.contains(p),
                    "parent {} of {} not before it",
                    p,
                    u.code
                );
            }
            before.insert(u.code);
        }
        assert_eq!(
            us.iter().filter(|u| u.kind == "district_office").count(),
            11
        );
        let total: u32 = us.iter().map(|u| u.headcount).sum();
        assert!((280..=320).contains(&total), "total {total}");
    }

    #[test]
    fn default_people_match_headcounts() {
        let us = units();
        let ps = people(None, 1);
        let total: u32 = us.iter().map(|u| u.headcount).sum();
        assert_eq!(ps.len(), total as usize);
        for u in &us {
            let n = ps.iter().filter(|p| p.unit_code == u.code).count();
            assert_eq!(n, u.headcount as usize, "unit {}", u.code);
        }
    }

    #[test]
    fn every_unit_has_one_head_and_deputies() {
        let ps = people(None, 7);
        for u in units() {
            let members: Vec<_> = ps.iter().filter(|p| p.unit_code == u.code).collect();
            let heads = members
                .iter()
                .filter(|p| is_head_position(&p.position))
                .count();
            assert_eq!(heads, 1, "unit {} has {} heads", u.code, heads);
            assert!(
                members
                    .iter()
                    .any(|p| p.position == head_position(u.code, u.kind)),
                "unit {}",
                u.code
            );
            let deputies = members
                .iter()
                .filter(|p| is_deputy_position(&p.position))
                .count();
            if u.kind == "department" {
                assert_eq!(deputies, 3);
            } else {
                assert!(
                    (1..=2).contains(&deputies),
                    "unit {} deputies {}",
                    u.code,
                    deputies
                );
            }
        }
    }

    #[test]
    fn fixed_accounts() {
        let ps = people(None, 42);
        let expect = [
            ("giamdoc", "STNMT", "Giám đốc"),
            ("phogiamdoc", "STNMT", "Phó Giám đốc"),
            ("vanphong", "VP", ""),
            ("truongphong", "QLDD", "Trưởng phòng"),
            ("canbo", "QLDD", "Chuyên viên"),
            ("hoidong", "TTRA", "Chánh Thanh tra"),
        ];
        for (i, (acc, unit, pos)) in expect.iter().enumerate() {
            let p = &ps[i];
            assert_eq!(p.account, Some(*acc));
            assert_eq!(p.unit_code, *unit);
            if !pos.is_empty() {
                assert_eq!(p.position, *pos);
            }
            assert!(p.email.is_some());
        }
        assert_eq!(ps.iter().filter(|p| p.account.is_some()).count(), 6);
        assert!(ps.iter().all(|p| p.account != Some("admin")));
        assert_eq!(
            ps.iter().filter(|p| p.full_name == "Nguyễn Văn An").count(),
            1
        );
        assert!(ps.iter().any(|p| p.full_name.starts_with("Đặng ")));
        // Council member heads a unit other than the Director's and the division's.
        let hd = ps.iter().find(|p| p.account == Some("hoidong")).unwrap();
        assert!(is_head_position(&hd.position));
    }

    #[test]
    fn strings_are_nfc_and_fields_valid() {
        for u in units() {
            assert!(no_combining(u.name));
        }
        let ps = people(None, 3);
        let mut women = 0;
        let mut nld = 0;
        for p in &ps {
            assert!(no_combining(&p.full_name), "{}", p.full_name);
            assert!(no_combining(&p.position), "{}", p.position);
            assert!(p.full_name.split_whitespace().count() >= 2);
            assert!(matches!(p.gender, "male" | "female"));
            assert!(matches!(
                p.category,
                "cong_chuc" | "vien_chuc" | "nguoi_lao_dong"
            ));
            let y = p.start_date.year();
            assert!((1995..=2021).contains(&y), "start {}", p.start_date);
            if let Some(b) = p.birth_date {
                assert!(b.year() >= 1960 && b.year() <= 2001, "birth {}", b);
                assert!(b < p.start_date);
            }
            if let Some(e) = &p.email {
                assert!(e.is_ascii() && e.ends_with("@stnmt.soctrang.gov.vn"), "{e}");
            }
            if let Some(ph) = &p.phone {
                assert_eq!(ph.len(), 12, "{ph}");
                assert!(ph.starts_with('0'));
            }
            if p.gender == "female" {
                women += 1;
            }
            if p.category == "nguoi_lao_dong" {
                nld += 1;
            }
            let unit = units().into_iter().find(|u| u.code == p.unit_code).unwrap();
            if unit.kind == "centre" && p.category != "nguoi_lao_dong" {
                assert_eq!(p.category, "vien_chuc");
            }
            if unit.kind != "centre" && p.category != "nguoi_lao_dong" {
                assert_eq!(p.category, "cong_chuc");
            }
        }
        let share = women as f64 / ps.len() as f64;
        assert!((0.38..=0.62).contains(&share), "women share {share}");
        assert!(nld > 0 && nld * 5 < ps.len(), "nld {nld}");
    }

    #[test]
    fn default_codes_and_emails_unique() {
        let ps = people(None, 9);
        let codes: HashSet<_> = ps.iter().map(|p| p.employee_code.clone()).collect();
        assert_eq!(codes.len(), ps.len());
        let emails: Vec<_> = ps.iter().filter_map(|p| p.email.clone()).collect();
        let set: HashSet<_> = emails.iter().cloned().collect();
        assert_eq!(set.len(), emails.len());
        assert_eq!(ps[0].employee_code, "NV00001");
    }

    #[test]
    fn scale_200k() {
        let t = std::time::Instant::now();
        let ps = people(Some(200_000), 11);
        let elapsed = t.elapsed();
        eprintln!("people(Some(200_000)) took {:?}", elapsed);
        assert_eq!(ps.len(), 200_000);
        let codes: HashSet<&str> = ps.iter().map(|p| p.employee_code.as_str()).collect();
        assert_eq!(codes.len(), 200_000);
        assert_eq!(ps[0].employee_code, "NV00001");
        assert_eq!(ps[99_998].employee_code, "NV99999");
        assert_eq!(ps[99_999].employee_code, "NV100000");
        assert_eq!(ps[199_999].employee_code, "NV200000");
        let emails: Vec<&str> = ps.iter().filter_map(|p| p.email.as_deref()).collect();
        let set: HashSet<&str> = emails.iter().copied().collect();
        assert_eq!(set.len(), emails.len());
        // Every unit present, each with exactly one head, fixed accounts present.
        for u in units() {
            let heads = ps
                .iter()
                .filter(|p| p.unit_code == u.code && is_head_position(&p.position))
                .count();
            assert_eq!(heads, 1, "unit {}", u.code);
        }
        assert_eq!(ps.iter().filter(|p| p.account.is_some()).count(), 6);
        // Roughly proportional: VPDKDD (42/300) should hold about 14%.
        let n = ps.iter().filter(|p| p.unit_code == "VPDKDD").count();
        assert!((27_000..=29_000).contains(&n), "VPDKDD {n}");
    }

    #[test]
    fn scale_exact_counts_small_and_medium() {
        for n in [0usize, 1, 5, 6, 20, 31, 32, 100, 299, 300, 301, 10_000] {
            let ps = people(Some(n), 5);
            assert_eq!(ps.len(), n, "n = {n}");
            let codes: HashSet<_> = ps.iter().map(|p| p.employee_code.as_str()).collect();
            assert_eq!(codes.len(), n);
        }
        let ps = people(Some(10_000), 5);
        for u in units() {
            assert!(
                ps.iter().any(|p| p.unit_code == u.code),
                "unit {} empty",
                u.code
            );
        }
    }

    #[test]
    fn deterministic_for_seed() {
        assert_eq!(people(None, 123), people(None, 123));
        assert_eq!(people(Some(5_000), 77), people(Some(5_000), 77));
        let a = people(None, 1);
        let b = people(None, 2);
        assert_ne!(a, b);
        // Fixed people do not depend on the seed.
        assert_eq!(a[..6], b[..6]);
    }

    #[test]
    fn email_base_folds_diacritics() {
        assert_eq!(email_base("Nguyễn Thị Thu Hà"), "nttha");
        assert_eq!(email_base("Đặng Thị Mỹ Phượng"), "dtmphuong");
        assert_eq!(email_base("Thạch Sô Phal"), "tsphal");
        assert_eq!(email_base("Lê Minh Khoa"), "lmkhoa");
    }
}
