//! Roles and what each may see, scoped to unit subtrees.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Staff,
    UnitHead,
    Office,
    Council,
    DeputyDirector,
    Director,
    Admin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Staff,
        Role::UnitHead,
        Role::Office,
        Role::Council,
        Role::DeputyDirector,
        Role::Director,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::UnitHead => "unit_head",
            Role::Office => "office",
            Role::Council => "council",
            Role::DeputyDirector => "deputy_director",
            Role::Director => "director",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    /// i18n key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::Staff => "role.staff",
            Role::UnitHead => "role.unit_head",
            Role::Office => "role.office",
            Role::Council => "role.council",
            Role::DeputyDirector => "role.deputy_director",
            Role::Director => "role.director",
            Role::Admin => "role.admin",
        }
    }

    /// May read the people of the unit subtree the role is held over.
    pub fn reads_people(self) -> bool {
        !matches!(self, Role::Staff)
    }

    /// Drafts and runs the campaigns issued in its subtree (stages, reopenings, coverage).
    pub fn manages_campaigns(self) -> bool {
        matches!(self, Role::Office | Role::Director | Role::DeputyDirector)
    }

    /// Publishes a plan: the Director or a deputy signing for them; the Office on their behalf.
    pub fn publishes_campaigns(self) -> bool {
        matches!(self, Role::Office | Role::Director | Role::DeputyDirector)
    }

    /// Confirms or returns the registrations of its subtree.
    pub fn reviews_registrations(self) -> bool {
        matches!(self, Role::UnitHead)
    }

    /// May create and edit people (HR records) in its subtree.
    pub fn edits_people(self) -> bool {
        matches!(self, Role::Office | Role::Admin)
    }
}

/// A role held over a unit subtree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub unit_id: i64,
    pub unit_code: String,
    /// Materialised path of the scope unit, e.g. "/1/4/".
    pub unit_path: String,
}

impl Grant {
    /// Whether a unit with materialised path `path` lies in this grant's subtree.
    pub fn covers(&self, path: &str) -> bool {
        path.starts_with(&self.unit_path)
    }
}

/// The SQL LIKE patterns of the subtrees where any grant satisfies `pred`.
pub fn scope_patterns(grants: &[Grant], pred: impl Fn(Role) -> bool) -> Vec<String> {
    let mut v: Vec<String> = grants
        .iter()
        .filter(|g| pred(g.role))
        .map(|g| format!("{}%", g.unit_path))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The deepest unit path whose subtree holds every one of `patterns` (LIKE patterns such as
/// "/1/4/%" or plain paths), or `None` when they share no unit (or there are none).
pub fn common_path<S: AsRef<str>>(patterns: &[S]) -> Option<String> {
    let mut paths = patterns.iter().map(|p| p.as_ref().trim_end_matches('%'));
    let mut common = paths.next()?.to_string();
    for p in paths {
        while common.len() > 1 && !p.starts_with(&common) {
            common.pop();
            while !common.ends_with('/') && !common.is_empty() {
                common.pop();
            }
        }
    }
    (common.len() > 1 && common.starts_with('/')).then_some(common)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(role: Role, path: &str) -> Grant {
        Grant {
            role,
            unit_id: 0,
            unit_code: "X".into(),
            unit_path: path.into(),
        }
    }

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn subtree_cover_is_by_path_prefix() {
        let g = grant(Role::UnitHead, "/1/4/");
        assert!(g.covers("/1/4/"));
        assert!(g.covers("/1/4/9/"));
        assert!(!g.covers("/1/40/"));
        assert!(!g.covers("/1/"));
    }

    #[test]
    fn staff_reads_no_people_scope() {
        let grants = vec![grant(Role::Staff, "/1/4/"), grant(Role::UnitHead, "/1/5/")];
        assert_eq!(
            scope_patterns(&grants, Role::reads_people),
            vec!["/1/5/%".to_string()]
        );
        assert!(scope_patterns(&grants, Role::edits_people).is_empty());
    }

    #[test]
    fn common_unit_of_several_subtrees() {
        assert_eq!(common_path(&["/1/4/%"]), Some("/1/4/".into()));
        assert_eq!(
            common_path(&["/1/4/9/%", "/1/4/12/%"]),
            Some("/1/4/".into())
        );
        assert_eq!(common_path(&["/1/4/", "/1/40/"]), Some("/1/".into()));
        assert_eq!(common_path(&["/1/%", "/2/%"]), None);
        assert_eq!(common_path::<&str>(&[]), None);
    }
}
