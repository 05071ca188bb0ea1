//! A title's conditions in words, without facts.

use super::eval::{Eval, Explained, Out, Setting, Tri};
use super::facts::{PersonFacts, UnitFacts};
use super::vocab::{RuleSet, Subject};
use crate::i18n::Lang;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A title's conditions in words, without facts: each line's rule and source, nested (for the rule
/// set's page and its editor). `year` places the "within N years" ranges.
pub fn describe(rules: &RuleSet, code: &str, year: i32, lang: Lang) -> Vec<Explained> {
    let Some(t) = rules.title(code) else {
        return Vec::new();
    };
    let person = PersonFacts::default();
    let unit = UnitFacts::default();
    let mut e = Eval {
        rules,
        s: Setting {
            year,
            on: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
        },
        lang,
        quota: None,
        person: (t.subject == Subject::Individual).then_some(&person),
        unit: (t.subject == Subject::Collective).then_some(&unit),
        member_titles: &|_, _| Tri::Fail,
        people: &[],
        stack: vec![t.code.clone()],
        memo: HashMap::new(),
    };
    let mut lines = Vec::new();
    e.node(
        &t.conditions,
        &mut Out {
            lines: Some(&mut lines),
        },
        0,
    );
    for l in &mut lines {
        l.passed = None;
        l.detail.clear();
    }
    lines
}
