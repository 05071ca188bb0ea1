//! Authentication (sessions in PostgreSQL, passwords) and the signed-in user with roles and unit scope.

pub mod password;
pub mod session;
pub mod throttle;

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
    /// `data_versions.people` when the request began: the people directory used must be this new.
    pub people_version: i64,
    /// `data_versions.campaigns` when the request began (the campaign cache must be this new)
    pub campaigns_version: i64,
    /// the sum of `registration_versions` when the request began (the coverage counters in memory)
    pub registrations_version: i64,
    /// `data_versions.facts` (ratings, initiatives, awards, discipline): the eligibility cache
    pub facts_version: i64,
    /// unread notifications (the badge in the header)
    pub unread: i64,
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
    /// LIKE patterns of the subtrees whose campaigns this user runs (drafts included).
    pub fn campaign_manage_scope(&self) -> Vec<String> {
        scope_patterns(&self.grants, Role::manages_campaigns)
    }
    /// Runs the campaigns issued by the unit at `issuer_path`.
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
    pub fn require(&self, ok: bool) -> Result<(), AppError> {
        if ok { Ok(()) } else { Err(AppError::Forbidden) }
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

/// True when `s` is a local path that is safe to redirect to after sign-in.
pub fn safe_next(s: &str) -> Option<&str> {
    let ok = s.starts_with('/')
        && !s.starts_with("//")
        && !s.starts_with("/\\")
        && !s.contains(['\r', '\n']);
    ok.then_some(s)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_redirects() {
        assert_eq!(safe_next("/people?q=a"), Some("/people?q=a"));
        assert_eq!(safe_next("//evil.example"), None);
        assert_eq!(safe_next("https://evil.example"), None);
        assert_eq!(safe_next("/\\evil.example"), None);
    }
}
