//! Authentication (sessions in PostgreSQL, passwords) and the signed-in user with roles and unit scope.

pub mod cache;
pub mod password;
pub mod session;
/// The sign-in throttling policy (pure; in `domain`).
pub use crate::domain::throttle;

use crate::domain::numbered::Signer;
use crate::domain::roles::{Grant, Role, scope_patterns};
use crate::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

pub use password::Hasher;

/// The signed-in user, loaded once per request by the session layer.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub unit_code: Option<String>,
    pub unit_path: Option<String>,
    pub grants: Vec<Grant>,
    pub csrf_token: String,
    pub must_change_password: bool,
    /// SHA-256 of the session cookie (to end this session).
    pub session_hash: Vec<u8>,
    /// The data versions and the day when the request began: the caches it reads must be at least
    /// this new in the versions each follows (`db::versioned`).
    pub seen: crate::db::versioned::Seen,
    /// unread notifications (the badge in the header)
    pub unread: i64,
    /// the database holds the demo organisation, whose accounts share a published password
    pub demo_data: bool,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }
    pub fn is_admin(&self) -> bool {
        self.has(Role::Admin)
    }
    /// Administers the whole organisation (an administrator role on a root unit): what is shared by
    /// every unit, such as rule sets, the holiday calendar and the base salary, is theirs to change.
    pub fn is_root_admin(&self) -> bool {
        self.grants
            .iter()
            .any(|g| g.role == Role::Admin && g.unit_path.matches('/').count() == 2)
    }
    pub fn any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }
    /// LIKE patterns of the unit subtrees whose people this user may read.
    pub fn people_read_scope(&self) -> Vec<String> {
        scope_patterns(&self.grants, Role::reads_people)
    }
    /// LIKE patterns of the unit subtrees whose people this user may edit.
    pub fn people_edit_scope(&self) -> Vec<String> {
        scope_patterns(&self.grants, Role::edits_people)
    }
    /// LIKE patterns of the subtrees this user administers (units, accounts).
    pub fn admin_scope(&self) -> Vec<String> {
        scope_patterns(&self.grants, |r| r == Role::Admin)
    }
    /// Holds a role satisfying `pred` over a subtree containing the unit at `path`.
    fn holds_over(&self, path: &str, pred: impl Fn(Role) -> bool) -> bool {
        self.grants.iter().any(|g| pred(g.role) && g.covers(path))
    }
    /// Signs the award decisions of the unit at `path`: the Director, or a deputy signing for the
    /// Director (`Signer::Deputy`: a deputy only); `None` for anyone else.
    pub fn signs_for(&self, path: &str) -> Option<Signer> {
        if self.holds_over(path, |r| r == Role::Director) {
            Some(Signer::Director)
        } else if self.holds_over(path, |r| r == Role::DeputyDirector) {
            Some(Signer::Deputy)
        } else {
            None
        }
    }
    /// May read the people of the unit at `path`.
    pub fn reads_people_in(&self, path: &str) -> bool {
        self.holds_over(path, Role::reads_people)
    }
    /// May edit the people of the unit at `path`.
    pub fn edits_people_in(&self, path: &str) -> bool {
        self.holds_over(path, Role::edits_people)
    }
    /// Administers the unit at `path` (an administrator role over a subtree containing it).
    pub fn administers(&self, path: &str) -> bool {
        self.holds_over(path, |r| r == Role::Admin)
    }
    /// The accounts this administrator manages (see `db::users::AccountScope`).
    pub fn account_scope(&self) -> crate::db::users::AccountScope {
        crate::db::users::AccountScope {
            patterns: self.admin_scope(),
            all: self.is_root_admin(),
        }
    }
    /// Manages the account whose unit (`user_unit_path`: the common unit of its person and roles)
    /// is `path`: every one of them lies in this administrator's subtree. An account with neither a
    /// person nor a role is for an administrator of the whole organisation.
    pub fn manages_account(&self, path: Option<&str>) -> bool {
        match path {
            Some(p) => self.administers(p),
            None => self.is_root_admin(),
        }
    }
    /// Reads the audit entries about the unit at `path` (`None`: shared by the whole organisation).
    pub fn reads_audit_of(&self, path: Option<&str>) -> bool {
        self.manages_account(path)
    }
    /// LIKE patterns of the subtrees whose campaigns this user runs (drafts included).
    pub fn campaign_manage_scope(&self) -> Vec<String> {
        scope_patterns(&self.grants, Role::manages_campaigns)
    }
    /// Runs the campaigns issued by the unit at `issuer_path`.
    /// Holds the Office's role over the unit at `path` (the secretariat, not a director).
    pub fn is_office_of(&self, path: &str) -> bool {
        self.holds_over(path, |r| r == Role::Office)
    }
    pub fn manages_campaigns_of(&self, issuer_path: &str) -> bool {
        self.holds_over(issuer_path, Role::manages_campaigns)
    }
    /// A published campaign of the unit at `issuer_path` reaches this user: their own unit is in its
    /// subtree, or they hold a role over a unit in it or above it.
    pub fn reached_by(&self, issuer_path: &str) -> bool {
        self.unit_path
            .as_deref()
            .is_some_and(|p| p.starts_with(issuer_path))
            || self.grants.iter().any(|g| {
                g.unit_path.starts_with(issuer_path) || issuer_path.starts_with(&g.unit_path)
            })
    }
    /// Confirms or returns registrations of people in the unit at `path`.
    pub fn reviews_registrations_in(&self, path: &str) -> bool {
        self.holds_over(path, Role::reviews_registrations)
    }
    /// Sees the registrations of the unit at `path`: its unit head, or whoever runs the campaign.
    pub fn sees_registrations_in(&self, path: &str, issuer_path: &str) -> bool {
        self.reviews_registrations_in(path) || self.manages_campaigns_of(issuer_path)
    }
    /// Sees everyone's eligibility in a campaign of the unit at `issuer_path`: whoever runs it, and
    /// the council that reviews the proposals.
    pub fn sees_all_eligibility(&self, issuer_path: &str) -> bool {
        self.manages_campaigns_of(issuer_path)
            || self.holds_over(issuer_path, |r| r == Role::Council)
    }
    /// The Office's work (recognitions, imports of facts, emulation clusters): the unit paths it
    /// runs campaigns for, or Forbidden for anyone who runs none.
    pub fn require_office(&self) -> Result<Vec<String>, AppError> {
        let scope = self.campaign_manage_scope();
        self.require(!scope.is_empty())?;
        Ok(scope)
    }
    pub fn require(&self, ok: bool) -> Result<(), AppError> {
        if ok { Ok(()) } else { Err(AppError::Forbidden) }
    }
    /// This user at `ip`, as the audit log names who made a change.
    pub fn actor(&self, ip: &str) -> crate::db::audit::Actor {
        crate::db::audit::Actor::signed_in(self.user_id, &self.username, ip)
    }
    pub fn require_admin(&self) -> Result<(), AppError> {
        self.require(self.is_admin())
    }
}

/// `Option<CurrentUser>` as the session layer left it in the request.
#[derive(Clone, Debug, Default)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<MaybeUser>() {
            Some(MaybeUser(Some(u))) => Ok(u.clone()),
            _ => Err(AppError::Unauthenticated {
                next: parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_else(|| "/".into()),
            }),
        }
    }
}

/// Characters that some browsers or URL parsers read as a slash or a backslash.
const SLASH_LOOKALIKES: &[char] = &[
    '\u{2044}', // fraction slash
    '\u{2215}', // division slash
    '\u{2216}', // set minus
    '\u{2571}', // box drawings light diagonal
    '\u{29F5}', // reverse solidus operator
    '\u{29F8}', // big solidus
    '\u{29F9}', // big reverse solidus
    '\u{FE68}', // small reverse solidus
    '\u{FF0F}', // fullwidth solidus
    '\u{FF3C}', // fullwidth reverse solidus
];

/// A same-origin path to redirect to (after sign-in, a language switch, ...), or `None`.
///
/// Accepted: a relative reference that starts with one `/`, with no control character, no
/// whitespace (as sent), no backslash, no slash look-alike and no `//` anywhere, checked on the text as sent
/// and after percent-decoding (repeated, so that `%252F` is decoded too). The answer is ASCII:
/// other characters are percent-encoded, so it is always a valid `Location` header.
pub fn safe_next(s: &str) -> Option<String> {
    // `raw`: the text as sent, where even a space is out of place; decoded, a space is harmless
    fn bad(text: &str, raw: bool) -> bool {
        !text.starts_with('/')
            || text.contains("//")
            || text.chars().any(|c| {
                c.is_control()
                    || (raw && c.is_whitespace())
                    || c == '\\'
                    || SLASH_LOOKALIKES.contains(&c)
            })
    }
    if s.len() > 2000 || bad(s, true) {
        return None;
    }
    let mut decoded = s.to_string();
    for _ in 0..4 {
        let next = percent_encoding::percent_decode_str(&decoded)
            .decode_utf8_lossy()
            .into_owned();
        if bad(&next, false) {
            return None;
        }
        if next == decoded {
            break;
        }
        decoded = next;
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn local_paths_are_kept() {
        for ok in [
            "/",
            "/people?q=a",
            "/campaigns/1/coverage?unit=3&status=confirmed",
            "/people?q=nguyen%20van",
            "/a/b/c.docx",
        ] {
            assert_eq!(safe_next(ok).as_deref(), Some(ok), "{ok:?}");
        }
        // non-ASCII is percent-encoded, so the Location header stays valid
        assert_eq!(
            safe_next("/people?q=nguyễn").as_deref(),
            Some("/people?q=nguy%E1%BB%85n")
        );
    }

    #[test]
    fn hostile_values_go_nowhere() {
        for bad in [
            "",
            "evil.example",
            "//evil.example",
            "///evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "/\\evil.example",
            "\\\\evil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%2F%2Fevil.example",
            "/%2f/evil.example",
            "/%252F%252Fevil.example",
            "/%09/evil.example",
            "/\t/evil.example",
            "/ /evil.example",
            "/x\r\nSet-Cookie: a=b",
            "/x%0d%0aSet-Cookie:%20a=b",
            "/%00",
            "/%7F",
            "/%C2%85evil",
            "/\u{2215}\u{2215}evil.example",
            "/\u{ff0f}evil.example",
            "/%EF%BC%8Fevil.example",
            "/\u{2044}evil.example",
            "/\u{ff3c}evil.example",
            "/a//b",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?} must be refused");
        }
    }
}
