//! Certificates (Giấy khen): an issued decision's, one PDF with a page per award, printed at the
//! positions of the issuer's layout with each award's verification code and QR code; and the
//! layout's editor with its test page, for those who run the issuer's campaigns.

use super::decisions::Loaded;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::decisions::Decision;
use crate::db::keys::At;
use crate::db::units::UnitRow;
use crate::domain::certificate::{
    Certificate, Kind, Layout, TEXT_FIELDS, achievement, form_heading,
};
use crate::domain::dates::{fmt_date, today_vn, vn_place_date};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;
use std::collections::HashMap;

/// The address of award `code`'s public check, which its QR code holds.
fn verify_url(state: &AppState, code: &str) -> String {
    format!(
        "{}/verify/{code}",
        state.settings.public_url.trim_end_matches('/')
    )
}

/// The certificate of registry entry `r` of decision `d` (campaign `c`), in the words it is
/// printed with; `None` for a title the regime gives no certificate. `again`: a certificate issued
/// again, with its own register line and date.
pub(super) fn certificate_of(
    state: &AppState,
    (c, d): (&CampaignRow, &Decision),
    r: &db::certificates::CertificateRow,
    again: Option<&db::certificates::Reissue>,
) -> Option<Certificate> {
    let kind = Kind::parse(&r.certificate)?;
    let code = r.verification_code.clone().unwrap_or_default();
    let person = r.person_id.is_some();
    let honorific = r
        .gender
        .as_deref()
        .map(crate::domain::person::honorific)
        .unwrap_or("");
    let name = if person && !honorific.is_empty() {
        format!("{honorific} {}", r.subject)
    } else {
        r.subject.clone()
    };
    let unit = match r.position.as_deref().map(str::trim) {
        Some(p) if person && !p.is_empty() => format!("{p}, {}", r.unit_name),
        _ => r.unit_name.clone(),
    };
    let register = match (again, r.register_no) {
        (Some(x), _) => format!(
            "Số sổ: {} ({} ngày {})",
            x.register_no,
            if x.kind == "exchange" {
                "cấp đổi"
            } else {
                "cấp lại"
            },
            fmt_date(x.issued_on)
        ),
        (None, Some(n)) => format!("Số sổ: {n}"),
        (None, None) => String::new(),
    };
    Some(Certificate {
        name,
        unit,
        title: achievement(
            if kind == Kind::Recognition {
                "title"
            } else {
                "commendation"
            },
            &r.title_vi,
            r.year,
        ),
        decision: format!(
            "Quyết định số {}{}",
            r.decision_no,
            r.decided_on
                .map(|on| format!(" ngày {}", fmt_date(on)))
                .unwrap_or_default()
        ),
        date: r
            .decided_on
            .map(|on| vn_place_date(&c.plan.place, on))
            .unwrap_or_default(),
        register,
        signer: d.signer_name.clone(),
        url: if code.is_empty() {
            String::new()
        } else {
            verify_url(state, &code)
        },
        code: if code.is_empty() {
            String::new()
        } else {
            format!("Mã xác minh: {code}")
        },
        parent: c.plan.parent_body.to_uppercase(),
        issuer: c.plan.issuer_name.to_uppercase(),
        authority: format!("GIÁM ĐỐC {}", c.plan.issuer_name.to_uppercase()),
        verb: kind.verb().into(),
        form: form_heading(kind, &r.title_vi),
        signer_lines: d.signer().lines(),
    })
}

/// `/decisions/{id}/certificates.pdf`: a page per award of an issued decision that the regime
/// gives a certificate (none for Lao động tiên tiến: the decision and the cash recognise it).
pub async fn of_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    Loaded { d, c, .. }: Loaded,
) -> AppResult<Response> {
    let id = d.id;
    if !d.is(crate::domain::numbered::DecisionStatus::Issued) || d.amends_id.is_some() {
        let key = match d.amends_id {
            Some(_) => "certificate.err_amending",
            None => "certificate.err_not_issued",
        };
        return Ok(redirect_flash(&format!("/decisions/{id}"), ctx.t(key)));
    }
    let (layout, _) = db::certificates::layout(&state.db, d.issuer_unit_id).await?;
    let rows = db::certificates::of_decision(&state.db, id).await?;
    let certs: Vec<Certificate> = rows
        .iter()
        .filter_map(|r| certificate_of(&state, (&c, &d), r, None))
        .collect();
    if certs.is_empty() {
        return Ok(redirect_flash(
            &format!("/decisions/{id}"),
            ctx.t("certificate.err_none"),
        ));
    }
    let title = format!(
        "Giấy chứng nhận, giấy khen — Quyết định số {}",
        d.number_text()
    );
    let bytes = tokio::task::spawn_blocking(move || {
        crate::export::certificate::certificates(&layout, &title, &certs)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("certificates: {e}")))??;
    let name = format!(
        "giay-khen-qd-{:02}-{}.pdf",
        d.number.unwrap_or_default(),
        d.year.unwrap_or_default()
    );
    Ok(crate::web::files::attachment(
        bytes,
        crate::storage::PDF,
        &name,
    ))
}

#[derive(Template)]
#[template(path = "decisions/certificate_layout.html")]
pub struct LayoutPage {
    pub ctx: Ctx,
    pub unit: UnitRow,
    pub version: i32,
    pub errors: Errors,
    /// each input's value: what was typed, else the layout's
    pub values: HashMap<String, String>,
    /// the rows of the table: the text fields, then the QR code
    pub rows: Vec<&'static str>,
    pub paper: [&'static str; 2],
}

impl LayoutPage {
    fn value(&self, key: &str) -> String {
        self.values.get(key).cloned().unwrap_or_default()
    }
    fn label(&self, key: &str) -> String {
        format!("certificate.{key}")
    }
    fn field_label(&self, key: &str) -> String {
        format!("certificate.f.{key}")
    }
    fn input(&self, key: &str, part: &str) -> String {
        format!("{key}_{part}")
    }
    fn parts(&self) -> [&'static str; 3] {
        ["x", "y", "size"]
    }
    fn is_size(&self, part: &str) -> bool {
        part == "size"
    }
    fn is_qr(&self, key: &str) -> bool {
        key == "qr"
    }
    fn checked(&self, key: &str) -> bool {
        self.values.get(key).is_some_and(|v| !v.is_empty())
    }
}

/// Issuer unit `id`, for those who run its campaigns.
async fn issuer(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<UnitRow> {
    let unit = db::units::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    user.require(user.manages_campaigns_of(&unit.path))?;
    Ok(unit)
}

fn page(ctx: Ctx, unit: UnitRow, version: i32, values: HashMap<String, String>) -> LayoutPage {
    LayoutPage {
        ctx,
        unit,
        version,
        errors: Errors::default(),
        values,
        rows: TEXT_FIELDS.iter().copied().chain(["qr"]).collect(),
        paper: ["width", "height"],
    }
}

/// `/certificate-layouts/{id}`: the issuer's layout in a form.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let unit = issuer(&state, &user, id).await?;
    let (layout, version) = db::certificates::layout(&state.db, id).await?;
    render(&page(ctx, unit, version, layout.to_form()))
}

fn invalid(
    ctx: Ctx,
    unit: UnitRow,
    version: i32,
    typed: HashMap<String, String>,
    errors: Errors,
) -> AppResult<Response> {
    let mut p = page(ctx, unit, version, typed);
    p.errors = errors;
    render_invalid(&p)
}

fn field_errors(list: Vec<(String, &'static str)>) -> Errors {
    let mut errors = Errors::default();
    for (field, key) in list {
        errors.push(&field, key);
    }
    errors
}

/// The layout form as posted: the `version` read, and the figures by the names the layout's fields
/// give them (`width`, `height`, `full`, `{field}_x`, `_y`, `_size`, `_center`), which
/// [`Layout::from_form`] reads (a field added later keeps its default when its figures are absent).
#[derive(serde::Deserialize)]
pub struct LayoutForm {
    #[serde(default)]
    pub version: String,
    #[serde(flatten)]
    pub figures: HashMap<String, String>,
}

/// `GET /certificate-layouts/{id}/test.pdf`: the test page of the saved layout.
pub async fn test_saved(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    issuer(&state, &user, id).await?;
    let (saved, _) = db::certificates::layout(&state.db, id).await?;
    test_pdf(&state, saved).await
}

/// `POST /certificate-layouts/{id}/test.pdf`: the test page of the figures typed in the form (its
/// "print a test page" button), so that they are tried on paper before they are saved; bad figures
/// come back on the form.
pub async fn test_typed(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<LayoutForm>,
) -> AppResult<Response> {
    let unit = issuer(&state, &user, id).await?;
    match Layout::from_form(&f.figures) {
        Ok(l) => test_pdf(&state, l).await,
        Err(list) => {
            let version = f.version.parse().unwrap_or(0);
            invalid(ctx, unit, version, f.figures, field_errors(list))
        }
    }
}

async fn test_pdf(state: &AppState, layout: Layout) -> AppResult<Response> {
    let sample = Certificate {
        name: "Bà Nguyễn Thị Phương Thảo".into(),
        unit: "Chuyên viên, Phòng Quản lý đất đai".into(),
        title: achievement("title", "Chiến sĩ thi đua cơ sở", today_vn().year()),
        decision: format!("Quyết định số 01/QĐ-XXX ngày {}", fmt_date(today_vn())),
        date: vn_place_date("Địa danh", today_vn()),
        register: "Số sổ: 1".into(),
        signer: "Họ và tên người ký".into(),
        code: "Mã xác minh: ABCD2345".into(),
        url: verify_url(state, "ABCD2345"),
        parent: "CƠ QUAN CẤP TRÊN".into(),
        issuer: "CƠ QUAN BAN HÀNH".into(),
        authority: "THỦ TRƯỞNG CƠ QUAN BAN HÀNH".into(),
        verb: Kind::Recognition.verb().into(),
        form: String::new(),
        signer_lines: vec!["GIÁM ĐỐC".into()],
    };
    let bytes = tokio::task::spawn_blocking(move || {
        crate::export::certificate::test_page(&layout, &sample)
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("test page: {e}")))??;
    Ok(crate::web::files::attachment(
        bytes,
        crate::storage::PDF,
        "giay-khen-in-thu.pdf",
    ))
}

/// Saves the issuer's layout (`version` as read), audited with the layout it replaced.
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<LayoutForm>,
) -> AppResult<Response> {
    let unit = issuer(&state, &user, id).await?;
    let version: i32 = f.version.parse().unwrap_or(-1);
    let layout = match Layout::from_form(&f.figures) {
        Ok(l) => l,
        Err(list) => return invalid(ctx, unit, version, f.figures, field_errors(list)),
    };
    let mut tx = state.db.begin().await?;
    let Some(before) =
        db::certificates::save_layout(&mut tx, At { id, version }, &layout, user.user_id).await?
    else {
        tx.rollback().await?;
        let errors =
            crate::web::forms::stale(&state.db, "certificate_layout", &id.to_string()).await?;
        let (_, current) = db::certificates::layout(&state.db, id).await?;
        return invalid(ctx, unit, current, f.figures, errors);
    };
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "certificate_layout", id.to_string())
            .summary(unit.name.clone())
            .before(before)
            .after(serde_json::to_value(&layout).ok()),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/certificate-layouts/{id}"),
        ctx.t("certificate.saved"),
    ))
}
