//! What every form shares: its field errors. A field is named as in the form ("title_id",
//! "commitment_2" for numbered rows); "_form" is for the whole form. Each error is an i18n key,
//! shown next to its field and listed at the top of the form (templates/macros.html).
//!
//! **Stale saves.** Every form that changes a thing carries the version it was read at. A save
//! from an older version changes nothing and answers 422 with the same form, what was typed kept,
//! and a line naming who saved in between and when ([`stale`]). No handler answers a stale save
//! any other way.
//!
//! **Typed forms.** A handler takes a `Deserialize` struct naming the fields it reads, as strings
//! it checks itself (a bad value comes back on the form, never as a bare 400 or 422 from the
//! extractor). A form whose rows are named by id (`v12`, `rank_5`, `just_7`) keeps them in
//! [`Rows`] beside its fixed fields; a field that another form of the same page does not post,
//! shown as typed when it was posted and as stored otherwise, is read with [`present`].

use crate::db;
use crate::db::audit::LastChange;
use crate::error::AppResult;
use serde::{Deserialize, Deserializer};
use std::collections::HashMap;

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
    /// The errors of the form's fields (not of the whole form), each field once: the error
    /// summary's links, `#f-{field}` as the forms name their inputs.
    pub fn fields(&self) -> Vec<(&str, &'static str)> {
        let mut out: Vec<(&str, &'static str)> = Vec::new();
        for (f, e) in &self.items {
            if f != "_form" && !out.iter().any(|(g, _)| g == f) {
                out.push((f.as_str(), e));
            }
        }
        out
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

/// The rows of a form named by id (`v12` = "for", `rank_5` = "2"): every field the form's struct
/// does not name, as posted (`#[serde(flatten)] rows: Rows`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(transparent)]
pub struct Rows(HashMap<String, String>);

impl Rows {
    /// Field `name` as posted, if it was (an empty field was).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
    /// Field `name` as posted, "" when it was not.
    pub fn value(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }
    /// Whether field `name` was posted (a ticked box).
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
    /// The fields whose names start with `prefix`: (the rest of the name, value), in no order.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.0
            .iter()
            .filter_map(move |(k, v)| Some((k.strip_prefix(prefix)?, v.as_str())))
    }
    /// The rows `{prefix}{id}` whose id is a number: (id, value), in no order.
    pub fn numbered<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (i64, &'a str)> {
        self.with_prefix(prefix)
            .filter_map(|(id, v)| Some((id.parse().ok()?, v)))
    }
}

impl From<HashMap<String, String>> for Rows {
    fn from(fields: HashMap<String, String>) -> Self {
        Rows(fields)
    }
}

/// Reads a field that another form of the page does not post (`#[serde(default, deserialize_with
/// = "present")]`): `None` when it was not posted, else what was typed, even empty.
pub fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    String::deserialize(d).map(Some)
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
    use super::{Errors, Rows, present};
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Posted {
        #[serde(default)]
        version: String,
        #[serde(default, deserialize_with = "present")]
        note: Option<String>,
        #[serde(default)]
        early: Option<String>,
        #[serde(flatten)]
        rows: Rows,
    }

    fn posted(body: &str) -> Posted {
        serde_html_form::from_str(body).unwrap()
    }

    #[test]
    fn a_form_keeps_its_fixed_fields_and_its_rows_apart() {
        let f = posted("version=3&v12=for&v7=&vx=against&rank_5=2&early=on");
        assert_eq!(f.version, "3");
        assert_eq!(f.early.as_deref(), Some("on"));
        let mut v: Vec<(i64, &str)> = f.rows.numbered("v").collect();
        v.sort();
        assert_eq!(v, [(7, ""), (12, "for")]);
        assert_eq!(f.rows.with_prefix("v").count(), 3);
        assert_eq!(f.rows.get("v7"), Some(""));
        assert!(f.rows.has("rank_5") && !f.rows.has("version") && !f.rows.has("early"));
        assert_eq!(f.rows.value("rank_6"), "");
        // absent, and present but empty, differ
        assert_eq!(f.note, None);
        assert_eq!(posted("note=").note.as_deref(), Some(""));
        assert_eq!(posted("early=").early, None);
        assert_eq!(posted("").version, "");
        // a field given twice where one value is expected is refused, in a row too
        assert!(serde_html_form::from_str::<Posted>("version=1&version=2").is_err());
        assert!(serde_html_form::from_str::<Posted>("v1=for&v1=against").is_err());
    }

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

#[derive(Deserialize)]
pub struct EmptyForm {}

/// A button's form that carries only the version its page was read at (stale saves).
#[derive(Deserialize)]
pub struct VersionForm {
    #[serde(default)]
    pub version: i32,
}
