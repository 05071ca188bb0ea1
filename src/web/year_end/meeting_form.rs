//! The review meeting's form: the meeting's fields as typed or stored, and what a posted form says
//! (the meeting and the records of the members on the page that was posted), checked.

use crate::db::reviews::{Member, Review};
use crate::db::rule_sets::TitleLine;
use crate::domain::dates::{parse_opt_date, today_vn};
use crate::domain::names::clean_text;
use crate::domain::proposal::Vote;
use crate::web::Errors;
use crate::web::forms::{Rows, present};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// The review form as posted: the meeting's fields, the `version` read, the `page` of members it
/// showed and their ids (`shown`, "3,5,8"; absent: the whole unit), and each member's row
/// (`present_{person}`, `reason_…`, `title_…`, `yes_…`, `no_…`, `abstain_…`).
#[derive(Deserialize)]
pub struct ReviewPost {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub page: String,
    #[serde(default, deserialize_with = "present")]
    pub shown: Option<String>,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub held_at: String,
    #[serde(default)]
    pub ended_at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub chair: String,
    #[serde(default)]
    pub secretary: String,
    #[serde(default)]
    pub voting: String,
    #[serde(default)]
    pub collective: String,
    #[serde(default)]
    pub c_yes: String,
    #[serde(default)]
    pub c_no: String,
    #[serde(default)]
    pub c_abstain: String,
    #[serde(default)]
    pub discussion: String,
    #[serde(flatten)]
    pub rows: Rows,
}

/// The meeting's fields as typed or stored.
#[derive(Default, Clone)]
pub struct MeetingForm {
    pub held_on: String,
    pub held_at: String,
    pub ended_at: String,
    pub place: String,
    pub chair: String,
    pub secretary: String,
    pub voting: String,
    pub collective: String,
    pub c_yes: String,
    pub c_no: String,
    pub c_abstain: String,
    pub discussion: String,
    pub version: i32,
}

pub(crate) fn opt(v: Option<i32>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// The meeting form as stored (or blank, with the head as chair, for a review not yet held).
pub(crate) fn stored_form(r: Option<&Review>, titles: &[TitleLine]) -> MeetingForm {
    let Some(r) = r else {
        return MeetingForm {
            voting: "hands".into(),
            ..Default::default()
        };
    };
    MeetingForm {
        held_on: r
            .held_on
            .map(crate::domain::dates::fmt_date)
            .unwrap_or_default(),
        held_at: r.held_at.clone(),
        ended_at: r.ended_at.clone(),
        place: r.place.clone(),
        chair: r.chair_id.map(|i| i.to_string()).unwrap_or_default(),
        secretary: r.secretary_id.map(|i| i.to_string()).unwrap_or_default(),
        voting: r.voting.clone(),
        collective: r
            .collective_title_id
            .and_then(|t| titles.iter().find(|x| x.id == t))
            .map(|t| t.code.clone())
            .unwrap_or_default(),
        c_yes: opt(r.collective_for),
        c_no: opt(r.collective_against),
        c_abstain: opt(r.collective_abstain),
        discussion: r.discussion.clone(),
        version: r.version,
    }
}

/// A count typed in a vote field: blank is `None`, else a whole number from 0 to 100,000.
pub(crate) fn count(s: &str) -> Result<Option<i32>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i32>() {
        Ok(n) if (0..=100_000).contains(&n) => Ok(Some(n)),
        _ => Err(()),
    }
}

/// Three vote fields read together: all blank (`None`), or all numbers possible with `present`.
fn read_vote(
    fields: [&str; 3],
    present: u32,
    field: &str,
    errors: &mut Errors,
) -> Option<[i32; 3]> {
    let counts: Result<Vec<Option<i32>>, ()> = fields.iter().map(|s| count(s)).collect();
    let Ok(counts) = counts else {
        errors.push(field, "review.err_count");
        return None;
    };
    if counts.iter().all(Option::is_none) {
        return None;
    }
    let [y, n, a] = [0, 1, 2].map(|k| counts[k].unwrap_or(0));
    let v = Vote {
        yes: y as u32,
        no: n as u32,
        abstain: a as u32,
    };
    if let Err(e) = v.check(present) {
        errors.push(field, e);
    }
    Some([y, n, a])
}

/// The members a posted page holds: those its `shown` field lists that are members of the unit, in
/// the unit's order (every member when the form lists none: a form of the whole unit).
pub(crate) fn shown(f: &ReviewPost, members: &[i64]) -> Vec<i64> {
    let Some(listed) = &f.shown else {
        return members.to_vec();
    };
    let listed: Vec<i64> = listed
        .split(',')
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    members
        .iter()
        .copied()
        .filter(|p| listed.contains(p))
        .collect()
}

/// How the members not on the posted page stand as stored: how many are present (a member without a
/// record is present), and the largest vote count among them.
#[derive(Clone, Copy, Default)]
pub(crate) struct Others {
    pub present: u32,
    pub most_votes: u32,
}

impl Others {
    pub(crate) fn of(members: &[i64], shown: &[i64], stored: &HashMap<i64, Member>) -> Others {
        let shown: HashSet<i64> = shown.iter().copied().collect();
        let mut o = Others::default();
        for p in members.iter().filter(|p| !shown.contains(p)) {
            let s = stored.get(p);
            o.present += u32::from(s.is_none_or(|m| m.present));
            if let Some(m) = s {
                let sum = [m.votes_for, m.votes_against, m.votes_abstain]
                    .iter()
                    .map(|v| v.unwrap_or(0).max(0) as u32)
                    .sum::<u32>();
                o.most_votes = o.most_votes.max(sum);
            }
        }
        o
    }
}

/// The meeting's own fields: its date (not in the future), lengths, chair and secretary among the
/// members, the way of voting.
fn check_meeting(form: &MeetingForm, members: &[i64], errors: &mut Errors) {
    match parse_opt_date(&form.held_on) {
        Ok(Some(d)) if d <= today_vn() => {}
        Ok(Some(_)) => errors.push("held_on", "review.err_future"),
        Ok(None) => errors.push("held_on", "review.err_date"),
        Err(e) => errors.push("held_on", e),
    }
    for (key, v) in [("held_at", &form.held_at), ("ended_at", &form.ended_at)] {
        if v.chars().count() > 20 {
            errors.push(key, "review.err_long");
        }
    }
    if form.place.chars().count() > 300 {
        errors.push("place", "review.err_long");
    }
    if form.discussion.chars().count() > 10_000 {
        errors.push("discussion", "review.err_long");
    }
    for (k, v) in [("chair", &form.chair), ("secretary", &form.secretary)] {
        if !v.is_empty() && !v.parse::<i64>().is_ok_and(|p| members.contains(&p)) {
            errors.push(k, "review.err_member");
        }
    }
    if !["hands", "secret"].contains(&form.voting.as_str()) {
        errors.push("voting", "err.choose");
    }
}

/// What a review form says: the meeting and the records of the members on the page posted
/// (`shown`, of the unit's `members`), or the errors. The votes are checked against everyone
/// present, on this page and the others.
pub(crate) fn read_form(
    f: &ReviewPost,
    (members, shown): (&[i64], &[i64]),
    others: Others,
    titles: &[TitleLine],
    errors: &mut Errors,
) -> (MeetingForm, Vec<Member>) {
    let form = MeetingForm {
        held_on: clean_text(&f.held_on),
        held_at: clean_text(&f.held_at),
        ended_at: clean_text(&f.ended_at),
        place: clean_text(&f.place),
        chair: clean_text(&f.chair),
        secretary: clean_text(&f.secretary),
        voting: clean_text(&f.voting),
        collective: clean_text(&f.collective),
        c_yes: clean_text(&f.c_yes),
        c_no: clean_text(&f.c_no),
        c_abstain: clean_text(&f.c_abstain),
        discussion: f.discussion.clone(),
        version: f.version.parse().unwrap_or(-1),
    };
    check_meeting(&form, members, errors);
    let present: Vec<i64> = shown
        .iter()
        .copied()
        .filter(|p| f.rows.has(&format!("present_{p}")))
        .collect();
    let g = |k: &str| clean_text(f.rows.value(k));
    let n = present.len() as u32 + others.present;
    // a review votes on titles (danh hiệu); commendations are added to the proposal itself
    let title_id = |code: &str, subject: &str| {
        titles
            .iter()
            .find(|t| t.code == code && t.subject == subject && t.form == "title")
            .map(|t| t.id)
    };
    let mut rows = Vec::new();
    for p in shown {
        let code = g(&format!("title_{p}"));
        let tid = title_id(&code, "individual");
        if !code.is_empty() && tid.is_none() {
            errors.push(&format!("title_{p}"), "err.choose");
        }
        let vote = read_vote(
            [
                &g(&format!("yes_{p}")),
                &g(&format!("no_{p}")),
                &g(&format!("abstain_{p}")),
            ],
            n,
            &format!("vote_{p}"),
            errors,
        );
        if tid.is_some() && vote.is_none() {
            errors.push(&format!("vote_{p}"), "review.err_vote_missing");
        }
        let reason = g(&format!("reason_{p}"));
        if reason.chars().count() > 300 {
            errors.push(&format!("reason_{p}"), "review.err_long");
        }
        rows.push(Member {
            person_id: *p,
            present: present.contains(p),
            absence_reason: reason,
            title_id: tid,
            votes_for: vote.map(|v| v[0]),
            votes_against: vote.map(|v| v[1]),
            votes_abstain: vote.map(|v| v[2]),
        });
    }
    if !form.collective.is_empty() {
        if title_id(&form.collective, "collective").is_none() {
            errors.push("collective", "err.choose");
        }
        let v = read_vote(
            [&form.c_yes, &form.c_no, &form.c_abstain],
            n,
            "c_vote",
            errors,
        );
        if v.is_none() {
            errors.push("c_vote", "review.err_vote_missing");
        }
    }
    if n == 0 {
        errors.push("_form", "review.err_nobody");
    } else if others.most_votes > n {
        errors.push("_form", "review.err_votes_elsewhere");
    }
    (form, rows)
}
