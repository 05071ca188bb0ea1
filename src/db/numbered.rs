//! The register of numbered documents (issue 29, 4): decisions and submissions take their numbers
//! from one table, `document_register`, a row per kind, issuer and year. And the commands both
//! kinds go through, each logging its own audit entry in the caller's transaction, used alike by
//! the handlers and by the demo: draft, approve (decisions) or send (submissions), each taking
//! the number in the same transaction, and issue (a decision's signed copy into the registry).

use super::audit::{self, Actor, Entry};
use super::decisions::{Decision, NewDecision};
use super::submissions::{NewSubmission, Submission};
use crate::domain::cash::Rounding;
use crate::domain::dates::fmt_date;
use crate::domain::numbered::{
    DecisionStatus, Kind, PackStatus, Signer, SubmissionStatus, number_text,
};

/// A status column read as its domain enum (`query_as!` with `status AS "status: DecisionStatus"`):
/// text in PostgreSQL, parsed here at the boundary; a code the CHECK constraint would refuse is a
/// decoding error. The other db modules use it too (`super::numbered::status_column!`): the enum
/// needs `parse(&str) -> Option<Self>`.
macro_rules! status_column {
    ($t:ty, $what:literal) => {
        impl sqlx::Type<sqlx::Postgres> for $t {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::Type<sqlx::Postgres>>::type_info()
            }
            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <&str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }
        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $t {
            fn decode(
                value: sqlx::postgres::PgValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <&str as sqlx::Decode<sqlx::Postgres>>::decode(value)?;
                <$t>::parse(code).ok_or_else(|| format!("{} {code:?}", $what).into())
            }
        }
    };
}
pub(crate) use status_column;
status_column!(DecisionStatus, "decision status");
status_column!(SubmissionStatus, "submission status");
status_column!(PackStatus, "pack status");

/// Takes the next number of `issuer`'s register of `kind` for `year`: an upsert in the caller's
/// transaction, so that a rolled-back approval takes nothing (no gap) and two approvals at once
/// wait on the row (no number twice).
pub async fn take_number(
    tx: &mut super::Tx<'_>,
    kind: Kind,
    issuer: i64,
    year: i32,
) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO document_register (kind, issuer_unit_id, year, last) VALUES ($1, $2, $3, 1)
         ON CONFLICT (kind, issuer_unit_id, year) DO UPDATE SET last = document_register.last + 1
         RETURNING last",
        kind.code(),
        issuer,
        year
    )
    .fetch_one(&mut **tx)
    .await
}

/// Who acts in a command: as the audit log names them, and their account (`created_by`,
/// `approved_by`, `sent_by`).
pub struct By<'a> {
    pub actor: &'a Actor,
    pub user_id: i64,
}

impl<'a> By<'a> {
    pub fn new(actor: &'a Actor, user_id: i64) -> By<'a> {
        By { actor, user_id }
    }
}

/// Drafts a decision of `lines` of notice `notice_id` (none: no draft) and logs it ("create",
/// summary "`plan_title` — n lines"). `None` when no line was left.
pub async fn draft_decision(
    tx: &mut super::Tx<'_>,
    by: &By<'_>,
    (d, notice_id, plan_title): (&NewDecision<'_>, i64, &str),
    lines: &[i64],
) -> Result<Option<i64>, sqlx::Error> {
    if lines.is_empty() {
        return Ok(None);
    }
    let Some(id) = super::decisions::create(tx, d, lines, by.user_id).await? else {
        return Ok(None);
    };
    let entry = Entry::new("create", Kind::Decision.code(), id.to_string())
        .summary(format!("{plan_title} — {} lines", lines.len()))
        .after(Some(serde_json::json!({
            "campaign_id": d.campaign_id, "notice_id": notice_id, "lines": lines,
            "decided_on": d.decided_on,
        })));
    audit::record(&mut **tx, by.actor, entry).await?;
    Ok(Some(id))
}

/// Drafts a submission of `lines` (none: no draft) and logs it ("create", summary "`plan_title` —
/// n lines"). `None` when another took a line meanwhile.
pub async fn draft_submission(
    tx: &mut super::Tx<'_>,
    by: &By<'_>,
    (s, plan_title): (&NewSubmission<'_>, &str),
    lines: &[i64],
) -> Result<Option<i64>, sqlx::Error> {
    if lines.is_empty() {
        return Ok(None);
    }
    let Some(id) = super::submissions::create(tx, s, lines, by.user_id).await? else {
        return Ok(None);
    };
    let entry = Entry::new("create", Kind::Submission.code(), id.to_string())
        .summary(format!("{plan_title} — {} lines", lines.len()))
        .after(Some(serde_json::json!({
            "campaign_id": s.campaign_id, "notice_id": s.notice_id, "lines": lines,
            "submitted_on": s.submitted_on, "recipient": s.recipient,
        })));
    audit::record(&mut **tx, by.actor, entry).await?;
    Ok(Some(id))
}

/// How a decision is approved: who signs (and their name), the base salary and the regime's
/// rounding its cash is fixed at, the delegation a deputy signs under (id, basis).
pub struct Approval<'a> {
    pub signer: (Signer, &'a str),
    pub base_salary: i64,
    pub rounding: Rounding,
    pub delegation: Option<&'a (i64, String)>,
}

/// Approves draft `d`: the next number of the register, the cash fixed, the delegation marked,
/// logged ("approve"). `None` when the draft moved on (the caller rolls back: nothing taken).
pub async fn approve_decision(
    tx: &mut super::Tx<'_>,
    by: &By<'_>,
    d: &Decision,
    a: &Approval<'_>,
) -> Result<Option<i32>, sqlx::Error> {
    let cash = (a.base_salary, a.rounding);
    let Some(number) = super::decisions::approve(tx, d, a.signer, cash, by.user_id).await? else {
        return Ok(None);
    };
    if let Some((g, _)) = a.delegation {
        super::delegations::mark_decision(&mut **tx, d.id, *g).await?;
    }
    let (signer, name) = a.signer;
    let entry = Entry::new("approve", Kind::Decision.code(), d.id.to_string())
        .summary(format!(
            "{} — {}",
            number_text(Some(number), &d.doc_code),
            fmt_date(d.decided_on)
        ))
        .after(Some(serde_json::json!({
            "number": number, "doc_code": d.doc_code, "decided_on": d.decided_on,
            "base_salary": a.base_salary, "signer": name, "deputy": signer.is_deputy(),
            "delegation": a.delegation.map(|(g, basis)| serde_json::json!({"id": g, "basis": basis})),
        })));
    audit::record(&mut **tx, by.actor, entry).await?;
    Ok(Some(number))
}

/// Signs and sends draft `s` (`missing`: the papers the Office confirmed sending without): the
/// next number of the register, logged ("send"). `None` when it was sent or changed meanwhile
/// (the caller rolls back: nothing taken).
pub async fn send_submission(
    tx: &mut super::Tx<'_>,
    by: &By<'_>,
    s: &Submission,
    (signer, name): (Signer, &str),
    missing: &str,
) -> Result<Option<i32>, sqlx::Error> {
    let sent = super::submissions::send(tx, s, (signer, name), by.user_id).await?;
    let Some(number) = sent else {
        return Ok(None);
    };
    let entry = Entry::new("send", Kind::Submission.code(), s.id.to_string())
        .summary(format!(
            "{} — {}",
            number_text(Some(number), &s.doc_code),
            fmt_date(s.submitted_on)
        ))
        .after(Some(serde_json::json!({
            "number": number, "doc_code": s.doc_code, "submitted_on": s.submitted_on,
            "signer": name, "deputy": signer.is_deputy(), "recipient": s.recipient,
            "missing_confirmed": missing,
        })));
    audit::record(&mut **tx, by.actor, entry).await?;
    Ok(Some(number))
}

/// The signed copy an approved decision is issued with: its document (stored in the same
/// transaction), file name and SHA-256, and the signature as checked.
pub struct SignedCopy<'a> {
    pub document_id: i64,
    pub name: &'a str,
    pub sha256: &'a str,
    pub signature: &'a serde_json::Value,
}

/// Issues approved decision `d` with its signed copy: an original enters its lines in the registry
/// with `codes` (one per line), an amending one corrects the entries of the one it amends; logged
/// ("issue"). The registry entries it revoked, or `None` when the decision moved on (the caller
/// rolls back).
pub async fn issue_decision(
    tx: &mut super::Tx<'_>,
    by: &By<'_>,
    d: &Decision,
    copy: &SignedCopy<'_>,
    codes: &[String],
) -> Result<Option<Vec<serde_json::Value>>, sqlx::Error> {
    let file = (copy.document_id, copy.signature);
    let at = super::keys::At {
        id: d.id,
        version: d.version,
    };
    let issued = match d.amends_id {
        None => super::registry::issue(tx, at, file, codes, by.user_id)
            .await?
            .then(Vec::new),
        Some(amends) => super::registry::amend(tx, (at, amends), file, by.user_id).await?,
    };
    let Some(revoked) = issued else {
        return Ok(None);
    };
    let entry = Entry::new("issue", Kind::Decision.code(), d.id.to_string())
        .summary(format!("{} — {}", d.number_text(), copy.name))
        .after(Some(serde_json::json!({
            "document": copy.document_id, "sha256": copy.sha256, "signature": copy.signature,
            "registry_lines": codes.len(), "amends": d.amends_id,
            "revoked_registry_entries": revoked,
        })));
    audit::record(&mut **tx, by.actor, entry).await?;
    Ok(Some(revoked))
}
