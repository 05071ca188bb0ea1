//! The whole URL map and the layer stack, in one place.
//!
//! Every route is declared once in `routes!`, which builds the router and the `ROUTES` list that the
//! authorisation table test checks against (a route without a row fails that test).

use crate::state::AppState;
use crate::web::{
    self, account, admin_users, api, audit, calendar, campaign_initiatives, campaign_rule_set,
    campaigns, certificate_reissues, certificates, clusters, collective, council, council_ballot,
    council_meetings, council_votes, coverage, dashboard, decision_amend, decisions, delegations,
    documents, eligibility, exemplars, fact_imports, health, home, imports, initiatives, issuers,
    login, midyear, notices, notifications, outcomes, people, proposal_flow, proposal_list,
    proposals, ratings, records, registrations, registry, registry_list, reports, review_report,
    reviews, rule_set_council, rule_set_dossier, rule_set_principles, rule_sets, scores,
    statistics, submission_dossier, submission_pack, submissions, trends, trust, units,
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
    get "/" => home::home,
    get "/login" => login::form,
    post "/login" => login::submit,
    post "/logout" => login::logout,
    get "/lang" => web::switch_lang,
    get "/account" => account::show,
    get "/account/password" => account::password_form,
    post "/account/password" => account::password_submit,
    post "/account/email" => account::set_email,
    get "/notifications" => notifications::list,
    post "/notifications/read" => notifications::mark_read,

    // The organisation and its people: the unit tree, HR records, imports of people
    get "/units" => units::chart,
    get "/units/{id}" => units::show,
    get "/people" => people::list,
    get "/people/new" => people::new_form,
    post "/people" => people::create,
    get "/people/{id}" => people::show,
    get "/people/{id}/edit" => people::edit_form,
    post "/people/{id}" => people::update,
    post "/people/{id}/active" => people::set_active,
    get "/people/import" => imports::upload_form,
    get "/people/import/{id}" => imports::show,
    post "/people/import/{id}" => imports::commit,
    post "/people/import/{id}/cancel" => imports::cancel,

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
    get "/campaigns/{id}/rule-set" => campaign_rule_set::rule_set_form,
    post "/campaigns/{id}/rule-set" => campaign_rule_set::set_rule_set,
    get "/campaigns/{id}/register" => registrations::my_form,
    post "/campaigns/{id}/register" => registrations::my_submit,
    post "/campaigns/{id}/register/withdraw" => registrations::my_withdraw,
    post "/campaigns/{id}/register/progress" => registrations::my_progress,
    get "/registrations/{id}" => registrations::show,
    post "/registrations/{id}/review" => registrations::review,
    post "/campaigns/{id}/reopen" => registrations::reopen,
    get "/campaigns/{id}/unit" => coverage::unit,
    get "/campaigns/{id}/collective/{unit_id}" => collective::collective_form,
    post "/campaigns/{id}/collective/{unit_id}" => collective::collective_submit,
    get "/campaigns/{id}/coverage" => coverage::coverage,
    get "/campaigns/{id}/coverage.xlsx" => coverage::coverage_xlsx,
    get "/campaigns/{id}/review" => statistics::page,
    get "/campaigns/{id}/review.xlsx" => statistics::xlsx,
    get "/campaigns/{id}/dashboard" => dashboard::page,
    get "/campaigns/{id}/trends" => trends::page,
    get "/campaigns/{id}/review/outcomes" => outcomes::page,
    get "/campaigns/{id}/review/outcomes.xlsx" => outcomes::xlsx,
    get "/campaigns/{id}/trends.xlsx" => trends::xlsx,
    get "/campaigns/{id}/review.docx" => review_report::docx_year,
    get "/campaigns/{id}/review/report" => review_report::edit_year,
    post "/campaigns/{id}/review/report" => review_report::save_year,
    get "/campaigns/{id}/midyear" => midyear::page,
    get "/campaigns/{id}/midyear.xlsx" => midyear::xlsx,
    get "/campaigns/{id}/midyear.docx" => review_report::docx_mid,
    get "/campaigns/{id}/midyear/report" => review_report::edit_mid,
    post "/campaigns/{id}/midyear/report" => review_report::save_mid,
    get "/campaigns/{id}/initiatives" => campaign_initiatives::initiatives,
    get "/campaigns/{id}/initiatives.xlsx" => campaign_initiatives::initiatives_xlsx,

    // The facts eligibility reads: ratings, a person's record, initiatives, imports of facts
    get "/ratings" => ratings::form,
    post "/ratings" => ratings::save,
    post "/ratings/close" => ratings::close,
    get "/people/{id}/record" => records::show,
    post "/people/{id}/record/awards" => records::add_award,
    post "/people/{id}/record/awards/{award_id}/delete" => records::delete_award,
    post "/people/{id}/record/discipline" => records::add_discipline,
    post "/people/{id}/record/discipline/{discipline_id}/delete" => records::delete_discipline,
    post "/people/{id}/record/reviews" => records::open_review,
    post "/people/{id}/record/reviews/{review_id}/close" => records::close_review,
    post "/people/{id}/record/months" => records::set_months,
    get "/initiatives" => initiatives::mine,
    get "/initiatives/recognitions" => initiatives::list,
    get "/initiatives/recognitions/new" => initiatives::new,
    post "/initiatives/recognitions" => initiatives::create,
    get "/facts/import/{id}" => fact_imports::show,
    post "/facts/import/{id}" => fact_imports::commit,
    post "/facts/import/{id}/cancel" => fact_imports::cancel,

    // Eligibility: the overview, a person's or a unit's explained answers
    get "/campaigns/{id}/eligibility" => eligibility::overview,
    get "/campaigns/{id}/eligibility.xlsx" => eligibility::overview_xlsx,
    get "/campaigns/{id}/eligibility/people/{person_id}" => eligibility::person,
    get "/campaigns/{id}/eligibility/units/{unit_id}" => eligibility::unit,

    // Administration: units, accounts, the audit log, rule sets, the calendar
    get "/admin" => admin_users::index,
    get "/admin/units/new" => units::new_form,
    post "/admin/units" => units::create,
    get "/admin/units/{id}/edit" => units::edit_form,
    post "/admin/units/{id}" => units::update,
    post "/admin/units/{id}/close" => units::close,
    get "/admin/users" => admin_users::list,
    get "/admin/users/new" => admin_users::new_form,
    post "/admin/users" => admin_users::create,
    get "/admin/users/{id}" => admin_users::show,
    post "/admin/users/{id}/password" => admin_users::reset_password,
    post "/admin/users/{id}/active" => admin_users::set_active,
    post "/admin/users/{id}/roles" => admin_users::add_role,
    post "/admin/users/{id}/roles/{role_id}/delete" => admin_users::remove_role,
    post "/admin/users/{id}/unlock" => admin_users::unlock,
    post "/admin/users/{id}/signing-certificates" => trust::add_signer_cert,
    post "/admin/users/{id}/signing-certificates/{cert}/confirm" => trust::confirm_signer_cert,
    post "/admin/users/{id}/signing-certificates/{cert}/delete" => trust::remove_signer_cert,
    get "/delegations" => delegations::show,
    post "/delegations" => delegations::create,
    post "/delegations/{id}/revoke" => delegations::revoke,
    get "/admin/trust" => trust::show,
    post "/admin/trust" => trust::upload,
    post "/admin/trust/{id}/delete" => trust::remove,
    get "/admin/audit" => audit::list,
    get "/admin/rule-sets" => rule_sets::list,
    get "/admin/rule-sets/{id}" => rule_sets::show,
    post "/admin/rule-sets/{id}/copy" => rule_sets::copy,
    post "/admin/rule-sets/{id}/principles" => rule_set_principles::update,
    post "/admin/rule-sets/{id}/dossier" => rule_set_dossier::update,
    get "/admin/rule-sets/{id}/council" => rule_set_council::show,
    post "/admin/rule-sets/{id}/council" => rule_set_council::update,
    // Year-end scores: self-assessment, the head's and the council's sheets, calibration
    get "/campaigns/{id}/self-assessment" => scores::self_form,
    post "/campaigns/{id}/self-assessment" => scores::self_save,
    get "/campaigns/{id}/scores" => scores::overview,
    post "/campaigns/{id}/scores/close" => scores::close,
    get "/campaigns/{id}/scores/people/{person_id}" => scores::member_form,
    post "/campaigns/{id}/scores/people/{person_id}" => scores::member_save,
    get "/campaigns/{id}/scores/units/{unit_id}" => scores::unit_form,
    post "/campaigns/{id}/scores/units/{unit_id}" => scores::unit_save,
    // Year-end at the units: the review meeting, its minutes, the proposal and its dossier
    get "/campaigns/{id}/reviews" => reviews::list,
    get "/campaigns/{id}/reviews/{unit_id}" => reviews::show,
    post "/campaigns/{id}/reviews/{unit_id}" => reviews::save,
    get "/campaigns/{id}/reviews/{unit_id}/minutes.docx" => documents::minutes_docx,
    post "/campaigns/{id}/reviews/{unit_id}/proposal" => proposals::from_review,
    get "/campaigns/{id}/proposals" => proposal_list::list,
    get "/campaigns/{id}/proposals.xlsx" => proposal_list::list_xlsx,
    get "/proposals/{id}" => proposals::show,
    post "/proposals/{id}/lines" => proposals::save_lines,
    post "/proposals/{id}/lines/add" => proposals::add_line,
    post "/proposals/{id}/lines/{line_id}/delete" => proposals::remove_line,
    post "/proposals/{id}/submit" => proposal_flow::submit,
    post "/proposals/{id}/decide" => proposal_flow::decide,
    get "/proposals/{id}/lines/{line_id}/report" => reports::show,
    post "/proposals/{id}/lines/{line_id}/report" => reports::save,
    get "/proposals/{id}/lines/{line_id}/report.docx" => reports::docx,
    post "/proposals/{id}/documents/{doc_id}/delete" => documents::delete_line_document,
    get "/documents/{id}" => documents::download,
    get "/campaigns/{id}/exemplars" => exemplars::list,
    post "/campaigns/{id}/exemplars" => exemplars::nominate,
    get "/exemplars/{id}" => exemplars::show,
    post "/exemplars/{id}" => exemplars::act,
    // From council to registry: the council of the campaign's issuing unit for its year
    get "/campaigns/{id}/council" => council::show,
    post "/campaigns/{id}/council" => council::add,
    post "/campaigns/{id}/council/{seat_id}/end" => council::end,
    // the council's meetings: agenda, attendance, ballot, votes, recusals, receipts
    get "/campaigns/{id}/council/meetings/new" => council_meetings::new,
    post "/campaigns/{id}/council/meetings" => council_meetings::create,
    get "/council/meetings/{id}" => council_meetings::show,
    post "/council/meetings/{id}" => council_meetings::update,
    post "/council/meetings/{id}/agenda" => council_meetings::add_lines,
    post "/council/meetings/{id}/agenda/{line_id}/remove" => council_meetings::remove_line,
    post "/council/meetings/{id}/ballot-papers" => council_ballot::issue_papers,
    post "/council/meetings/{id}/open" => council_ballot::open,
    post "/council/meetings/{id}/close" => council_ballot::close,
    // the public notice of the approved list: comments, objections and their resolution
    post "/council/meetings/{id}/notice" => notices::post,
    get "/notices" => notices::list,
    get "/notices/{id}" => notices::show,
    post "/notices/{id}/comments" => notices::comment,
    post "/notices/{id}/comments/{comment_id}/resolve" => notices::resolve,
    // the Department's award decisions: drafted from a notice's ready lines, approved with the next
    // number of the register; /decisions/{id} and /decisions/{id}.docx
    post "/notices/{id}/decision" => decisions::create,
    get "/decisions/{id}" => decisions::show,
    post "/decisions/{id}" => decisions::update,
    post "/decisions/{id}/approve" => decisions::approve,
    post "/decisions/{id}/issue" => registry::issue,
    post "/decisions/{id}/amend" => decision_amend::create,
    // the submission upward of the awards a higher authority decides: drafted from a notice's ready
    // lines, sent by the Director with the register's number, its dossier pack built in the
    // background, the higher decision recorded per line; /submissions/{id} and .docx
    post "/notices/{id}/submission" => submissions::create,
    get "/submissions/{id}" => submissions::show,
    post "/submissions/{id}" => submissions::update,
    post "/submissions/{id}/send" => submissions::send,
    // the Office's confirmation that a dossier lacking a paper goes up as it is
    post "/submissions/{id}/confirm-missing" => submission_dossier::confirm,
    post "/submissions/{id}/outcome" => submissions::record,
    post "/submissions/{id}/pack" => submission_pack::start,
    get "/submissions/{id}/pack.zip" => submission_pack::download,
    // an issued decision's certificates (a page per award, with its QR code) and the issuer's
    // layout of its pre-printed paper, with a test page
    get "/decisions/{id}/certificates.pdf" => certificates::of_decision,
    // a certificate issued again (lost, damaged) with its own line of the award register
    post "/decisions/{id}/reissues" => certificate_reissues::create,
    get "/certificate-reissues/{id}" => certificate_reissues::pdf,
    get "/certificate-layouts/{id}" => certificates::show,
    post "/certificate-layouts/{id}" => certificates::update,
    get "/certificate-layouts/{id}/test.pdf" => certificates::test_saved,
    post "/certificate-layouts/{id}/test.pdf" => certificates::test_typed,
    // an issuing body's particulars as its papers print them: its own legal bases, who carries
    // out its decisions, to whom its submissions go
    get "/issuers/{id}" => issuers::show,
    post "/issuers/{id}" => issuers::update,
    // the award registry of the people and units the viewer reads, and its export
    get "/registry" => registry_list::list,
    get "/registry.xlsx" => registry_list::xlsx,
    get "/registry/national.xlsx" => registry_list::national,
    // the public check of an award's verification code (no sign-in; rate-limited)
    get "/verify/{code}" => registry::verify,
    get "/council/meetings/{id}/minutes.docx" => council_ballot::minutes_docx,
    get "/council/meetings/{id}/ballot-count.docx" => council_ballot::ballot_count_docx,
    post "/council/meetings/{id}/vote" => council_votes::vote,
    post "/council/meetings/{id}/written" => council_votes::written,
    post "/council/meetings/{id}/recusals" => council_votes::declare,
    post "/council/meetings/{id}/receipt" => council_votes::receipt,
    // emulation clusters and blocs, and their yearly ranking (the Office)
    get "/clusters" => clusters::list,
    post "/clusters" => clusters::create,
    get "/clusters/{id}" => clusters::show,
    post "/clusters/{id}" => clusters::update,
    post "/clusters/{id}/ranking" => clusters::set_ranking,
    post "/clusters/{id}/delete" => clusters::delete,
    get "/admin/rule-sets/{id}/titles/{title_id}" => rule_sets::edit_form,
    post "/admin/rule-sets/{id}/titles/{title_id}" => rule_sets::update,
    post "/admin/rule-sets/{id}/titles/{title_id}/params" => rule_sets::update_params,
    get "/admin/calendar" => calendar::show,
    post "/admin/calendar/days" => calendar::set_day,
    post "/admin/calendar/days/delete" => calendar::delete_day,
    post "/admin/calendar/salaries" => calendar::set_salary,

    // The JSON API, described by /api/openapi.json
    get "/api/v1/me" => api::me,
    get "/api/v1/campaigns" => api::campaigns,
    get "/api/v1/campaigns/{id}/coverage" => api::coverage,
    get "/api/v1/campaigns/{id}/statistics" => statistics::api,
    get "/api/v1/eligibility" => api::eligibility,
    get "/api/v1/campaigns/{id}/proposals" => proposal_list::api,
    get "/api/v1/campaigns/{id}/exemplars" => exemplars::api,
    get "/api/v1/awards" => registry::api,
    get "/api/openapi.json" => api::openapi,
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
            axum::routing::post(imports::upload).layer(DefaultBodyLimit::max(max_upload)),
        )
        .route(
            "/facts/import",
            axum::routing::get(fact_imports::upload_form)
                .post(fact_imports::upload)
                .layer(DefaultBodyLimit::max(max_upload)),
        )
        .route(
            "/campaigns/{id}/reviews/{unit_id}/minutes",
            axum::routing::post(documents::upload_minutes).layer(DefaultBodyLimit::max(max_upload)),
        )
        .route(
            "/exemplars/{id}/photos",
            axum::routing::post(exemplars::upload_photo).layer(DefaultBodyLimit::max(max_upload)),
        )
        .route(
            "/proposals/{id}/documents",
            axum::routing::post(documents::upload_line).layer(DefaultBodyLimit::max(max_upload)),
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
