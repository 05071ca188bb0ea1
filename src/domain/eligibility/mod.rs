//! Eligibility for titles and commendations: a pure evaluation of a rule set's condition trees over
//! the facts of a person or a unit, where every answer explains itself condition by condition.
//!
//! A title's conditions are data (`titles.conditions`, JSON): a tree of `all` / `any` nodes over a
//! fixed vocabulary of leaves (`Cond`), each node optionally naming the legal article it encodes.
//! Each condition answers pass, fail or unknown (a fact is missing, or a person must judge): `all`
//! fails if one child fails, `any` passes if one child passes, and otherwise unknown wins over the
//! rest. A title is eligible when its tree passes, not eligible when it fails, and needs review when
//! it is unknown.
//!
//! Quotas (at most P % of the holders of another title) depend on everyone in scope, so a whole scope
//! is evaluated in two passes: first with quotas open, then with the counts of the first pass.

mod describe;
mod edit;
mod eval;
mod facts;
mod leaves;
mod leaves_collective;
mod overview;
mod scope;
mod vocab;

pub use describe::describe;
pub use edit::{Leaf, Param, ParamKind};
pub use eval::{Counts, Explained, Setting, TitleResult, Tri};
pub use facts::{
    Award, AwardKind, ClusterFact, DisciplineFact, InitiativeFact, PersonFacts, ReviewFact,
    UnitFacts, in_force_during, months_from_start,
};
pub use overview::{
    Quota, QuotaCount, Ranked, WOMEN_COLLECTIVE_PCT, outcome_counts, quota_candidates,
    quota_counts, quotas, tie_break,
};
pub use scope::{ScopeResult, evaluate_person, evaluate_scope, explain_unit, reevaluate_scope};
pub use vocab::{
    Checked, Cond, DisciplineLevel, InitiativeLevel, Node, Principles, QuotaScope, Rating,
    RegimeBy, RegimeSpan, RuleSet, Subject, TieBreak, TitleRule, regime_for,
};

#[cfg(test)]
mod law_tests;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
