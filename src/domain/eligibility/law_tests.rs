//! Table tests of the corrections and general principles of issue 11, each named by its article or
//! principle, against the seeded rule sets (migration 18 included).

use super::tests::{
    L22, N91, N152, at, award, d, initiative, outcome, seeded, shared, unit, worker,
};
use super::*;
use crate::i18n::Lang;

/// The explanation lines of `title` for a person.
fn lines(rules: &RuleSet, s: Setting, p: &PersonFacts, title: &str) -> Vec<Explained> {
    evaluate_person(rules, s, p, None, Some(Lang::Vi))
        .into_iter()
        .find(|r| r.code == title)
        .map(|r| r.conditions)
        .expect("the title is in the rule set")
}

fn all_text(lines: &[Explained]) -> String {
    lines
        .iter()
        .map(|l| format!("{} | {}", l.rule, l.detail))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Someone rated `r` in each of `years`, registered, full year.
fn rated(years: std::ops::RangeInclusive<i32>, r: Rating) -> PersonFacts {
    let last = *years.end();
    let mut p = worker(last, r);
    for y in years {
        p.ratings.insert(y, r);
    }
    p
}

/// ND 91/2017 Art. 38(1)(c): a provincial Bằng khen, *then* five years HTXSNV with five grassroots
/// initiatives. The award must come before the five years: the demo's 2018 holders do not pass in
/// 2022 (their five years would include 2018), a 2017 holder does; there is no ten-year cap.
#[test]
fn bk_ttg_nd91_art_38_five_years_follow_the_provincial_certificate() {
    let r = seeded(N91);
    let s = at(2022);
    let mut p = rated(2018..=2022, Rating::Htxsnv);
    for y in 2018..=2022 {
        p.initiatives
            .push(initiative(InitiativeLevel::Grassroots, d(y, 6, 1)));
    }
    p.awards = vec![award(2018, "BK_TINH")];
    assert_eq!(
        outcome(&r, s, &p, "BK_TTG"),
        Tri::Fail,
        "2018 is inside 2018–2022"
    );
    let text = all_text(&lines(&r, s, &p, "BK_TTG"));
    assert!(
        text.contains("2018 (2018/QĐ): chưa đủ 5 năm tiếp theo"),
        "{text}"
    );
    p.awards = vec![award(2017, "BK_TINH")];
    assert_eq!(outcome(&r, s, &p, "BK_TTG"), Tri::Pass);
    p.awards = vec![award(2003, "BK_TINH")];
    assert_eq!(outcome(&r, s, &p, "BK_TTG"), Tri::Pass, "no ten-year cap");
    p.initiatives.pop();
    assert_eq!(outcome(&r, s, &p, "BK_TTG"), Tri::Fail, "five initiatives");
}

/// Law 2022 Art. 73(1)(b) with Art. 5(2): the five years (at least HTTNV, three CSTĐCS) follow the
/// provincial Bằng khen: a 2023 award with a 2020–2024 streak does not pass in 2024.
#[test]
fn bk_ttg_law_2022_art_73_1_b_five_years_after_the_provincial_certificate() {
    for code in [L22, N152] {
        let r = seeded(code);
        let s = at(2024);
        let mut p = rated(2020..=2024, Rating::Httnv);
        p.awards = vec![
            award(2021, "CSTDCS"),
            award(2022, "CSTDCS"),
            award(2023, "CSTDCS"),
            award(2023, "BK_TINH"),
        ];
        assert_eq!(outcome(&r, s, &p, "BK_TTG"), Tri::Fail, "{code}");
        p.awards[3] = award(2019, "BK_TINH");
        assert_eq!(outcome(&r, s, &p, "BK_TTG"), Tri::Pass, "{code}");
    }
}

/// Law 2022 Art. 28 (and Art. 27): a unit whose members are not all decided: when the undecided
/// could carry the share either way the answer is "needs review", with their count.
#[test]
fn collective_share_with_undecided_members_needs_review_art_28() {
    let r = seeded(L22);
    let s = at(2024);
    // 10 members: 4 LĐTT, 2 not rated yet, 4 below
    let mut people: Vec<PersonFacts> = (0..10).map(|_| worker(2024, Rating::Httnv)).collect();
    for p in people.iter_mut().skip(4).take(2) {
        p.ratings.clear();
    }
    for p in people.iter_mut().skip(6) {
        p.ratings.insert(2024, Rating::Htnv);
    }
    let units = vec![unit(2024, Rating::Httnv, 0..10)];
    let scope = evaluate_scope(&r, s, &shared(&people), &units);
    let i = scope
        .collective_titles
        .iter()
        .position(|t| t == "TTLDTT")
        .expect("TTLDTT");
    assert_eq!(
        scope.units[0][i],
        Tri::Unknown,
        "4 + 2 of 10 could exceed half"
    );
    let res = explain_unit(&r, s, &units[0], &shared(&people), &scope, Lang::Vi);
    let text = all_text(
        &res.iter()
            .find(|t| t.code == "TTLDTT")
            .expect("TTLDTT")
            .conditions,
    );
    assert!(text.contains("2 thành viên chưa có kết quả"), "{text}");
    // with one undecided the share cannot pass (4 + 1 of 10 is not more than half)
    people[5].ratings.insert(2024, Rating::Htnv);
    let scope = evaluate_scope(&r, s, &shared(&people), &units);
    assert_eq!(scope.units[0][i], Tri::Fail);
    // with the two rated, the share is decided
    people[4].ratings.insert(2024, Rating::Httnv);
    people[5].ratings.insert(2024, Rating::Httnv);
    let scope = evaluate_scope(&r, s, &shared(&people), &units);
    assert_eq!(scope.units[0][i], Tri::Pass, "6 of 10");
}

/// Law 2022 Art. 23: an initiative counts for the year of the achievement; a council's January
/// decision on last year's initiatives counts for last year.
#[test]
fn initiative_counts_for_its_achievement_year_art_23() {
    let r = seeded(L22);
    let mut p = worker(2024, Rating::Httnv);
    let mut i = initiative(InitiativeLevel::Grassroots, d(2025, 1, 15));
    i.year = 2024;
    p.initiatives.push(i);
    assert_eq!(outcome(&r, at(2024), &p, "CSTDCS"), Tri::Pass);
    let text = all_text(&lines(&r, at(2024), &p, "CSTDCS"));
    assert!(
        text.contains("thành tích năm 2024") && text.contains("15/01/2025"),
        "{text}"
    );
    // the same decision does not count again for 2025
    let mut q = worker(2025, Rating::Httnv);
    q.initiatives = p.initiatives.clone();
    assert_eq!(outcome(&r, at(2025), &q, "CSTDCS"), Tri::Fail);
}

/// ND 98/2023 Art. 4: after discipline, achievements count from the end of the disciplinary
/// period: the three consecutive CSTĐCS of Chiến sĩ thi đua cấp tỉnh restart after it.
#[test]
fn principle_after_discipline_counters_restart_nd98_art_4() {
    let r = seeded(L22);
    let s = at(2024);
    let mut p = worker(2024, Rating::Htxsnv);
    p.awards = vec![award(2022, "CSTDCS"), award(2023, "CSTDCS")];
    p.initiatives
        .push(initiative(InitiativeLevel::Province, d(2023, 6, 1)));
    assert_eq!(outcome(&r, s, &p, "CSTD_TINH"), Tri::Pass);
    p.disciplines.push(DisciplineFact {
        level: DisciplineLevel::Reprimand,
        decided_on: d(2021, 9, 1),
        until: Some(d(2022, 8, 31)),
        decision: "12/QĐ-KL".into(),
    });
    assert_eq!(outcome(&r, s, &p, "CSTD_TINH"), Tri::Fail);
    let text = all_text(&lines(&r, s, &p, "CSTD_TINH"));
    assert!(
        text.contains(
            "Chỉ tính từ năm 2023: bị kỷ luật Khiển trách (12/QĐ-KL), hết hiệu lực năm 2022"
        ),
        "{text}"
    );
    assert!(text.contains("2022: không tính"), "{text}");
    // a one-year title is no counter: LĐTT of 2024 stands
    assert_eq!(outcome(&r, s, &p, "LDTT"), Tri::Pass);
    // a regime without the principle counts the years
    let mut without = r.clone();
    without.principles.restart_after_discipline = None;
    assert_eq!(outcome(&without, s, &p, "CSTD_TINH"), Tri::Pass);
}

/// Law 2022 Art. 5(2) (one achievement, one award): the two CSTĐCS years that earned a Bằng khen
/// of the province in 2023 cannot earn another: the next window starts in 2024.
#[test]
fn principle_one_achievement_one_award_law_2022_art_5_2() {
    let r = seeded(L22);
    let s = at(2024);
    let mut p = worker(2024, Rating::Htxsnv);
    p.awards = vec![award(2022, "CSTDCS"), award(2023, "CSTDCS")];
    assert_eq!(outcome(&r, s, &p, "BK_TINH"), Tri::Pass);
    p.awards.push(award(2023, "BK_TINH"));
    // only route (a), the council's judgement, is left
    assert_eq!(outcome(&r, s, &p, "BK_TINH"), Tri::Unknown);
    let text = all_text(&lines(&r, s, &p, "BK_TINH"));
    assert!(
        text.contains("Chỉ tính từ năm 2024: đã được tặng BK_TINH năm 2023"),
        "{text}"
    );
    let mut without = r.clone();
    without.principles.one_achievement_one_award = false;
    assert_eq!(outcome(&without, s, &p, "BK_TINH"), Tri::Pass);
}

/// ND 98/2023 Art. 4: thematic and unexpected awards are no basis for annual merit awards: a
/// thematic Bằng khen of the province does not open the Prime Minister's.
#[test]
fn principle_thematic_awards_are_no_basis_nd98_art_4() {
    let r = seeded(L22);
    let s = at(2024);
    let mut p = rated(2019..=2024, Rating::Httnv);
    let mut bk = award(2018, "BK_TINH");
    bk.kind = AwardKind::Thematic;
    p.awards = vec![
        bk,
        award(2021, "CSTDCS"),
        award(2022, "CSTDCS"),
        award(2023, "CSTDCS"),
    ];
    assert_eq!(outcome(&r, s, &p, "BK_TTG"), Tri::Fail);
    let text = all_text(&lines(&r, s, &p, "BK_TTG"));
    assert!(
        text.contains("2018: khen thưởng theo chuyên đề (2018/QĐ), không dùng làm căn cứ"),
        "{text}"
    );
    p.awards[0].kind = AwardKind::Annual;
    assert_eq!(outcome(&r, s, &p, "BK_TTG"), Tri::Pass);
    // an unexpected CSTĐCS-year award does not make a year of a streak either
    let mut q = worker(2024, Rating::Htxsnv);
    let mut c = award(2023, "CSTDCS");
    c.kind = AwardKind::Unexpected;
    q.awards = vec![c];
    let text = all_text(&lines(&r, s, &q, "BK_TINH"));
    assert!(text.contains("không dùng làm căn cứ"), "{text}");
}

/// ND 98/2023 Art. 4: an inspection blocks only "khi có dấu hiệu vi phạm"; the verification of a
/// press report on corruption blocks.
#[test]
fn principle_open_reviews_nd98_art_4() {
    let r = seeded(L22);
    let s = at(2024);
    let mut p = worker(2024, Rating::Httnv);
    p.reviews.push(ReviewFact {
        kind: "inspection".into(),
        opened_on: d(2024, 10, 1),
        closed_on: None,
        violation_signs: false,
    });
    assert_eq!(
        outcome(&r, s, &p, "LDTT"),
        Tri::Pass,
        "a routine inspection"
    );
    p.reviews[0].violation_signs = true;
    assert_eq!(outcome(&r, s, &p, "LDTT"), Tri::Fail);
    p.reviews[0] = ReviewFact {
        kind: "press".into(),
        opened_on: d(2024, 11, 2),
        closed_on: None,
        violation_signs: false,
    };
    assert_eq!(outcome(&r, s, &p, "LDTT"), Tri::Fail);
    let text = all_text(&lines(&r, s, &p, "LDTT"));
    assert!(text.contains("đang xác minh thông tin báo chí"), "{text}");
}

/// ND 91/2017 Art. 9(3): the checked mark: conditions read against their text carry where and
/// when; the rest are counted as unchecked (the rule-set page shows them apart).
#[test]
fn conditions_carry_their_check_mark() {
    let r = seeded(L22);
    let cstdcs = r.title("CSTDCS").expect("CSTDCS");
    assert_eq!(cstdcs.conditions.unchecked(), 0, "Art. 23 was read");
    let ldtt = r.title("LDTT").expect("LDTT");
    assert!(
        ldtt.conditions.unchecked() >= 2,
        "registration and discipline were not found"
    );
    let n91 = seeded(N91);
    let months = n91
        .title("LDTT")
        .expect("LDTT")
        .conditions
        .leaves()
        .into_iter()
        .find(|l| matches!(l.node.cond, Cond::MonthsWorked { .. }))
        .expect("months");
    let c = months.node.checked.as_ref().expect("checked");
    assert!(c.against.contains("thuvienphapluat.vn") && c.on == d(2026, 11, 26));
    assert_eq!(months.node.source, "Điều 10 Nghị định 91/2017/NĐ-CP");
}

/// Transitional provisions (Law 2022 Art. 94–95; the decrees' own, CONFIGURABLE per regime): a
/// regime that judges by the day a dossier was received takes the dossiers received while it is
/// in force; otherwise the campaign's year decides.
#[test]
fn transitional_provision_regime_by_dossier_date() {
    let span = |id, from: chrono::NaiveDate, to: Option<chrono::NaiveDate>, by| RegimeSpan {
        id,
        from,
        to,
        by,
    };
    let mut regimes = vec![
        span(
            91,
            d(2017, 10, 1),
            Some(d(2023, 12, 31)),
            RegimeBy::CampaignYear,
        ),
        span(
            98,
            d(2024, 1, 1),
            Some(d(2025, 6, 30)),
            RegimeBy::CampaignYear,
        ),
        span(152, d(2025, 7, 1), None, RegimeBy::CampaignYear),
    ];
    // by the campaign's year
    assert_eq!(regime_for(&regimes, 2022, None), Some(91));
    assert_eq!(regime_for(&regimes, 2024, Some(d(2025, 8, 1))), Some(98));
    assert_eq!(regime_for(&regimes, 2025, None), Some(152));
    // ND 152 judging the dossiers it receives: a 2024 proposal received in August 2025
    regimes[2].by = RegimeBy::DossierReceived;
    assert_eq!(regime_for(&regimes, 2024, Some(d(2025, 8, 1))), Some(152));
    // received before it took effect: still the campaign year's regime
    assert_eq!(regime_for(&regimes, 2024, Some(d(2025, 6, 20))), Some(98));
    assert_eq!(regime_for(&regimes, 2024, None), Some(98));
    // no regime in force
    assert_eq!(regime_for(&regimes, 2010, None), None);
}

/// Law 2022 Art. 26 (and Art. 25): the Cờ thi đua goes to a collective leading its emulation
/// cluster or bloc: the condition reads the ranking the Office enters instead of a manual check.
#[test]
fn emulation_flag_reads_the_cluster_ranking_art_26() {
    let r = seeded(L22);
    let s = at(2024);
    let people: Vec<PersonFacts> = (0..4).map(|_| worker(2024, Rating::Httnv)).collect();
    let mut u = unit(2024, Rating::Htxsnv, 0..4);
    let flag = |u: &UnitFacts| {
        let scope = evaluate_scope(&r, s, &shared(&people), std::slice::from_ref(u));
        let i = scope
            .collective_titles
            .iter()
            .position(|t| t == "CO_TD")
            .expect("CO_TD");
        scope.units[0][i]
    };
    assert_eq!(
        flag(&u),
        Tri::Unknown,
        "in no cluster the app knows: the council checks"
    );
    u.clusters.push(ClusterFact {
        name: "Khối các Sở kinh tế".into(),
        members: 8,
        rank: None,
        leader: false,
        ranking_entered: false,
    });
    assert_eq!(flag(&u), Tri::Unknown, "not ranked yet");
    u.clusters[0].ranking_entered = true;
    assert_eq!(flag(&u), Tri::Fail, "left out of the year's ranking");
    u.clusters[0].rank = Some(2);
    assert_eq!(flag(&u), Tri::Fail, "second");
    u.clusters[0].rank = Some(1);
    u.clusters[0].leader = true;
    assert_eq!(flag(&u), Tri::Pass, "leads the bloc");
    let scope = evaluate_scope(&r, s, &shared(&people), std::slice::from_ref(&u));
    let res = explain_unit(&r, s, &u, &shared(&people), &scope, Lang::Vi);
    let text = all_text(
        &res.iter()
            .find(|t| t.code == "CO_TD")
            .expect("CO_TD")
            .conditions,
    );
    assert!(
        text.contains("Khối các Sở kinh tế: hạng 1/8 (cụm trưởng, khối trưởng)"),
        "{text}"
    );
    // the texts' words: "leading the cluster", not "first place or better" (issue 27)
    assert!(
        text.contains("Dẫn đầu cụm, khối thi đua năm 2024"),
        "{text}"
    );
    assert!(!text.contains("Xếp thứ 1 trở lên"), "{text}");
    // a lower rating still fails, whatever the rank
    u.ratings.insert(2024, Rating::Httnv);
    assert_eq!(flag(&u), Tri::Fail);
}

/// The passing or failing of the condition line of `title` whose rule contains `rule`.
fn line_passed(r: &RuleSet, s: Setting, p: &PersonFacts, title: &str, rule: &str) -> Option<bool> {
    lines(r, s, p, title)
        .into_iter()
        .find(|l| l.rule.contains(rule))
        .unwrap_or_else(|| panic!("no line {rule:?} of {title}"))
        .passed
}

/// ND 91/2017 Art. 39 (issue 27, item 2): the province's Bằng khen has no route of two consecutive
/// Chiến sĩ thi đua cơ sở (that route is the 2022 Law's Art. 74(1)(d)). Someone with two CSTĐCS
/// and only good ratings is not eligible by the facts under ND 91, and is under the 2022 Law.
#[test]
fn nd91_art_39_has_no_route_of_two_grassroots_emulation_fighters() {
    let mut p = rated(2020..=2022, Rating::Httnv);
    p.awards = vec![award(2020, "CSTDCS"), award(2021, "CSTDCS")];
    let nd91 = seeded(N91);
    let text = all_text(&lines(&nd91, at(2022), &p, "BK_TINH"));
    // (the seeded titles are named by their codes here)
    assert!(!text.contains("CSTDCS"), "{text}");
    assert_ne!(outcome(&nd91, at(2022), &p, "BK_TINH"), Tri::Pass);
    // the 2022 Law's point d: two consecutive CSTĐCS is a route
    let mut q = rated(2023..=2024, Rating::Httnv);
    q.awards = vec![award(2023, "CSTDCS"), award(2024, "CSTDCS")];
    let l22 = seeded(L22);
    assert!(all_text(&lines(&l22, at(2024), &q, "BK_TINH")).contains("CSTDCS"));
}

/// Law 2022 Art. 21 and the 2003 Law's Art. 21 (issue 27, item 7): Chiến sĩ thi đua toàn quốc
/// needs the provincial title twice in a row ("02 lần liên tục": two awards a cycle of three years
/// apart), not any two in six years.
#[test]
fn law_2022_art_21_the_provincial_title_twice_in_a_row() {
    for (regime, year) in [(N91, 2022), (L22, 2024), (N152, 2025)] {
        let r = seeded(regime);
        let mut p = rated(year - 5..=year, Rating::Htxsnv);
        p.awards = vec![award(year - 3, "CSTD_TINH"), award(year, "CSTD_TINH")];
        // this year's provincial title is a fact, not a condition met: record it as awarded
        assert_eq!(
            line_passed(&r, at(year), &p, "CSTD_TQ", "liên tục"),
            Some(true),
            "{regime}: {} and {year}",
            year - 3
        );
        p.awards = vec![award(year - 4, "CSTD_TINH"), award(year - 2, "CSTD_TINH")];
        assert_eq!(
            line_passed(&r, at(year), &p, "CSTD_TQ", "liên tục"),
            Some(false),
            "{regime}: two in six years, not in a row"
        );
    }
}

/// The general principle "not while under review for discipline" (issue 27, item 8) cites ND 98
/// Art. 4(4) from 2024 and the Home Affairs circulars before, never Art. 7 of the 2003 Law.
#[test]
fn the_review_bar_cites_its_own_text() {
    for (regime, want) in [
        (N91, "Thông tư 12/2019/TT-BNV"),
        (L22, "Khoản 4 Điều 4 Nghị định 98/2023/NĐ-CP"),
    ] {
        let r = seeded(regime);
        let l = lines(&r, at(2024), &worker(2024, Rating::Htxsnv), "CSTD_TQ");
        let bar = l.iter().find(|x| x.source.contains(want));
        assert!(bar.is_some(), "{regime}: {}", all_text(&l));
        assert!(!l.iter().any(|x| x.source.contains("Điều 7 Luật")));
    }
}

/// Huân chương Lao động hạng Ba (issue 27, item 6; Law 2022 Art. 44(1)(e)): a Prime Minister's
/// Bằng khen, then five years at least HTTNV with three CSTĐCS; one year HTXSNV among them is a
/// judgement the Office confirms.
#[test]
fn law_2022_art_44_labour_order_third_class() {
    let r = seeded(N152);
    let mut p = rated(2021..=2025, Rating::Httnv);
    p.awards = vec![
        award(2020, "BK_TTG"),
        award(2022, "CSTDCS"),
        award(2023, "CSTDCS"),
        award(2024, "CSTDCS"),
    ];
    assert_eq!(
        outcome(&r, at(2025), &p, "HCLD3"),
        Tri::Unknown,
        "needs review: one HTXSNV"
    );
    p.awards.retain(|a| a.title != "BK_TTG");
    assert_eq!(
        outcome(&r, at(2025), &p, "HCLD3"),
        Tri::Fail,
        "no Bằng khen Thủ tướng"
    );
}
