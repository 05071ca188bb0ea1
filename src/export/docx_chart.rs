//! Charts inside a .docx as DrawingML charts (`word/charts/chartN.xml`): Word and LibreOffice draw
//! them from the values cached in the part (no embedded workbook), so the figures stay numbers the
//! reader's office suite can restyle. Bars are outlined white and solid black, readable printed in
//! black and white, each with its value at its end; the alternative text names what the chart shows
//! (its numbers are in the table the report puts beside it).

use super::docx::esc;

/// A horizontal bar chart of one or more series over the same categories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// alternative text (and the drawing's name)
    pub alt: String,
    pub categories: Vec<String>,
    /// (series name, one value per category)
    pub series: Vec<(String, Vec<i64>)>,
}

const EMU_PER_MM: i64 = 36_000;

/// The drawing that places chart number `n` (its relationship `rIdChart{n}`) in the text, full
/// width, its height growing with the categories.
pub fn inline(n: usize, chart: &Chart) -> String {
    let cx = 160 * EMU_PER_MM;
    let rows = chart.categories.len().max(1) as i64;
    let bars = chart.series.len().max(1) as i64;
    let cy = ((30 + rows * bars * 6).clamp(50, 220)) * EMU_PER_MM;
    format!(
        "<w:p><w:pPr><w:keepNext/><w:spacing w:after=\"60\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:drawing>\
<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/>\
<wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"{n}\" name=\"Chart {n}\" descr=\"{alt}\"/>\
<wp:cNvGraphicFramePr/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">\
<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">\
<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" r:id=\"rIdChart{n}\"/>\
</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
        alt = esc(&chart.alt)
    )
}

/// Column letter of the `i`-th series in the (absent) data sheet the references name: B, C, ...
fn column(i: usize) -> char {
    char::from(b'B' + (i.min(24) as u8))
}

/// The chart part.
pub fn part(chart: &Chart) -> String {
    let n = chart.categories.len();
    let mut cats = format!("<c:ptCount val=\"{n}\"/>");
    for (i, c) in chart.categories.iter().enumerate() {
        cats.push_str(&format!("<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>", esc(c)));
    }
    let mut series = String::new();
    for (s, (name, values)) in chart.series.iter().enumerate() {
        let fill = if s % 2 == 0 { "FFFFFF" } else { "000000" };
        let col = column(s);
        let mut vals = format!("<c:formatCode>0</c:formatCode><c:ptCount val=\"{n}\"/>");
        for (i, v) in values.iter().take(n).enumerate() {
            vals.push_str(&format!("<c:pt idx=\"{i}\"><c:v>{v}</c:v></c:pt>"));
        }
        series.push_str(&format!(
            "<c:ser><c:idx val=\"{s}\"/><c:order val=\"{s}\"/>\
<c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>{name}</c:v></c:pt></c:strCache></c:strRef></c:tx>\
<c:spPr><a:solidFill><a:srgbClr val=\"{fill}\"/></a:solidFill><a:ln w=\"9525\"><a:solidFill><a:srgbClr val=\"000000\"/></a:solidFill></a:ln></c:spPr>\
<c:invertIfNegative val=\"0\"/>\
<c:dLbls><c:numFmt formatCode=\"0\" sourceLinked=\"0\"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:dLblPos val=\"outEnd\"/><c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>\
<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${last}</c:f><c:strCache>{cats}</c:strCache></c:strRef></c:cat>\
<c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${last}</c:f><c:numCache>{vals}</c:numCache></c:numRef></c:val>\
</c:ser>",
            name = esc(name),
            last = n + 1,
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
<c:roundedCorners val=\"0\"/><c:chart><c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/>\
<c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>{series}\
<c:gapWidth val=\"60\"/><c:axId val=\"1001\"/><c:axId val=\"1002\"/></c:barChart>\
<c:catAx><c:axId val=\"1001\"/><c:scaling><c:orientation val=\"maxMin\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"l\"/>\
<c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>\
<c:crossAx val=\"1002\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:tickLblSkip val=\"1\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>\
<c:valAx><c:axId val=\"1002\"/><c:scaling><c:orientation val=\"minMax\"/><c:min val=\"0\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"t\"/>\
<c:majorGridlines><c:spPr><a:ln w=\"3175\"><a:solidFill><a:srgbClr val=\"BFBFBF\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>\
<c:numFmt formatCode=\"0\" sourceLinked=\"0\"/><c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>\
<c:crossAx val=\"1001\"/><c:crosses val=\"max\"/><c:crossBetween val=\"between\"/></c:valAx>\
</c:plotArea><c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend><c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>\
<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1100\"><a:latin typeface=\"Times New Roman\"/><a:cs typeface=\"Times New Roman\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"vi-VN\"/></a:p></c:txPr>\
</c:chartSpace>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_part_caches_every_value_under_its_category() {
        let c = Chart {
            alt: "Đề nghị & khen thưởng".into(),
            categories: vec!["Lao động tiên tiến".into(), "Chiến sĩ <thi đua>".into()],
            series: vec![
                ("Đề nghị".into(), vec![12, 3]),
                ("Khen thưởng".into(), vec![10, 2]),
            ],
        };
        let xml = part(&c);
        let doc = roxmltree::Document::parse(&xml).expect("well-formed chart part");
        let ns = "http://schemas.openxmlformats.org/drawingml/2006/chart";
        let sers: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name((ns, "ser")))
            .collect();
        assert_eq!(sers.len(), 2);
        let values = |ser: &roxmltree::Node| -> Vec<String> {
            ser.descendants()
                .filter(|n| n.has_tag_name((ns, "numCache")))
                .flat_map(|c| c.descendants().filter(|n| n.has_tag_name((ns, "v"))))
                .filter_map(|v| v.text().map(str::to_string))
                .collect()
        };
        assert_eq!(values(&sers[0]), ["12", "3"]);
        assert_eq!(values(&sers[1]), ["10", "2"]);
        let cats: Vec<&str> = sers[1]
            .descendants()
            .rfind(|n| n.has_tag_name((ns, "strCache")))
            .into_iter()
            .flat_map(|c| c.descendants().filter(|n| n.has_tag_name((ns, "v"))))
            .filter_map(|v| v.text())
            .collect();
        assert_eq!(cats, ["Lao động tiên tiến", "Chiến sĩ <thi đua>"]);
        assert!(inline(3, &c).contains("descr=\"Đề nghị &amp; khen thưởng\""));
        assert!(inline(3, &c).contains("r:id=\"rIdChart3\""));
    }
}
