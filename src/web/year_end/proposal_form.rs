//! The proposal page's forms as posted, and the choice an "attach" link makes for the upload form.

use serde::Deserialize;

/// The proposal page's forms as posted, each with the `version` it was read at: the justifications
/// (`just_{line}`, with the submission too), a line to add (`subject`, `title`, and for an ad-hoc
/// line `adhoc` = "1" and its `achievement`), the Office's decision on a line (`line`: an id or
/// "all", `action`, `reason`); and the choices of a document upload that came back (`line`, `kind`).
#[derive(Deserialize, Default)]
pub struct ProposalForm {
    #[serde(default)]
    pub version: String,
    #[serde(default, deserialize_with = "crate::web::forms::present")]
    pub adhoc: Option<String>,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub achievement: String,
    #[serde(default)]
    pub line: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub kind: String,
    #[serde(flatten)]
    pub rows: crate::web::forms::Rows,
}

impl ProposalForm {
    /// The version the form was read at (-1, never current, when missing or bad).
    pub(crate) fn version(&self) -> i32 {
        self.version.parse().unwrap_or(-1)
    }
}

/// `?line=…&kind=…`: the line and the kind of paper an "attach" link beside a missing paper
/// chooses in the upload form.
#[derive(Deserialize, Default)]
pub struct Attach {
    #[serde(default)]
    pub line: String,
    #[serde(default)]
    pub kind: String,
}
