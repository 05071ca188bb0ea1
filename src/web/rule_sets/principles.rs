//! A regime's general principles edited by an administrator: the restart after discipline, one
//! achievement one award, annual awards only, inspections with signs of a violation, the
//! tie-break between equal candidates, what decides the regime of a proposal, and their source
//! with its check mark. A frozen regime refuses; a stale form names the other change.

use super::{rule_set_line, show_page_with};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::domain::dates::parse_date;
use crate::domain::eligibility::{Checked, DisciplineLevel, Principles, RegimeBy, TieBreak};
use crate::domain::names::clean_text;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Errors, redirect_flash, render_invalid};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize, Default, Clone, Debug)]
pub struct PrinciplesForm {
    #[serde(default)]
    pub version: i32,
    /// a discipline level code, or empty: no restart
    #[serde(default)]
    pub discipline: String,
    #[serde(default)]
    pub one_award: Option<String>,
    #[serde(default)]
    pub annual_only: Option<String>,
    #[serde(default)]
    pub inspection_signs: Option<String>,
    #[serde(default)]
    pub women: Option<String>,
    #[serde(default)]
    pub regime_by: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub checked_against: String,
    #[serde(default)]
    pub checked_on: String,
}

impl PrinciplesForm {
    /// The form showing `p` at the rule set's `version`.
    pub fn of(p: &Principles, version: i32) -> PrinciplesForm {
        let on = |b: bool| b.then(|| "1".to_string());
        PrinciplesForm {
            version,
            discipline: p
                .restart_after_discipline
                .map(|l| l.code().to_string())
                .unwrap_or_default(),
            one_award: on(p.one_achievement_one_award),
            annual_only: on(p.annual_awards_only),
            inspection_signs: on(p.inspection_needs_signs),
            women: on(p.tie_breaks.contains(&TieBreak::Women)),
            regime_by: match p.regime_by {
                RegimeBy::CampaignYear => "campaign_year",
                RegimeBy::DossierReceived => "dossier_received",
            }
            .into(),
            source: p.source.clone(),
            checked_against: p
                .checked
                .as_ref()
                .map(|c| c.against.clone())
                .unwrap_or_default(),
            checked_on: p
                .checked
                .as_ref()
                .map(|c| c.on.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
        }
    }

    /// The principles the form says, or the fields that do not fit.
    pub fn read(&self) -> Result<Principles, Errors> {
        let mut errors = Errors::default();
        let restart = match self.discipline.trim() {
            "" => None,
            code => DisciplineLevel::parse(code).or_else(|| {
                errors.push("discipline", "err.choose");
                None
            }),
        };
        let regime_by = match self.regime_by.as_str() {
            "campaign_year" => RegimeBy::CampaignYear,
            "dossier_received" => RegimeBy::DossierReceived,
            _ => {
                errors.push("regime_by", "err.choose");
                RegimeBy::CampaignYear
            }
        };
        let against = clean_text(&self.checked_against);
        let checked = if against.is_empty() {
            None
        } else {
            match parse_date(&self.checked_on) {
                Ok(on) => Some(Checked { against, on }),
                Err(e) => {
                    errors.push("checked_on", e);
                    None
                }
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Principles {
            restart_after_discipline: restart,
            one_achievement_one_award: self.one_award.is_some(),
            annual_awards_only: self.annual_only.is_some(),
            inspection_needs_signs: self.inspection_signs.is_some(),
            tie_breaks: if self.women.is_some() {
                vec![TieBreak::Women]
            } else {
                Vec::new()
            },
            regime_by,
            source: clean_text(&self.source),
            checked,
        })
    }
}

/// Saves a regime's principles (root administrators; not a regime a closed campaign froze).
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<PrinciplesForm>,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    let rs = rule_set_line(&state, id).await?;
    let refuse = |errors: Errors, f: PrinciplesForm, ctx: Ctx| {
        let state = state.clone();
        async move { render_invalid(&show_page_with(&state, ctx, id, None, Some(f), errors).await?) }
    };
    if rs.locked {
        return refuse(Errors::form("rules.err_locked"), f, ctx).await;
    }
    let p = match f.read() {
        Ok(p) => p,
        Err(errors) => return refuse(errors, f, ctx).await,
    };
    let value = serde_json::to_value(&p).map_err(anyhow::Error::from)?;
    let mut tx = state.db.begin().await?;
    let before = db::rule_sets::principles(&mut *tx, id).await?;
    if !db::rule_sets::bump(&mut *tx, id, f.version).await? {
        tx.rollback().await?;
        let errors = Errors::stale_by(db::rule_sets::last_change(&state.db, id).await?);
        return refuse(errors, f, ctx).await;
    }
    db::rule_sets::set_principles(&mut *tx, id, &value).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "rule_set_principles", id.to_string())
            .summary(rs.code.clone())
            .before(Some(before))
            .after(Some(value)),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/rule-sets/{id}#principles-h"),
        ctx.t("rules.saved"),
    ))
}
