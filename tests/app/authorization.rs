//! The authorisation table: every route × every kind of actor → the exact status expected. A route
//! added to the router without a row fails `every_route_has_a_row`; any 5xx fails the table.
//!
//! Actors: anonymous; staff (canbo, QLDD); the head of QLDD; the head of another unit (TTRA); the
//! Office of the whole Department; an Office member scoped to one subtree (the land registration
//! office VPDKDD and its branches); a council member; the Director; the administrator of the whole
//! Department; an administrator of one division (QLDD); an account that must change its password.
//! Every route with an id is tried with real ids inside and outside each actor's scope (QLDD,
//! TTRA, VPDKDD, the Department itself). Each actor runs the whole table on a fresh copy of the
//! demo database, so that what one actor's allowed POST changes cannot shift another's answers.
//!
//! Expected tokens: a status code (`200`, `303`, `400`, `403`, `404`, `422`, ...), `L` for "sign in
//! first" (a redirect to /login?next=..., or 401 under /api/), `P` for "change your password first"
//! (a redirect to /account/password). `THIDUA_AUTHZ_PRINT=1` prints every row as it answered.

use crate::common::*;
use reqwest::{Client, StatusCode};
use std::collections::HashMap;
use thidua::auth::password::hash_blocking;

/// Column order of the expectation strings.
const ACTORS: [&str; 11] = [
    "anonymous",
    "staff",
    "head",
    "head_other",
    "office",
    "office_sub",
    "council",
    "director",
    "admin",
    "admin_div",
    "must_change",
];

struct Row {
    method: &'static str,
    pattern: &'static str,
    /// the path with placeholders (see `Ids`)
    path: &'static str,
    body: &'static [(&'static str, &'static str)],
    /// one token per actor, space-separated
    expect: &'static str,
}

const fn row(
    method: &'static str,
    pattern: &'static str,
    path: &'static str,
    body: &'static [(&'static str, &'static str)],
    expect: &'static str,
) -> Row {
    Row {
        method,
        pattern,
        path,
        body,
        expect,
    }
}

// Ids: {root} {qldd} {ttra} {vpdk} units; {p_qldd} {p_ttra} {p_vpdk} people (not accounts of the
// actors); {p_self} canbo's own record; {u_canbo} {u_admin} {u_ttra} {u_vpdk} accounts;
// {role_other} a role of giamdoc's; {campaign}; {reg_qldd} {reg_ttra} {reg_vpdk} submitted
// registrations; {job_people} {job_facts} import jobs of vanphong's; {disc_qldd} {disc_ttra}
// disciplines and {rev_qldd} {rev_ttra} open reviews of {p_qldd} and {p_ttra}; {rule_set} {title};
// {cluster} an emulation bloc of the Department with QLDD and TTRA; {award_qldd} {award_ttra} awards;
// {prop_qldd} {line_qldd} {doc_qldd} {prop_ttra} {line_ttra} {doc_ttra} proposals, lines, documents;
// {ex_qldd} {ex_ttra} exemplar nominations; {meeting} a draft council meeting; {notice} its posted
// list with {comment}, an objection; {decision} a draft award decision; {submission} a draft
// submission upward.
//
//                                                   anon staff head head2 office osub council dir admin adiv mustchg
const TABLE: &[Row] = &[
    row(
        "get",
        "/",
        "/",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/login",
        "/login",
        &[],
        "200 303 303 303 303 303 303 303 303 303 P",
    ),
    row(
        "get",
        "/lang",
        "/lang?to=en&next=/",
        &[],
        "303 303 303 303 303 303 303 303 303 303 303",
    ),
    row(
        "get",
        "/account",
        "/account",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/account/password",
        "/account/password",
        &[],
        "L 200 200 200 200 200 200 200 200 200 200",
    ),
    row(
        "post",
        "/account/password",
        "/account/password",
        &[("current", "wrong-one-123"), ("new", "x"), ("confirm", "y")],
        "L 422 422 422 422 422 422 422 422 422 422",
    ),
    row(
        "post",
        "/account/email",
        "/account/email",
        &[],
        "L 303 303 303 303 303 303 303 303 303 P",
    ),
    row(
        "get",
        "/units",
        "/units",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/units/{id}",
        "/units/{qldd}",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/units/{id}",
        "/units/{ttra}",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/admin/units/new",
        "/admin/units/new",
        &[],
        "L 403 403 403 403 403 403 403 200 200 P",
    ),
    row(
        "post",
        "/admin/units",
        "/admin/units",
        &[("code", "")],
        "L 403 403 403 403 403 403 403 422 422 P",
    ),
    row(
        "get",
        "/admin/units/{id}/edit",
        "/admin/units/{qldd}/edit",
        &[],
        "L 403 403 403 403 403 403 403 200 200 P",
    ),
    row(
        "get",
        "/admin/units/{id}/edit",
        "/admin/units/{ttra}/edit",
        &[],
        "L 403 403 403 403 403 403 403 200 403 P",
    ),
    row(
        "post",
        "/admin/units/{id}",
        "/admin/units/{qldd}",
        &[("code", "")],
        "L 403 403 403 403 403 403 403 422 422 P",
    ),
    row(
        "post",
        "/admin/units/{id}",
        "/admin/units/{ttra}",
        &[("code", "")],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "post",
        "/admin/units/{id}/close",
        "/admin/units/{qldd}/close",
        &[("valid_to", "not a date"), ("version", "1")],
        "L 403 403 403 403 403 403 403 422 422 P",
    ),
    row(
        "post",
        "/admin/units/{id}/close",
        "/admin/units/{ttra}/close",
        &[("valid_to", "not a date"), ("version", "1")],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "get",
        "/people",
        "/people",
        &[],
        "L 403 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/people",
        "/people?q=nguyen",
        &[],
        "L 403 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/people/new",
        "/people/new",
        &[],
        "L 403 403 403 200 200 403 403 200 200 P",
    ),
    row(
        "post",
        "/people",
        "/people",
        &[("full_name", "")],
        "L 403 403 403 422 422 403 403 422 422 P",
    ),
    row(
        "get",
        "/people/{id}",
        "/people/{p_qldd}",
        &[],
        "L 403 200 403 200 403 200 200 200 200 P",
    ),
    row(
        "get",
        "/people/{id}",
        "/people/{p_ttra}",
        &[],
        "L 403 403 200 200 403 200 200 200 403 P",
    ),
    row(
        "get",
        "/people/{id}",
        "/people/{p_vpdk}",
        &[],
        "L 403 403 403 200 200 200 200 200 403 P",
    ),
    row(
        "get",
        "/people/{id}",
        "/people/{p_self}",
        &[],
        "L 200 200 403 200 403 200 200 200 200 P",
    ),
    row(
        "get",
        "/people/{id}/edit",
        "/people/{p_qldd}/edit",
        &[],
        "L 403 403 403 200 403 403 403 200 200 P",
    ),
    row(
        "get",
        "/people/{id}/edit",
        "/people/{p_vpdk}/edit",
        &[],
        "L 403 403 403 200 200 403 403 200 403 P",
    ),
    row(
        "post",
        "/people/{id}",
        "/people/{p_qldd}",
        &[("full_name", "")],
        "L 403 403 403 422 403 403 403 422 422 P",
    ),
    row(
        "post",
        "/people/{id}",
        "/people/{p_vpdk}",
        &[("full_name", "")],
        "L 403 403 403 422 422 403 403 422 403 P",
    ),
    row(
        "post",
        "/people/{id}/active",
        "/people/{p_qldd}/active",
        &[("active", "1")],
        "L 403 403 403 303 403 403 403 303 303 P",
    ),
    row(
        "post",
        "/people/{id}/active",
        "/people/{p_vpdk}/active",
        &[("active", "1")],
        "L 403 403 403 303 303 403 403 303 403 P",
    ),
    row(
        "get",
        "/people/import",
        "/people/import",
        &[],
        "L 403 403 403 200 200 403 403 200 200 P",
    ),
    row(
        "post",
        "/people/import",
        "/people/import",
        &[],
        "L 403 403 403 422 422 403 403 422 422 P",
    ),
    row(
        "get",
        "/people/import/{id}",
        "/people/import/{job_people}",
        &[],
        "L 403 403 403 200 403 403 403 200 403 P",
    ),
    row(
        "post",
        "/people/import/{id}",
        "/people/import/{job_people}",
        &[],
        "L 403 403 403 303 403 403 403 303 403 P",
    ),
    row(
        "post",
        "/people/import/{id}/cancel",
        "/people/import/{job_people}/cancel",
        &[],
        "L 403 403 403 303 403 403 403 303 403 P",
    ),
    row(
        "get",
        "/admin",
        "/admin",
        &[],
        "L 403 403 403 403 403 403 403 200 200 P",
    ),
    row(
        "get",
        "/admin/users",
        "/admin/users",
        &[],
        "L 403 403 403 403 403 403 403 200 200 P",
    ),
    row(
        "get",
        "/admin/users/new",
        "/admin/users/new",
        &[],
        "L 403 403 403 403 403 403 403 200 200 P",
    ),
    row(
        "post",
        "/admin/users",
        "/admin/users",
        &[("username", "")],
        "L 403 403 403 403 403 403 403 422 422 P",
    ),
    row(
        "get",
        "/admin/users/{id}",
        "/admin/users/{u_canbo}",
        &[],
        "L 403 403 403 403 403 403 403 200 200 P",
    ),
    row(
        "get",
        "/admin/users/{id}",
        "/admin/users/{u_admin}",
        &[],
        "L 403 403 403 403 403 403 403 200 403 P",
    ),
    row(
        "get",
        "/admin/users/{id}",
        "/admin/users/{u_ttra}",
        &[],
        "L 403 403 403 403 403 403 403 200 403 P",
    ),
    row(
        "post",
        "/admin/users/{id}/password",
        "/admin/users/{u_canbo}/password",
        &[("password", "short")],
        "L 403 403 403 403 403 403 403 422 422 P",
    ),
    row(
        "post",
        "/admin/users/{id}/password",
        "/admin/users/{u_admin}/password",
        &[("password", "short")],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "post",
        "/admin/users/{id}/active",
        "/admin/users/{u_canbo}/active",
        &[("active", "1")],
        "L 403 403 403 403 403 403 403 303 303 P",
    ),
    row(
        "post",
        "/admin/users/{id}/active",
        "/admin/users/{u_admin}/active",
        &[("active", "1")],
        "L 403 403 403 403 403 403 403 303 403 P",
    ),
    row(
        "post",
        "/admin/users/{id}/roles",
        "/admin/users/{u_canbo}/roles",
        &[("role", ""), ("unit_id", "")],
        "L 403 403 403 403 403 403 403 422 422 P",
    ),
    row(
        "post",
        "/admin/users/{id}/roles",
        "/admin/users/{u_ttra}/roles",
        &[("role", ""), ("unit_id", "")],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "post",
        "/admin/users/{id}/roles/{role_id}/delete",
        "/admin/users/{u_canbo}/roles/{role_other}/delete",
        &[],
        "L 403 403 403 403 403 403 403 404 404 P",
    ),
    row(
        "post",
        "/admin/users/{id}/roles/{role_id}/delete",
        "/admin/users/{u_admin}/roles/{role_other}/delete",
        &[],
        "L 403 403 403 403 403 403 403 404 403 P",
    ),
    row(
        "post",
        "/admin/users/{id}/unlock",
        "/admin/users/{u_canbo}/unlock",
        &[],
        "L 403 403 403 403 403 403 403 303 303 P",
    ),
    row(
        "post",
        "/admin/users/{id}/unlock",
        "/admin/users/{u_admin}/unlock",
        &[],
        "L 403 403 403 403 403 403 403 303 403 P",
    ),
    // signing delegations: the Director's and the whole organisation's administrators' (issue 28, 1)
    row(
        "get",
        "/delegations",
        "/delegations",
        &[],
        "L 403 403 403 403 403 403 200 200 403 P",
    ),
    row(
        "post",
        "/delegations",
        "/delegations",
        &[],
        "L 403 403 403 403 403 403 422 422 403 P",
    ),
    row(
        "post",
        "/delegations/{id}/revoke",
        "/delegations/{delegation}/revoke",
        &[],
        "L 403 403 403 403 403 403 303 303 403 P",
    ),
    // the trust store is the whole organisation's; an account's signing certificates are its
    // administrators' (issue 28, 1): a file that is not a certificate is refused on the form
    row(
        "get",
        "/admin/trust",
        "/admin/trust",
        &[],
        "L 403 403 403 403 403 403 403 200 403 P",
    ),
    row(
        "post",
        "/admin/trust",
        "/admin/trust",
        &[],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "post",
        "/admin/trust/{id}/delete",
        "/admin/trust/{anchor}/delete",
        &[],
        "L 403 403 403 403 403 403 403 303 403 P",
    ),
    row(
        "post",
        "/admin/users/{id}/signing-certificates",
        "/admin/users/{u_canbo}/signing-certificates",
        &[],
        "L 403 403 403 403 403 403 403 422 422 P",
    ),
    row(
        "post",
        "/admin/users/{id}/signing-certificates",
        "/admin/users/{u_ttra}/signing-certificates",
        &[],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "post",
        "/admin/users/{id}/signing-certificates/{cert}/confirm",
        "/admin/users/{u_canbo}/signing-certificates/{cert_canbo}/confirm",
        &[],
        "L 403 403 403 403 403 403 403 303 303 P",
    ),
    row(
        "post",
        "/admin/users/{id}/signing-certificates/{cert}/confirm",
        "/admin/users/{u_canbo}/signing-certificates/{cert_ttra}/confirm",
        &[],
        "L 403 403 403 403 403 403 403 404 404 P",
    ),
    row(
        "post",
        "/admin/users/{id}/signing-certificates/{cert}/confirm",
        "/admin/users/{u_ttra}/signing-certificates/{cert_ttra}/confirm",
        &[],
        "L 403 403 403 403 403 403 403 303 403 P",
    ),
    row(
        "post",
        "/admin/users/{id}/signing-certificates/{cert}/delete",
        "/admin/users/{u_canbo}/signing-certificates/{cert_canbo}/delete",
        &[],
        "L 403 403 403 403 403 403 403 303 303 P",
    ),
    row(
        "get",
        "/admin/audit",
        "/admin/audit",
        &[],
        "L 403 403 403 403 403 403 403 200 200 P",
    ),
    row(
        "get",
        "/admin/rule-sets",
        "/admin/rule-sets",
        &[],
        "L 403 403 403 403 403 403 403 200 200 P",
    ),
    row(
        "get",
        "/admin/rule-sets/{id}",
        "/admin/rule-sets/{rule_set}",
        &[],
        "L 403 403 403 403 403 403 403 200 200 P",
    ),
    row(
        "post",
        "/admin/rule-sets/{id}/copy",
        "/admin/rule-sets/{rule_set}/copy",
        &[],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "post",
        "/admin/rule-sets/{id}/principles",
        "/admin/rule-sets/{rule_set}/principles",
        &[],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "post",
        "/admin/rule-sets/{id}/dossier",
        "/admin/rule-sets/{rule_set}/dossier",
        &[],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "get",
        "/admin/rule-sets/{id}/council",
        "/admin/rule-sets/{rule_set}/council",
        &[],
        "L 403 403 403 403 403 403 403 200 403 P",
    ),
    row(
        "post",
        "/admin/rule-sets/{id}/council",
        "/admin/rule-sets/{rule_set}/council",
        &[],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "get",
        "/admin/rule-sets/{id}/titles/{title_id}",
        "/admin/rule-sets/{rule_set}/titles/{title}",
        &[],
        "L 403 403 403 403 403 403 403 200 403 P",
    ),
    row(
        "post",
        "/admin/rule-sets/{id}/titles/{title_id}",
        "/admin/rule-sets/{rule_set}/titles/{title}",
        &[],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "post",
        "/admin/rule-sets/{id}/titles/{title_id}/params",
        "/admin/rule-sets/{rule_set}/titles/{title}/params",
        &[],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "get",
        "/admin/calendar",
        "/admin/calendar",
        &[],
        "L 403 403 403 403 403 403 403 200 200 P",
    ),
    row(
        "post",
        "/admin/calendar/days",
        "/admin/calendar/days",
        &[],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "post",
        "/admin/calendar/days/delete",
        "/admin/calendar/days/delete",
        &[("day", "2031-01-01")],
        "L 403 403 403 403 403 403 403 303 403 P",
    ),
    row(
        "post",
        "/admin/calendar/salaries",
        "/admin/calendar/salaries",
        &[],
        "L 403 403 403 403 403 403 403 422 403 P",
    ),
    row(
        "get",
        "/campaigns",
        "/campaigns",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/campaigns/new",
        "/campaigns/new",
        &[],
        "L 403 403 403 200 200 403 200 403 403 P",
    ),
    row(
        "post",
        "/campaigns",
        "/campaigns",
        &[("title", "")],
        "L 403 403 403 422 422 403 422 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}",
        "/campaigns/{campaign}",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/campaigns/{id}/edit",
        "/campaigns/{campaign}/edit",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}",
        "/campaigns/{campaign}",
        &[("title", "")],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/publish",
        "/campaigns/{campaign}/publish",
        &[("version", "0")],
        "L 403 403 403 303 403 403 303 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/stage",
        "/campaigns/{campaign}/stage",
        &[("stage", "draft"), ("version", "0")],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/delete",
        "/campaigns/{campaign}/delete",
        &[("version", "0")],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/plan.docx",
        "/campaigns/{campaign}/plan.docx",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/campaigns/{id}/versions/{n}",
        "/campaigns/{campaign}/versions/0",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/campaigns/{id}/rule-set",
        "/campaigns/{campaign}/rule-set",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/rule-set",
        "/campaigns/{campaign}/rule-set",
        &[("rule_set_id", "{rule_set}"), ("version", "0")],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/register",
        "/campaigns/{campaign}/register",
        &[],
        "L 200 200 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/register",
        "/campaigns/{campaign}/register",
        &[("action", "save")],
        "L 303 303 403 303 403 403 303 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/register/withdraw",
        "/campaigns/{campaign}/register/withdraw",
        &[("version", "0")],
        "L 422 422 403 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/register/progress",
        "/campaigns/{campaign}/register/progress",
        &[],
        "L 303 303 403 303 403 403 303 403 403 P",
    ),
    row(
        "get",
        "/registrations/{id}",
        "/registrations/{reg_qldd}",
        &[],
        "L 403 200 403 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/registrations/{id}",
        "/registrations/{reg_ttra}",
        &[],
        "L 403 403 200 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/registrations/{id}",
        "/registrations/{reg_vpdk}",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/registrations/{id}/review",
        "/registrations/{reg_qldd}/review",
        &[("action", "return"), ("comment", "")],
        "L 403 422 403 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/registrations/{id}/review",
        "/registrations/{reg_ttra}/review",
        &[("action", "return"), ("comment", "")],
        "L 403 403 422 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/reopen",
        "/campaigns/{campaign}/reopen",
        &[("reason", "")],
        "L 403 403 403 303 403 403 303 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/unit",
        "/campaigns/{campaign}/unit",
        &[],
        "L 403 200 200 403 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/collective/{unit_id}",
        "/campaigns/{campaign}/collective/{qldd}",
        &[],
        "L 403 200 403 403 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/collective/{unit_id}",
        "/campaigns/{campaign}/collective/{ttra}",
        &[],
        "L 403 403 200 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/collective/{unit_id}",
        "/campaigns/{campaign}/collective/{qldd}",
        &[("action", "save")],
        "L 403 303 403 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/collective/{unit_id}",
        "/campaigns/{campaign}/collective/{ttra}",
        &[("action", "save")],
        "L 403 403 303 403 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/coverage",
        "/campaigns/{campaign}/coverage",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    // the year-end review: those who run the campaign (every unit) and unit heads (their subtree);
    // a unit outside the head's subtree is not found
    row(
        "get",
        "/campaigns/{id}/review",
        "/campaigns/{campaign}/review",
        &[],
        "L 403 200 200 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/review.xlsx",
        "/campaigns/{campaign}/review.xlsx?unit={ttra}",
        &[],
        "L 403 404 200 200 403 403 200 403 403 P",
    ),
    // the comparison with earlier years: scoped as the year-end review
    row(
        "get",
        "/campaigns/{id}/trends",
        "/campaigns/{campaign}/trends?unit={ttra}",
        &[],
        "L 403 404 200 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/trends.xlsx",
        "/campaigns/{campaign}/trends.xlsx",
        &[],
        "L 403 200 200 200 403 403 200 403 403 P",
    ),
    // registrations against awards: scoped as the year-end review
    row(
        "get",
        "/campaigns/{id}/review/outcomes",
        "/campaigns/{campaign}/review/outcomes?unit={ttra}",
        &[],
        "L 403 404 200 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/review/outcomes.xlsx",
        "/campaigns/{campaign}/review/outcomes.xlsx",
        &[],
        "L 403 200 200 200 403 403 200 403 403 P",
    ),
    // the year at a glance: figures only, for everyone who reads the campaign; a unit anywhere in
    // the issuer's tree may be looked at
    row(
        "get",
        "/campaigns/{id}/dashboard",
        "/campaigns/{campaign}/dashboard?unit={ttra}",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    // the mid-year review: scoped as the year-end one
    row(
        "get",
        "/campaigns/{id}/midyear",
        "/campaigns/{campaign}/midyear",
        &[],
        "L 403 200 200 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/midyear.xlsx",
        "/campaigns/{campaign}/midyear.xlsx?unit={ttra}",
        &[],
        "L 403 404 200 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/midyear.docx",
        "/campaigns/{campaign}/midyear.docx",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/midyear/report",
        "/campaigns/{campaign}/midyear/report",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/midyear/report",
        "/campaigns/{campaign}/midyear/report",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    // the Department's draft year-end report: those who run the campaign only
    row(
        "get",
        "/campaigns/{id}/review.docx",
        "/campaigns/{campaign}/review.docx",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/review/report",
        "/campaigns/{campaign}/review/report",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/review/report",
        "/campaigns/{campaign}/review/report",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/coverage.xlsx",
        "/campaigns/{campaign}/coverage.xlsx",
        &[],
        "L 403 200 200 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/initiatives",
        "/campaigns/{campaign}/initiatives",
        &[],
        "L 403 200 200 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/initiatives.xlsx",
        "/campaigns/{campaign}/initiatives.xlsx",
        &[],
        "L 403 200 200 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility",
        "/campaigns/{campaign}/eligibility",
        &[],
        "L 303 200 200 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility.xlsx",
        "/campaigns/{campaign}/eligibility.xlsx",
        &[],
        "L 403 200 200 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility/people/{person_id}",
        "/campaigns/{campaign}/eligibility/people/{p_qldd}",
        &[],
        "L 403 200 403 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility/people/{person_id}",
        "/campaigns/{campaign}/eligibility/people/{p_self}",
        &[],
        "L 200 200 403 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility/people/{person_id}",
        "/campaigns/{campaign}/eligibility/people/{p_ttra}",
        &[],
        "L 403 403 200 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility/units/{unit_id}",
        "/campaigns/{campaign}/eligibility/units/{qldd}",
        &[],
        "L 403 200 403 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility/units/{unit_id}",
        "/campaigns/{campaign}/eligibility/units/{ttra}",
        &[],
        "L 403 403 200 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/ratings",
        "/ratings",
        &[],
        "L 403 200 200 200 200 403 200 403 403 P",
    ),
    row(
        "get",
        "/ratings",
        "/ratings?unit={qldd}&year=2022",
        &[],
        "L 403 200 403 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/ratings",
        "/ratings?unit={ttra}&year=2022",
        &[],
        "L 403 403 200 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/ratings",
        "/ratings",
        &[("year", "2022"), ("unit", "{qldd}")],
        "L 403 303 403 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/ratings",
        "/ratings",
        &[("year", "2022"), ("unit", "{ttra}")],
        "L 403 403 303 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/ratings/close",
        "/ratings/close",
        &[("year", "2022"), ("action", "reopen")],
        "L 403 403 403 303 303 403 303 403 403 P",
    ),
    row(
        "get",
        "/facts/import",
        "/facts/import",
        &[],
        "L 403 403 403 200 200 403 200 403 403 P",
    ),
    row(
        "post",
        "/facts/import",
        "/facts/import",
        &[],
        "L 403 403 403 422 422 403 422 403 403 P",
    ),
    row(
        "get",
        "/facts/import/{id}",
        "/facts/import/{job_facts}",
        &[],
        "L 403 403 403 200 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/facts/import/{id}",
        "/facts/import/{job_facts}",
        &[],
        "L 403 403 403 303 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/facts/import/{id}/cancel",
        "/facts/import/{job_facts}/cancel",
        &[],
        "L 403 403 403 303 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/initiatives",
        "/initiatives",
        &[],
        "L 200 200 403 200 403 403 200 403 403 P",
    ),
    // the council of campaign 1's issuer ({seat}: the Director's chair): read by everyone the
    // campaign reaches, changed by those who run it, the Office and the Director (an empty form: 422)
    row(
        "get",
        "/campaigns/{id}/council",
        "/campaigns/{campaign}/council",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "post",
        "/campaigns/{id}/council",
        "/campaigns/{campaign}/council",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/council/{seat_id}/end",
        "/campaigns/{campaign}/council/{seat}/end",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    // the council's meetings ({meeting}: a draft of campaign 1 with an accepted line on its agenda;
    // the council column is a seated member): prepared, opened and closed by those who run the
    // campaign; read by them and the seated members; votes, conflicts and receipts by members (a
    // draft refuses them: 422); written votes by the secretary alone (vanphong); {line_qldd} is on
    // no agenda (404)
    row(
        "get",
        "/campaigns/{id}/council/meetings/new",
        "/campaigns/{campaign}/council/meetings/new",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/council/meetings",
        "/campaigns/{campaign}/council/meetings",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "get",
        "/council/meetings/{id}",
        "/council/meetings/{meeting}",
        &[],
        "L 403 403 403 200 403 200 200 403 403 P",
    ),
    row(
        "post",
        "/council/meetings/{id}",
        "/council/meetings/{meeting}",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/council/meetings/{id}/agenda",
        "/council/meetings/{meeting}/agenda",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/council/meetings/{id}/agenda/{line_id}/remove",
        "/council/meetings/{meeting}/agenda/{line_qldd}/remove",
        &[],
        "L 403 403 403 404 403 403 404 403 403 P",
    ),
    row(
        "post",
        "/council/meetings/{id}/ballot-papers",
        "/council/meetings/{meeting}/ballot-papers",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/council/meetings/{id}/open",
        "/council/meetings/{meeting}/open",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/council/meetings/{id}/close",
        "/council/meetings/{meeting}/close",
        &[],
        // the chair (the Director) closes, never the Office (issue 28, 2): the draft meeting, 422
        "L 403 403 403 403 403 403 422 403 403 P",
    ),
    row(
        "get",
        "/council/meetings/{id}/minutes.docx",
        "/council/meetings/{meeting}/minutes.docx",
        &[],
        "L 403 403 403 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/council/meetings/{id}/ballot-count.docx",
        "/council/meetings/{meeting}/ballot-count.docx",
        &[],
        // that meeting voted by show of hands: no ballot count, for those who read the meeting
        "L 403 403 403 404 403 404 404 403 403 P",
    ),
    row(
        "post",
        "/council/meetings/{id}/vote",
        "/council/meetings/{meeting}/vote",
        &[],
        "L 403 403 403 422 403 422 422 403 403 P",
    ),
    row(
        "post",
        "/council/meetings/{id}/written",
        "/council/meetings/{meeting}/written",
        &[],
        "L 403 403 403 422 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/council/meetings/{id}/recusals",
        "/council/meetings/{meeting}/recusals",
        &[],
        "L 403 403 403 422 403 422 422 403 403 P",
    ),
    row(
        "post",
        "/council/meetings/{id}/receipt",
        "/council/meetings/{meeting}/receipt",
        &[],
        "L 403 403 403 422 403 422 422 403 403 P",
    ),
    // the public notice ({notice} of {meeting}, with {comment}, an objection of canbo's): read and
    // commented by everyone signed in the campaign reaches (an empty form: 422); posted and
    // resolved by those who run the campaign (the draft meeting: 422)
    row(
        "post",
        "/council/meetings/{id}/notice",
        "/council/meetings/{meeting}/notice",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "get",
        "/notices",
        "/notices",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/notices/{id}",
        "/notices/{notice}",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "post",
        "/notices/{id}/comments",
        "/notices/{notice}/comments",
        &[],
        "L 422 422 422 422 422 422 422 422 422 P",
    ),
    row(
        "post",
        "/notices/{id}/comments/{comment_id}/resolve",
        "/notices/{notice}/comments/{comment}/resolve",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    // award decisions ({decision}: a draft of campaign 1): drafted from a notice by those who run
    // the campaign (nothing ready in {notice}: back to it), read by them and the Director, approved
    // by the Director alone (an empty form: a stale version, 422)
    row(
        "post",
        "/notices/{id}/decision",
        "/notices/{notice}/decision",
        &[],
        "L 403 403 403 303 403 403 303 403 403 P",
    ),
    row(
        "get",
        "/decisions/{id}",
        "/decisions/{decision}",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/decisions/{id}",
        "/decisions/{decision}.docx",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/decisions/{id}",
        "/decisions/{decision}.pdf",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/decisions/{id}",
        "/decisions/{decision}",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/decisions/{id}/approve",
        "/decisions/{decision}/approve",
        &[],
        "L 403 403 403 403 403 403 422 403 403 P",
    ),
    // submissions upward ({submission}: a draft of campaign 1 without lines): drafted by those who
    // run the campaign (nothing ready in {notice}: back to it), read by them and the Director, sent
    // by the Director alone (an empty form: a stale version, 422), the outcome recorded by those
    // who run it (a draft: 422); the pack built by them (the .zip row first: none yet, 404)
    row(
        "post",
        "/notices/{id}/submission",
        "/notices/{notice}/submission",
        &[],
        "L 403 403 403 303 403 403 303 403 403 P",
    ),
    row(
        "get",
        "/submissions/{id}",
        "/submissions/{submission}",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/submissions/{id}",
        "/submissions/{submission}.docx",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/submissions/{id}",
        "/submissions/{submission}",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/submissions/{id}/send",
        "/submissions/{submission}/send",
        &[],
        "L 403 403 403 403 403 403 422 403 403 P",
    ),
    // the Office confirms sending without a missing paper (an empty form: refused as it is)
    row(
        "post",
        "/submissions/{id}/confirm-missing",
        "/submissions/{submission}/confirm-missing",
        &[],
        "L 403 403 403 422 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/submissions/{id}/outcome",
        "/submissions/{submission}/outcome",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "get",
        "/submissions/{id}/pack.zip",
        "/submissions/{submission}/pack.zip",
        &[],
        "L 403 403 403 404 403 403 404 403 403 P",
    ),
    row(
        "post",
        "/submissions/{id}/pack",
        "/submissions/{submission}/pack",
        &[],
        "L 403 403 403 303 403 403 303 403 403 P",
    ),
    // certificates: an issued decision's for whoever reads it ({decision} is a draft: back to its
    // page, 303); the issuer's print positions and test page for those who run its campaigns and the
    // Director (an
    // empty form: every figure missing, 422)
    row(
        "get",
        "/decisions/{id}/certificates.pdf",
        "/decisions/{decision}/certificates.pdf",
        &[],
        "L 403 403 403 303 403 403 303 403 403 P",
    ),
    // a certificate issued again: on a draft, refused as it is for those who run the campaign; an
    // unknown one is not found
    row(
        "post",
        "/decisions/{id}/reissues",
        "/decisions/{decision}/reissues",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "get",
        "/certificate-reissues/{id}",
        "/certificate-reissues/{reissue}.pdf",
        &[],
        // {reissue} is of the draft {decision}: those who read the draft find no award line
        "L 403 403 403 404 403 403 404 403 403 P",
    ),
    row(
        "get",
        "/certificate-layouts/{id}",
        "/certificate-layouts/{root}",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/certificate-layouts/{id}",
        "/certificate-layouts/{root}",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "get",
        "/certificate-layouts/{id}/test.pdf",
        "/certificate-layouts/{root}/test.pdf",
        &[],
        "L 403 403 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/certificate-layouts/{id}/test.pdf",
        "/certificate-layouts/{root}/test.pdf",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    // an issuing body's particulars: those who run its campaigns and its administrators (an empty
    // form: the required fields missing, 422); a division's for its own administrator too
    row(
        "get",
        "/issuers/{id}",
        "/issuers/{root}",
        &[],
        "L 403 403 403 200 403 403 200 200 403 P",
    ),
    row(
        "post",
        "/issuers/{id}",
        "/issuers/{root}",
        &[],
        "L 403 403 403 422 403 403 422 422 403 P",
    ),
    row(
        "get",
        "/issuers/{id}",
        "/issuers/{ttra}",
        &[],
        "L 403 403 403 200 403 403 200 200 403 P",
    ),
    row(
        "post",
        "/issuers/{id}",
        "/issuers/{qldd}",
        &[],
        "L 403 403 403 422 403 403 422 422 422 P",
    ),
    // issuing a decision (the signed PDF; {decision} is a draft, so 422 for those who may), the
    // public verification of a code (an unknown code: 404 for everyone), the registry's API
    row(
        "post",
        "/decisions/{id}/issue",
        "/decisions/{decision}/issue",
        &[],
        // the Office, or the director who approved it (issue 28, 1): nobody has approved the draft
        "L 403 403 403 422 403 403 403 403 403 P",
    ),
    // amending an issued decision: drafted by those who run the campaign ({decision} is a draft:
    // back to it with a message)
    row(
        "post",
        "/decisions/{id}/amend",
        "/decisions/{decision}/amend",
        &[],
        "L 403 403 403 303 403 403 303 403 403 P",
    ),
    row(
        "get",
        "/verify/{code}",
        "/verify/ABCDEFGH",
        &[],
        "404 404 404 404 404 404 404 404 404 404 P",
    ),
    row(
        "get",
        "/api/v1/awards",
        "/api/v1/awards?year=2022",
        &[],
        "L 200 200 200 200 200 200 200 200 200 403",
    ),
    // the award registry: read, like the people, by those who read people (staff see their own
    // record instead); a unit outside the reader's scope is not found
    row(
        "get",
        "/registry",
        "/registry?year=2022",
        &[],
        "L 403 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "get",
        "/registry.xlsx",
        "/registry.xlsx?unit={ttra}",
        &[],
        "L 403 404 200 200 404 200 200 200 404 P",
    ),
    // the year's awards in the national database's fields: scoped like the registry (TTRA's
    // subtree is outside some scopes: 404), a year required
    row(
        "get",
        "/registry/national.xlsx",
        "/registry/national.xlsx?year=2022&unit={ttra}",
        &[],
        "L 403 404 200 200 404 200 200 200 404 P",
    ),
    // year-end at the units: QLDD's review is not held in the demo, TTRA's is (with a proposal);
    // {prop_qldd} a draft of QLDD with {line_qldd} and its document {doc_qldd}; {doc_ttra} TTRA's
    // signed minutes
    row(
        "get",
        "/campaigns/{id}/reviews",
        "/campaigns/{campaign}/reviews",
        &[],
        "L 403 200 200 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/reviews/{unit_id}",
        "/campaigns/{campaign}/reviews/{qldd}",
        &[],
        "L 403 200 403 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/reviews/{unit_id}",
        "/campaigns/{campaign}/reviews/{ttra}",
        &[],
        "L 403 403 200 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/reviews/{unit_id}",
        "/campaigns/{campaign}/reviews/{root}",
        &[],
        "L 404 404 404 404 404 404 404 404 404 P",
    ),
    row(
        "post",
        "/campaigns/{id}/reviews/{unit_id}",
        "/campaigns/{campaign}/reviews/{qldd}",
        &[],
        "L 403 422 403 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/reviews/{unit_id}",
        "/campaigns/{campaign}/reviews/{ttra}",
        &[],
        "L 403 403 422 403 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/reviews/{unit_id}/minutes.docx",
        "/campaigns/{campaign}/reviews/{ttra}/minutes.docx",
        &[],
        "L 403 403 200 200 403 200 200 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/reviews/{unit_id}/minutes",
        "/campaigns/{campaign}/reviews/{ttra}/minutes",
        &[],
        "L 403 403 400 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/reviews/{unit_id}/proposal",
        "/campaigns/{campaign}/reviews/{qldd}/proposal",
        &[],
        "L 403 303 403 403 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/proposals",
        "/campaigns/{campaign}/proposals",
        &[],
        "L 403 403 403 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/proposals.xlsx",
        "/campaigns/{campaign}/proposals.xlsx",
        &[],
        "L 403 403 403 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/proposals/{id}",
        "/proposals/{prop_qldd}",
        &[],
        "L 403 200 403 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/proposals/{id}",
        "/proposals/{prop_ttra}",
        &[],
        "L 403 403 200 200 403 200 200 403 403 P",
    ),
    row(
        "post",
        "/proposals/{id}/lines",
        "/proposals/{prop_qldd}/lines",
        &[],
        "L 403 422 403 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/proposals/{id}/lines/add",
        "/proposals/{prop_qldd}/lines/add",
        &[],
        "L 403 422 403 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/proposals/{id}/lines/{line_id}/delete",
        "/proposals/{prop_qldd}/lines/{line_qldd}/delete",
        &[],
        "L 403 422 403 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/proposals/{id}/lines/{line_id}/delete",
        "/proposals/{prop_qldd}/lines/{line_ttra}/delete",
        &[],
        "L 403 404 403 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/proposals/{id}/submit",
        "/proposals/{prop_qldd}/submit",
        &[],
        "L 403 422 403 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/proposals/{id}/decide",
        "/proposals/{prop_ttra}/decide",
        &[],
        "L 403 403 403 422 403 403 422 403 403 P",
    ),
    row(
        "get",
        "/proposals/{id}/lines/{line_id}/report",
        "/proposals/{prop_qldd}/lines/{line_qldd}/report",
        &[],
        "L 403 200 403 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/proposals/{id}/lines/{line_id}/report",
        "/proposals/{prop_qldd}/lines/{line_ttra}/report",
        &[],
        "L 403 404 403 404 403 404 404 403 403 P",
    ),
    row(
        "post",
        "/proposals/{id}/lines/{line_id}/report",
        "/proposals/{prop_qldd}/lines/{line_qldd}/report",
        &[],
        "L 403 422 403 403 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/proposals/{id}/lines/{line_id}/report.docx",
        "/proposals/{prop_qldd}/lines/{line_qldd}/report.docx",
        &[],
        "L 403 200 403 200 403 200 200 403 403 P",
    ),
    row(
        "post",
        "/proposals/{id}/documents",
        "/proposals/{prop_qldd}/documents",
        &[],
        "L 403 400 403 403 403 403 403 403 403 P",
    ),
    row(
        "post",
        "/proposals/{id}/documents/{doc_id}/delete",
        "/proposals/{prop_qldd}/documents/{doc_ttra}/delete",
        &[],
        "L 403 404 403 403 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/documents/{id}",
        "/documents/{doc_ttra}",
        &[],
        "L 403 403 200 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/documents/{id}",
        "/documents/{doc_qldd}",
        &[],
        "L 403 200 403 200 403 200 200 403 403 P",
    ),
    row(
        "post",
        "/proposals/{id}/documents/{doc_id}/delete",
        "/proposals/{prop_qldd}/documents/{doc_qldd}/delete",
        &[],
        "L 403 303 403 403 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/api/v1/campaigns/{id}/proposals",
        "/api/v1/campaigns/{campaign}/proposals",
        &[],
        "L 200 200 200 200 200 200 200 200 200 403",
    ),
    // exemplars: {ex_qldd} a nomination of QLDD's, {ex_ttra} one of TTRA's the Director chose
    row(
        "get",
        "/campaigns/{id}/exemplars",
        "/campaigns/{campaign}/exemplars",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "post",
        "/campaigns/{id}/exemplars",
        "/campaigns/{campaign}/exemplars",
        &[],
        "L 403 422 422 403 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/exemplars/{id}",
        "/exemplars/{ex_qldd}",
        &[],
        "L 403 200 403 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/exemplars/{id}",
        "/exemplars/{ex_ttra}",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "post",
        "/exemplars/{id}",
        "/exemplars/{ex_qldd}",
        &[],
        "L 403 400 403 400 403 400 400 403 403 P",
    ),
    row(
        "post",
        "/exemplars/{id}",
        "/exemplars/{ex_qldd}",
        &[("step", "decide"), ("praise", "on")],
        "L 403 403 403 403 403 403 422 403 403 P",
    ),
    row(
        "post",
        "/exemplars/{id}/photos",
        "/exemplars/{ex_qldd}/photos",
        &[],
        "L 403 400 403 403 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/api/v1/campaigns/{id}/exemplars",
        "/api/v1/campaigns/{campaign}/exemplars",
        &[],
        "L 200 200 200 200 200 200 200 200 200 403",
    ),
    // year-end scores
    row(
        "get",
        "/campaigns/{id}/self-assessment",
        "/campaigns/{campaign}/self-assessment",
        &[],
        "L 200 200 403 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/self-assessment",
        "/campaigns/{campaign}/self-assessment",
        &[],
        "L 422 422 403 422 403 403 422 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/scores",
        "/campaigns/{campaign}/scores",
        &[],
        "L 403 200 200 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/scores/people/{person_id}",
        "/campaigns/{campaign}/scores/people/{p_qldd}",
        &[],
        "L 403 200 403 200 403 403 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/scores/people/{person_id}",
        "/campaigns/{campaign}/scores/people/{p_ttra}",
        &[],
        "L 403 403 200 200 403 403 200 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/scores/people/{person_id}",
        "/campaigns/{campaign}/scores/people/{p_qldd}",
        &[],
        "L 403 422 403 403 403 403 403 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/scores/units/{unit_id}",
        "/campaigns/{campaign}/scores/units/{qldd}",
        &[],
        "L 403 200 403 200 403 200 200 403 403 P",
    ),
    row(
        "get",
        "/campaigns/{id}/scores/units/{unit_id}",
        "/campaigns/{campaign}/scores/units/{root}",
        &[],
        "L 404 404 404 404 404 404 404 404 404 P",
    ),
    row(
        "post",
        "/campaigns/{id}/scores/units/{unit_id}",
        "/campaigns/{campaign}/scores/units/{qldd}",
        &[],
        "L 403 422 403 403 403 422 422 403 403 P",
    ),
    row(
        "post",
        "/campaigns/{id}/scores/close",
        "/campaigns/{campaign}/scores/close",
        &[],
        "L 403 403 403 303 403 403 303 403 403 P",
    ),
    row(
        "get",
        "/clusters",
        "/clusters",
        &[],
        "L 403 403 403 200 200 403 200 403 403 P",
    ),
    row(
        "post",
        "/clusters",
        "/clusters",
        &[],
        "L 403 403 403 422 422 403 422 403 403 P",
    ),
    row(
        "get",
        "/clusters/{id}",
        "/clusters/{cluster}",
        &[],
        "L 403 403 403 200 404 403 200 403 403 P",
    ),
    row(
        "post",
        "/clusters/{id}",
        "/clusters/{cluster}",
        &[],
        "L 403 403 403 422 404 403 422 403 403 P",
    ),
    row(
        "post",
        "/clusters/{id}/ranking",
        "/clusters/{cluster}/ranking",
        &[],
        "L 403 403 403 422 404 403 422 403 403 P",
    ),
    row(
        "post",
        "/clusters/{id}/delete",
        "/clusters/{cluster}/delete",
        &[],
        "L 403 403 403 303 404 403 303 403 403 P",
    ),
    row(
        "get",
        "/initiatives/recognitions",
        "/initiatives/recognitions",
        &[],
        "L 403 403 403 200 200 403 200 403 403 P",
    ),
    row(
        "get",
        "/initiatives/recognitions/new",
        "/initiatives/recognitions/new",
        &[],
        "L 403 403 403 200 200 403 200 403 403 P",
    ),
    row(
        "post",
        "/initiatives/recognitions",
        "/initiatives/recognitions",
        &[("form_token", "authorisation-table-token")],
        "L 403 403 403 422 422 403 422 403 403 P",
    ),
    row(
        "get",
        "/people/{id}/record",
        "/people/{p_qldd}/record",
        &[],
        "L 403 200 403 200 403 200 200 200 200 P",
    ),
    row(
        "get",
        "/people/{id}/record",
        "/people/{p_vpdk}/record",
        &[],
        "L 403 403 403 200 200 200 200 200 403 P",
    ),
    row(
        "get",
        "/people/{id}/record",
        "/people/{p_self}/record",
        &[],
        "L 200 200 403 200 403 200 200 200 200 P",
    ),
    row(
        "post",
        "/people/{id}/record/discipline",
        "/people/{p_qldd}/record/discipline",
        &[],
        "L 403 403 403 422 403 403 422 422 422 P",
    ),
    row(
        "post",
        "/people/{id}/record/awards",
        "/people/{p_qldd}/record/awards",
        &[],
        "L 403 403 403 422 403 403 422 422 422 P",
    ),
    row(
        "post",
        "/people/{id}/record/awards/{award_id}/delete",
        "/people/{p_qldd}/record/awards/{award_qldd}/delete",
        &[],
        "L 403 403 403 303 403 403 303 303 303 P",
    ),
    row(
        "post",
        "/people/{id}/record/awards/{award_id}/delete",
        "/people/{p_qldd}/record/awards/{award_ttra}/delete",
        &[],
        "L 403 403 403 404 403 403 404 404 404 P",
    ),
    row(
        "post",
        "/people/{id}/record/discipline/{discipline_id}/delete",
        "/people/{p_qldd}/record/discipline/{disc_qldd}/delete",
        &[],
        "L 403 403 403 303 403 403 303 303 303 P",
    ),
    row(
        "post",
        "/people/{id}/record/discipline/{discipline_id}/delete",
        "/people/{p_qldd}/record/discipline/{disc_ttra}/delete",
        &[],
        "L 403 403 403 404 403 403 404 404 404 P",
    ),
    row(
        "post",
        "/people/{id}/record/reviews",
        "/people/{p_qldd}/record/reviews",
        &[],
        "L 403 403 403 422 403 403 422 422 422 P",
    ),
    row(
        "post",
        "/people/{id}/record/reviews/{review_id}/close",
        "/people/{p_qldd}/record/reviews/{rev_qldd}/close",
        &[],
        "L 403 403 403 303 403 403 303 303 303 P",
    ),
    row(
        "post",
        "/people/{id}/record/reviews/{review_id}/close",
        "/people/{p_ttra}/record/reviews/{rev_ttra}/close",
        &[],
        "L 403 403 403 303 403 403 303 303 403 P",
    ),
    row(
        "post",
        "/people/{id}/record/months",
        "/people/{p_qldd}/record/months",
        &[],
        "L 403 403 403 422 403 403 422 422 422 P",
    ),
    row(
        "get",
        "/notifications",
        "/notifications",
        &[],
        "L 200 200 200 200 200 200 200 200 200 P",
    ),
    row(
        "post",
        "/notifications/read",
        "/notifications/read",
        &[],
        "L 303 303 303 303 303 303 303 303 303 P",
    ),
    row(
        "get",
        "/api/v1/me",
        "/api/v1/me",
        &[],
        "L 200 200 200 200 200 200 200 200 200 403",
    ),
    row(
        "get",
        "/api/v1/campaigns",
        "/api/v1/campaigns",
        &[],
        "L 200 200 200 200 200 200 200 200 200 403",
    ),
    row(
        "get",
        "/api/v1/campaigns/{id}/coverage",
        "/api/v1/campaigns/{campaign}/coverage",
        &[],
        "L 403 200 200 200 403 403 200 403 403 403",
    ),
    // the year-end figures: those who run the campaign and unit heads (their subtree)
    row(
        "get",
        "/api/v1/campaigns/{id}/statistics",
        "/api/v1/campaigns/{campaign}/statistics",
        &[],
        "L 403 200 200 200 403 403 200 403 403 403",
    ),
    row(
        "get",
        "/api/v1/eligibility",
        "/api/v1/eligibility?campaign={campaign}&person={p_qldd}",
        &[],
        "L 403 200 403 200 403 200 200 403 403 403",
    ),
    row(
        "get",
        "/api/v1/eligibility",
        "/api/v1/eligibility?campaign={campaign}&person={p_ttra}",
        &[],
        "L 403 403 200 200 403 200 200 403 403 403",
    ),
    row(
        "get",
        "/api/openapi.json",
        "/api/openapi.json",
        &[],
        "200 200 200 200 200 200 200 200 200 200 200",
    ),
    row(
        "get",
        "/healthz",
        "/healthz",
        &[],
        "200 200 200 200 200 200 200 200 200 200 200",
    ),
    row(
        "get",
        "/readyz",
        "/readyz",
        &[],
        "200 200 200 200 200 200 200 200 200 200 200",
    ),
    row(
        "get",
        "/static/{file}",
        "/static/app.css",
        &[],
        "200 200 200 200 200 200 200 200 200 200 200",
    ),
    // sign-in and sign-out last: signing out ends the session used by the rows above
    row(
        "post",
        "/login",
        "/login",
        &[("username", "nobody"), ("password", "wrong-password")],
        "401 401 401 401 401 401 401 401 401 401 P",
    ),
    row(
        "post",
        "/logout",
        "/logout",
        &[],
        "L 303 303 303 303 303 303 303 303 303 303",
    ),
];

#[test]
fn every_route_has_a_row() {
    let routes: Vec<(&str, &str)> = thidua::routes::ROUTES
        .iter()
        .chain(thidua::routes::OTHER_ROUTES)
        .copied()
        .collect();
    for (m, p) in &routes {
        assert!(
            TABLE.iter().any(|r| r.method == *m && r.pattern == *p),
            "route {m} {p} has no row in the authorisation table"
        );
    }
    for r in TABLE {
        assert!(
            routes.contains(&(r.method, r.pattern)),
            "row {} {} names no route",
            r.method,
            r.pattern
        );
        assert_eq!(
            r.expect.split_whitespace().count(),
            ACTORS.len(),
            "row {} {}",
            r.method,
            r.path
        );
        // a route with an id is tried with a real one: no made-up ids
        assert!(!r.path.contains("999"), "row {} {}", r.method, r.path);
    }
    // and with ids from inside and outside some actor's scope: at least two rows for the routes
    // that read or change one person's, unit's or account's data
    for pattern in [
        "/people/{id}",
        "/admin/users/{id}",
        "/admin/users/{id}/password",
        "/registrations/{id}",
        "/campaigns/{id}/eligibility/people/{person_id}",
        "/admin/units/{id}",
    ] {
        assert!(
            TABLE.iter().filter(|r| r.pattern == pattern).count() >= 2,
            "{pattern}: ids inside and outside the scopes"
        );
    }
}

async fn add_account(app: &TestApp, username: &str, role: &str, unit: &str, person: Option<i64>) {
    let hash = hash_blocking(PW).unwrap();
    let uid: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, display_name, person_id) VALUES ($1, $2, $1, $3) RETURNING id",
    )
    .bind(username)
    .bind(hash)
    .bind(person)
    .fetch_one(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, unit_id) SELECT $1, $2, id FROM units WHERE code = $3",
    )
    .bind(uid)
    .bind(role)
    .bind(unit)
    .execute(&app.db)
    .await
    .unwrap();
}

/// Someone in unit `code` who has no account, the `n`-th by id.
async fn someone_in(app: &TestApp, code: &str, n: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id
         WHERE u.code = $1 AND p.active AND NOT EXISTS (SELECT 1 FROM users a WHERE a.person_id = p.id)
         ORDER BY p.id OFFSET $2 LIMIT 1",
    )
    .bind(code)
    .bind(n)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

/// A fresh demo database with the table's extra actors and records; the ids the rows name.
async fn setup() -> (TestApp, HashMap<&'static str, String>) {
    let app = spawn_app().await;
    let p_qldd = someone_in(&app, "QLDD", 0).await;
    let p_ttra = someone_in(&app, "TTRA", 0).await;
    let p_vpdk = someone_in(&app, "VPDKDD", 0).await;
    add_account(&app, "t-head-other", "unit_head", "TTRA", None).await;
    add_account(&app, "t-office-sub", "office", "VPDKDD", None).await;
    add_account(&app, "t-council", "council", "STNMT", None).await;
    add_account(&app, "t-admin-div", "admin", "QLDD", None).await;
    // a member of QLDD whose password an administrator has reset
    let p_reset = someone_in(&app, "QLDD", 1).await;
    add_account(&app, "t-reset", "staff", "QLDD", Some(p_reset)).await;
    sqlx::query("UPDATE users SET must_change_password = true WHERE username = 't-reset'")
        .execute(&app.db)
        .await
        .unwrap();
    let reg_in = |code: &str| {
        format!(
            "SELECT r.id FROM registrations r JOIN units u ON u.id = r.unit_id
             WHERE u.code = '{code}' AND r.person_id IS NOT NULL AND r.status = 'submitted'
             ORDER BY r.id LIMIT 1"
        )
    };
    // an open review and a discipline for someone in QLDD and in TTRA
    let mut ids: HashMap<&'static str, String> = HashMap::new();
    for (p, disc, rev) in [
        (p_qldd, "disc_qldd", "rev_qldd"),
        (p_ttra, "disc_ttra", "rev_ttra"),
    ] {
        let d: i64 = sqlx::query_scalar(
            "INSERT INTO disciplines (person_id, level, decided_on, effective_until, decision_no, reason)
             VALUES ($1, 'REPRIMAND', DATE '2022-03-01', DATE '2023-03-01', '1/QĐ', 'bảng phân quyền')
             RETURNING id",
        )
        .bind(p)
        .fetch_one(&app.db)
        .await
        .unwrap();
        let r: i64 = sqlx::query_scalar(
            "INSERT INTO review_flags (person_id, kind, opened_on, note) VALUES ($1, 'inspection', DATE '2022-05-01', 'bảng phân quyền') RETURNING id",
        )
        .bind(p)
        .fetch_one(&app.db)
        .await
        .unwrap();
        ids.insert(disc, d.to_string());
        ids.insert(rev, r.to_string());
    }
    // import jobs of the Office, in preview
    let office = signed_in(&app, "vanphong").await;
    let csv = "Họ và tên,Mã đơn vị\nTrần Thị Bảng,VP\n";
    let mut jobs = vec![];
    for (path, kind) in [("/people/import", None), ("/facts/import", Some("ratings"))] {
        let t = token(&app, &office).await;
        let mut form = reqwest::multipart::Form::new().text("csrf_token", t);
        let body = match kind {
            Some(k) => {
                form = form.text("kind", k);
                "Mã nhân sự,Năm,Xếp loại\nNV00001,2021,HTTNV\n"
            }
            None => csv,
        };
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(body.as_bytes().to_vec()).file_name("bang.csv"),
        );
        let r = office
            .post(app.url(path))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "upload {path}");
        jobs.push(location(&r).rsplit('/').next().unwrap().to_string());
    }
    let scalar = |sql: String| {
        let app = &app;
        async move { app.scalar_i64(&sql).await.to_string() }
    };
    ids.insert("root", unit_id(&app, "STNMT").await.to_string());
    // an award of someone in QLDD and in TTRA
    for (p, key) in [(p_qldd, "award_qldd"), (p_ttra, "award_ttra")] {
        let a: i64 = sqlx::query_scalar(
            "INSERT INTO award_history (year, person_id, title_code, kind, source)
             VALUES (2019, $1, 'BK_TINH', 'thematic', 'entry') RETURNING id",
        )
        .bind(p)
        .fetch_one(&app.db)
        .await
        .unwrap();
        ids.insert(key, a.to_string());
    }
    // an emulation bloc of the Department, with two member units
    let cluster: i64 = sqlx::query_scalar(
        "WITH c AS (INSERT INTO emulation_clusters (kind, code, name, owner_unit_id)
                    SELECT 'bloc', 'KHOI_THU', 'Khối thử', id FROM units WHERE code = 'STNMT' RETURNING id)
         , m AS (INSERT INTO cluster_members (cluster_id, unit_id)
                 SELECT c.id, u.id FROM c, units u WHERE u.code IN ('QLDD', 'TTRA'))
         SELECT id FROM c",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    ids.insert("cluster", cluster.to_string());
    // year-end: a draft proposal of QLDD with a line and a document; TTRA's from the demo, and a
    // signed scan of its review's minutes
    let prop_qldd: i64 = sqlx::query_scalar(
        "INSERT INTO proposals (campaign_id, unit_id) SELECT c.id, u.id FROM campaigns c, units u
          WHERE u.code = 'QLDD' ORDER BY c.id LIMIT 1 RETURNING id",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let line_qldd: i64 = sqlx::query_scalar(
        "INSERT INTO proposal_lines (proposal_id, person_id, title_id, eligibility)
         SELECT $1, $2, t.id, 'eligible' FROM titles t JOIN proposals p ON p.id = $1
           JOIN campaigns c ON c.id = p.campaign_id AND c.rule_set_id = t.rule_set_id
          WHERE t.code = 'LDTT' RETURNING id",
    )
    .bind(prop_qldd)
    .bind(p_qldd)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let prop_ttra = app
        .scalar_i64(
            "SELECT p.id FROM proposals p JOIN units u ON u.id = p.unit_id WHERE u.code = 'TTRA'",
        )
        .await;
    let line_ttra = app
        .scalar_i64(&format!(
            "SELECT min(id) FROM proposal_lines WHERE proposal_id = {prop_ttra}"
        ))
        .await;
    let mut docs = vec![];
    for (review, line) in [
        (None, Some(line_qldd)),
        (
            Some(
                app.scalar_i64(&format!(
                    "SELECT review_id FROM proposals WHERE id = {prop_ttra}"
                ))
                .await,
            ),
            None,
        ),
    ] {
        let d: i64 = sqlx::query_scalar(
            "WITH d AS (INSERT INTO documents (review_id, line_id, kind, name, content_type, size, sha256)
                        VALUES ($1, $2, 'other', 'bang.pdf', 'application/pdf', 8, encode(sha256('%PDF-1.4'::bytea), 'hex')) RETURNING id)
             , b AS (INSERT INTO document_blobs (document_id, bytes) SELECT id, '%PDF-1.4'::bytea FROM d)
             SELECT id FROM d",
        )
        .bind(review)
        .bind(line)
        .fetch_one(&app.db)
        .await
        .unwrap();
        docs.push(d);
    }
    ids.insert("prop_qldd", prop_qldd.to_string());
    ids.insert("line_qldd", line_qldd.to_string());
    ids.insert("prop_ttra", prop_ttra.to_string());
    ids.insert("line_ttra", line_ttra.to_string());
    ids.insert("doc_qldd", docs[0].to_string());
    ids.insert("doc_ttra", docs[1].to_string());
    // the council of campaign 1's issuer: the demo's chair (the Director)
    let seat = app
        .scalar_i64("SELECT id FROM council_seats WHERE capacity = 'chair'")
        .await;
    ids.insert("seat", seat.to_string());
    // the council column sits in the council; a draft meeting with one accepted line on its agenda
    sqlx::query(
        "INSERT INTO council_seats (unit_id, year, user_id, capacity, from_date)
         SELECT c.issuer_unit_id, 2022, u.id, 'member', DATE '2022-01-01'
           FROM campaigns c, users u WHERE u.username = 't-council' ORDER BY c.id LIMIT 1",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let meeting = app
        .scalar_i64(
            "INSERT INTO council_meetings (campaign_id, held_on) SELECT id, DATE '2022-12-20'
               FROM campaigns ORDER BY id LIMIT 1 RETURNING id",
        )
        .await;
    sqlx::query(
        "INSERT INTO council_agenda (meeting_id, line_id, ballot, share, base, strict)
         SELECT $1, l.id, 'hands', 5000, 'present', true FROM proposal_lines l
          WHERE l.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM council_agenda a WHERE a.line_id = l.id)
          ORDER BY l.id LIMIT 1",
    )
    .bind(meeting)
    .execute(&app.db)
    .await
    .unwrap();
    ids.insert("meeting", meeting.to_string());
    let notice = app
        .scalar_i64(&format!(
            "INSERT INTO notices (campaign_id, meeting_id, posted_on)
             SELECT campaign_id, id, current_date FROM council_meetings WHERE id = {meeting} RETURNING id"
        ))
        .await;
    sqlx::query(&format!(
        "INSERT INTO notice_lines (notice_id, line_id, ends_on)
         SELECT {notice}, line_id, current_date + 30 FROM council_agenda WHERE meeting_id = {meeting}"
    ))
    .execute(&app.db)
    .await
    .unwrap();
    let comment = app
        .scalar_i64(&format!(
            "INSERT INTO notice_comments (notice_id, line_id, user_id, kind, body)
             SELECT {notice}, l.line_id, u.id, 'objection', 'Phản ánh'
               FROM notice_lines l, users u WHERE l.notice_id = {notice} AND u.username = 'canbo' RETURNING id"
        ))
        .await;
    ids.insert("notice", notice.to_string());
    ids.insert("comment", comment.to_string());
    let decision = app
        .scalar_i64(
            "INSERT INTO decisions (campaign_id, issuer_unit_id, decided_on, doc_code, proposer)
             SELECT id, issuer_unit_id, DATE '2022-12-28', 'QĐ-STNMT', 'Chánh Văn phòng Sở'
               FROM campaigns ORDER BY id LIMIT 1 RETURNING id",
        )
        .await;
    ids.insert("decision", decision.to_string());
    let award = app
        .scalar_i64(&format!(
            "INSERT INTO award_history (year, person_id, title_code, title_name, decision_no, decided_on,
                                        issuer, source, decision_id, register_no)
             SELECT 2016, p.id, 'LDTT', 'Lao động tiên tiến', '01/QĐ-STNMT', DATE '2016-12-28',
                    'Giám đốc Sở', 'app', {decision}, 1
               FROM people p ORDER BY p.id LIMIT 1 RETURNING id"
        ))
        .await;
    let reissue = app
        .scalar_i64(&format!(
            "INSERT INTO certificate_reissues (award_id, kind, reason, issuer_unit_id, year,
                                               register_no, issued_on)
             SELECT {award}, 'reissue', 'Thất lạc', issuer_unit_id, 2026, 1, DATE '2026-12-01'
               FROM decisions WHERE id = {decision} RETURNING id"
        ))
        .await;
    ids.insert("reissue", reissue.to_string());
    let submission = app
        .scalar_i64(&format!(
            "INSERT INTO submissions (campaign_id, issuer_unit_id, notice_id, submitted_on, doc_code, recipient)
             SELECT id, issuer_unit_id, {notice}, DATE '2022-12-29', 'TTr-STNMT', 'Ủy ban nhân dân tỉnh'
               FROM campaigns ORDER BY id LIMIT 1 RETURNING id"
        ))
        .await;
    ids.insert("submission", submission.to_string());
    // exemplars: QLDD's nomination, and one of TTRA's the Director chose
    let ex = |person: i64, status: &'static str| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO exemplars (campaign_id, unit_id, person_id, story, status, praise)
                 SELECT c.id, p.unit_id, p.id, 'Câu chuyện', $2, $2 = 'chosen'
                   FROM campaigns c, people p WHERE p.id = $1 ORDER BY c.id LIMIT 1 RETURNING id",
            )
            .bind(person)
            .bind(status)
            .fetch_one(&app.db)
            .await
            .unwrap()
        }
    };
    ids.insert("ex_qldd", ex(p_qldd, "nominated").await.to_string());
    ids.insert("ex_ttra", ex(p_ttra, "chosen").await.to_string());
    ids.insert("qldd", unit_id(&app, "QLDD").await.to_string());
    ids.insert("ttra", unit_id(&app, "TTRA").await.to_string());
    ids.insert("vpdk", unit_id(&app, "VPDKDD").await.to_string());
    ids.insert("p_qldd", p_qldd.to_string());
    ids.insert("p_ttra", p_ttra.to_string());
    ids.insert("p_vpdk", p_vpdk.to_string());
    ids.insert("p_self", person_id(&app, "Nguyễn Văn An").await.to_string());
    ids.insert("u_canbo", user_id(&app, "canbo").await.to_string());
    ids.insert("u_admin", user_id(&app, "admin").await.to_string());
    ids.insert("u_ttra", user_id(&app, "t-head-other").await.to_string());
    // issue 28, 1: a CA of the trust store, a proposed signing certificate on canbo's and on
    // ttra's accounts, and the demo's signing delegation
    let anchor = app
        .scalar_i64(
            "INSERT INTO trust_anchors (kind, der, sha256, subject, issuer)
             VALUES ('ca', '\\x30', 'authz', 'Authz CA', 'Authz CA') RETURNING id",
        )
        .await;
    ids.insert("anchor", anchor.to_string());
    for (who, key) in [("canbo", "cert_canbo"), ("t-head-other", "cert_ttra")] {
        let id = app
            .scalar_i64(&format!(
                "INSERT INTO signer_certificates (user_id, der, sha256, subject, issuer, serial,
                                                  valid_from, valid_to, status)
                 SELECT id, '\\x30', '{key}', display_name, 'Authz CA', '01', now(), now() + interval '1 year',
                        'proposed' FROM users WHERE username = '{who}' RETURNING id"
            ))
            .await;
        ids.insert(key, id.to_string());
    }
    let delegation = app
        .scalar_i64("SELECT min(id) FROM signing_delegations")
        .await;
    ids.insert("delegation", delegation.to_string());
    ids.insert("u_vpdk", user_id(&app, "t-office-sub").await.to_string());
    ids.insert(
        "role_other",
        scalar("SELECT r.id FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = 'giamdoc' ORDER BY r.id LIMIT 1".into()).await,
    );
    ids.insert(
        "campaign",
        scalar("SELECT id FROM campaigns ORDER BY id LIMIT 1".into()).await,
    );
    ids.insert("reg_qldd", scalar(reg_in("QLDD")).await);
    ids.insert("reg_ttra", scalar(reg_in("TTRA")).await);
    ids.insert("reg_vpdk", scalar(reg_in("VPDKDD")).await);
    ids.insert("job_people", jobs[0].clone());
    ids.insert("job_facts", jobs[1].clone());
    ids.insert(
        "rule_set",
        scalar("SELECT rule_set_id FROM campaigns ORDER BY id LIMIT 1".into()).await,
    );
    ids.insert(
        "title",
        scalar("SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id ORDER BY c.id, t.id LIMIT 1".into()).await,
    );
    (app, ids)
}

fn subst(s: &str, ids: &HashMap<&'static str, String>) -> String {
    let mut out = s.to_string();
    // longer names first, so that {p_qldd} is not read as {p_...}
    let mut keys: Vec<&&str> = ids.keys().collect();
    keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
    for k in keys {
        out = out.replace(&format!("{{{k}}}"), &ids[*k]);
    }
    assert!(!out.contains('{'), "unknown placeholder in {s}");
    out
}

/// What a request answered, as a token of the table.
async fn outcome(
    app: &TestApp,
    c: &Client,
    signed: bool,
    r: &Row,
    path: &str,
    body: &[(&str, String)],
) -> (String, String) {
    let resp = if r.method == "get" {
        c.get(app.url(path)).send().await.unwrap()
    } else {
        // the CSRF token of this visitor: the session's, or the signed-out one from the sign-in page
        let (_, html) = get(
            c,
            &app.url(if signed {
                "/account/password"
            } else {
                "/login"
            }),
        )
        .await;
        let t = csrf_of(&html);
        if path == "/people/import"
            || path == "/facts/import"
            || path.ends_with("/written")
            || path.ends_with("/issue")
            || path.ends_with("/signing-certificates")
            || path == "/admin/trust"
        {
            let form = reqwest::multipart::Form::new().text("csrf_token", t).part(
                "file",
                reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("x.csv"),
            );
            c.post(app.url(path)).multipart(form).send().await.unwrap()
        } else {
            let mut body: Vec<(&str, &str)> = body.iter().map(|(k, v)| (*k, v.as_str())).collect();
            body.push(("csrf_token", t.as_str()));
            c.post(app.url(path)).form(&body).send().await.unwrap()
        }
    };
    let status = resp.status();
    let loc = location(&resp);
    let token = match status {
        StatusCode::UNAUTHORIZED if path.starts_with("/api/") => "L".to_string(),
        s if s.is_redirection() && loc.starts_with("/login?next=") => "L".to_string(),
        s if s.is_redirection() && loc == "/account/password" => "P".to_string(),
        s => s.as_u16().to_string(),
    };
    (token, format!("{status} {loc}"))
}

async fn run_actor(col: usize) -> Vec<String> {
    let (app, ids) = setup().await;
    let account = match ACTORS[col] {
        "anonymous" => None,
        "staff" => Some("canbo"),
        "head" => Some("truongphong"),
        "head_other" => Some("t-head-other"),
        "office" => Some("vanphong"),
        "office_sub" => Some("t-office-sub"),
        "council" => Some("t-council"),
        "director" => Some("giamdoc"),
        "admin" => Some("admin"),
        "admin_div" => Some("t-admin-div"),
        "must_change" => Some("t-reset"),
        other => panic!("actor {other}"),
    };
    let c = match account {
        Some(a) => signed_in(&app, a).await,
        None => client(),
    };
    let print = std::env::var("THIDUA_AUTHZ_PRINT").is_ok();
    let mut failures = Vec::new();
    for r in TABLE {
        let path = subst(r.path, &ids);
        let body: Vec<(&str, String)> = r.body.iter().map(|(k, v)| (*k, subst(v, &ids))).collect();
        let want = r.expect.split_whitespace().nth(col).unwrap_or("?");
        let (got, detail) = outcome(&app, &c, account.is_some(), r, &path, &body).await;
        if print {
            eprintln!("AUTHZ {} {} {} {}", ACTORS[col], r.method, r.path, got);
        }
        if got.starts_with('5') {
            failures.push(format!(
                "{} {path} as {}: a server error ({detail})",
                r.method, ACTORS[col]
            ));
        } else if got != want {
            failures.push(format!(
                "{} {path} as {}: want {want}, got {got} ({detail})",
                r.method, ACTORS[col]
            ));
        }
    }
    app.cleanup().await;
    failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_for_every_actor() {
    // a few actors at a time, each on its own database
    let mut failures = Vec::new();
    for chunk in (0..ACTORS.len()).collect::<Vec<_>>().chunks(4) {
        let runs: Vec<_> = chunk
            .iter()
            .map(|&col| tokio::spawn(run_actor(col)))
            .collect();
        for run in runs {
            failures.extend(run.await.unwrap());
        }
    }
    assert!(
        failures.is_empty(),
        "authorisation table mismatches:\n{}",
        failures.join("\n")
    );
}
