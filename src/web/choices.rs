//! The unit selects of the forms (a campaign's issuer, a person's unit, an account's scope): open
//! units in tree order, indented by depth.

use crate::db;
use crate::db::units::UnitOption;
use crate::domain::unit::tree_order;
use crate::error::AppResult;
use crate::state::AppState;

/// One entry of a unit select: indented by depth, in tree order.
#[derive(Clone, Debug)]
pub struct UnitChoice {
    pub id: i64,
    pub label: String,
}

/// Open units within the LIKE patterns `scope`, in tree order, indented by depth; without the subtree
/// at `exclude` (a unit cannot move under itself).
pub async fn unit_choices(
    state: &AppState,
    scope: &[String],
    exclude: Option<&str>,
) -> AppResult<Vec<UnitChoice>> {
    let opts: Vec<UnitOption> = db::units::options(&state.db, scope).await?;
    Ok(choices_from(&opts, exclude))
}

/// [`unit_choices`] over options already loaded.
pub fn choices_from(opts: &[UnitOption], exclude: Option<&str>) -> Vec<UnitChoice> {
    let ids: std::collections::HashSet<i64> = opts.iter().map(|o| o.id).collect();
    let order = tree_order(
        opts,
        |o| o.id,
        |o| parent_of(&o.path).filter(|p| ids.contains(p)),
    );
    let min_depth = opts.iter().map(|o| o.depth).min().unwrap_or(0);
    order
        .into_iter()
        .map(|i| &opts[i])
        .filter(|o| exclude.is_none_or(|p| !o.path.starts_with(p)))
        .map(|o| UnitChoice {
            id: o.id,
            label: format!(
                "{}{} ({})",
                "— ".repeat((o.depth - min_depth).max(0) as usize),
                o.name,
                o.code
            ),
        })
        .collect()
}

/// The parent id encoded in a materialised path ("/1/4/9/" -> 4).
pub fn parent_of(path: &str) -> Option<i64> {
    let ids: Vec<&str> = path.trim_matches('/').split('/').collect();
    if ids.len() < 2 {
        None
    } else {
        ids[ids.len() - 2].parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_from_path() {
        assert_eq!(parent_of("/1/4/9/"), Some(4));
        assert_eq!(parent_of("/1/"), None);
    }
}
