//! The demo organisation: the organisation chart of Sở Tài nguyên và Môi trường tỉnh Sóc Trăng
//! (2022), its positions and the fixed people behind the demo accounts. Data, and the few rules
//! that read it. Vietnamese strings are NFC (precomposed).

use chrono::NaiveDate;

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
pub(super) const UNITS: &[(&str, &str, &str, Option<&str>, u32)] = &[
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

#[cfg(test)]
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

#[cfg(test)]
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
pub(super) fn unit_category(kind: &str) -> &'static str {
    if kind == "centre" {
        "vien_chuc"
    } else {
        "cong_chuc"
    }
}

/// Number of deputies for a unit of `kind` with `n` people.
pub(super) fn deputy_count(kind: &str, n: usize) -> usize {
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
pub(super) type Pos = (&'static str, bool, u32);

pub(super) const POOL_ROOT: &[Pos] = &[("Chuyên viên", false, 1)];
pub(super) const POOL_OFFICE: &[Pos] = &[
    ("Chuyên viên", false, 50),
    ("Chuyên viên chính", false, 20),
    ("Cán sự", false, 8),
    ("Nhân viên", true, 6),
    ("Tạp vụ", true, 4),
    ("Lái xe", true, 4),
];
pub(super) const POOL_INSPECTORATE: &[Pos] = &[
    ("Thanh tra viên", false, 45),
    ("Thanh tra viên chính", false, 20),
    ("Chuyên viên", false, 30),
    ("Nhân viên", true, 5),
];
pub(super) const POOL_DIVISION: &[Pos] = &[
    ("Chuyên viên", false, 62),
    ("Chuyên viên chính", false, 25),
    ("Cán sự", false, 5),
    ("Nhân viên", true, 8),
];
pub(super) const POOL_DISTRICT: &[Pos] = &[
    ("Chuyên viên", false, 65),
    ("Chuyên viên chính", false, 15),
    ("Cán sự", false, 8),
    ("Nhân viên", true, 12),
];
pub(super) const POOL_LAND_REGISTRY: &[Pos] = &[
    ("Chuyên viên", false, 40),
    ("Kỹ sư", false, 20),
    ("Nhân viên", false, 20),
    ("Kỹ thuật viên", false, 8),
    ("Bảo vệ", true, 5),
    ("Nhân viên", true, 7),
];
pub(super) const POOL_MONITORING: &[Pos] = &[
    ("Quan trắc viên", false, 30),
    ("Kỹ sư", false, 25),
    ("Kỹ thuật viên", false, 20),
    ("Chuyên viên", false, 12),
    ("Lái xe", true, 6),
    ("Bảo vệ", true, 7),
];
pub(super) const POOL_IT: &[Pos] = &[
    ("Kỹ sư", false, 50),
    ("Chuyên viên", false, 20),
    ("Kỹ thuật viên", false, 15),
    ("Bảo vệ", true, 5),
    ("Nhân viên", true, 5),
];
pub(super) const POOL_LAND_FUND: &[Pos] = &[
    ("Chuyên viên", false, 40),
    ("Kỹ sư", false, 25),
    ("Nhân viên", false, 15),
    ("Kỹ thuật viên", false, 5),
    ("Bảo vệ", true, 5),
    ("Nhân viên", true, 10),
];

/// Staff slots filled first (in order) before random positions are drawn.
pub(super) fn staff_template(code: &str, kind: &str) -> &'static [(&'static str, bool)] {
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

pub(super) fn staff_pool(code: &str, kind: &str) -> &'static [Pos] {
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
pub(super) enum Role {
    Head,
    Deputy,
    Staff,
}

pub(super) struct Fixed {
    pub(super) account: &'static str,
    pub(super) full_name: &'static str,
    pub(super) gender: &'static str,
    pub(super) birth: (i32, u32, u32),
    pub(super) unit: &'static str,
    pub(super) position: &'static str,
    pub(super) role: Role,
    pub(super) category: &'static str,
    pub(super) start: (i32, u32, u32),
    pub(super) phone: &'static str,
}

pub(super) const FIXED: &[Fixed] = &[
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
