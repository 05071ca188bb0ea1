//! Evaluating titles for a person, a unit, or a whole scope in two passes (quotas count the first
//! pass's candidates).

use super::eval::{Counts, Eval, Out, Setting, TitleResult, Tri};
use super::facts::{PersonFacts, UnitFacts};
use super::vocab::{Cond, Node, RuleSet, Subject};
use crate::i18n::Lang;
use std::collections::HashMap;

/// Whom a title is evaluated for: a person, or a unit with the people its members index into and
/// what each member holds this year.
struct Target<'a> {
    person: Option<&'a PersonFacts>,
    unit: Option<&'a UnitFacts>,
    people: &'a [PersonFacts],
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
    people: &[PersonFacts],
    units: &[UnitFacts],
) -> ScopeResult {
    let individual: Vec<String> = rules
        .titles
        .iter()
        .filter(|t| t.subject == Subject::Individual)
        .map(|t| t.code.clone())
        .collect();
    let collective: Vec<String> = rules
        .titles
        .iter()
        .filter(|t| t.subject == Subject::Collective)
        .map(|t| t.code.clone())
        .collect();
    let has_quota = |subject: Subject| {
        rules
            .titles
            .iter()
            .filter(|t| t.subject == subject)
            .any(|t| has_quota(&t.conditions))
    };
    let mut counts = Counts::default();
    let person_groups: Vec<i64> = people.iter().map(|p| p.group).collect();
    let unit_groups: Vec<i64> = units.iter().map(|u| u.group).collect();
    let outcomes = |r: Vec<TitleResult>| r.into_iter().map(|t| t.outcome).collect::<Vec<Tri>>();
    // people: open quotas, count, then again with the counts if a quota is there
    let mut person_out: Vec<Vec<Tri>> = people
        .iter()
        .map(|p| outcomes(evaluate_person(rules, s, p, None, None)))
        .collect();
    count_into(&mut counts, &individual, &person_out, &person_groups);
    let mut first_people = Vec::new();
    if has_quota(Subject::Individual) {
        first_people = person_out.clone();
        person_out = people
            .iter()
            .map(|p| outcomes(evaluate_person(rules, s, p, Some(&counts), None)))
            .collect();
    }
    let titles_of =
        |m: usize, title: &str| member_holds(people, s.year, &individual, &person_out, m, title);
    let unit_eval = |u: &UnitFacts, quota: Option<&Counts>| {
        outcomes(evaluate(
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
        ))
    };
    let mut unit_out: Vec<Vec<Tri>> = units.iter().map(|u| unit_eval(u, None)).collect();
    count_into(&mut counts, &collective, &unit_out, &unit_groups);
    let mut first_units = Vec::new();
    if has_quota(Subject::Collective) {
        first_units = unit_out.clone();
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
    people: &[PersonFacts],
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
    people: &[PersonFacts],
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
