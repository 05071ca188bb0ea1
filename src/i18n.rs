//! User-interface text in Vietnamese (default) and English.
//!
//! Texts live in `locales/{vi,en}.txt` as `key = value` lines and are compiled into the binary.
//! A missing key shows the key itself (and the `locales_complete` test fails).

use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

pub fn parse_catalogue(src: &'static str) -> HashMap<&'static str, &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

pub static VI_SRC: &str = include_str!("../locales/vi.txt");
pub static EN_SRC: &str = include_str!("../locales/en.txt");

static VI: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse_catalogue(VI_SRC));
static EN: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse_catalogue(EN_SRC));

/// The text for `key` in `lang` ("[key?]" markers are caught by the `locales_complete` test).
pub fn t(lang: Lang, key: &str) -> &'static str {
    let cat = match lang {
        Lang::Vi => &*VI,
        Lang::En => &*EN,
    };
    match cat.get(key) {
        Some(v) => v,
        None => {
            tracing::warn!(key, "missing translation");
            "[?]"
        }
    }
}

/// The text for `key` with each `{}` replaced by the next argument, and `{0}`, `{1}`… by that
/// argument (a language may need the arguments in another order).
pub fn tf(lang: Lang, key: &str, args: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = t(lang, key);
    let mut next = 0usize;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if after.as_bytes().get(digits) == Some(&b'}') {
            let index = if digits == 0 {
                next += 1;
                next - 1
            } else {
                after[..digits].parse().unwrap_or(usize::MAX)
            };
            out.push_str(args.get(index).copied().unwrap_or(""));
            rest = &after[digits + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn arguments_in_order_or_by_position() {
        assert_eq!(
            tf(Lang::En, "elig.rule.rating_at_least", &["2024", "Good"]),
            "Rated \"Good\" or better in 2024"
        );
        assert_eq!(
            tf(Lang::Vi, "elig.rule.rating_at_least", &["2024", "Tốt"]),
            "Năm 2024 được xếp loại từ \"Tốt\" trở lên"
        );
        assert_eq!(tf(Lang::En, "elig.months", &["7"]), "7 months");
    }

    fn keys(src: &'static str) -> BTreeSet<&'static str> {
        parse_catalogue(src).into_keys().collect()
    }

    /// A key defined twice in a catalogue: the second silently wins (the achievement report's
    /// page was titled as the year-end report this way).
    #[test]
    fn no_key_is_defined_twice() {
        for (lang, src) in [("vi", VI_SRC), ("en", EN_SRC)] {
            let mut seen = BTreeSet::new();
            let twice: Vec<&str> = src
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
                .filter(|k| !seen.insert(*k))
                .collect();
            assert!(
                twice.is_empty(),
                "locales/{lang}.txt defines twice: {twice:?}"
            );
        }
    }

    /// Every key used in templates and code, and every label of a coded value, exists in both languages.
    #[test]
    fn locales_complete() {
        let vi = keys(VI_SRC);
        assert_eq!(vi, keys(EN_SRC), "vi and en must have the same keys");
        let mut used = BTreeSet::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![root.join("templates"), root.join("src")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                for marker in [".t(\"", ".tf(\"", "::t(\"", "::tf(\""] {
                    for part in text.split(marker).skip(1) {
                        let key: String = part.chars().take_while(|c| *c != '"').collect();
                        if key.contains('.') && !key.contains(' ') {
                            used.insert(key);
                        }
                    }
                }
            }
        }
        let mut labels: Vec<String> = Vec::new();
        labels.extend(
            crate::domain::unit::UnitKind::ALL
                .iter()
                .map(|k| format!("unitkind.{}", k.code())),
        );
        labels.extend(
            crate::domain::roles::Role::ALL
                .iter()
                .map(|r| format!("role.{}", r.code())),
        );
        labels.extend(
            crate::domain::person::Gender::ALL
                .iter()
                .map(|g| format!("gender.{}", g.code())),
        );
        labels.extend(
            crate::domain::person::Category::ALL
                .iter()
                .map(|c| format!("category.{}", c.code())),
        );
        labels.extend(
            crate::domain::import::COLUMNS
                .iter()
                .map(|(c, _)| format!("col.{c}")),
        );
        labels.extend(
            crate::domain::import_job::JobStatus::ALL.map(|s| format!("jobstatus.{}", s.code())),
        );
        labels.extend(["rename", "move", "rename_move"].map(|s| format!("unitchange.{s}")));
        labels.extend(
            ["unit", "person", "user", "import", "organisation"].map(|s| format!("entity.{s}")),
        );
        labels.extend(["active", "inactive", "all"].map(|s| format!("status.{s}")));
        labels.extend(
            crate::domain::eligibility::AwardKind::ALL
                .iter()
                .map(|k| format!("award_kind.{}", k.code())),
        );
        labels.extend(["cluster", "bloc"].map(|s| format!("cluster.kind.{s}")));
        labels.extend(["hands", "secret"].map(|s| format!("review.voting.{s}")));
        labels.extend(crate::db::council::CAPACITIES.map(|s| format!("council.capacity.{s}")));
        labels.extend(["members", "present"].map(|s| format!("council.base.{s}")));
        labels.extend(["more", "least"].map(|s| format!("council.how.{s}")));
        for s in crate::domain::council::MeetingStatus::ALL {
            labels.push(format!("meeting.status.{}", s.code()));
            labels.push(format!("meeting.status_hint.{}", s.code()));
        }
        labels.extend(crate::domain::council::CHOICES.map(|s| format!("meeting.choice.{s}")));
        labels.extend(["passed", "failed"].map(|s| format!("meeting.result.{s}")));
        labels.extend(["self", "own_unit", "declared"].map(|s| format!("meeting.reason.{s}")));
        labels.extend(
            ["in_notice", "objection", "withdrawn", "ready"].map(|s| format!("notice.state.{s}")),
        );
        labels.extend(["comment", "objection"].map(|s| format!("notice.kind.{s}")));
        labels.extend(["upheld", "dismissed", "answered"].map(|s| format!("notice.outcome.{s}")));
        labels.extend(["draft", "approved", "issued"].map(|s| format!("decision.status.{s}")));
        labels.extend(crate::domain::scoring::SCORER_KINDS.map(|s| format!("score.kind.{s}")));
        labels.extend(["done", "partly", "not"].map(|s| format!("score.res.{s}")));
        labels.extend(
            crate::domain::exemplar::ExemplarStatus::ALL.map(|s| format!("ex.status.{}", s.code())),
        );
        for s in crate::domain::proposal::ProposalStatus::ALL {
            labels.push(format!("proposal.status.{}", s.code()));
        }
        for s in crate::domain::proposal::LineStatus::ALL {
            labels.push(format!("proposal.line.{}", s.code()));
        }
        labels.extend(
            ["submitted", "returned", "accepted", "rejected"]
                .map(|s| format!("proposal.event.{s}")),
        );
        labels.extend(["accepted", "rejected", "returned"].map(|s| format!("proposal.done.{s}")));
        labels.extend(crate::db::documents::KINDS.map(|s| format!("doc.kind.{s}")));
        labels.extend(
            [
                "review",
                "investigation",
                "inspection",
                "complaint",
                "press",
            ]
            .map(|s| format!("review.{s}")),
        );
        labels.extend(
            ["source", "checked_against", "checked_on", "then_years"]
                .map(|s| format!("rules.param.{s}")),
        );
        let missing: Vec<String> = used
            .into_iter()
            .chain(labels)
            .filter(|k| !vi.contains(k.as_str()))
            .collect();
        assert!(missing.is_empty(), "missing translations: {missing:?}");
    }

    #[test]
    fn placeholders_are_filled_in_order() {
        assert_eq!(
            tf(Lang::Vi, "people.showing", &["1", "50", "300"]),
            "Hiển thị 1–50 trong 300 người"
        );
        assert_eq!(
            tf(Lang::En, "people.showing", &["1", "50", "300"]),
            "Showing 1–50 of 300 people"
        );
        assert_eq!(t(Lang::Vi, "no.such.key"), "[?]");
    }
}
