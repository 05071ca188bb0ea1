//! The synthetic staff list: the fixed people, then deterministic random people filling each
//! unit's headcount (or a given scale), with unique e-mail addresses and employee codes.

use super::names::*;
use super::org::*;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
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
