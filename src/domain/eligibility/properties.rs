//! Property tests of the evaluator over random histories: a fact that passes never takes a title
//! away, and the consecutive-year counter agrees with a plain count.

use super::tests::*;
use super::*;

/// A tiny deterministic generator (no dependency): xorshift.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const TITLES: [&str; 4] = ["LDTT", "CSTDCS", "BK_TINH", "GIAYKHEN"];

fn random_person(rng: &mut Rng, year: i32) -> PersonFacts {
    let mut p = PersonFacts {
        months_worked: Some(rng.below(13) as f64),
        registered: (rng.below(4) > 0).then(|| "LDTT".to_string()),
        ..Default::default()
    };
    for y in year - 6..=year {
        if rng.below(5) > 0 {
            p.ratings.insert(y, Rating::ALL[rng.below(4) as usize]);
        }
        if rng.below(3) == 0 {
            p.awards.push(award(y, TITLES[rng.below(4) as usize]));
        }
        if rng.below(4) == 0 {
            p.initiatives.push(initiative(
                InitiativeLevel::ALL[rng.below(4) as usize],
                d(y, 1 + rng.below(12) as u32, 1),
            ));
        }
    }
    p
}

fn rank(t: Tri) -> u8 {
    match t {
        Tri::Fail => 0,
        Tri::Unknown => 1,
        Tri::Pass => 2,
    }
}

/// Adding a favourable fact (an initiative, an award, a better or a missing rating, more months)
/// never makes a title less reachable: every condition but discipline, reviews and quotas is monotone.
#[test]
fn adding_a_passing_fact_never_turns_eligible_into_not_eligible() {
    let r = seeded(L22);
    let s = at(2024);
    let mut rng = Rng(0x9e3779b97f4a7c15);
    for _ in 0..3000 {
        let before = random_person(&mut rng, 2024);
        let mut after = before.clone();
        match rng.below(5) {
            0 => after.initiatives.push(initiative(
                InitiativeLevel::ALL[rng.below(4) as usize],
                d(2020 + rng.below(5) as i32, 6, 1),
            )),
            1 => after.awards.push(award(
                2018 + rng.below(7) as i32,
                TITLES[rng.below(4) as usize],
            )),
            2 => {
                let y = 2018 + rng.below(7) as i32;
                let better = match after.ratings.get(&y) {
                    Some(Rating::Khtnv) => Rating::Htnv,
                    Some(Rating::Htnv) => Rating::Httnv,
                    _ => Rating::Htxsnv,
                };
                after.ratings.insert(y, better);
            }
            3 => after.months_worked = Some(12.0),
            _ => after.registered = Some("LDTT".into()),
        }
        let a = evaluate_person(&r, s, &before, None, None);
        let b = evaluate_person(&r, s, &after, None, None);
        for (x, y) in a.iter().zip(&b) {
            assert!(
                rank(y.outcome) >= rank(x.outcome),
                "{}: {:?} -> {:?}\nbefore {before:?}\nafter {after:?}",
                x.code,
                x.outcome,
                y.outcome
            );
        }
    }
}

/// The consecutive-year counter agrees with a plain count over arbitrary histories.
#[test]
fn the_consecutive_year_counter_over_arbitrary_histories() {
    let node = |years: u32| Node {
        cond: Cond::TitleStreak {
            title: "CSTDCS".into(),
            years,
        },
        source: String::new(),
        checked: None,
    };
    let mut rng = Rng(12345);
    for _ in 0..2000 {
        let years = 1 + rng.below(5) as u32;
        let mut rules = seeded(L22);
        rules.titles.push(TitleRule {
            code: "STREAK".into(),
            name_vi: "S".into(),
            name_en: "S".into(),
            subject: Subject::Individual,
            conditions: node(years),
        });
        // this year's CSTĐCS is met or not; earlier years from the history
        let this_year = rng.below(2) == 0;
        let mut p = worker(
            2024,
            if this_year {
                Rating::Htxsnv
            } else {
                Rating::Htnv
            },
        );
        let held: Vec<bool> = (0..8).map(|_| rng.below(3) > 0).collect();
        for (i, h) in held.iter().enumerate() {
            if *h {
                p.awards.push(award(2023 - i as i32, "CSTDCS"));
            }
        }
        let mut streak = usize::from(this_year);
        if this_year {
            streak += held.iter().take_while(|h| **h).count();
        }
        let want = if streak >= years as usize {
            Tri::Pass
        } else {
            Tri::Fail
        };
        assert_eq!(
            outcome(&rules, at(2024), &p, "STREAK"),
            want,
            "years {years}, this year {this_year}, held {held:?}"
        );
    }
}

/// The scope evaluated again after some people's facts changed (`reevaluate_scope`: their first
/// pass, the counts, the second pass for whoever a changed quota verdict reaches, every unit) equals
/// the whole scope evaluated from scratch, under quotas over the campaign and within each unit.
#[test]
fn reevaluating_the_changed_people_equals_evaluating_everyone() {
    let mut by_unit = seeded(N91);
    for t in by_unit.titles.iter_mut() {
        if let Cond::All { of } = &mut t.conditions.cond {
            for n in of.iter_mut() {
                if let Cond::Quota { scope, .. } = &mut n.cond {
                    *scope = QuotaScope::Unit;
                }
            }
        }
    }
    let s = at(2022);
    let mut rng = Rng(0x2545f4914f6cdd1d);
    for rules in [seeded(N91), by_unit, seeded(L22)] {
        for round in 0..40 {
            let n = 40 + rng.below(80) as usize;
            let mut people: Vec<PersonFacts> = (0..n)
                .map(|_| PersonFacts {
                    group: 1 + rng.below(3) as i64,
                    ..random_person(&mut rng, 2022)
                })
                .collect();
            // one unit per group, holding its people, rated at random
            let units: Vec<UnitFacts> = (1..=3)
                .map(|g| {
                    let mut u = UnitFacts {
                        group: g,
                        members: (0..n).filter(|&i| people[i].group == g).collect(),
                        registered: Some("TTLDTT".to_string()),
                        ..Default::default()
                    };
                    u.ratings.insert(2022, Rating::ALL[rng.below(4) as usize]);
                    u
                })
                .collect();
            let old = evaluate_scope(&rules, s, &shared(&people), &units);
            let mut changed: Vec<usize> = (0..1 + rng.below(6))
                .map(|_| rng.below(n as u64) as usize)
                .collect();
            changed.sort_unstable();
            changed.dedup();
            for &i in &changed {
                let group = people[i].group;
                people[i] = PersonFacts {
                    group,
                    ..random_person(&mut rng, 2022)
                };
            }
            let again = reevaluate_scope(&rules, s, &shared(&people), &units, &old, &changed);
            let whole = evaluate_scope(&rules, s, &shared(&people), &units);
            let what = format!("{} round {round}, changed {changed:?}", rules.code);
            assert_eq!(again.people, whole.people, "{what}");
            assert_eq!(again.first_people, whole.first_people, "{what}");
            assert_eq!(again.units, whole.units, "{what}");
            assert_eq!(again.first_units, whole.first_units, "{what}");
            assert_eq!(again.counts, whole.counts, "{what}");
        }
    }
}
