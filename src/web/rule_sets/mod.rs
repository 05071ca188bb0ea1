//! Rule sets (legal regimes) for administrators: each one's titles, cash multiples and conditions in
//! words with their articles; a title's conditions edited as a tree in the documented vocabulary,
//! checked before saving; a rule set used by a closed campaign is frozen and copied instead.

pub mod council;
pub mod dossier;
pub mod params;
pub mod principles;
use self::params::{LeafParams, apply_params, leaf_params};
pub use self::principles::PrinciplesForm;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::Entry;
use crate::db::audit::{self};
use crate::domain::dates::{parse_date, today_vn};
use crate::domain::eligibility::{
    Explained, Node, Principles, RegimeBy, Subject, TieBreak, describe,
};
use crate::domain::names::clean_text;
use crate::domain::names::group_thousands;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::Errors;
use crate::web::extract::{Form, Path};
use crate::web::{ClientIp, Ctx, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped_with_dots() {
        assert_eq!(
            crate::domain::names::group_thousands("2340000"),
            "2.340.000"
        );
        assert_eq!(
            crate::domain::names::group_thousands("1490000.00"),
            "1.490.000"
        );
        assert_eq!(crate::domain::names::group_thousands("999"), "999");
    }
}

pub use crate::db::rule_sets::RuleSetLine;

#[derive(Template)]
#[template(path = "admin/rule_sets.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<RuleSetLine>,
}

async fn lines(state: &AppState) -> AppResult<Vec<RuleSetLine>> {
    Ok(db::rule_sets::lines(&state.db).await?)
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    user.require_admin()?;
    render(&ListPage {
        rows: lines(&state).await?,
        ctx,
    })
}

pub struct TitleView {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub subject: String,
    pub level: String,
    pub decided_by: String,
    pub cash_multiple: Option<String>,
    pub conditions: Vec<Explained>,
}

#[derive(Template)]
#[template(path = "admin/rule_set.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub rs: RuleSetLine,
    pub legal_bases: String,
    pub titles: Vec<TitleView>,
    pub copy: CopyForm,
    pub errors: Errors,
    pub base_salary: Option<(NaiveDate, String)>,
    /// the general principles the regime applies to every title, and their form
    pub principles: Principles,
    pub principles_form: PrinciplesForm,
    /// the dossier rules (periods, each title's documents) and the dossier form as typed
    pub dossier: db::rule_sets::Dossier,
    pub dossier_typed: Option<dossier::DossierForm>,
    /// the rule set's version (the forms carry it)
    pub version: i32,
    /// conditions with a source that no one has checked against its text
    pub unchecked: usize,
}

impl ShowPage {
    /// A multiple as Vietnamese writes it ("0,3").
    fn multiple(&self, m: &str) -> String {
        crate::export::decision::multiple_text(m)
    }
    /// The title `id`'s dossier needs `kind` (as typed when the form came back).
    fn needs(&self, id: &i64, kind: &str) -> bool {
        match &self.dossier_typed {
            Some(f) => f.documents.has(&format!("doc_{id}_{kind}")),
            None => self
                .dossier
                .titles
                .iter()
                .any(|(t, d)| t == id && d.iter().any(|k| k == kind)),
        }
    }
    /// A period field as typed or stored.
    fn period(&self, field: &str) -> String {
        match &self.dossier_typed {
            Some(f) if field == "check_days" => f.check_days.clone(),
            Some(f) => f.supplement_days.clone(),
            None if field == "check_days" => self.dossier.check_days.to_string(),
            None => self.dossier.supplement_days.to_string(),
        }
    }
    fn checklist(&self) -> [&'static str; 4] {
        dossier::CHECKLIST
    }
    fn discipline_levels(&self) -> Vec<(&'static str, &'static str)> {
        crate::domain::eligibility::DisciplineLevel::ALL
            .iter()
            .map(|l| (l.code(), l.name(self.ctx.lang)))
            .collect()
    }
    /// The principles in force, each in words.
    fn principle_lines(&self) -> Vec<String> {
        let p = &self.principles;
        let mut out = Vec::new();
        if let Some(l) = p.restart_after_discipline {
            out.push(self.ctx.tf("rules.p_discipline", [l.name(self.ctx.lang)]));
        }
        if p.one_achievement_one_award {
            out.push(self.ctx.t("rules.p_one_award").to_string());
        }
        if p.annual_awards_only {
            out.push(self.ctx.t("rules.p_annual_only").to_string());
        }
        if p.inspection_needs_signs {
            out.push(self.ctx.t("rules.p_inspection").to_string());
        }
        if p.tie_breaks.contains(&TieBreak::Women) {
            out.push(self.ctx.t("rules.p_women").to_string());
        }
        out.push(
            self.ctx
                .t(match p.regime_by {
                    RegimeBy::CampaignYear => "rules.p_regime_year",
                    RegimeBy::DossierReceived => "rules.p_regime_dossier",
                })
                .to_string(),
        );
        out
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct CopyForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub effective_from: String,
}

pub(super) async fn show_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    copy: Option<CopyForm>,
    errors: Errors,
) -> AppResult<ShowPage> {
    show_page_with(state, ctx, id, copy, None, errors).await
}

/// The page with the dossier form as typed.
pub(super) async fn show_page_typed(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    typed: dossier::DossierForm,
    errors: Errors,
) -> AppResult<ShowPage> {
    let mut p = show_page_with(state, ctx, id, None, None, errors).await?;
    p.dossier_typed = Some(typed);
    Ok(p)
}

/// The page with the copy form or the principles form as typed (the other blank).
pub(super) async fn show_page_with(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    copy: Option<CopyForm>,
    principles_form: Option<PrinciplesForm>,
    errors: Errors,
) -> AppResult<ShowPage> {
    let rs = lines(state)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(AppError::NotFound)?;
    let legal_bases = db::rule_sets::legal_bases(&state.db, id).await?;
    let rules = db::eligibility::rule_set(&state.db, id).await?;
    let year = rs.effective_to.unwrap_or_else(today_vn).year();
    let rows = db::rule_sets::titles(&state.db, id).await?;
    let titles = rows
        .into_iter()
        .map(|t| TitleView {
            conditions: describe(&rules, &t.code, year, ctx.lang),
            id: t.id,
            name: ctx.name(&t.name_vi, &t.name_en).to_string(),
            code: t.code,
            subject: t.subject,
            level: t.level,
            decided_by: t.decided_by,
            cash_multiple: t.cash,
        })
        .collect();
    let base_salary = db::rule_sets::base_salary_today(&state.db)
        .await?
        .map(|(from, amount)| (from, group_thousands(&amount)));
    let unchecked = rules.titles.iter().map(|t| t.conditions.unchecked()).sum();
    let principles = rules.principles.clone();
    let version = db::rule_sets::version(&state.db, id).await?;
    let principles_form =
        principles_form.unwrap_or_else(|| PrinciplesForm::of(&principles, version));
    let copy = copy.unwrap_or_else(|| CopyForm {
        code: format!("{}_COPY", rs.code),
        name: format!("{} ({})", rs.name, ctx.t("rules.copy_suffix")),
        effective_from: crate::domain::dates::fmt_date(today_vn()),
    });
    Ok(ShowPage {
        dossier: db::rule_sets::dossier(&state.db, id).await?,
        dossier_typed: None,
        version,
        ctx,
        rs,
        legal_bases,
        titles,
        copy,
        errors,
        base_salary,
        principles,
        principles_form,
        unchecked,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    user.require_admin()?;
    render(&show_page(&state, ctx, id, None, Errors::default()).await?)
}

#[derive(Template)]
#[template(path = "admin/title_edit.html")]
pub struct EditPage {
    pub ctx: Ctx,
    pub rs: RuleSetLine,
    pub title_id: i64,
    pub title_name: String,
    pub form: TitleForm,
    pub errors: Errors,
    pub problems: Vec<String>,
    pub preview: Vec<Explained>,
    /// each leaf with its parameters, for the parameters form
    pub params: Vec<LeafParams>,
}

#[derive(Deserialize, Default, Clone)]
pub struct TitleForm {
    #[serde(default)]
    pub cash_multiple: String,
    /// "none", "recognition" or "commendation"; empty keeps the stored one
    #[serde(default)]
    pub certificate: String,
    #[serde(default)]
    pub conditions: String,
    #[serde(default)]
    pub version: i32,
}

struct TitleRow {
    code: String,
    name: String,
    subject: String,
    cash: Option<String>,
    certificate: String,
    conditions: Node,
    version: i32,
}

async fn title_row(
    state: &AppState,
    id: i64,
    title_id: i64,
    lang: crate::i18n::Lang,
) -> AppResult<TitleRow> {
    let t = db::rule_sets::title(&state.db, id, title_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(TitleRow {
        name: match lang {
            crate::i18n::Lang::Vi => t.name_vi,
            crate::i18n::Lang::En => t.name_en,
        },
        code: t.code,
        subject: t.subject,
        cash: t.cash,
        certificate: t.certificate,
        // a stored tree is checked when saved: one that does not read is a server-side fault
        conditions: serde_json::from_value(t.conditions).map_err(anyhow::Error::from)?,
        version: t.version,
    })
}

/// The rule set `id` as listed.
pub(super) async fn rule_set_line(state: &AppState, id: i64) -> AppResult<RuleSetLine> {
    lines(state)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(AppError::NotFound)
}

/// The editor again, answering 422 with the form as sent, its errors and the tree's problems.
fn refused(
    ctx: Ctx,
    rs: RuleSetLine,
    (title_id, title_name): (i64, String),
    form: TitleForm,
    errors: Errors,
    problems: Vec<String>,
) -> AppResult<Response> {
    render_invalid(&EditPage {
        preview: Vec::new(),
        params: Vec::new(),
        title_id,
        title_name,
        form,
        errors,
        problems,
        rs,
        ctx,
    })
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((id, title_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    // the editor is for those who may save it: rule sets are shared by every unit
    user.require(user.is_root_admin())?;
    let rs = rule_set_line(&state, id).await?;
    let t = title_row(&state, id, title_id, ctx.lang).await?;
    let rules = db::eligibility::rule_set(&state.db, id).await?;
    let year = rs.effective_to.unwrap_or_else(today_vn).year();
    let preview = describe(&rules, &t.code, year, ctx.lang);
    let titles: Vec<(String, String)> = rules
        .titles
        .iter()
        .map(|x| (x.code.clone(), x.name(ctx.lang).to_string()))
        .collect();
    render(&EditPage {
        params: leaf_params(&t.conditions, &preview, &titles, &ctx),
        preview,
        title_id,
        title_name: t.name,
        form: TitleForm {
            certificate: t.certificate.clone(),
            cash_multiple: t
                .cash
                .as_deref()
                .map(crate::export::decision::multiple_text)
                .unwrap_or_default(),
            conditions: serde_json::to_string_pretty(&t.conditions).unwrap_or_default(),
            version: t.version,
        },
        errors: Errors::default(),
        problems: Vec::new(),
        rs,
        ctx,
    })
}

/// Saves a title's cash multiple and conditions. A tree that does not parse, names an unknown title,
/// or mixes individual and collective conditions comes back with the problems; a frozen rule set or a
/// stale form is refused; the change is audited.
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, title_id)): Path<(i64, i64)>,
    Form(f): Form<TitleForm>,
) -> AppResult<Response> {
    save_title(&state, ctx, &user, &ip, id, title_id, f).await
}

/// The parameters form as posted: the title's certificate, cash multiple and `version` (as the
/// title form has them), and each condition's values named by its place in the tree
/// (`p:{path}:{key}`, read by [`apply_params`]).
#[derive(Deserialize)]
pub struct ParamsForm {
    #[serde(default)]
    pub certificate: String,
    #[serde(default)]
    pub cash_multiple: String,
    #[serde(default)]
    pub version: String,
    #[serde(flatten)]
    pub params: std::collections::HashMap<String, String>,
}

/// The parameters form: each leaf's values changed in place (the structure stays), then saved
/// like the tree.
pub async fn update_params(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, title_id)): Path<(i64, i64)>,
    Form(f): Form<ParamsForm>,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    let t = title_row(&state, id, title_id, ctx.lang).await?;
    let mut tree = t.conditions.clone();
    let applied = apply_params(&mut tree, &f.params);
    let form = TitleForm {
        certificate: f.certificate,
        cash_multiple: f.cash_multiple,
        // with a value that does not fit, the editor shows the tree with the others applied
        conditions: serde_json::to_string_pretty(&tree).unwrap_or_default(),
        version: f.version.parse().unwrap_or_default(),
    };
    if let Err(problem) = applied {
        let rs = rule_set_line(&state, id).await?;
        let errors = Errors::one("conditions", "rules.err_conditions");
        return refused(ctx, rs, (title_id, t.name), form, errors, vec![problem]);
    }
    save_title(&state, ctx, &user, &ip, id, title_id, form).await
}

async fn save_title(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    ip: &str,
    id: i64,
    title_id: i64,
    f: TitleForm,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    let rs = rule_set_line(state, id).await?;
    let t = title_row(state, id, title_id, ctx.lang).await?;
    let (node, cash) = match check_title(state, id, &rs, &t, &f).await? {
        Ok(v) => v,
        Err((errors, problems)) => {
            return refused(ctx, rs, (title_id, t.name), f, errors, problems);
        }
    };
    let value = serde_json::to_value(&node).map_err(anyhow::Error::from)?;
    let mut tx = state.db.begin().await?;
    if !db::rule_sets::bump(&mut *tx, id, f.version).await? {
        tx.rollback().await?;
        let errors = Errors::stale_by(db::rule_sets::last_change(&state.db, id).await?);
        return refused(ctx, rs, (title_id, t.name), f, errors, Vec::new());
    }
    let certificate = if f.certificate.is_empty() {
        t.certificate.clone()
    } else {
        f.certificate.clone()
    };
    db::rule_sets::set_title(&mut *tx, title_id, &value, (cash, &certificate)).await?;
    audit::record(
        &mut *tx,
        &user.actor(ip),
        Entry::new("update", "title", title_id.to_string())
            .summary(format!("{} {}", rs.code, t.code))
            .before(Some(serde_json::json!({
                "cash_multiple": t.cash, "certificate": t.certificate, "conditions": t.conditions
            })))
            .after(Some(serde_json::json!({
                "cash_multiple": cash, "certificate": certificate, "conditions": value
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/rule-sets/{id}#t-{}", t.code),
        ctx.t("rules.saved"),
    ))
}

/// A title form's checks: the rule set not frozen, the cash multiple a number from 0 to 100, the
/// tree readable and sound for the title's subject and the rule set's titles, the form not stale.
/// The tree and the multiple, or the errors and the tree's problems.
#[allow(clippy::type_complexity)]
async fn check_title(
    state: &AppState,
    id: i64,
    rs: &RuleSetLine,
    t: &TitleRow,
    f: &TitleForm,
) -> AppResult<Result<(Node, Option<f64>), (Errors, Vec<String>)>> {
    let mut errors = Errors::default();
    let mut problems = Vec::new();
    if rs.locked {
        errors.push("_form", "rules.err_locked");
    }
    if !["", "none", "recognition", "commendation"].contains(&f.certificate.as_str()) {
        errors.push("certificate", "err.choose");
    }
    let cash = match f.cash_multiple.trim().replace(',', ".") {
        s if s.is_empty() => None,
        s => match s.parse::<f64>() {
            Ok(v) if (0.0..=100.0).contains(&v) => Some(v),
            _ => {
                errors.push("cash_multiple", "rules.err_cash");
                None
            }
        },
    };
    let codes: Vec<String> = db::rule_sets::title_codes(&state.db, id).await?;
    let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let node = match serde_json::from_str::<Node>(&f.conditions) {
        Ok(n) => {
            problems = n.check(Subject::parse(&t.subject), &code_refs);
            Some(n)
        }
        Err(e) => {
            problems.push(e.to_string());
            None
        }
    };
    if !problems.is_empty() {
        errors.push("conditions", "rules.err_conditions");
    }
    if errors.is_empty() && f.version != t.version {
        errors = Errors::stale_by(db::rule_sets::last_change(&state.db, id).await?);
    }
    Ok(match (node, errors.is_empty()) {
        (Some(node), true) => Ok((node, cash)),
        _ => Err((errors, problems)),
    })
}

/// Copies a rule set with its titles and conditions under a new code, effective from a date: the
/// way to change a regime already used by a closed campaign.
pub async fn copy(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(mut f): Form<CopyForm>,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    f.code = f.code.trim().to_uppercase();
    f.name = clean_text(&f.name);
    let mut errors = Errors::default();
    let code_ok = f.code.len() >= 2
        && f.code.len() <= 40
        && f.code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !code_ok {
        errors.push("code", "rules.err_code");
    } else if db::rule_sets::code_taken(&state.db, &f.code).await? {
        errors.push("code", "rules.err_code_taken");
    }
    if f.name.is_empty() {
        errors.push("name", "err.required");
    }
    let from = match parse_date(&f.effective_from) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push("effective_from", e);
            None
        }
    };
    let (Some(from), true) = (from, errors.is_empty()) else {
        return render_invalid(&show_page(&state, ctx, id, Some(f), errors).await?);
    };
    let mut tx = state.db.begin().await?;
    let new_id = db::rule_sets::copy(&mut tx, id, &f.code, &f.name, from)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(&mut *tx, &actor, Entry::new("copy", "rule_set", new_id.to_string())
.summary(format!("{} → {}", id, f.code))
.after(serde_json::json!({ "from": id, "code": f.code, "name": f.name, "effective_from": from })))
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/rule-sets/{new_id}"),
        ctx.t("rules.copied"),
    ))
}
