//! Units of the organisation chart.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    Department,
    Office,
    Inspectorate,
    Division,
    Centre,
    DistrictOffice,
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 7] = [
        UnitKind::Department,
        UnitKind::Office,
        UnitKind::Inspectorate,
        UnitKind::Division,
        UnitKind::Centre,
        UnitKind::DistrictOffice,
        UnitKind::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Department => "department",
            UnitKind::Office => "office",
            UnitKind::Inspectorate => "inspectorate",
            UnitKind::Division => "division",
            UnitKind::Centre => "centre",
            UnitKind::DistrictOffice => "district_office",
            UnitKind::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn label_key(code: &str) -> String {
        format!("unitkind.{code}")
    }
}

/// A unit code: upper-case ASCII letters, digits, '.', '_' or '-', 1..=32 characters.
pub fn parse_unit_code(s: &str) -> Result<String, &'static str> {
    let s = s.trim().to_uppercase();
    if s.is_empty() {
        return Err("err.required");
    }
    let ok = s.len() <= 32
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok { Ok(s) } else { Err("err.unit_code") }
}

/// Orders units depth-first (children after their parent, siblings in the query's order).
pub fn tree_order<T>(
    items: &[T],
    id: impl Fn(&T) -> i64,
    parent: impl Fn(&T) -> Option<i64>,
) -> Vec<usize> {
    let ids: std::collections::HashSet<i64> = items.iter().map(&id).collect();
    let mut children: std::collections::HashMap<Option<i64>, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, it) in items.iter().enumerate() {
        // an item whose parent is not in the list is shown as a root
        let p = parent(it).filter(|p| ids.contains(p));
        children.entry(p).or_default().push(i);
    }
    let mut out = Vec::with_capacity(items.len());
    let mut stack: Vec<usize> = children
        .get(&None)
        .map(|v| v.iter().rev().copied().collect())
        .unwrap_or_default();
    while let Some(i) = stack.pop() {
        out.push(i);
        if let Some(ch) = children.get(&Some(id(&items[i]))) {
            stack.extend(ch.iter().rev().copied());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_codes() {
        assert_eq!(parse_unit_code(" vp "), Ok("VP".into()));
        assert_eq!(parse_unit_code("PTNMT-STR"), Ok("PTNMT-STR".into()));
        assert_eq!(parse_unit_code("Phòng"), Err("err.unit_code"));
        assert_eq!(parse_unit_code("-X"), Err("err.unit_code"));
        assert_eq!(parse_unit_code(""), Err("err.required"));
    }

    #[test]
    fn kinds_round_trip() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.code()), Some(k));
        }
    }

    #[test]
    fn depth_first_order() {
        // (id, parent)
        let items = vec![
            (1, None),
            (2, Some(1)),
            (3, Some(1)),
            (4, Some(2)),
            (5, Some(99)),
        ];
        let order = tree_order(&items, |x| x.0, |x| x.1);
        let ids: Vec<i64> = order.iter().map(|i| items[*i].0).collect();
        assert_eq!(ids, vec![1, 2, 4, 3, 5]);
    }
}
