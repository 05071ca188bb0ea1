//! Charts drawn on the server as SVG with plotters: horizontal bars in black and white (an outlined
//! bar and a solid one, readable printed), a legend, the numbers at the bars' ends. Pages put the
//! same numbers in a table beside each chart for screen readers.

use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// An axis label for whole numbers only (a small maximum gives half steps, left unlabelled).
fn whole(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        String::new()
    }
}

/// A two-series horizontal bar chart: per label, the first value as an outlined bar and the second
/// as a solid one. `names` are the two series' names for the legend.
pub fn paired_bars(
    labels: &[String],
    values: &[(i64, i64)],
    names: (&str, &str),
) -> Result<String, String> {
    let n = labels.len().max(1);
    let max = values
        .iter()
        .map(|(a, b)| (*a).max(*b))
        .max()
        .unwrap_or(0)
        .max(1);
    // two bands more, at the bottom, for the legend (it covered the bars of a short chart)
    let height = 70 + 34 * (n as u32 + 2);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (680, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(28)
            .y_label_area_size(290)
            .build_cartesian_2d(0f64..(max as f64 * 1.15), -2f64..n as f64)
            .map_err(|e| e.to_string())?;
        let label_of = |y: &f64| -> String {
            let i = y.floor() as usize;
            // a label sits at the middle of its band, listed from the top (none in the legend's)
            if *y >= 0.0 && (y - y.floor() - 0.5).abs() < 1e-6 && i < labels.len() {
                labels[labels.len() - 1 - i].clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(2 * (n + 2) + 1)
            .y_label_formatter(&label_of)
            .x_label_formatter(&whole)
            .label_style(("sans-serif", 15))
            .light_line_style(WHITE)
            .draw()
            .map_err(|e| e.to_string())?;
        let band = |i: usize| (n - 1 - i) as f64;
        chart
            .draw_series(values.iter().enumerate().map(|(i, (a, _))| {
                Rectangle::new(
                    [(0.0, band(i) + 0.52), (*a as f64, band(i) + 0.86)],
                    BLACK.stroke_width(1),
                )
            }))
            .map_err(|e| e.to_string())?
            .label(names.0)
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], BLACK.stroke_width(1)));
        chart
            .draw_series(values.iter().enumerate().map(|(i, (_, b))| {
                Rectangle::new(
                    [(0.0, band(i) + 0.14), (*b as f64, band(i) + 0.48)],
                    BLACK.filled(),
                )
            }))
            .map_err(|e| e.to_string())?
            .label(names.1)
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], BLACK.filled()));
        // the numbers at the bars' ends
        let text = ("sans-serif", 14).into_font().color(&BLACK);
        chart
            .draw_series(values.iter().enumerate().flat_map(|(i, (a, b))| {
                [
                    Text::new(
                        a.to_string(),
                        (*a as f64 + max as f64 * 0.01, band(i) + 0.8),
                        text.clone(),
                    ),
                    Text::new(
                        b.to_string(),
                        (*b as f64 + max as f64 * 0.01, band(i) + 0.42),
                        text.clone(),
                    ),
                ]
            }))
            .map_err(|e| e.to_string())?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE)
            .border_style(BLACK)
            .label_font(("sans-serif", 15))
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Series `i` of a trend chart: its line (solid, dashed or dotted, thicker from the fourth on), its
/// markers and its legend entry.
fn trend_line<'a, 'b: 'a>(
    chart: &mut Chart<'a, 'b>,
    i: usize,
    name: &str,
    points: Vec<(f64, f64)>,
) -> Result<(), String> {
    let width = 2 + (i / 3) as u32;
    let line = BLACK.stroke_width(width);
    // the legend shows each line's dash and marker, as the chart draws them
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    let key = vec![(0, 0), (24, 0)];
    match i % 3 {
        0 => {
            chart
                .draw_series(std::iter::once(PathElement::new(points.clone(), line)))
                .map_err(err)?
                .label(name)
                .legend(move |c| {
                    EmptyElement::at(c)
                        + PathElement::new(key.clone(), line)
                        + Circle::new((12, 0), 4, BLACK.filled())
                });
        }
        1 => {
            chart
                .draw_series(std::iter::once(DashedPathElement::new(
                    points.clone(),
                    8,
                    5,
                    line,
                )))
                .map_err(err)?
                .label(name)
                .legend(move |c| {
                    EmptyElement::at(c)
                        + DashedPathElement::new(key.clone(), 8, 5, line)
                        + Rectangle::new([(8, -4), (16, 4)], BLACK.stroke_width(2))
                });
        }
        _ => {
            chart
                .draw_series(std::iter::once(DashedPathElement::new(
                    points.clone(),
                    2,
                    4,
                    line,
                )))
                .map_err(err)?
                .label(name)
                .legend(move |c| {
                    EmptyElement::at(c)
                        + DashedPathElement::new(key.clone(), 2, 4, line)
                        + Cross::new((12, 0), 4, BLACK.stroke_width(2))
                });
        }
    }
    match i % 3 {
        0 => chart.draw_series(points.iter().map(|p| Circle::new(*p, 5, BLACK.filled()))),
        1 => chart.draw_series(points.iter().map(|p| {
            EmptyElement::at(*p) + Rectangle::new([(-5, -5), (5, 5)], BLACK.stroke_width(2))
        })),
        _ => chart.draw_series(
            points
                .iter()
                .map(|p| Cross::new(*p, 5, BLACK.stroke_width(2))),
        ),
    }
    .map_err(|e| e.to_string())?;
    Ok(())
}

/// Lines over the years, one per series, told apart in black and white: a solid line with filled
/// circles, a dashed line with hollow squares, a dotted line with crosses (then again, thicker).
/// `series` holds a name and one value per year.
pub fn trend_lines(years: &[i32], series: &[(&str, Vec<i64>)]) -> Result<String, String> {
    let max = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let (first, last) = match (years.first(), years.last()) {
        (Some(a), Some(b)) if a < b => (*a as f64 - 0.3, *b as f64 + 0.3),
        (Some(a), _) => (*a as f64 - 1.0, *a as f64 + 1.0),
        _ => (0.0, 1.0),
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (680, 380)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .x_label_area_size(30)
            .y_label_area_size(56)
            // headroom above the highest point for the legend (upper left)
            .build_cartesian_2d(first..last, 0f64..(max as f64 * 1.6))
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(years.len().max(2) * 2 + 1)
            // a label on each year, none between
            .x_label_formatter(&|x: &f64| {
                let y = x.round();
                if (x - y).abs() < 1e-6 && years.contains(&(y as i32)) {
                    format!("{}", y as i32)
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&whole)
            .label_style(("sans-serif", 15))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(210, 210, 210))
            .draw()
            .map_err(|e| e.to_string())?;
        for (i, (name, values)) in series.iter().enumerate() {
            let points: Vec<(f64, f64)> = years
                .iter()
                .zip(values)
                .map(|(y, v)| (*y as f64, *v as f64))
                .collect();
            trend_line(&mut chart, i, name, points)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE)
            .border_style(BLACK)
            .label_font(("sans-serif", 15))
            .draw()
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_per_value_and_every_label_and_number_in_the_svg() {
        let labels = vec![
            "Lao động tiên tiến".to_string(),
            "Chiến sĩ thi đua cơ sở".to_string(),
        ];
        let svg =
            paired_bars(&labels, &[(12, 9), (4, 3)], ("Đề nghị", "Được khen thưởng")).unwrap();
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(|t| t.trim().to_string()))
            .collect();
        for want in [
            "Lao động tiên tiến",
            "Chiến sĩ thi đua cơ sở",
            "Đề nghị",
            "Được khen thưởng",
            "12",
            "9",
            "4",
            "3",
        ] {
            assert!(texts.iter().any(|t| t == want), "{want} in {texts:?}");
        }
        // two bars per label, black outlined and black solid (plus the legend's two and the frame)
        let solid = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#000000"))
            .count();
        assert!(solid >= 2, "{svg}");
    }

    #[test]
    fn a_label_is_text_not_markup() {
        let svg = paired_bars(
            &["<script>x</script> & co".to_string()],
            &[(1, 1)],
            ("a", "b"),
        )
        .unwrap();
        assert!(
            !svg.contains("<script>") && svg.contains("&lt;script&gt;x&lt;/script&gt; &amp; co")
        );
    }

    #[test]
    fn a_trend_has_each_year_each_series_and_its_markers() {
        let years = [2019, 2020, 2021, 2022];
        let svg = trend_lines(
            &years,
            &[
                ("Đăng ký", vec![10, 12, 9, 14]),
                ("Đề nghị", vec![4, 5, 5, 6]),
                ("Được khen thưởng", vec![3, 4, 4, 5]),
            ],
        )
        .unwrap();
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text().map(|t| t.trim().to_string()))
            .collect();
        for want in [
            "2019",
            "2020",
            "2021",
            "2022",
            "Đăng ký",
            "Đề nghị",
            "Được khen thưởng",
        ] {
            assert!(texts.iter().any(|t| t == want), "{want} in {texts:?}");
        }
        // a filled circle per year on the first line, and one in the legend beside its name
        let circles = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle") && n.attribute("fill") == Some("#000000"))
            .count();
        assert_eq!(circles, years.len() + 1, "{svg}");
        // the second line is dashed, in the chart and in the legend
        let dashed = doc
            .descendants()
            .filter(|n| n.has_tag_name("polyline") || n.has_tag_name("line"))
            .count();
        assert!(dashed > 2 * years.len(), "{svg}");
        // one year alone still draws
        assert!(
            trend_lines(&[2022], &[("a", vec![1])])
                .unwrap()
                .contains("2022")
        );
    }
}
