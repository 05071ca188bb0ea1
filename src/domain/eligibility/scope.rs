//! Evaluating titles for a person, a unit, or a whole scope in two passes (quotas count the first
//! pass's candidates).

use super::eval::{Counts, Eval, Out, Setting, TitleResult, Tri};
use super::facts::{PersonFacts, UnitFacts};
use super::vocab::{Cond, Node, QuotaScope, RuleSet, Subject};
use crate::i18n::Lang;
use std::collections::HashMap;
use std::sync::Arc;

/// Whom a title is evaluated for: a person, or a unit with the people its members index into and
/// what each member holds this year.
struct Target<'a> {
    person: Option<&'a PersonFacts>,
    unit: Option<&'a UnitFacts>,
    people: &'a [Arc<PersonFacts>],
    member_titles: &'a dyn Fn(usize, &str) -> Tri,
}

/// Evaluates every title of a subject for one person or unit.
fn evaluate(
    rules: &RuleSet,
    s: Setting,
    subject: Subject,
    target: Target<'_>,
    quota: Option<&Counts>,
    explain: Option<Lang>,
) -> Vec<TitleResult> {
    let Target {
        person,
        unit,
        people,
        member_titles,
    } = target;
    let mut e = Eval {
        rules,
        s,
        lang: explain.unwrap_or_default(),
        quota,
        person,
        unit,
        member_titles,
        people,
        stack: Vec::new(),
        memo: HashMap::new(),
    };
    let mut results = Vec::new();
    for rule in rules.titles.iter().filter(|t| t.subject == subject) {
        let mut lines = Vec::new();
        e.stack.push(rule.code.clone());
        let outcome = match explain {
            Some(_) => e.node(
                &rule.conditions,
                &mut Out {
                    lines: Some(&mut lines),
                },
                0,
            ),
            None => e.node(&rule.conditions, &mut Out { lines: None }, 0),
        };
        e.stack.pop();
        e.memo.insert(rule.code.clone(), outcome);
        results.push(TitleResult {
            code: rule.code.clone(),
            name: rule.name(e.lang).to_string(),
            outcome,
            conditions: lines,
        });
    }
    results
}

/// A person's answer for every individual title. `quota` holds the scope's counts (from
/// `evaluate_scope`); without them quotas are reported open.
pub fn evaluate_person(
    rules: &RuleSet,
    s: Setting,
    facts: &PersonFacts,
    quota: Option<&Counts>,
    explain: Option<Lang>,
) -> Vec<TitleResult> {
    evaluate(
        rules,
        s,
        Subject::Individual,
        Target {
            person: Some(facts),
            unit: None,
            people: &[],
            member_titles: &|_, _| Tri::Fail,
        },
        quota,
        explain,
    )
}

/// Everyone's answers in a scope: people, then units (whose conditions read their members'
/// answers), each in two passes so that quotas count the first pass's candidates.
pub struct ScopeResult {
    /// per person, per individual title (in rule set order): the outcome
    pub people: Vec<Vec<Tri>>,
    /// the first pass's outcomes (quotas open) where a quota made a second pass: who the quotas
    /// counted as candidates (empty when no quota)
    pub first_people: Vec<Vec<Tri>>,
    pub first_units: Vec<Vec<Tri>>,
    pub units: Vec<Vec<Tri>>,
    /// those eligible per title before quotas (what quotas count)
    pub counts: Counts,
    pub individual_titles: Vec<String>,
    pub collective_titles: Vec<String>,
}

pub fn evaluate_scope(
    rules: &RuleSet,
    s: Setting,
    people: &[Arc<PersonFacts>],
    units: &[UnitFacts],
) -> ScopeResult {
    let individual = codes_of(rules, Subject::Individual);
    let mut counts = Counts::default();
    let person_groups: Vec<i64> = people.iter().map(|p| p.group).collect();
    // people: open quotas, count, then again with the counts if a quota is there
    let mut person_out: Vec<Vec<Tri>> = people
        .iter()
        .map(|p| person_pass(rules, s, p, None))
        .collect();
    count_into(&mut counts, &individual, &person_out, &person_groups);
    let mut first_people = Vec::new();
    if subject_has_quota(rules, Subject::Individual) {
        first_people = person_out;
        person_out = people
            .iter()
            .map(|p| person_pass(rules, s, p, Some(&counts)))
            .collect();
    }
    units_passes(rules, s, people, units, person_out, first_people, counts)
}

/// `old` (the result of `evaluate_scope` over the same people and units) brought up to date after
/// the facts of the people at `changed` (indices) and of any units changed: those people's first
/// pass again, the counts again, the second pass again for them and for whoever a quota whose verdict
/// changed reaches (a group, or everyone for a campaign-wide quota), and every unit again (units are
/// few beside people). Equal to `evaluate_scope` over the new facts (the properties test it).
pub fn reevaluate_scope(
    rules: &RuleSet,
    s: Setting,
    people: &[Arc<PersonFacts>],
    units: &[UnitFacts],
    old: &ScopeResult,
    changed: &[usize],
) -> ScopeResult {
    let individual = codes_of(rules, Subject::Individual);
    let person_groups: Vec<i64> = people.iter().map(|p| p.group).collect();
    let quota = subject_has_quota(rules, Subject::Individual);
    let mut first = if quota {
        old.first_people.clone()
    } else {
        old.people.clone()
    };
    for &i in changed {
        if let (Some(slot), Some(p)) = (first.get_mut(i), people.get(i)) {
            *slot = person_pass(rules, s, p, None);
        }
    }
    let mut counts = Counts::default();
    count_into(&mut counts, &individual, &first, &person_groups);
    let (person_out, first_people) = if quota {
        let mut out = old.people.clone();
        let (everyone, groups) = quota_verdicts_changed(rules, &individual, &old.counts, &counts);
        for (i, p) in people.iter().enumerate() {
            if everyone || groups.contains(&p.group) {
                out[i] = person_pass(rules, s, p, Some(&counts));
            }
        }
        for &i in changed {
            if let (Some(slot), Some(p)) = (out.get_mut(i), people.get(i)) {
                *slot = person_pass(rules, s, p, Some(&counts));
            }
        }
        (out, first)
    } else {
        (first, Vec::new())
    };
    units_passes(rules, s, people, units, person_out, first_people, counts)
}

fn codes_of(rules: &RuleSet, subject: Subject) -> Vec<String> {
    rules
        .titles
        .iter()
        .filter(|t| t.subject == subject)
        .map(|t| t.code.clone())
        .collect()
}

fn subject_has_quota(rules: &RuleSet, subject: Subject) -> bool {
    rules
        .titles
        .iter()
        .filter(|t| t.subject == subject)
        .any(|t| has_quota(&t.conditions))
}

fn person_pass(rules: &RuleSet, s: Setting, p: &PersonFacts, quota: Option<&Counts>) -> Vec<Tri> {
    evaluate_person(rules, s, p, quota, None)
        .into_iter()
        .map(|t| t.outcome)
        .collect()
}

/// Whether an individual title's quota verdict (its candidates within its places) differs between
/// two counts: over the campaign (everyone is evaluated again), or in which groups.
fn quota_verdicts_changed(
    rules: &RuleSet,
    individual: &[String],
    old: &Counts,
    new: &Counts,
) -> (bool, std::collections::HashSet<i64>) {
    let mut groups = std::collections::HashSet::new();
    let within = |base: usize, candidates: usize, pct: u32| candidates <= base * pct as usize / 100;
    for q in super::overview::quotas(rules) {
        if !individual.contains(&q.title) {
            continue;
        }
        match q.scope {
            QuotaScope::Campaign => {
                if within(old.get(&q.of_title), old.get(&q.title), q.max_pct)
                    != within(new.get(&q.of_title), new.get(&q.title), q.max_pct)
                {
                    return (true, groups);
                }
            }
            QuotaScope::Unit => {
                let all: std::collections::HashSet<i64> = old
                    .by_group
                    .keys()
                    .chain(new.by_group.keys())
                    .map(|(g, _)| *g)
                    .collect();
                for g in all {
                    if within(
                        old.in_group(g, &q.of_title),
                        old.in_group(g, &q.title),
                        q.max_pct,
                    ) != within(
                        new.in_group(g, &q.of_title),
                        new.in_group(g, &q.title),
                        q.max_pct,
                    ) {
                        groups.insert(g);
                    }
                }
            }
        }
    }
    (false, groups)
}

/// The units' two passes over the people's answers, and the result put together.
fn units_passes(
    rules: &RuleSet,
    s: Setting,
    people: &[Arc<PersonFacts>],
    units: &[UnitFacts],
    person_out: Vec<Vec<Tri>>,
    first_people: Vec<Vec<Tri>>,
    mut counts: Counts,
) -> ScopeResult {
    let individual = codes_of(rules, Subject::Individual);
    let collective = codes_of(rules, Subject::Collective);
    let unit_groups: Vec<i64> = units.iter().map(|u| u.group).collect();
    let titles_of =
        |m: usize, title: &str| member_holds(people, s.year, &individual, &person_out, m, title);
    let unit_eval = |u: &UnitFacts, quota: Option<&Counts>| {
        evaluate(
            rules,
            s,
            Subject::Collective,
            Target {
                person: None,
                unit: Some(u),
                people,
                member_titles: &titles_of,
            },
            quota,
            None,
        )
        .into_iter()
        .map(|t| t.outcome)
        .collect::<Vec<Tri>>()
    };
    let mut unit_out: Vec<Vec<Tri>> = units.iter().map(|u| unit_eval(u, None)).collect();
    count_into(&mut counts, &collective, &unit_out, &unit_groups);
    let mut first_units = Vec::new();
    if subject_has_quota(rules, Subject::Collective) {
        first_units = unit_out;
        unit_out = units.iter().map(|u| unit_eval(u, Some(&counts))).collect();
    }
    ScopeResult {
        people: person_out,
        units: unit_out,
        first_people,
        first_units,
        counts,
        individual_titles: individual,
        collective_titles: collective,
    }
}

/// A unit's answers with explanations, its members' answers taken from `scope`.
pub fn explain_unit(
    rules: &RuleSet,
    s: Setting,
    unit: &UnitFacts,
    people: &[Arc<PersonFacts>],
    scope: &ScopeResult,
    lang: Lang,
) -> Vec<TitleResult> {
    let titles_of = |m: usize, title: &str| {
        member_holds(
            people,
            s.year,
            &scope.individual_titles,
            &scope.people,
            m,
            title,
        )
    };
    evaluate(
        rules,
        s,
        Subject::Collective,
        Target {
            person: None,
            unit: Some(unit),
            people,
            member_titles: &titles_of,
        },
        Some(&scope.counts),
        Some(lang),
    )
}

/// Whether member `m` holds `title` this year: awarded it already, or by `outcomes` (per person,
/// per title of `individual`): eligible, not, or not decided yet.
fn member_holds(
    people: &[Arc<PersonFacts>],
    year: i32,
    individual: &[String],
    outcomes: &[Vec<Tri>],
    m: usize,
    title: &str,
) -> Tri {
    if people
        .get(m)
        .is_some_and(|p| p.awards.iter().any(|a| a.year == year && a.title == title))
    {
        return Tri::Pass;
    }
    individual
        .iter()
        .position(|c| c == title)
        .and_then(|i| outcomes.get(m).and_then(|o| o.get(i)))
        .copied()
        .unwrap_or(Tri::Fail)
}

fn count_into(counts: &mut Counts, titles: &[String], outcomes: &[Vec<Tri>], groups: &[i64]) {
    for (i, code) in titles.iter().enumerate() {
        let mut n = 0;
        for (k, o) in outcomes.iter().enumerate() {
            if o.get(i) == Some(&Tri::Pass) {
                n += 1;
                let g = groups.get(k).copied().unwrap_or(0);
                *counts.by_group.entry((g, code.clone())).or_insert(0) += 1;
            }
        }
        counts.all.insert(code.clone(), n);
    }
}

fn has_quota(n: &Node) -> bool {
    match &n.cond {
        Cond::Quota { .. } => true,
        Cond::All { of } | Cond::Any { of } => of.iter().any(has_quota),
        _ => false,
    }
}
