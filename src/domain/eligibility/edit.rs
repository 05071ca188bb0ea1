//! The rule-set editor's view of a condition tree, on the typed tree itself: the leaves in the
//! order `describe` lists their lines, each leaf's parameters with their types, and a parameter
//! set from what was typed (checked by the tree's own types, so a leaf never holds a value its
//! kind does not take).

use super::vocab::{Cond, Node};

/// What a parameter holds, which decides how it is offered and read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// a rating code (HTXSNV…)
    Rating,
    /// an initiative level code
    InitiativeLevel,
    /// a discipline level code
    DisciplineLevel,
    /// the code of a title of the same rule set
    Title,
    /// where a quota counts
    QuotaScope,
    Bool,
    /// a whole number
    Whole,
    /// a number that may have a fraction (months)
    Number,
    Text,
}

/// One parameter of a leaf: its key in the stored tree, its kind and its value as text.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub key: String,
    pub kind: ParamKind,
    pub value: String,
}

/// A leaf of a tree: where it is (the indices in the `of` lists from the root), the index of its
/// line among `describe`'s lines, and the node.
#[derive(Debug)]
pub struct Leaf<'a> {
    pub path: Vec<usize>,
    pub line: usize,
    pub node: &'a Node,
}

impl Leaf<'_> {
    /// The path as the form names it: "0.2" (empty for a tree that is one leaf).
    pub fn path_text(&self) -> String {
        self.path
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// The kind of parameter `key` of `cond`.
fn kind_of(cond: &Cond, key: &str) -> ParamKind {
    match (cond, key) {
        (Cond::MonthsWorked { .. }, "min") => ParamKind::Number,
        (_, "min") => ParamKind::Rating,
        (Cond::Initiative { .. }, "min_level") => ParamKind::InitiativeLevel,
        (_, "min_level") => ParamKind::DisciplineLevel,
        (_, "title" | "of_title") => ParamKind::Title,
        (_, "scope") => ParamKind::QuotaScope,
        (_, "strictly_more") => ParamKind::Bool,
        (_, "years" | "within_years" | "then_years" | "count" | "max_pct" | "min_pct") => {
            ParamKind::Whole
        }
        _ => ParamKind::Text,
    }
}

impl Node {
    /// The leaves, in the order `describe` lists lines: the top `all` is the title itself and has no
    /// line; every other node, `all`/`any` or leaf, has one.
    pub fn leaves(&self) -> Vec<Leaf<'_>> {
        fn walk<'a>(n: &'a Node, path: Vec<usize>, line: &mut usize, out: &mut Vec<Leaf<'a>>) {
            let top_all = path.is_empty() && matches!(n.cond, Cond::All { .. });
            let here = *line;
            if !top_all {
                *line += 1;
            }
            match &n.cond {
                Cond::All { of } | Cond::Any { of } => {
                    for (i, c) in of.iter().enumerate() {
                        let mut p = path.clone();
                        p.push(i);
                        walk(c, p, line, out);
                    }
                }
                _ => out.push(Leaf {
                    path,
                    line: here,
                    node: n,
                }),
            }
        }
        let mut out = Vec::new();
        walk(self, Vec::new(), &mut 0, &mut out);
        out
    }

    /// The node at `path` (indices in the `of` lists from the root).
    pub fn at_mut(&mut self, path: &[usize]) -> Option<&mut Node> {
        let mut node = self;
        for i in path {
            node = match &mut node.cond {
                Cond::All { of } | Cond::Any { of } => of.get_mut(*i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// A leaf's parameters, the values first and the legal basis last (none for `all`/`any`).
    pub fn params(&self) -> Vec<Param> {
        if matches!(self.cond, Cond::All { .. } | Cond::Any { .. }) {
            return Vec::new();
        }
        let mut out: Vec<Param> = match serde_json::to_value(&self.cond) {
            Ok(serde_json::Value::Object(map)) => map
                .into_iter()
                .filter(|(k, _)| k != "kind")
                .map(|(key, v)| Param {
                    kind: kind_of(&self.cond, &key),
                    value: match v {
                        serde_json::Value::String(s) => s,
                        // months are stored with a fraction: 6, not 6.0
                        serde_json::Value::Number(n) => match n.as_f64() {
                            Some(f) if n.is_f64() && f.fract() == 0.0 => format!("{f:.0}"),
                            _ => n.to_string(),
                        },
                        other => other.to_string(),
                    },
                    key,
                })
                .collect(),
            _ => Vec::new(),
        };
        // a quota over the whole campaign leaves its scope out of the stored tree: offer it anyway
        if matches!(self.cond, Cond::Quota { .. }) && !out.iter().any(|p| p.key == "scope") {
            out.push(Param {
                key: "scope".into(),
                kind: ParamKind::QuotaScope,
                value: "campaign".into(),
            });
        }
        out.push(Param {
            key: "source".into(),
            kind: ParamKind::Text,
            value: self.source.clone(),
        });
        let (against, on) = match &self.checked {
            Some(c) => (c.against.clone(), c.on.format("%d/%m/%Y").to_string()),
            None => (String::new(), String::new()),
        };
        out.push(Param {
            key: "checked_against".into(),
            kind: ParamKind::Text,
            value: against,
        });
        out.push(Param {
            key: "checked_on".into(),
            kind: ParamKind::Text,
            value: on,
        });
        out
    }

    /// Marks this node checked against `against` (where the text was read) on `on` (dd/mm/yyyy),
    /// or, with `against` empty, not checked.
    pub fn set_check(&mut self, against: &str, on: &str) -> Result<(), String> {
        let against = against.trim();
        if against.is_empty() {
            self.checked = None;
            return Ok(());
        }
        let on = crate::domain::dates::parse_date(on.trim())
            .map_err(|_| format!("checked_on: {on:?} is not a date (dd/mm/yyyy)"))?;
        self.checked = Some(super::vocab::Checked {
            against: against.to_string(),
            on,
        });
        Ok(())
    }

    /// Sets parameter `key` of this leaf from `text`, read as the parameter's kind; the leaf is
    /// left as it was when the text does not fit.
    pub fn set_param(&mut self, key: &str, text: &str) -> Result<(), String> {
        let text = text.trim();
        if key == "source" {
            self.source = text.to_string();
            return Ok(());
        }
        let Ok(serde_json::Value::Object(mut map)) = serde_json::to_value(&self.cond) else {
            return Err(format!("{key}: no such parameter"));
        };
        let kind = kind_of(&self.cond, key);
        if key == "kind" || (!map.contains_key(key) && kind != ParamKind::QuotaScope) {
            return Err(format!("{key}: no such parameter"));
        }
        let value = match kind {
            ParamKind::Whole => text
                .parse::<u32>()
                .map(serde_json::Value::from)
                .map_err(|_| format!("{key}: {text:?} is not a number"))?,
            ParamKind::Number => text
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(serde_json::Value::Number)
                .ok_or_else(|| format!("{key}: {text:?} is not a number"))?,
            ParamKind::Bool => serde_json::Value::Bool(text == "true"),
            _ => serde_json::Value::String(text.to_string()),
        };
        map.insert(key.to_string(), value);
        self.cond = serde_json::from_value(serde_json::Value::Object(map))
            .map_err(|e| format!("{key}: {text:?}: {e}"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::eligibility::{Rating, describe};
    use crate::domain::eligibility::{RuleSet, Subject, TitleRule};
    use crate::i18n::Lang;

    fn tree() -> Node {
        serde_json::from_value(serde_json::json!({
            "kind": "all",
            "of": [
                {"kind": "rating_at_least", "min": "HTTNV", "source": "Art. 24"},
                {"kind": "any", "of": [
                    {"kind": "months_worked", "min": 6},
                    {"kind": "manual", "text_vi": "Khác", "text_en": "Other"}
                ]},
                {"kind": "quota", "of_title": "LDTT", "max_pct": 15}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn leaves_line_up_with_the_described_lines() {
        let t = tree();
        let rules = RuleSet {
            code: "X".into(),
            name: "X".into(),
            principles: Default::default(),
            titles: vec![
                TitleRule {
                    code: "CSTDCS".into(),
                    name_vi: "A".into(),
                    name_en: "A".into(),
                    subject: Subject::Individual,
                    conditions: t.clone(),
                },
                TitleRule {
                    code: "LDTT".into(),
                    name_vi: "B".into(),
                    name_en: "B".into(),
                    subject: Subject::Individual,
                    conditions: serde_json::from_str(r#"{"kind":"all","of":[]}"#).unwrap(),
                },
            ],
        };
        let lines = describe(&rules, "CSTDCS", 2025, Lang::En);
        let leaves = t.leaves();
        let at: Vec<(String, usize)> = leaves.iter().map(|l| (l.path_text(), l.line)).collect();
        assert_eq!(
            at,
            vec![
                ("0".into(), 0),
                ("1.0".into(), 2),
                ("1.1".into(), 3),
                ("2".into(), 4)
            ]
        );
        // the "any" is line 1, with its two children nested under it
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[1].depth + 1, lines[2].depth);
        assert!(lines[2].rule.contains('6'), "{:?}", lines[2]);
    }

    #[test]
    fn parameters_are_typed_and_read_back_as_their_kind() {
        let mut t = tree();
        let quota = &t.leaves()[3];
        let kinds: Vec<(String, ParamKind)> = quota
            .node
            .params()
            .into_iter()
            .map(|p| (p.key, p.kind))
            .collect();
        let expected = [
            ("max_pct", ParamKind::Whole),
            ("of_title", ParamKind::Title),
            ("scope", ParamKind::QuotaScope),
            ("source", ParamKind::Text),
            ("checked_against", ParamKind::Text),
            ("checked_on", ParamKind::Text),
        ]
        .map(|(k, kind)| (k.to_string(), kind));
        assert_eq!(kinds, expected);
        let months = &t.leaves()[1];
        assert_eq!(
            months.node.params()[0].value,
            "6",
            "a whole number of months"
        );
        let first = t.at_mut(&[0]).unwrap();
        assert_eq!(first.params()[0].kind, ParamKind::Rating);
        first.set_param("min", "HTXSNV").unwrap();
        assert_eq!(
            first.cond,
            Cond::RatingAtLeast {
                min: Rating::Htxsnv
            }
        );
        // a rating that does not exist, or a word where a number goes, changes nothing
        assert!(first.set_param("min", "EXCELLENT").is_err());
        assert_eq!(
            first.cond,
            Cond::RatingAtLeast {
                min: Rating::Htxsnv
            }
        );
        let months = t.at_mut(&[1, 0]).unwrap();
        let e = months.set_param("min", "sáu").unwrap_err();
        assert!(e.contains("is not a number"), "{e}");
        months.set_param("min", "9,5").unwrap();
        assert_eq!(months.cond, Cond::MonthsWorked { min: 9.5 });
        assert!(months.set_param("years", "3").is_err(), "not its parameter");
        assert!(months.set_param("kind", "quota").is_err());
        let quota = t.at_mut(&[2]).unwrap();
        quota.set_param("scope", "unit").unwrap();
        quota.set_param("max_pct", "20").unwrap();
        assert!(quota.set_param("max_pct", "-1").is_err());
        assert!(quota.set_param("scope", "province").is_err());
        assert!(matches!(
            quota.cond,
            Cond::Quota {
                max_pct: 20,
                scope: crate::domain::eligibility::QuotaScope::Unit,
                ..
            }
        ));
        assert!(t.at_mut(&[1, 5]).is_none() && t.at_mut(&[0, 0]).is_none());
        let src = t.at_mut(&[0]).unwrap();
        src.set_param("source", " Điều 24 ").unwrap();
        assert_eq!(src.source, "Điều 24");
        // the check mark: where the text was read and when, or none
        assert!(
            src.set_check("Luật 2022, https://example.vn", "31/02/2026")
                .is_err()
        );
        assert_eq!(src.checked, None);
        src.set_check("Luật 2022, https://example.vn", "26/11/2026")
            .unwrap();
        let c = src.checked.clone().unwrap();
        assert_eq!(c.on, chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
        let p = src.params();
        assert_eq!(p[p.len() - 1].value, "26/11/2026");
        src.set_check("  ", "").unwrap();
        assert_eq!(src.checked, None);
    }
}
