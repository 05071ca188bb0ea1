//! Criteria scores at year end, as rules: a sheet's weighted total, what a scorer may see of the
//! others' scores, and the Office's calibration (each scorer's mean and spread against the others
//! on the same people, units side by side, outliers flagged).

use std::collections::BTreeMap;

/// Who scores: the person themself, their unit head, the council (units only).
pub const SCORER_KINDS: [&str; 3] = ["self", "head", "council"];

/// A criterion as the sheet scores it: its maximum and weight (1 when unset).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub max: f64,
    pub weight: f64,
}

/// A score typed for a criterion: blank is `Ok(None)`; otherwise a number from 0 to the maximum
/// (a comma or a dot as the decimal mark), with the message key of the error.
pub fn read_score(text: &str, max: f64) -> Result<Option<f64>, &'static str> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() && v < 0.0 => Err("score.err_negative"),
        Ok(v) if v.is_finite() && v <= max + 1e-9 => Ok(Some((v * 100.0).round() / 100.0)),
        Ok(v) if v.is_finite() => Err("score.err_over_max"),
        _ => Err("score.err_number"),
    }
}

/// The weighted total of `scores` (criterion index, score) on `scales`, and the weighted maximum.
pub fn total(scales: &[Scale], scores: &[(usize, f64)]) -> (f64, f64) {
    let got = scores
        .iter()
        .filter_map(|(i, s)| scales.get(*i).map(|c| s * c.weight))
        .sum::<f64>();
    let max = scales.iter().map(|c| c.max * c.weight).sum::<f64>();
    (round2(got), round2(max))
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A scorer sees the other sheets on the same subject only once their own is submitted; the person
/// scored sees the others' only after the Office closed scoring.
pub fn sees_others(own_submitted: bool, is_subject: bool, scoring_closed: bool) -> bool {
    if is_subject {
        scoring_closed
    } else {
        own_submitted
    }
}

/// A submitted sheet's total, for calibration.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    pub scorer: i64,
    pub kind: String,
    /// the person or unit scored ("p12", "u4")
    pub subject: String,
    /// the unit the subject belongs to (units side by side)
    pub unit: i64,
    /// the total as a share of the maximum, in percent
    pub percent: f64,
}

/// A scorer's line of the calibration.
#[derive(Clone, Debug, PartialEq)]
pub struct ScorerLine {
    pub scorer: i64,
    pub kind: String,
    pub sheets: usize,
    pub mean: f64,
    pub spread: f64,
    /// mean of (this scorer's percent − the mean of the others' on the same subject), over the
    /// subjects someone else scored too
    pub bias: Option<f64>,
    pub compared: usize,
    pub outlier: bool,
}

/// How far a scorer's mean difference may lie from the others' before it is flagged, in points of
/// percent (or two standard deviations of all scorers' differences, whichever is larger).
pub const OUTLIER_POINTS: f64 = 10.0;

fn mean_sd(v: &[f64]) -> (f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let m = v.iter().sum::<f64>() / v.len() as f64;
    let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64;
    (round2(m), round2(var.sqrt()))
}

/// Each scorer's mean and spread, and their bias against the others on the same subjects, with
/// outliers flagged.
pub fn calibrate(sheets: &[Scored]) -> Vec<ScorerLine> {
    let mut by_subject: BTreeMap<&str, Vec<&Scored>> = BTreeMap::new();
    for s in sheets {
        by_subject.entry(s.subject.as_str()).or_default().push(s);
    }
    let mut by_scorer: BTreeMap<(i64, &str), Vec<&Scored>> = BTreeMap::new();
    for s in sheets {
        by_scorer
            .entry((s.scorer, s.kind.as_str()))
            .or_default()
            .push(s);
    }
    let mut lines: Vec<ScorerLine> = by_scorer
        .iter()
        .map(|((scorer, kind), own)| {
            let percents: Vec<f64> = own.iter().map(|s| s.percent).collect();
            let (mean, spread) = mean_sd(&percents);
            let diffs: Vec<f64> = own
                .iter()
                .filter_map(|s| {
                    let others: Vec<f64> = by_subject[s.subject.as_str()]
                        .iter()
                        .filter(|o| !(o.scorer == *scorer && o.kind == *kind))
                        .map(|o| o.percent)
                        .collect();
                    (!others.is_empty())
                        .then(|| s.percent - others.iter().sum::<f64>() / others.len() as f64)
                })
                .collect();
            let bias = (!diffs.is_empty()).then(|| mean_sd(&diffs).0);
            ScorerLine {
                scorer: *scorer,
                kind: kind.to_string(),
                sheets: own.len(),
                mean,
                spread,
                bias,
                compared: diffs.len(),
                outlier: false,
            }
        })
        .collect();
    let biases: Vec<f64> = lines.iter().filter_map(|l| l.bias).collect();
    let (m, sd) = mean_sd(&biases);
    let limit = (2.0 * sd).max(OUTLIER_POINTS);
    for l in &mut lines {
        l.outlier = l.bias.is_some_and(|b| (b - m).abs() > limit);
    }
    lines
}

/// Units side by side: per unit, the mean percent per scorer kind (in `SCORER_KINDS` order) and
/// how many sheets it read.
pub fn units_side_by_side(sheets: &[Scored]) -> BTreeMap<i64, [(f64, usize); 3]> {
    let mut out: BTreeMap<i64, [(f64, usize); 3]> = BTreeMap::new();
    for s in sheets {
        let Some(k) = SCORER_KINDS.iter().position(|k| *k == s.kind) else {
            continue;
        };
        let e = out.entry(s.unit).or_insert([(0.0, 0); 3]);
        e[k].0 += s.percent;
        e[k].1 += 1;
    }
    for v in out.values_mut() {
        for (sum, n) in v.iter_mut() {
            if *n > 0 {
                *sum = round2(*sum / *n as f64);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_score_is_read_against_the_criterion_s_maximum() {
        assert_eq!(read_score("", 10.0), Ok(None));
        assert_eq!(read_score("8,5", 10.0), Ok(Some(8.5)));
        assert_eq!(read_score("10", 10.0), Ok(Some(10.0)));
        assert_eq!(read_score("10.5", 10.0), Err("score.err_over_max"));
        assert_eq!(read_score("-1", 10.0), Err("score.err_negative"));
        assert_eq!(read_score("mười", 10.0), Err("score.err_number"));
        assert_eq!(read_score("NaN", 10.0), Err("score.err_number"));
        assert_eq!(read_score("inf", 10.0), Err("score.err_number"));
    }

    #[test]
    fn a_total_weighs_each_criterion() {
        let scales = [
            Scale {
                max: 10.0,
                weight: 1.0,
            },
            Scale {
                max: 20.0,
                weight: 2.0,
            },
        ];
        assert_eq!(total(&scales, &[(0, 8.0), (1, 15.0)]), (38.0, 50.0));
        assert_eq!(
            total(&scales, &[(5, 8.0)]),
            (0.0, 50.0),
            "an unknown criterion counts nothing"
        );
    }

    #[test]
    fn others_scores_wait_for_one_s_own_and_for_the_close() {
        assert!(!sees_others(false, false, false));
        assert!(sees_others(true, false, false));
        assert!(
            !sees_others(true, true, false),
            "the person scored waits for the close"
        );
        assert!(sees_others(false, true, true));
    }

    fn s(scorer: i64, kind: &str, subject: &str, unit: i64, percent: f64) -> Scored {
        Scored {
            scorer,
            kind: kind.into(),
            subject: subject.into(),
            unit,
            percent,
        }
    }

    #[test]
    fn a_lenient_scorer_is_flagged() {
        // three heads score their own people; each person also scored themself
        let mut sheets = Vec::new();
        for (head, unit, bump) in [(1, 10, 0.0), (2, 20, 1.0), (3, 30, 25.0)] {
            for p in 0..4 {
                let subject = format!("p{unit}{p}");
                sheets.push(s(100 + unit + p, "self", &subject, unit, 80.0));
                sheets.push(s(head, "head", &subject, unit, 78.0 + bump));
            }
        }
        let lines = calibrate(&sheets);
        let head = |id: i64| {
            lines
                .iter()
                .find(|l| l.scorer == id && l.kind == "head")
                .unwrap()
        };
        assert_eq!(head(1).sheets, 4);
        assert_eq!(head(1).bias, Some(-2.0));
        assert_eq!(head(3).bias, Some(23.0));
        assert!(head(3).outlier && !head(1).outlier && !head(2).outlier);
        assert_eq!(head(3).spread, 0.0);
        let units = units_side_by_side(&sheets);
        assert_eq!(units[&30][1], (103.0, 4));
        assert_eq!(units[&10][0], (80.0, 4));
        assert_eq!(units[&10][2], (0.0, 0), "no council sheet");
    }
}
