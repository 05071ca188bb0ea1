//! What every form shares: its field errors. A field is named as in the form ("title_id",
//! "commitment_2" for numbered rows); "_form" is for the whole form. Each error is an i18n key,
//! shown next to its field and listed at the top of the form (templates/macros.html).
//!
//! **Stale saves.** Every form that changes a thing carries the version it was read at. A save
//! from an older version changes nothing and answers 422 with the same form, what was typed kept,
//! and a line naming who saved in between and when ([`stale`]). No handler answers a stale save
//! any other way.

use crate::db;
use crate::db::audit::LastChange;
use crate::error::AppResult;

/// The errors of a form, in the order found, and for a stale save the change that came first.
#[derive(Clone, Debug, Default)]
pub struct Errors {
    items: Vec<(String, &'static str)>,
    pub last_change: Option<LastChange>,
}

/// The errors of a save made from a page read before someone else's change to `entity`
/// `entity_id`: "err.stale", and that change's author and time.
pub async fn stale(db: &db::Pool, entity: &str, entity_id: &str) -> AppResult<Errors> {
    stale_as(db, "err.stale", entity, entity_id).await
}

/// [`stale`] with the page's own words for it (`key`).
pub async fn stale_as(
    db: &db::Pool,
    key: &'static str,
    entity: &str,
    entity_id: &str,
) -> AppResult<Errors> {
    Ok(Errors {
        items: vec![("_form".to_string(), key)],
        last_change: db::audit::last_change(db, entity, entity_id).await?,
    })
}

impl Errors {
    /// The errors of a stale save whose first-come change is `last_change`.
    pub fn stale_by(last_change: Option<LastChange>) -> Errors {
        Errors {
            items: vec![("_form".to_string(), "err.stale")],
            last_change,
        }
    }
    /// Every error, field and key, in order.
    pub fn items(&self) -> &[(String, &'static str)] {
        &self.items
    }
    /// Adds `other`'s errors after these.
    pub fn extend(&mut self, other: Errors) {
        self.items.extend(other.items);
        self.last_change = self.last_change.take().or(other.last_change);
    }
    /// The first error of `field`.
    pub fn get(&self, field: impl AsRef<str>) -> Option<&'static str> {
        let field = field.as_ref();
        self.items.iter().find(|(f, _)| f == field).map(|(_, e)| *e)
    }
    pub fn has(&self, field: impl AsRef<str>) -> bool {
        self.get(field).is_some()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn push(&mut self, field: &str, key: &'static str) {
        self.items.push((field.to_string(), key));
    }
    /// One error about the whole form (a stale save, a refusal).
    pub fn form(key: &'static str) -> Errors {
        Errors::one("_form", key)
    }
    /// One error about one field.
    pub fn one(field: &str, key: &'static str) -> Errors {
        Errors {
            items: vec![(field.to_string(), key)],
            last_change: None,
        }
    }
}

impl From<Vec<(String, &'static str)>> for Errors {
    fn from(items: Vec<(String, &'static str)>) -> Self {
        Errors {
            items,
            last_change: None,
        }
    }
}

impl From<Vec<(&str, &'static str)>> for Errors {
    fn from(v: Vec<(&str, &'static str)>) -> Self {
        Errors {
            items: v.into_iter().map(|(f, k)| (f.to_string(), k)).collect(),
            last_change: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Errors;

    #[test]
    fn the_first_error_of_a_field_is_shown() {
        let mut e = Errors::default();
        assert!(e.is_empty());
        e.push("commitment_2", "err.required");
        e.push("commitment_2", "err.too_long");
        assert_eq!(e.get("commitment_2"), Some("err.required"));
        assert!(e.has(format!("commitment_{}", 2)));
        assert!(!e.has("commitment_1"));
        assert_eq!(Errors::form("err.stale").get("_form"), Some("err.stale"));
    }
}
