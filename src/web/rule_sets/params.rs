//! The rule-set editor's parameters form: each leaf of a title's tree as fields (a choice where
//! the parameter's kind has a list), and the submitted values set back in the tree, with the check
//! marks kept only where the condition did not change.

use crate::domain::eligibility::{Explained, Node, ParamKind};
use crate::web::Ctx;

/// A leaf of a condition tree with its parameters as form fields (`p:{path}:{key}`, the path the
/// indices in the `of` lists from the root).
pub struct LeafParams {
    pub rule: String,
    pub depth: u8,
    pub fields: Vec<ParamField>,
}

pub struct ParamField {
    pub name: String,
    pub label: String,
    pub value: String,
    /// a choice among these (code, label); empty: typed
    pub options: Vec<(String, String)>,
}

/// Each leaf of `tree` with its line of `lines` (`describe`'s, in the same order) and its
/// parameters as fields, a choice where the parameter's kind has a list.
pub fn leaf_params(
    tree: &Node,
    lines: &[Explained],
    titles: &[(String, String)],
    ctx: &Ctx,
) -> Vec<LeafParams> {
    tree.leaves()
        .into_iter()
        .map(|leaf| {
            let path = leaf.path_text();
            LeafParams {
                rule: lines
                    .get(leaf.line)
                    .map(|l| l.rule.clone())
                    .unwrap_or_default(),
                depth: lines.get(leaf.line).map_or(0, |l| l.depth),
                fields: leaf
                    .node
                    .params()
                    .into_iter()
                    .map(|p| ParamField {
                        name: format!("p:{path}:{}", p.key),
                        label: ctx.label("rules.param", &p.key).to_string(),
                        options: choices(p.kind, titles, ctx),
                        value: p.value,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The choices offered for a parameter of `kind` (code, label); empty: typed.
fn choices(kind: ParamKind, titles: &[(String, String)], ctx: &Ctx) -> Vec<(String, String)> {
    use crate::domain::eligibility::{DisciplineLevel, InitiativeLevel, Rating};
    let labelled = |codes: &[&str], prefix: &str| {
        codes
            .iter()
            .map(|c| (c.to_string(), ctx.label(prefix, c).to_string()))
            .collect()
    };
    match kind {
        ParamKind::Rating => Rating::ALL
            .iter()
            .map(|r| (r.code().to_string(), r.name(ctx.lang).to_string()))
            .collect(),
        ParamKind::InitiativeLevel => InitiativeLevel::ALL
            .iter()
            .map(|l| (l.code().to_string(), l.name(ctx.lang).to_string()))
            .collect(),
        ParamKind::DisciplineLevel => DisciplineLevel::ALL
            .iter()
            .map(|l| (l.code().to_string(), l.name(ctx.lang).to_string()))
            .collect(),
        ParamKind::Title => titles.to_vec(),
        ParamKind::QuotaScope => labelled(&["campaign", "unit"], "rules.scope"),
        ParamKind::Bool => labelled(&["true", "false"], "rules.bool"),
        ParamKind::Whole | ParamKind::Number | ParamKind::Text => Vec::new(),
    }
}

/// Sets the submitted `p:{path}:{key}` values in the tree, each read as its parameter's kind; the
/// first value that does not fit is reported. A condition whose values changed loses its check
/// mark, unless the same form marks it checked anew.
pub fn apply_params(
    tree: &mut Node,
    form: &std::collections::HashMap<String, String>,
) -> Result<(), String> {
    let mut fields: Vec<(&String, &String)> = form.iter().collect();
    fields.sort();
    // per condition: its check mark as posted (against, on)
    let mut checks: std::collections::BTreeMap<Vec<usize>, (String, String)> = Default::default();
    let before = tree.clone();
    for (name, value) in fields {
        let Some(rest) = name.strip_prefix("p:") else {
            continue;
        };
        let Some((path, key)) = rest.rsplit_once(':') else {
            continue;
        };
        let path: Vec<usize> = if path.is_empty() {
            Vec::new()
        } else {
            path.split('.')
                .map(|i| i.parse().map_err(|_| format!("{name}: bad path")))
                .collect::<Result<_, _>>()?
        };
        match key {
            "checked_against" => checks.entry(path).or_default().0 = value.clone(),
            "checked_on" => checks.entry(path).or_default().1 = value.clone(),
            _ => tree
                .at_mut(&path)
                .ok_or_else(|| format!("{name}: no such condition"))?
                .set_param(key, value)?,
        }
    }
    let mut original = before;
    for (path, (against, on)) in checks {
        let was = original.at_mut(&path).map(|n| n.clone());
        let node = tree
            .at_mut(&path)
            .ok_or_else(|| format!("p:{path:?}: no such condition"))?;
        let changed = was
            .as_ref()
            .is_some_and(|w| w.cond != node.cond || w.source != node.source);
        let same_mark = was.as_ref().is_some_and(|w| {
            let (a, o) = match &w.checked {
                Some(c) => (c.against.clone(), c.on.format("%d/%m/%Y").to_string()),
                None => (String::new(), String::new()),
            };
            a == against.trim() && o == on.trim()
        });
        if changed && same_mark {
            node.checked = None;
        } else {
            node.set_check(&against, &on)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_changed_condition_loses_its_check_mark_unless_checked_anew() {
        let tree = || -> crate::domain::eligibility::Node {
            serde_json::from_value(serde_json::json!({"kind": "all", "of": [
                {"kind": "months_worked", "min": 6, "source": "TT 01/2024",
                 "checked": {"against": "TT 01/2024, https://a.vn", "on": "2026-11-26"}}]}))
            .unwrap()
        };
        let form = |min: &str, against: &str, on: &str| {
            [
                ("p:0:min", min),
                ("p:0:source", "TT 01/2024"),
                ("p:0:checked_against", against),
                ("p:0:checked_on", on),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<std::collections::HashMap<_, _>>()
        };
        let leaf = |t: &crate::domain::eligibility::Node| t.leaves()[0].node.clone();
        // the same values: the mark stays
        let mut t = tree();
        super::apply_params(&mut t, &form("6", "TT 01/2024, https://a.vn", "26/11/2026")).unwrap();
        assert!(leaf(&t).checked.is_some());
        // a changed value with the old mark posted back: the mark goes
        let mut t = tree();
        super::apply_params(
            &mut t,
            &form("10", "TT 01/2024, https://a.vn", "26/11/2026"),
        )
        .unwrap();
        assert!(leaf(&t).checked.is_none());
        // a changed value checked anew in the same form: the new mark
        let mut t = tree();
        super::apply_params(
            &mut t,
            &form("10", "ND 91/2017 Art. 10, https://b.vn", "27/11/2026"),
        )
        .unwrap();
        assert_eq!(
            leaf(&t).checked.unwrap().against,
            "ND 91/2017 Art. 10, https://b.vn"
        );
        // a bad date is refused
        let mut t = tree();
        assert!(super::apply_params(&mut t, &form("6", "X", "hôm nay")).is_err());
    }
}
