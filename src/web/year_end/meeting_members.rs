//! The members' rows of a unit's review: who is in the subtree, each one's outcome per title, the
//! year's facts beside the meeting's record (as typed or as stored), and the self-assessment and
//! scores the viewer may see.

use super::meeting::MemberRow;
use super::meeting_form::opt;
use crate::auth::CurrentUser;
use crate::caches::{Evaluated, ReviewData};
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::db::reviews::Member;
use crate::db::rule_sets::TitleLine;
use crate::domain::eligibility::Tri;
use crate::web::Ctx;
pub(crate) use crate::web::evaluation::{member_indices, person_outcome};
use std::collections::HashMap;

/// The page's rows: each member with the year's facts, and the record as `typed` or as `stored`.
pub(super) fn member_rows(
    ctx: &Ctx,
    e: &Evaluated,
    idx: &[usize],
    stored: &HashMap<i64, Member>,
    titles: &[TitleLine],
    typed: Option<&crate::web::forms::Rows>,
) -> Vec<MemberRow> {
    let year = e.setting.year;
    idx.iter()
        .map(|&i| {
            let p = &e.scope.people[i];
            let f = &e.scope.facts[i];
            let s = stored.get(&p.id);
            let get = |k: &str| {
                typed
                    .and_then(|t| t.get(&format!("{k}_{}", p.id)))
                    .map(str::to_string)
            };
            let of = |tri: Tri| {
                e.result
                    .individual_titles
                    .iter()
                    .enumerate()
                    .filter(|(_, code)| {
                        titles.iter().any(|x| x.code == **code && x.form == "title")
                    })
                    .filter(|(t, _)| e.result.people[i].get(*t) == Some(&tri))
                    .map(|(_, code)| (code.clone(), e.title_name(code, ctx.lang)))
                    .collect::<Vec<_>>()
            };
            let title = match (typed, s) {
                (Some(_), _) => get("title").unwrap_or_default(),
                (None, Some(m)) => m
                    .title_id
                    .and_then(|t| titles.iter().find(|x| x.id == t))
                    .map(|t| t.code.clone())
                    .unwrap_or_default(),
                // not recorded yet: the title registered, unless the rules rule it out; else the
                // first the rules find met
                (None, None) => f
                    .registered
                    .clone()
                    .filter(|c| titles.iter().any(|x| x.code == *c && x.form == "title"))
                    .filter(|c| person_outcome(e, i, c) != Tri::Fail)
                    .or_else(|| of(Tri::Pass).into_iter().next().map(|(c, _)| c))
                    .unwrap_or_default(),
            };
            MemberRow {
                person_id: p.id,
                name: p.full_name.clone(),
                unit: p.unit_name.clone(),
                registered: f
                    .registered
                    .as_deref()
                    .map(|c| e.title_name(c, ctx.lang))
                    .unwrap_or_default(),
                rating: f
                    .ratings
                    .get(&year)
                    .map(|r| r.code().to_string())
                    .unwrap_or_default(),
                eligible: of(Tri::Pass),
                review: of(Tri::Unknown),
                present: match typed {
                    Some(_) => get("present").is_some(),
                    None => s.is_none_or(|m| m.present),
                },
                reason: match typed {
                    Some(_) => get("reason").unwrap_or_default(),
                    None => s.map(|m| m.absence_reason.clone()).unwrap_or_default(),
                },
                yes: get("yes").unwrap_or_else(|| opt(s.and_then(|m| m.votes_for))),
                no: get("no").unwrap_or_else(|| opt(s.and_then(|m| m.votes_against))),
                abstain: get("abstain").unwrap_or_else(|| opt(s.and_then(|m| m.votes_abstain))),
                scores: Vec::new(),
                assessed: None,
                proposed_outcome: if title.is_empty() {
                    ""
                } else {
                    person_outcome(e, i, &title).outcome()
                },
                title,
            }
        })
        .collect()
}

/// Each member's self-assessment, and the submitted score totals beside it: the viewer's own sheet,
/// and the others once the viewer's is submitted (the Office and the council see them all).
pub(super) fn add_scores(
    user: &CurrentUser,
    c: &CampaignRow,
    data: &ReviewData,
    members: &mut [MemberRow],
) {
    let all = user.sees_all_eligibility(&c.issuer_unit_path);
    for m in members.iter_mut() {
        m.assessed = data.assessed.get(&m.person_id).copied();
        let mine: Vec<&db::scores::Total> = data
            .totals
            .iter()
            .filter(|t| t.person_id == Some(m.person_id))
            .collect();
        let submitted = mine.iter().any(|t| t.scorer_id == user.user_id);
        if all || submitted {
            m.scores = mine
                .iter()
                .map(|t| (t.kind.clone(), t.got, t.max))
                .collect();
        }
    }
}
