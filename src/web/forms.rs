//! What every form shares: its field errors. A field is named as in the form ("title_id",
//! "commitment_2" for numbered rows); "_form" is for the whole form. Each error is an i18n key,
//! shown next to its field and listed at the top of the form (templates/macros.html).

/// The errors of a form, in the order found.
#[derive(Clone, Debug, Default)]
pub struct Errors(pub Vec<(String, &'static str)>);

impl Errors {
    /// The first error of `field`.
    pub fn get(&self, field: impl AsRef<str>) -> Option<&'static str> {
        let field = field.as_ref();
        self.0.iter().find(|(f, _)| f == field).map(|(_, e)| *e)
    }
    pub fn has(&self, field: impl AsRef<str>) -> bool {
        self.get(field).is_some()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn push(&mut self, field: &str, key: &'static str) {
        self.0.push((field.to_string(), key));
    }
    /// One error about the whole form (a stale save, a refusal).
    pub fn form(key: &'static str) -> Errors {
        Errors::one("_form", key)
    }
    /// One error about one field.
    pub fn one(field: &str, key: &'static str) -> Errors {
        Errors(vec![(field.to_string(), key)])
    }
}

impl From<Vec<(&str, &'static str)>> for Errors {
    fn from(v: Vec<(&str, &'static str)>) -> Self {
        Errors(v.into_iter().map(|(f, k)| (f.to_string(), k)).collect())
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
