//! Table tests, one per legal case of DOMAIN.md §3, against the rule sets as seeded by the migration
//! (the trees are read from its SQL, so the tests check the data the app runs on), and property tests.

use super::*;
use crate::i18n::Lang;
use chrono::NaiveDate;

/// People's facts as a scope holds them (shared between a scope and the next).
pub(super) fn shared(people: &[PersonFacts]) -> Vec<std::sync::Arc<PersonFacts>> {
    people.iter().cloned().map(std::sync::Arc::new).collect()
}

/// The migrations that write condition trees, in order (a later tree of a title replaces an earlier).
pub(super) const MIGRATIONS: [&str; 4] = [
    include_str!("../../../migrations/20261125000011_eligibility.sql"),
    include_str!("../../../migrations/20261126000018_law_as_written.sql"),
    include_str!("../../../migrations/20261126000019_emulation_clusters.sql"),
    include_str!("../../../migrations/20261207000045_law_corrections.sql"),
];

/// The collective titles of the catalogue (the migrations' `subject` column).
const COLLECTIVE: [&str; 6] = [
    "TTLDTT",
    "TTLDXS",
    "CO_TD",
    "CO_TD_CP",
    "BK_TINH_TT",
    "BK_TTG_TT",
];

/// The seeded rule set `code` (names from the catalogue are not needed: codes stand for them),
/// with the principles the migration gives every regime.
pub(super) fn seeded(code: &str) -> RuleSet {
    let mut titles: Vec<TitleRule> = Vec::new();
    for stmt in MIGRATIONS
        .iter()
        .flat_map(|m| m.split("UPDATE titles SET conditions = '").skip(1))
    {
        let (json, rest) = stmt.split_once("'::jsonb").expect("json");
        let title = rest
            .split("WHERE code = '")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .expect("title code");
        let regime = rest
            .split("FROM rule_sets WHERE code = '")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .expect("rule set code");
        if regime != code {
            continue;
        }
        let node: Node = serde_json::from_str(&json.replace("''", "'")).expect("a valid tree");
        let subject = if COLLECTIVE.contains(&title) || title.ends_with("_TT") {
            Subject::Collective
        } else {
            Subject::Individual
        };
        match titles.iter_mut().find(|t| t.code == title) {
            Some(t) => t.conditions = node,
            None => titles.push(TitleRule {
                code: title.to_string(),
                name_vi: title.to_string(),
                name_en: title.to_string(),
                subject,
                conditions: node,
            }),
        }
    }
    assert!(!titles.is_empty(), "rule set {code} is seeded");
    RuleSet {
        code: code.into(),
        name: code.into(),
        titles,
        principles: seeded_principles(),
    }
}

/// The principles migration 18 gives every regime (its `jsonb_build_object`, read back here).
pub(super) fn seeded_principles() -> Principles {
    let m = MIGRATIONS[1];
    assert!(m.contains("'restart_after_discipline', 'REPRIMAND'"));
    assert!(m.contains("'one_achievement_one_award', true"));
    assert!(m.contains("'annual_awards_only', true"));
    assert!(m.contains("'inspection_needs_signs', true"));
    assert!(m.contains("'tie_breaks', jsonb_build_array('women')"));
    Principles {
        restart_after_discipline: Some(DisciplineLevel::Reprimand),
        one_achievement_one_award: true,
        annual_awards_only: true,
        inspection_needs_signs: true,
        tie_breaks: vec![TieBreak::Women],
        ..Default::default()
    }
}

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(super) fn at(year: i32) -> Setting {
    Setting::new(year, d(year + 1, 3, 1))
}

/// A registered full-year worker rated `r` this year, nothing else.
pub(super) fn worker(year: i32, r: Rating) -> PersonFacts {
    PersonFacts {
        ratings: [(year, r)].into(),
        months_worked: Some(12.0),
        registered: Some("LDTT".into()),
        ..Default::default()
    }
}

/// An initiative recognised on `on` for the achievement of that year.
pub(super) fn initiative(level: InitiativeLevel, on: NaiveDate) -> InitiativeFact {
    use chrono::Datelike;
    InitiativeFact {
        title: "Số hóa hồ sơ địa chính".into(),
        level,
        year: on.year(),
        decided_on: on,
        decision: "QĐ 12/QĐ-STNMT".into(),
    }
}

pub(super) fn award(year: i32, title: &str) -> Award {
    Award {
        year,
        title: title.into(),
        decision: format!("{year}/QĐ"),
        kind: AwardKind::Annual,
    }
}

pub(super) fn outcome(rules: &RuleSet, s: Setting, p: &PersonFacts, title: &str) -> Tri {
    evaluate_person(rules, s, p, None, Some(Lang::Vi))
        .into_iter()
        .find(|r| r.code == title)
        .map(|r| r.outcome)
        .expect("the title is in the rule set")
}

pub(super) const L22: &str = "LUAT2022_ND98";
pub(super) const N91: &str = "ND91_2017";
pub(super) const N152: &str = "ND152_2025";

#[test]
fn every_seeded_tree_is_sound() {
    for code in [N91, L22, N152] {
        let rules = seeded(code);
        let mut names: Vec<&str> = rules.titles.iter().map(|t| t.code.as_str()).collect();
        // the fourteen of the catalogue with conditions; the 2022 Law's Huân chương Lao động
        // hạng Ba (migration 45; the minister's forms copy the province's trees)
        let want = if code == N91 { 14 } else { 15 };
        assert_eq!(names.len(), want, "{code}");
        names.extend(["BK_BO", "BK_BO_TT", "CSTD_BO", "CO_TD_BO"]);
        for t in &rules.titles {
            assert_eq!(
                t.conditions.check(t.subject, &names),
                Vec::<String>::new(),
                "{code} {}",
                t.code
            );
            // every leaf cites its source
            fn cited(n: &Node) -> bool {
                match &n.cond {
                    Cond::All { of } | Cond::Any { of } => of.iter().all(cited),
                    _ => !n.source.is_empty(),
                }
            }
            assert!(cited(&t.conditions), "{code} {} cites every leaf", t.code);
        }
    }
}

/// Luật TĐKT 2022, Điều 24: LĐTT for a good rating, active in the movement.
#[test]
fn ldtt_law_2022_art_24_good_rating_and_registered() {
    let r = seeded(L22);
    assert_eq!(
        outcome(&r, at(2024), &worker(2024, Rating::Httnv), "LDTT"),
        Tri::Pass
    );
    assert_eq!(
        outcome(&r, at(2024), &worker(2024, Rating::Htnv), "LDTT"),
        Tri::Fail
    );
    let mut not_registered = worker(2024, Rating::Htxsnv);
    not_registered.registered = None;
    assert_eq!(outcome(&r, at(2024), &not_registered, "LDTT"), Tri::Fail);
    // the year's rating is not in yet: a person must look again at year end
    let mut unrated = worker(2024, Rating::Httnv);
    unrated.ratings.clear();
    assert_eq!(outcome(&r, at(2024), &unrated, "LDTT"), Tri::Unknown);
}

/// Recruited in the year: under 6 months excluded (Law 2022 / ND 98); ND 91/2017 Art. 11: under 10.
#[test]
fn ldtt_months_worked_six_under_law_2022_ten_under_nd91() {
    let mut p = worker(2024, Rating::Httnv);
    p.months_worked = months_from_start(Some(d(2024, 4, 1)), 2024);
    assert_eq!(p.months_worked, Some(9.0));
    assert_eq!(outcome(&seeded(L22), at(2024), &p, "LDTT"), Tri::Pass);
    assert_eq!(outcome(&seeded(N91), at(2024), &p, "LDTT"), Tri::Fail);
    p.months_worked = months_from_start(Some(d(2024, 8, 1)), 2024);
    assert_eq!(p.months_worked, Some(5.0));
    assert_eq!(outcome(&seeded(L22), at(2024), &p, "LDTT"), Tri::Fail);
    p.months_worked = None;
    assert_eq!(outcome(&seeded(L22), at(2024), &p, "LDTT"), Tri::Unknown);
}

/// ND 98/2023: disciplined at reprimand (khiển trách) or above in the year: no LĐTT.
#[test]
fn ldtt_excluded_after_a_reprimand_in_the_year() {
    let r = seeded(L22);
    let mut p = worker(2024, Rating::Httnv);
    p.disciplines.push(DisciplineFact {
        level: DisciplineLevel::Reprimand,
        decided_on: d(2024, 5, 3),
        until: None,
        decision: "05/QĐ-KL".into(),
    });
    assert_eq!(outcome(&r, at(2024), &p, "LDTT"), Tri::Fail);
    // a reprimand of an earlier year does not count in this one
    assert_eq!(
        outcome(&r, at(2025), &worker(2025, Rating::Httnv), "LDTT"),
        Tri::Pass
    );
    let mut later = p.clone();
    later.ratings.insert(2025, Rating::Httnv);
    assert_eq!(outcome(&r, at(2025), &later, "LDTT"), Tri::Pass);
}

/// ND 98/2023 Art. 4: nobody under review, investigation, inspection or an open complaint.
#[test]
fn nobody_under_review_is_awarded() {
    let r = seeded(L22);
    let mut p = worker(2024, Rating::Htxsnv);
    p.reviews.push(ReviewFact {
        kind: "inspection".into(),
        opened_on: d(2024, 10, 1),
        closed_on: None,
        violation_signs: true,
    });
    assert_eq!(outcome(&r, at(2024), &p, "LDTT"), Tri::Fail);
    p.reviews[0].closed_on = Some(d(2024, 11, 15));
    assert_eq!(outcome(&r, at(2024), &p, "LDTT"), Tri::Pass);
}

/// Law 2022 Art. 23 as written (checked against the text, see README): CSTĐCS = LĐTT and
/// (HTXSNV, or an initiative, or a research topic recognised by the body). ND 91/2017 Art. 9(3)
/// (2022): the initiative is required. The same facts, two answers.
#[test]
fn cstdcs_excellent_without_initiative_differs_between_nd91_and_law_2022() {
    let p = worker(2022, Rating::Htxsnv);
    assert_eq!(outcome(&seeded(L22), at(2022), &p, "CSTDCS"), Tri::Pass);
    assert_eq!(outcome(&seeded(N91), at(2022), &p, "CSTDCS"), Tri::Fail);
    // with an initiative recognised at grassroots level in the year, both agree
    let mut q = p.clone();
    q.initiatives
        .push(initiative(InitiativeLevel::Grassroots, d(2022, 12, 5)));
    assert_eq!(outcome(&seeded(L22), at(2022), &q, "CSTDCS"), Tri::Pass);
    assert_eq!(outcome(&seeded(N91), at(2022), &q, "CSTDCS"), Tri::Pass);
    // a good (not excellent) rating with the initiative is enough under Law 2022 too
    let mut g = worker(2024, Rating::Httnv);
    g.initiatives
        .push(initiative(InitiativeLevel::Grassroots, d(2024, 12, 5)));
    assert_eq!(outcome(&seeded(L22), at(2024), &g, "CSTDCS"), Tri::Pass);
    g.initiatives[0].decided_on = d(2023, 12, 5);
    g.initiatives[0].year = 2023;
    assert_eq!(
        outcome(&seeded(L22), at(2024), &g, "CSTDCS"),
        Tri::Fail,
        "last year's initiative does not count"
    );
    // and it explains why, citing the article
    let res = evaluate_person(&seeded(N91), at(2022), &p, None, Some(Lang::Vi));
    let cstdcs = res.iter().find(|r| r.code == "CSTDCS").unwrap();
    let line = cstdcs
        .conditions
        .iter()
        .find(|c| c.passed == Some(false))
        .expect("a failed condition");
    assert!(line.rule.contains("sáng kiến"), "{line:?}");
    assert!(line.detail.contains("không có sáng kiến"), "{line:?}");
    assert!(line.source.contains("Điều 9 Nghị định 91/2017"), "{line:?}");
}

/// ND 91/2017 Art. 9: CSTĐCS at most 15 % of LĐTT holders; above it the council selects.
#[test]
fn cstdcs_quota_of_15_percent_under_nd91() {
    let r = seeded(N91);
    let s = at(2022);
    let mut people: Vec<PersonFacts> = (0..20).map(|_| worker(2022, Rating::Httnv)).collect();
    for p in people.iter_mut().take(3) {
        p.ratings.insert(2022, Rating::Htxsnv);
        p.initiatives
            .push(initiative(InitiativeLevel::Grassroots, d(2022, 11, 1)));
    }
    let scope = evaluate_scope(&r, s, &shared(&people), &[]);
    let i = scope
        .individual_titles
        .iter()
        .position(|t| t == "CSTDCS")
        .unwrap();
    // 3 candidates, 15 % of 20 LĐTT = 3 places
    assert_eq!(scope.counts.get("LDTT"), 20);
    assert_eq!(scope.counts.get("CSTDCS"), 3);
    assert!(scope.people[..3].iter().all(|o| o[i] == Tri::Pass));
    // with 10 LĐTT only one place: the three need the council's choice
    let few = &people[..10];
    let scope = evaluate_scope(&r, s, &shared(few), &[]);
    assert!(scope.people[..3].iter().all(|o| o[i] == Tri::Unknown));
    let res = evaluate_person(&r, s, &few[0], Some(&scope.counts), Some(Lang::Vi));
    let quota = res
        .iter()
        .find(|t| t.code == "CSTDCS")
        .unwrap()
        .conditions
        .iter()
        .find(|c| c.rule.contains("tỷ lệ"))
        .unwrap()
        .clone();
    assert_eq!(quota.passed, None);
    assert!(
        quota.detail.contains("3 người đủ điều kiện"),
        "{}",
        quota.detail
    );
    assert!(quota.detail.contains("tối đa 1"), "{}", quota.detail);
    // no such quota under Law 2022
    let scope = evaluate_scope(&seeded(L22), s, &shared(few), &[]);
    assert!(scope.people[..3].iter().all(|o| o[i] == Tri::Pass));
}

/// Law 2022 Art. 22: CSTĐ cấp tỉnh after 3 consecutive CSTĐCS and an initiative of provincial scope.
#[test]
fn provincial_fighter_needs_three_consecutive_cstdcs_and_a_provincial_initiative() {
    let r = seeded(L22);
    let mut p = worker(2024, Rating::Htxsnv);
    p.awards = vec![award(2022, "CSTDCS"), award(2023, "CSTDCS")];
    p.initiatives
        .push(initiative(InitiativeLevel::Province, d(2023, 6, 1)));
    assert_eq!(outcome(&r, at(2024), &p, "CSTD_TINH"), Tri::Pass);
    // a gap in the streak
    let mut gap = p.clone();
    gap.awards = vec![award(2021, "CSTDCS"), award(2023, "CSTDCS")];
    assert_eq!(outcome(&r, at(2024), &gap, "CSTD_TINH"), Tri::Fail);
    // only grassroots initiatives
    let mut low = p.clone();
    low.initiatives[0].level = InitiativeLevel::Grassroots;
    assert_eq!(outcome(&r, at(2024), &low, "CSTD_TINH"), Tri::Fail);
}

pub(super) fn unit(year: i32, r: Rating, members: std::ops::Range<usize>) -> UnitFacts {
    UnitFacts {
        ratings: [(year, r)].into(),
        registered: Some("TTLDTT".into()),
        members: members.collect(),
        ..Default::default()
    }
}

pub(super) fn collective(
    rules: &RuleSet,
    s: Setting,
    people: &[PersonFacts],
    u: &UnitFacts,
    title: &str,
) -> Tri {
    let scope = evaluate_scope(rules, s, &shared(people), std::slice::from_ref(u));
    let i = scope
        .collective_titles
        .iter()
        .position(|t| t == title)
        .unwrap();
    scope.units[0][i]
}

/// Law 2022 Art. 28: TTLĐTT needs more than 50 % of members LĐTT.
#[test]
fn advanced_collective_needs_more_than_half_ldtt() {
    let r = seeded(L22);
    let s = at(2024);
    let mut people: Vec<PersonFacts> = (0..10).map(|_| worker(2024, Rating::Httnv)).collect();
    for p in people.iter_mut().take(5) {
        p.ratings.insert(2024, Rating::Htnv);
    }
    let u = unit(2024, Rating::Httnv, 0..10);
    assert_eq!(
        collective(&r, s, &people, &u, "TTLDTT"),
        Tri::Fail,
        "exactly half is not more than half"
    );
    people[0].ratings.insert(2024, Rating::Httnv);
    assert_eq!(collective(&r, s, &people, &u, "TTLDTT"), Tri::Pass);
    let scope = evaluate_scope(&r, s, &shared(&people), std::slice::from_ref(&u));
    let lines = explain_unit(&r, s, &u, &shared(&people), &scope, Lang::Vi);
    let t = lines.iter().find(|t| t.code == "TTLDTT").unwrap();
    assert!(
        t.conditions
            .iter()
            .any(|c| c.detail.contains("6/10 thành viên (60 %)")),
        "{:?}",
        t.conditions
    );
}

/// Law 2022 Art. 27: TTLĐXS: unit HTXSNV, every member at least HTNV, 70 % LĐTT, a CSTĐCS; and
/// the sector's quota of 20 % of TTLĐTT units.
#[test]
fn excellent_collective_conditions_and_quota() {
    let r = seeded(L22);
    let s = at(2024);
    let mut people: Vec<PersonFacts> = (0..10).map(|_| worker(2024, Rating::Httnv)).collect();
    people[0].ratings.insert(2024, Rating::Htxsnv);
    people[9].ratings.insert(2024, Rating::Htnv);
    let mut units: Vec<UnitFacts> = vec![unit(2024, Rating::Htxsnv, 0..10)];
    // four more advanced collectives, so that 20 % of five is one place
    for _ in 0..4 {
        units.push(unit(2024, Rating::Httnv, 0..10));
    }
    let scope = evaluate_scope(&r, s, &shared(&people), &units);
    let i = scope
        .collective_titles
        .iter()
        .position(|t| t == "TTLDXS")
        .unwrap();
    assert_eq!(
        scope.units[0][i],
        Tri::Pass,
        "9 of 10 LĐTT, one CSTĐCS, nobody below HTNV"
    );
    assert_eq!(scope.counts.get("TTLDTT"), 5);
    // a member rated below HTNV
    people[9].ratings.insert(2024, Rating::Khtnv);
    let scope = evaluate_scope(&r, s, &shared(&people), &units);
    assert_eq!(scope.units[0][i], Tri::Fail);
    // no CSTĐCS among the members
    people[9].ratings.insert(2024, Rating::Htnv);
    people[0].ratings.insert(2024, Rating::Httnv);
    let scope = evaluate_scope(&r, s, &shared(&people), &units);
    assert_eq!(scope.units[0][i], Tri::Fail);
}

/// Law 2022 Art. 74.1: Bằng khen of the province for (b) two consecutive CSTĐCS, or (c) two years
/// HTXSNV with two grassroots initiatives; otherwise (a) an outstanding achievement, for people to judge.
#[test]
fn provincial_certificate_by_each_route_of_art_74() {
    let r = seeded(L22);
    let s = at(2024);
    let mut b = worker(2024, Rating::Htxsnv);
    b.awards.push(award(2023, "CSTDCS"));
    assert_eq!(outcome(&r, s, &b, "BK_TINH"), Tri::Pass, "route b");
    let mut c = worker(2024, Rating::Httnv);
    c.ratings.insert(2023, Rating::Htxsnv);
    c.ratings.insert(2024, Rating::Htxsnv);
    c.initiatives
        .push(initiative(InitiativeLevel::Grassroots, d(2023, 5, 1)));
    c.initiatives
        .push(initiative(InitiativeLevel::Grassroots, d(2024, 5, 1)));
    c.awards.clear();
    // 2023's CSTĐCS is not in the history, but 2024's is met now: route b fails, route c passes
    assert_eq!(outcome(&r, s, &c, "BK_TINH"), Tri::Pass, "route c");
    let a = worker(2024, Rating::Httnv);
    assert_eq!(
        outcome(&r, s, &a, "BK_TINH"),
        Tri::Unknown,
        "route a is the council's judgement"
    );
}

/// Law 2022 Art. 73.1.b: Prime Minister's certificate: a provincial one, then 5 consecutive years
/// at least HTTNV including 3 CSTĐCS.
#[test]
fn prime_ministers_certificate_after_five_good_years_with_three_cstdcs() {
    let r = seeded(L22);
    let s = at(2024);
    let mut p = worker(2024, Rating::Httnv);
    for y in 2020..=2023 {
        p.ratings.insert(y, Rating::Httnv);
    }
    p.awards = vec![
        award(2019, "BK_TINH"),
        award(2021, "CSTDCS"),
        award(2022, "CSTDCS"),
        award(2023, "CSTDCS"),
    ];
    assert_eq!(outcome(&r, s, &p, "BK_TTG"), Tri::Pass);
    p.ratings.insert(2021, Rating::Htnv);
    assert_eq!(
        outcome(&r, s, &p, "BK_TTG"),
        Tri::Fail,
        "a year below HTTNV breaks the five"
    );
}

#[test]
fn a_cycle_of_titles_answers_needs_review_instead_of_looping() {
    let mut rules = seeded(L22);
    for (a, b) in [("X", "Y"), ("Y", "X")] {
        rules.titles.push(TitleRule {
            code: a.into(),
            name_vi: a.into(),
            name_en: a.into(),
            subject: Subject::Individual,
            conditions: Node {
                cond: Cond::Meets { title: b.into() },
                source: String::new(),
                checked: None,
            },
        });
    }
    assert_eq!(
        outcome(&rules, at(2024), &worker(2024, Rating::Htxsnv), "X"),
        Tri::Unknown
    );
}

#[test]
fn trees_are_json_in_the_documented_vocabulary() {
    let n: Node = serde_json::from_str(
        r#"{"kind": "all", "of": [{"kind": "rating_at_least", "min": "HTTNV", "source": "Điều 24"},
             {"kind": "any", "of": [{"kind": "not_under_review"}, {"kind": "initiative", "min_level": "province", "within_years": 2, "count": 1}]}]}"#,
    )
    .unwrap();
    let Cond::All { of } = &n.cond else {
        panic!("all")
    };
    assert_eq!(of[0].source, "Điều 24");
    assert_eq!(of[0].cond, Cond::RatingAtLeast { min: Rating::Httnv });
    // and back
    let again: Node = serde_json::from_value(serde_json::to_value(&n).unwrap()).unwrap();
    assert_eq!(again, n);
    assert!(serde_json::from_str::<Node>(r#"{"kind": "no_such_thing"}"#).is_err());
    // a collective leaf on an individual title is a problem the editor reports
    let bad: Node = serde_json::from_str(
        r#"{"kind": "members_with_title_at_least", "title": "CSTDCS", "count": 1}"#,
    )
    .unwrap();
    assert!(!bad.check(Subject::Individual, &["CSTDCS"]).is_empty());
    assert!(
        !bad.check(Subject::Collective, &["LDTT"]).is_empty(),
        "unknown title"
    );
}

/// A quota counted within each unit (a province's rule, say: CSTĐCS at most 15 % of each unit's
/// LĐTT) gives a unit with many candidates no more places because another unit has few.
#[test]
fn a_quota_counted_within_each_unit() {
    let mut r = seeded(N91);
    let cstdcs = r.titles.iter_mut().find(|t| t.code == "CSTDCS").unwrap();
    let Cond::All { of } = &mut cstdcs.conditions.cond else {
        panic!("all")
    };
    for n in of.iter_mut() {
        if let Cond::Quota { scope, .. } = &mut n.cond {
            *scope = QuotaScope::Unit;
        }
    }
    let s = at(2022);
    // two units of ten LĐTT each: three candidates in the first, one in the second
    let mut people: Vec<PersonFacts> = (0..20)
        .map(|i| PersonFacts {
            group: if i < 10 { 1 } else { 2 },
            ..worker(2022, Rating::Httnv)
        })
        .collect();
    for i in [0, 1, 2, 10] {
        people[i].ratings.insert(2022, Rating::Htxsnv);
        people[i]
            .initiatives
            .push(initiative(InitiativeLevel::Grassroots, d(2022, 11, 1)));
    }
    let scope = evaluate_scope(&r, s, &shared(&people), &[]);
    let i = scope
        .individual_titles
        .iter()
        .position(|t| t == "CSTDCS")
        .unwrap();
    assert_eq!(scope.counts.in_group(1, "LDTT"), 10);
    assert_eq!(scope.counts.in_group(1, "CSTDCS"), 3);
    assert!(
        scope.people[..3].iter().all(|o| o[i] == Tri::Unknown),
        "3 candidates, 1 place"
    );
    assert_eq!(scope.people[10][i], Tri::Pass, "1 candidate, 1 place");
    let res = evaluate_person(&r, s, &people[10], Some(&scope.counts), Some(Lang::Vi));
    let line = res
        .iter()
        .find(|t| t.code == "CSTDCS")
        .unwrap()
        .conditions
        .iter()
        .find(|c| c.rule.contains("của đơn vị"))
        .expect("the unit's quota in words")
        .clone();
    assert!(
        line.detail.starts_with("1 người đủ điều kiện"),
        "{}",
        line.detail
    );
    // counted over the campaign, 4 candidates for 3 places: everyone to the council
    let scope = evaluate_scope(&seeded(N91), s, &shared(&people), &[]);
    assert!(
        [0, 1, 2, 10]
            .iter()
            .all(|&k| scope.people[k][i] == Tri::Unknown)
    );
    // and the scope survives the JSON round trip, omitted when it is the default
    let json = serde_json::to_string(&r.title("CSTDCS").unwrap().conditions).unwrap();
    assert!(json.contains("\"scope\":\"unit\""), "{json}");
    let default = serde_json::to_string(&seeded(N91).title("CSTDCS").unwrap().conditions).unwrap();
    assert!(!default.contains("scope"));
}
