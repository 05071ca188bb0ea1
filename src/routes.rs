//! The whole URL map and the layer stack, in one place.
//!
//! Every route is declared once in `routes!`, which builds the router and the `ROUTES` list that the
//! authorisation table test checks against (a route without a row fails that test).

use crate::state::AppState;
use crate::web::{
    self, admin, awards, campaigns, council, desk, eligibility, health, org, registrations,
    reviews, rule_sets, year_end,
};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

macro_rules! routes {
    ($( $method:ident $path:literal => $handler:path ),* $(,)?) => {
        /// (method, path) of every route behind the session layer.
        pub const ROUTES: &[(&str, &str)] = &[ $( (stringify!($method), $path) ),* ];
        fn app_routes() -> Router<AppState> {
            Router::new() $( .route($path, axum::routing::$method($handler)) )*
        }
    };
}

routes! {
    // Sign-in, language, one's own account and notifications
    get "/" => desk::home::home,
    get "/login" => desk::login::form,
    post "/login" => desk::login::submit,
    post "/logout" => desk::login::logout,
    get "/lang" => web::switch_lang,
    get "/account" => desk::account::show,
    get "/account/password" => desk::account::password_form,
    post "/account/password" => desk::account::password_submit,
    post "/account/email" => desk::account::set_email,
    get "/notifications" => desk::notifications::list,
    post "/notifications/read" => desk::notifications::mark_read,

    // The organisation and its people: the unit tree, HR records, imports of people
    get "/units" => org::units::chart,
    get "/units/{id}" => org::units::show,
    get "/people" => org::people::list,
    get "/people/new" => org::people::new_form,
    post "/people" => org::people::create,
    get "/people/{id}" => org::people::show,
    get "/people/{id}/edit" => org::people::edit_form,
    post "/people/{id}" => org::people::update,
    post "/people/{id}/active" => org::people::set_active,
    get "/people/import" => org::imports::upload_form,
    get "/people/import/{id}" => org::imports::show,
    post "/people/import/{id}" => org::imports::commit,
    post "/people/import/{id}/cancel" => org::imports::cancel,

    // Campaigns (plans) and registrations: drafting, publishing, registering, reviewing, coverage
    get "/campaigns" => campaigns::list,
    get "/campaigns/new" => campaigns::new_form,
    post "/campaigns" => campaigns::create,
    get "/campaigns/{id}" => campaigns::show,
    get "/campaigns/{id}/edit" => campaigns::edit_form,
    post "/campaigns/{id}" => campaigns::update,
    post "/campaigns/{id}/publish" => campaigns::publish,
    post "/campaigns/{id}/stage" => campaigns::set_stage,
    post "/campaigns/{id}/delete" => campaigns::delete,
    get "/campaigns/{id}/plan.docx" => campaigns::docx,
    get "/campaigns/{id}/versions/{n}" => campaigns::version,
    get "/campaigns/{id}/rule-set" => campaigns::rule_set::rule_set_form,
    post "/campaigns/{id}/rule-set" => campaigns::rule_set::set_rule_set,
    get "/campaigns/{id}/register" => registrations::my_form,
    post "/campaigns/{id}/register" => registrations::my_submit,
    post "/campaigns/{id}/register/withdraw" => registrations::my_withdraw,
    post "/campaigns/{id}/register/progress" => registrations::my_progress,
    get "/registrations/{id}" => registrations::show,
    post "/registrations/{id}/review" => registrations::review,
    post "/campaigns/{id}/reopen" => registrations::reopen,
    get "/campaigns/{id}/unit" => reviews::coverage::unit,
    get "/campaigns/{id}/collective/{unit_id}" => registrations::collective::collective_form,
    post "/campaigns/{id}/collective/{unit_id}" => registrations::collective::collective_submit,
    get "/campaigns/{id}/coverage" => reviews::coverage::coverage,
    get "/campaigns/{id}/coverage.xlsx" => reviews::coverage::coverage_xlsx,
    get "/campaigns/{id}/review" => reviews::statistics::page,
    get "/campaigns/{id}/review.xlsx" => reviews::statistics::xlsx,
    get "/campaigns/{id}/dashboard" => reviews::dashboard::page,
    get "/campaigns/{id}/trends" => reviews::trends::page,
    get "/campaigns/{id}/review/outcomes" => reviews::outcomes::page,
    get "/campaigns/{id}/review/outcomes.xlsx" => reviews::outcomes::xlsx,
    get "/campaigns/{id}/trends.xlsx" => reviews::trends::xlsx,
    get "/campaigns/{id}/review.docx" => reviews::review_report::docx_year,
    get "/campaigns/{id}/review/report" => reviews::review_report::edit_year,
    post "/campaigns/{id}/review/report" => reviews::review_report::save_year,
    get "/campaigns/{id}/midyear" => reviews::midyear::page,
    get "/campaigns/{id}/midyear.xlsx" => reviews::midyear::xlsx,
    get "/campaigns/{id}/midyear.docx" => reviews::review_report::docx_mid,
    get "/campaigns/{id}/midyear/report" => reviews::review_report::edit_mid,
    post "/campaigns/{id}/midyear/report" => reviews::review_report::save_mid,
    get "/campaigns/{id}/initiatives" => campaigns::initiatives::initiatives,
    get "/campaigns/{id}/initiatives.xlsx" => campaigns::initiatives::initiatives_xlsx,

    // The facts eligibility reads: ratings, a person's record, initiatives, imports of facts
    get "/ratings" => registrations::ratings::form,
    post "/ratings" => registrations::ratings::save,
    post "/ratings/close" => registrations::ratings::close,
    get "/people/{id}/record" => registrations::records::show,
    post "/people/{id}/record/awards" => registrations::records::add_award,
    post "/people/{id}/record/awards/{award_id}/delete" => registrations::records::delete_award,
    post "/people/{id}/record/discipline" => registrations::records::add_discipline,
    post "/people/{id}/record/discipline/{discipline_id}/delete" => registrations::records::delete_discipline,
    post "/people/{id}/record/reviews" => registrations::records::open_review,
    post "/people/{id}/record/reviews/{review_id}/close" => registrations::records::close_review,
    post "/people/{id}/record/months" => registrations::records::set_months,
    get "/initiatives" => registrations::initiatives::mine,
    get "/initiatives/recognitions" => registrations::initiatives::list,
    get "/initiatives/recognitions/new" => registrations::initiatives::new,
    post "/initiatives/recognitions" => registrations::initiatives::create,
    get "/facts/import/{id}" => registrations::fact_imports::show,
    post "/facts/import/{id}" => registrations::fact_imports::commit,
    post "/facts/import/{id}/cancel" => registrations::fact_imports::cancel,

    // Eligibility: the overview, a person's or a unit's explained answers
    get "/campaigns/{id}/eligibility" => eligibility::overview,
    get "/campaigns/{id}/eligibility.xlsx" => eligibility::overview_xlsx,
    get "/campaigns/{id}/eligibility/people/{person_id}" => eligibility::person,
    get "/campaigns/{id}/eligibility/units/{unit_id}" => eligibility::unit,

    // Administration: units, accounts, the audit log, rule sets, the calendar
    get "/admin" => admin::users::index,
    get "/admin/units/new" => org::units::new_form,
    post "/admin/units" => org::units::create,
    get "/admin/units/{id}/edit" => org::units::edit_form,
    post "/admin/units/{id}" => org::units::update,
    post "/admin/units/{id}/close" => org::units::close,
    get "/admin/users" => admin::users::list,
    get "/admin/users/new" => admin::users::new_form,
    post "/admin/users" => admin::users::create,
    get "/admin/users/{id}" => admin::users::show,
    post "/admin/users/{id}/password" => admin::users::reset_password,
    post "/admin/users/{id}/active" => admin::users::set_active,
    post "/admin/users/{id}/roles" => admin::users::add_role,
    post "/admin/users/{id}/roles/{role_id}/delete" => admin::users::remove_role,
    post "/admin/users/{id}/unlock" => admin::users::unlock,
    post "/admin/users/{id}/signing-certificates" => admin::trust::add_signer_cert,
    post "/admin/users/{id}/signing-certificates/{cert}/confirm" => admin::trust::confirm_signer_cert,
    post "/admin/users/{id}/signing-certificates/{cert}/delete" => admin::trust::remove_signer_cert,
    get "/delegations" => admin::delegations::show,
    post "/delegations" => admin::delegations::create,
    post "/delegations/{id}/revoke" => admin::delegations::revoke,
    get "/admin/trust" => admin::trust::show,
    post "/admin/trust" => admin::trust::upload,
    post "/admin/trust/{id}/delete" => admin::trust::remove,
    get "/admin/audit" => admin::audit::list,
    get "/admin/rule-sets" => rule_sets::list,
    get "/admin/rule-sets/{id}" => rule_sets::show,
    post "/admin/rule-sets/{id}/copy" => rule_sets::copy,
    post "/admin/rule-sets/{id}/principles" => rule_sets::principles::update,
    post "/admin/rule-sets/{id}/dossier" => rule_sets::dossier::update,
    get "/admin/rule-sets/{id}/council" => rule_sets::council::show,
    post "/admin/rule-sets/{id}/council" => rule_sets::council::update,
    // Year-end scores: self-assessment, the head's and the council's sheets, calibration
    get "/campaigns/{id}/self-assessment" => year_end::scores::self_form,
    post "/campaigns/{id}/self-assessment" => year_end::scores::self_save,
    get "/campaigns/{id}/scores" => year_end::scores::overview,
    post "/campaigns/{id}/scores/close" => year_end::scores::close,
    get "/campaigns/{id}/scores/people/{person_id}" => year_end::scores::member_form,
    post "/campaigns/{id}/scores/people/{person_id}" => year_end::scores::member_save,
    get "/campaigns/{id}/scores/units/{unit_id}" => year_end::scores::unit_form,
    post "/campaigns/{id}/scores/units/{unit_id}" => year_end::scores::unit_save,
    // Year-end at the units: the review meeting, its minutes, the proposal and its dossier
    get "/campaigns/{id}/reviews" => year_end::meeting::list,
    get "/campaigns/{id}/reviews/{unit_id}" => year_end::meeting::show,
    post "/campaigns/{id}/reviews/{unit_id}" => year_end::meeting::save,
    get "/campaigns/{id}/reviews/{unit_id}/minutes.docx" => year_end::documents::minutes_docx,
    post "/campaigns/{id}/reviews/{unit_id}/proposal" => year_end::proposals::from_review,
    get "/campaigns/{id}/proposals" => year_end::proposal_list::list,
    get "/campaigns/{id}/proposals.xlsx" => year_end::proposal_list::list_xlsx,
    get "/proposals/{id}" => year_end::proposals::show,
    post "/proposals/{id}/lines" => year_end::proposals::save_lines,
    post "/proposals/{id}/lines/add" => year_end::proposals::add_line,
    post "/proposals/{id}/lines/{line_id}/delete" => year_end::proposals::remove_line,
    post "/proposals/{id}/submit" => year_end::proposal_flow::submit,
    post "/proposals/{id}/decide" => year_end::proposal_flow::decide,
    get "/proposals/{id}/lines/{line_id}/report" => year_end::reports::show,
    post "/proposals/{id}/lines/{line_id}/report" => year_end::reports::save,
    get "/proposals/{id}/lines/{line_id}/report.docx" => year_end::reports::docx,
    post "/proposals/{id}/documents/{doc_id}/delete" => year_end::documents::delete_line_document,
    get "/documents/{id}" => year_end::documents::download,
    get "/campaigns/{id}/exemplars" => year_end::exemplars::list,
    post "/campaigns/{id}/exemplars" => year_end::exemplars::nominate,
    get "/exemplars/{id}" => year_end::exemplars::show,
    post "/exemplars/{id}" => year_end::exemplars::act,
    // From council to registry: the council of the campaign's issuing unit for its year
    get "/campaigns/{id}/council" => council::show,
    post "/campaigns/{id}/council" => council::add,
    post "/campaigns/{id}/council/{seat_id}/end" => council::end,
    // the council's meetings: agenda, attendance, ballot, votes, recusals, receipts
    get "/campaigns/{id}/council/meetings/new" => council::meetings::new,
    post "/campaigns/{id}/council/meetings" => council::meetings::create,
    get "/council/meetings/{id}" => council::meetings::show,
    post "/council/meetings/{id}" => council::meetings::update,
    post "/council/meetings/{id}/agenda" => council::meetings::add_lines,
    post "/council/meetings/{id}/agenda/{line_id}/remove" => council::meetings::remove_line,
    post "/council/meetings/{id}/ballot-papers" => council::ballot::issue_papers,
    post "/council/meetings/{id}/open" => council::ballot::open,
    post "/council/meetings/{id}/close" => council::ballot::close,
    // the public notice of the approved list: comments, objections and their resolution
    post "/council/meetings/{id}/notice" => council::notices::post,
    get "/notices" => council::notices::list,
    get "/notices/{id}" => council::notices::show,
    post "/notices/{id}/comments" => council::notices::comment,
    post "/notices/{id}/comments/{comment_id}/resolve" => council::notices::resolve,
    // the Department's award decisions: drafted from a notice's ready lines, approved with the next
    // number of the register; /decisions/{id} and /decisions/{id}.docx
    post "/notices/{id}/decision" => awards::decisions::create,
    get "/decisions/{id}" => awards::decisions::show,
    post "/decisions/{id}" => awards::decisions::update,
    post "/decisions/{id}/approve" => awards::decisions::approve,
    post "/decisions/{id}/issue" => awards::registry::issue,
    post "/decisions/{id}/amend" => awards::decision_amend::create,
    // the submission upward of the awards a higher authority decides: drafted from a notice's ready
    // lines, sent by the Director with the register's number, its dossier pack built in the
    // background, the higher decision recorded per line; /submissions/{id} and .docx
    post "/notices/{id}/submission" => awards::submissions::create,
    get "/submissions/{id}" => awards::submissions::show,
    post "/submissions/{id}" => awards::submissions::update,
    post "/submissions/{id}/send" => awards::submissions::send,
    // the Office's confirmation that a dossier lacking a paper goes up as it is
    post "/submissions/{id}/confirm-missing" => awards::submission_dossier::confirm,
    post "/submissions/{id}/outcome" => awards::submissions::record,
    post "/submissions/{id}/pack" => awards::submission_pack::start,
    get "/submissions/{id}/pack.zip" => awards::submission_pack::download,
    // an issued decision's certificates (a page per award, with its QR code) and the issuer's
    // layout of its pre-printed paper, with a test page
    get "/decisions/{id}/certificates.pdf" => awards::certificates::of_decision,
    // a certificate issued again (lost, damaged) with its own line of the award register
    post "/decisions/{id}/reissues" => awards::certificate_reissues::create,
    get "/certificate-reissues/{id}" => awards::certificate_reissues::pdf,
    get "/certificate-layouts/{id}" => awards::certificates::show,
    post "/certificate-layouts/{id}" => awards::certificates::update,
    get "/certificate-layouts/{id}/test.pdf" => awards::certificates::test_saved,
    post "/certificate-layouts/{id}/test.pdf" => awards::certificates::test_typed,
    // an issuing body's particulars as its papers print them: its own legal bases, who carries
    // out its decisions, to whom its submissions go
    get "/issuers/{id}" => admin::issuers::show,
    post "/issuers/{id}" => admin::issuers::update,
    // the award registry of the people and units the viewer reads, and its export
    get "/registry" => awards::registry_list::list,
    get "/registry.xlsx" => awards::registry_list::xlsx,
    get "/registry/national.xlsx" => awards::registry_list::national,
    // the public check of an award's verification code (no sign-in; rate-limited)
    get "/verify/{code}" => awards::registry::verify,
    get "/council/meetings/{id}/minutes.docx" => council::ballot::minutes_docx,
    get "/council/meetings/{id}/ballot-count.docx" => council::ballot::ballot_count_docx,
    post "/council/meetings/{id}/vote" => council::votes::vote,
    post "/council/meetings/{id}/written" => council::votes::written,
    post "/council/meetings/{id}/recusals" => council::votes::declare,
    post "/council/meetings/{id}/receipt" => council::votes::receipt,
    // emulation clusters and blocs, and their yearly ranking (the Office)
    get "/clusters" => org::clusters::list,
    post "/clusters" => org::clusters::create,
    get "/clusters/{id}" => org::clusters::show,
    post "/clusters/{id}" => org::clusters::update,
    post "/clusters/{id}/ranking" => org::clusters::set_ranking,
    post "/clusters/{id}/delete" => org::clusters::delete,
    get "/admin/rule-sets/{id}/titles/{title_id}" => rule_sets::edit_form,
    post "/admin/rule-sets/{id}/titles/{title_id}" => rule_sets::update,
    post "/admin/rule-sets/{id}/titles/{title_id}/params" => rule_sets::update_params,
    get "/admin/calendar" => admin::calendar::show,
    post "/admin/calendar/days" => admin::calendar::set_day,
    post "/admin/calendar/days/delete" => admin::calendar::delete_day,
    post "/admin/calendar/salaries" => admin::calendar::set_salary,

    // The JSON API, described by /api/openapi.json
    get "/api/v1/me" => desk::account::me,
    get "/api/v1/campaigns" => campaigns::api::campaigns,
    get "/api/v1/campaigns/{id}/coverage" => reviews::coverage::api,
    get "/api/v1/campaigns/{id}/statistics" => reviews::statistics::api,
    get "/api/v1/eligibility" => eligibility::api::eligibility,
    get "/api/v1/campaigns/{id}/proposals" => year_end::proposal_list::api,
    get "/api/v1/campaigns/{id}/exemplars" => year_end::exemplars::api,
    get "/api/v1/awards" => awards::registry::api,
    get "/api/openapi.json" => crate::openapi::openapi,
}

/// Routes declared outside `routes!`: health and static files (no session, no database for
/// /healthz) and the upload, which has its own body limit.
pub const OTHER_ROUTES: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/static/{file}"),
    ("post", "/people/import"),
    ("get", "/facts/import"),
    ("post", "/facts/import"),
    ("post", "/campaigns/{id}/reviews/{unit_id}/minutes"),
    ("post", "/proposals/{id}/documents"),
    ("post", "/exemplars/{id}/photos"),
];

pub fn router(state: AppState) -> Router {
    let max_body = state.settings.max_body_bytes;
    let max_upload = state.settings.max_upload_bytes;
    // The upload route has a larger body limit; it sits behind the session layer like the rest.
    let signed = app_routes()
        .route(
            "/people/import",
            axum::routing::post(org::imports::upload).layer(DefaultBodyLimit::max(max_upload)),
        )
        .route(
            "/facts/import",
            axum::routing::get(registrations::fact_imports::upload_form)
                .post(registrations::fact_imports::upload)
                .layer(DefaultBodyLimit::max(max_upload)),
        )
        .route(
            "/campaigns/{id}/reviews/{unit_id}/minutes",
            axum::routing::post(year_end::documents::upload_minutes)
                .layer(DefaultBodyLimit::max(max_upload)),
        )
        .route(
            "/exemplars/{id}/photos",
            axum::routing::post(year_end::exemplars::upload_photo)
                .layer(DefaultBodyLimit::max(max_upload)),
        )
        .route(
            "/proposals/{id}/documents",
            axum::routing::post(year_end::documents::upload_line)
                .layer(DefaultBodyLimit::max(max_upload)),
        )
        .fallback(web::not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            web::session_layer,
        ));
    let metrics = state.settings.metrics_bind.map(|_| state.metrics.clone());
    let app = Router::new()
        .route("/healthz", axum::routing::get(health::healthz))
        .route("/readyz", axum::routing::get(health::readyz))
        .route("/static/{file}", axum::routing::get(web::static_file))
        .merge(signed)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn(web::csrf_origin_layer))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(CatchPanicLayer::custom(web::panic_response))
        .layer(middleware::from_fn(web::api_errors_layer))
        .layer(middleware::from_fn(web::security_headers_layer))
        .layer(middleware::from_fn(web::request_id_layer));
    // outermost, so that it times what every other layer adds; routing has already happened (a
    // router's layers wrap each route), so the route template is known
    let app = match metrics {
        Some(m) => app.layer(middleware::from_fn_with_state(m, web::metrics_layer)),
        None => app,
    };
    app.with_state(state)
}
