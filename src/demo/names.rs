//! Vietnamese names for the synthetic staff, their e-mail addresses and phone numbers, and the
//! deterministic random numbers that pick them. All people are fictitious.

use chrono::NaiveDate;
// ---------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------

/// Family names with relative weights (Mekong-delta flavoured; includes
/// Khmer-Vietnamese and Hoa family names common in Sóc Trăng).
pub(super) const FAMILY: &[(&str, u32)] = &[
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
pub(super) fn is_khmer_family(f: &str) -> bool {
    matches!(f, "Thạch" | "Sơn" | "Danh" | "Kim")
}

pub(super) const MIDDLE_MALE: &[(&str, u32)] = &[
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
pub(super) const MIDDLE_MALE_FIRST: &[&str] = &[
    "Hoàng", "Minh", "Quốc", "Văn", "Thanh", "Ngọc", "Trung", "Hữu",
];
pub(super) const MIDDLE_MALE_SECOND: &[&str] = &[
    "Minh", "Anh", "Thanh", "Hoàng", "Quốc", "Hải", "Duy", "Nhật", "Thái",
];

pub(super) const MIDDLE_FEMALE: &[(&str, u32)] = &[
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
pub(super) const MIDDLE_FEMALE_SECOND: &[&str] = &[
    "Thu", "Ngọc", "Kim", "Mỹ", "Thanh", "Bích", "Hồng", "Thùy", "Kiều", "Diễm", "Phương", "Cẩm",
    "Tuyết", "Minh",
];

pub(super) const GIVEN_MALE: &[&str] = &[
    "An", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đông", "Đức", "Hải", "Hào", "Hậu", "Hiếu",
    "Hòa", "Hoàng", "Hùng", "Huy", "Khang", "Khải", "Khánh", "Khoa", "Kiên", "Lâm", "Lộc", "Lợi",
    "Long", "Luân", "Minh", "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phúc", "Phước", "Quân",
    "Quang", "Sang", "Sơn", "Tài", "Tâm", "Tân", "Thắng", "Thành", "Thiện", "Thịnh", "Toàn", "Trí",
    "Trọng", "Trung", "Tuấn", "Tùng", "Vinh", "Vũ", "Ấn", "Hiển", "Tín", "Nhựt", "Thông", "Triều",
    "Luận", "Hưng", "Hiệp", "Định", "Khôi", "Nguyên", "Thuận", "Việt", "Lực", "Em",
];
pub(super) const GIVEN_FEMALE: &[&str] = &[
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
pub(super) const GIVEN_KHMER_MALE: &[&str] = &[
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
pub(super) const GIVEN_KHMER_FEMALE: &[&str] = &[
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

/// The lower-case ASCII letters and digits of `word` (diacritics removed).
fn ascii_fold(word: &str) -> String {
    crate::domain::names::fold(word)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// E-mail local part: initials of all words but the last, then the last word,
/// e.g. "Nguyễn Thị Thu Hà" -> "nttha". Never contains digits.
pub(super) fn email_base(full_name: &str) -> String {
    let mut out = String::with_capacity(16);
    let name = full_name.trim();
    let (init, last) = match name.rfind(' ') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => ("", name),
    };
    for w in init.split(' ') {
        out.extend(ascii_fold(w).chars().take(1));
    }
    out.push_str(&ascii_fold(last));
    if out.is_empty() {
        out.push_str("canbo");
    }
    out
}

// ---------------------------------------------------------------------------
// Deterministic PRNG (splitmix64)
// ---------------------------------------------------------------------------

pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5EED_7D1D_0A20_2200)
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `per_mille / 1000`.
    pub(super) fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    pub(super) fn weighted<'a, T>(&mut self, items: &'a [T], weight: impl Fn(&T) -> u32) -> &'a T {
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

pub(super) fn ymd(t: (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(t.0, t.1, t.2).expect("valid fixed date")
}

pub(super) fn random_date(rng: &mut Rng, year_lo: i32, year_hi: i32) -> NaiveDate {
    let y = rng.range(year_lo as i64, year_hi as i64) as i32;
    let doy = rng.range(1, 365) as u32;
    NaiveDate::from_yo_opt(y, doy).expect("valid ordinal date")
}

/// A random full name (family, middle word(s), given name) for the gender.
pub(super) fn random_name(rng: &mut Rng, female: bool) -> String {
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

pub(super) const PHONE_PREFIXES: &[&str] = &[
    "090", "091", "093", "094", "096", "097", "098", "086", "088", "089", "081", "082", "083",
    "084", "085", "070", "076", "077", "078", "079", "032", "033", "034", "035", "036", "037",
    "038", "039", "056", "058", "059",
];

/// Push `v` as exactly `width` decimal digits (zero-padded).
pub(super) fn push_digits(out: &mut String, v: u64, width: u32) {
    let mut div = 10u64.pow(width - 1);
    while div > 0 {
        out.push(char::from(b'0' + ((v / div) % 10) as u8));
        div /= 10;
    }
}

/// A Vietnamese mobile number formatted "0912 345 678".
pub(super) fn random_phone(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(12);
    s.push_str(rng.pick(PHONE_PREFIXES));
    push_digits(&mut s, rng.below(10), 1);
    s.push(' ');
    push_digits(&mut s, rng.below(1000), 3);
    s.push(' ');
    push_digits(&mut s, rng.below(1000), 3);
    s
}
