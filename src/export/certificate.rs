//! Certificates (Giấy khen, giấy chứng nhận) as one PDF, a page per certificate, printed onto the
//! issuer's pre-printed paper at the positions of its [`Layout`]; and the layout's test page, which
//! marks each anchor with a cross and the page's edges with a millimetre ruler.
//!
//! Written with krilla, with Liberation Serif (metric-compatible with Times New Roman, with every
//! Vietnamese letter) embedded and subset; the text stays text, so it can be searched and read back.

use crate::domain::certificate::{Certificate, Field, Layout, TEXT_FIELDS};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use unicode_normalization::UnicodeNormalization;

use super::fonts::{BOLD, REGULAR};

/// Points per millimetre.
const PT: f32 = 72.0 / 25.4;
/// The margin a centred text keeps from the paper's edges; a longer text is set smaller.
const MARGIN_MM: f32 = 8.0;

struct Fonts {
    regular: Font,
    bold: Font,
    regular_face: ttf_parser::Face<'static>,
    bold_face: ttf_parser::Face<'static>,
}

impl Fonts {
    fn load() -> anyhow::Result<Fonts> {
        let font = |bytes: &'static [u8]| {
            Font::new(bytes.into(), 0)
                .ok_or_else(|| anyhow::anyhow!("the embedded font is unreadable"))
        };
        let face = |bytes: &'static [u8]| {
            ttf_parser::Face::parse(bytes, 0).map_err(|e| anyhow::anyhow!("the embedded font: {e}"))
        };
        Ok(Fonts {
            regular: font(REGULAR)?,
            bold: font(BOLD)?,
            regular_face: face(REGULAR)?,
            bold_face: face(BOLD)?,
        })
    }
}

/// The width of `text` set in `face` at `size` points.
fn width(face: &ttf_parser::Face<'_>, text: &str, size: f32) -> f32 {
    let units: f32 = text
        .chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(0.0, f32::from)
        })
        .sum();
    units * size / f32::from(face.units_per_em())
}

/// Sets `text` at field `f`: centred on its anchor or starting there, smaller if it would run
/// past the margins.
fn text(s: &mut Surface<'_>, fonts: &Fonts, layout: &Layout, f: &Field, text: &str, bold: bool) {
    let text: String = text.nfc().collect();
    if text.trim().is_empty() {
        return;
    }
    let (font, face) = if bold {
        (&fonts.bold, &fonts.bold_face)
    } else {
        (&fonts.regular, &fonts.regular_face)
    };
    let room = if f.center {
        2.0 * (f.x.min(layout.width - f.x) - MARGIN_MM)
    } else {
        layout.width - f.x - MARGIN_MM
    } * PT;
    let mut size = f.size;
    let mut w = width(face, &text, size);
    if room > 0.0 && w > room {
        size = (size * room / w).max(4.0);
        w = width(face, &text, size);
    }
    let x = if f.center {
        f.x * PT - w / 2.0
    } else {
        f.x * PT
    };
    s.draw_text(
        Point::from_xy(x, f.y * PT),
        font.clone(),
        size,
        &text,
        false,
        TextDirection::Auto,
    );
}

fn black() -> Fill {
    Fill {
        paint: rgb::Color::new(0, 0, 0).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

/// The QR code of `content` with its top-left corner at field `f` (`size` its side in mm).
fn qr(s: &mut Surface<'_>, f: &Field, content: &str) -> anyhow::Result<()> {
    let code = qrcode::QrCode::with_error_correction_level(content.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| anyhow::anyhow!("QR code: {e}"))?;
    let n = code.width();
    let module = f.size * PT / n as f32;
    let mut pb = PathBuilder::new();
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (col, row) = ((i % n) as f32, (i / n) as f32);
            if let Some(r) = Rect::from_xywh(
                f.x * PT + col * module,
                f.y * PT + row * module,
                module,
                module,
            ) {
                pb.push_rect(r);
            }
        }
    }
    if let Some(path) = pb.finish() {
        s.set_stroke(None);
        s.set_fill(Some(black()));
        s.draw_path(&path);
    }
    Ok(())
}

fn page(
    doc: &mut Document,
    fonts: &Fonts,
    layout: &Layout,
    c: &Certificate,
    test: bool,
) -> anyhow::Result<()> {
    let settings = PageSettings::from_wh(layout.width * PT, layout.height * PT)
        .ok_or_else(|| anyhow::anyhow!("page size {} × {} mm", layout.width, layout.height))?;
    let mut page = doc.start_page_with(settings);
    let mut s = page.surface();
    if test {
        marks(&mut s, fonts, layout);
    }
    s.set_stroke(None);
    s.set_fill(Some(black()));
    if layout.full {
        full(&mut s, fonts, layout, c)?;
    } else {
        text(&mut s, fonts, layout, &layout.name, &c.name, true);
        text(&mut s, fonts, layout, &layout.unit, &c.unit, false);
        text(&mut s, fonts, layout, &layout.title, &c.title, true);
        text(&mut s, fonts, layout, &layout.decision, &c.decision, false);
        text(&mut s, fonts, layout, &layout.date, &c.date, false);
        text(&mut s, fonts, layout, &layout.register, &c.register, false);
        text(&mut s, fonts, layout, &layout.signer, &c.signer, true);
        text(&mut s, fonts, layout, &layout.code, &c.code, false);
        if !c.url.is_empty() {
            qr(&mut s, &layout.qr, &c.url)?;
        }
    }
    s.finish();
    page.finish();
    Ok(())
}

/// The whole certificate on plain paper, its parts placed in proportion to the page (A4 landscape
/// by default): a double frame; the issuing body and the national title at the top; the authority
/// that gives it, TẶNG or CÔNG NHẬN, the form given (GIẤY KHEN; none for a title); the recipient,
/// their position and unit, the achievement; the place and date, the signer's title and name on the
/// right; the QR code, the register number, the decision and the verification code on the left.
fn full(
    s: &mut Surface<'_>,
    fonts: &Fonts,
    layout: &Layout,
    c: &Certificate,
) -> anyhow::Result<()> {
    let (w, h) = (layout.width, layout.height);
    let (right, mid) = (w * 0.72, w / 2.0);
    let at = |x: f32, y: f32, size: f32, center: bool| Field {
        x,
        y: y * h / 210.0,
        size,
        center,
    };
    frame(s, w, h);
    header(s, fonts, layout, c);
    // who gives it, and what; a title's recognition has no form to print large: its lines sit
    // lower, mid-page
    let y = if c.form.is_empty() { 96.0 } else { 106.0 };
    let lines: [(&str, Field, bool); 10] = [
        (&c.authority, at(mid, 58.0, 17.0, true), true),
        (&c.verb, at(mid, 70.0, 16.0, true), true),
        (&c.form, at(mid, 90.0, 36.0, true), true),
        (&c.name, at(mid, y, 22.0, true), true),
        (&c.unit, at(mid, y + 11.0, 15.0, true), false),
        (&c.title, at(mid, y + 23.0, 16.0, true), true),
        // the place and date, the signer
        (&c.date, at(right, 150.0, 13.0, true), false),
        (&c.signer, at(right, 192.0, 14.0, true), true),
        // the register, the decision, the check
        (&c.register, at(44.0, 156.0, 11.0, false), false),
        (&c.decision, at(44.0, 162.5, 11.0, false), false),
    ];
    for (t, f, bold) in &lines {
        if !t.is_empty() {
            text(s, fonts, layout, f, t, *bold);
        }
    }
    text(
        s,
        fonts,
        layout,
        &at(44.0, 169.0, 9.0, false),
        &c.code,
        false,
    );
    for (i, l) in c.signer_lines.iter().enumerate() {
        let f = at(right, 158.0 + 6.5 * i as f32, 14.0, true);
        text(s, fonts, layout, &f, l, true);
    }
    if !c.url.is_empty() {
        qr(s, &at(16.0, 148.0, 24.0, false), &c.url)?;
    }
    Ok(())
}

/// A double frame inset 7 and 9 mm from the edges of a `w` × `h` mm page.
fn frame(s: &mut Surface<'_>, w: f32, h: f32) {
    s.set_fill(None);
    for (inset, width) in [(7.0, 1.4), (9.0, 0.4)] {
        s.set_stroke(Some(Stroke {
            paint: rgb::Color::new(0, 0, 0).into(),
            width,
            ..Default::default()
        }));
        if let Some(r) = Rect::from_xywh(
            inset * PT,
            inset * PT,
            (w - 2.0 * inset) * PT,
            (h - 2.0 * inset) * PT,
        ) {
            let mut pb = PathBuilder::new();
            pb.push_rect(r);
            if let Some(p) = pb.finish() {
                s.draw_path(&p);
            }
        }
    }
    s.set_stroke(None);
    s.set_fill(Some(black()));
}

/// The issuing body on the left, broken where a clerk breaks it, with its rule; the national
/// title and the motto, underlined, on the right.
fn header(s: &mut Surface<'_>, fonts: &Fonts, layout: &Layout, c: &Certificate) {
    let (w, h) = (layout.width, layout.height);
    let (left, right) = (w * 0.24, w * 0.72);
    let at = |x: f32, y: f32, size: f32| Field {
        x,
        y: y * h / 210.0,
        size,
        center: true,
    };
    let mut y = 24.0;
    for l in super::fonts::heading_lines(&c.parent, false, 13.0, w * 0.36) {
        text(s, fonts, layout, &at(left, y, 13.0), &l, false);
        y += 6.0;
    }
    let issuer = super::fonts::heading_lines(&c.issuer, true, 13.0, w * 0.36);
    let widest = issuer
        .iter()
        .map(|l| super::fonts::width_mm(l, true, 13.0))
        .fold(0.0, f32::max);
    for l in &issuer {
        text(s, fonts, layout, &at(left, y, 13.0), l, true);
        y += 6.0;
    }
    let motto = "Độc lập - Tự do - Hạnh phúc";
    text(
        s,
        fonts,
        layout,
        &at(right, 24.0, 13.0),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        true,
    );
    text(s, fonts, layout, &at(right, 30.5, 14.0), motto, true);
    s.set_fill(None);
    s.set_stroke(Some(Stroke {
        paint: rgb::Color::new(0, 0, 0).into(),
        width: 0.6,
        ..Default::default()
    }));
    let rule = (widest * 0.4).max(20.0) / 2.0;
    let ry = (y - 3.0) * h / 210.0;
    line(s, (left - rule, ry), (left + rule, ry));
    let half = super::fonts::width_mm(motto, true, 14.0) / 2.0;
    let my = 32.0 * h / 210.0;
    line(s, (right - half, my), (right + half, my));
    s.set_stroke(None);
    s.set_fill(Some(black()));
}

fn line(s: &mut Surface<'_>, (x1, y1): (f32, f32), (x2, y2): (f32, f32)) {
    let mut pb = PathBuilder::new();
    pb.move_to(x1 * PT, y1 * PT);
    pb.line_to(x2 * PT, y2 * PT);
    if let Some(p) = pb.finish() {
        s.draw_path(&p);
    }
}

/// The test page's marks: a ruler along the top and left edges (a tick per millimetre, longer
/// every 5 and numbered every 10), a cross at each field's anchor with the field's name, and the
/// QR code's frame.
fn marks(s: &mut Surface<'_>, fonts: &Fonts, layout: &Layout) {
    let grey = |width: f32| Stroke {
        paint: rgb::Color::new(90, 90, 90).into(),
        width,
        ..Default::default()
    };
    s.set_fill(None);
    s.set_stroke(Some(grey(0.3)));
    let tick = |mm: i32| match (mm % 10, mm % 5) {
        (0, _) => 4.0,
        (_, 0) => 2.5,
        _ => 1.2,
    };
    for mm in 0..=(layout.width as i32) {
        line(s, (mm as f32, 0.0), (mm as f32, tick(mm)));
    }
    for mm in 0..=(layout.height as i32) {
        line(s, (0.0, mm as f32), (tick(mm), mm as f32));
    }
    s.set_stroke(Some(grey(0.5)));
    let mut anchors: Vec<(&str, &Field)> = TEXT_FIELDS
        .iter()
        .filter_map(|k| layout.get(k).map(|f| (*k, f)))
        .collect();
    anchors.push(("qr", &layout.qr));
    for (_, f) in &anchors {
        line(s, (f.x - 3.0, f.y), (f.x + 3.0, f.y));
        line(s, (f.x, f.y - 3.0), (f.x, f.y + 3.0));
    }
    let q = &layout.qr;
    if let Some(r) = Rect::from_xywh(q.x * PT, q.y * PT, q.size * PT, q.size * PT) {
        let mut pb = PathBuilder::new();
        pb.push_rect(r);
        if let Some(p) = pb.finish() {
            s.draw_path(&p);
        }
    }
    s.set_stroke(None);
    s.set_fill(Some(Fill {
        paint: rgb::Color::new(90, 90, 90).into(),
        ..black()
    }));
    for mm in (10..=(layout.width as i32)).step_by(10) {
        s.draw_text(
            Point::from_xy(mm as f32 * PT + 1.0, 7.0 * PT),
            fonts.regular.clone(),
            6.0,
            &mm.to_string(),
            false,
            TextDirection::Auto,
        );
    }
    for mm in (10..=(layout.height as i32)).step_by(10) {
        s.draw_text(
            Point::from_xy(5.0 * PT, mm as f32 * PT + 2.0),
            fonts.regular.clone(),
            6.0,
            &mm.to_string(),
            false,
            TextDirection::Auto,
        );
    }
    for (key, f) in anchors {
        s.draw_text(
            Point::from_xy((f.x + 1.0) * PT, (f.y - 1.0) * PT),
            fonts.regular.clone(),
            5.0,
            &format!("{key} ({:.1}; {:.1})", f.x, f.y),
            false,
            TextDirection::Auto,
        );
    }
}

/// One PDF with a page per certificate, for the paper of `layout`.
pub fn certificates(
    layout: &Layout,
    title: &str,
    certs: &[Certificate],
) -> anyhow::Result<Vec<u8>> {
    render(layout, title, certs, false)
}

/// The layout's test page: a sample certificate over the anchors' marks and the rulers.
pub fn test_page(layout: &Layout, sample: &Certificate) -> anyhow::Result<Vec<u8>> {
    render(
        layout,
        "Trang in thử giấy khen",
        std::slice::from_ref(sample),
        true,
    )
}

fn render(
    layout: &Layout,
    title: &str,
    certs: &[Certificate],
    test: bool,
) -> anyhow::Result<Vec<u8>> {
    let fonts = Fonts::load()?;
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .language("vi".to_string())
            .creator("thidua".to_string()),
    );
    for c in certs {
        page(&mut doc, &fonts, layout, c, test)?;
    }
    doc.finish()
        .map_err(|e| anyhow::anyhow!("the certificates' PDF: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every letter of the Vietnamese alphabet with every tone, in both cases, has a glyph in both
    /// embedded fonts (a missing one would print as an empty box).
    #[test]
    fn the_fonts_have_every_vietnamese_letter() {
        let vowels = "aăâeêioôơuưy";
        let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
        let mut letters: Vec<String> = "bcdđghklmnpqrstvx".chars().map(String::from).collect();
        for v in vowels.chars() {
            letters.push(v.to_string());
            for t in tones {
                letters.push([v, t].iter().collect::<String>().nfc().collect());
            }
        }
        let fonts = Fonts::load().unwrap_or_else(|e| panic!("{e}"));
        for face in [&fonts.regular_face, &fonts.bold_face] {
            for l in &letters {
                for c in l.chars().chain(l.to_uppercase().chars()) {
                    assert!(face.glyph_index(c).is_some(), "no glyph for {c:?}");
                }
            }
        }
        assert_eq!(letters.len(), 17 + 12 * 6);
    }

    #[test]
    fn a_certificate_is_a_whole_pdf_and_a_bad_page_size_is_an_error() {
        let c = Certificate {
            name: "Nguyễn Thị Hường".into(),
            url: "https://thidua.example/verify/ABCD2345".into(),
            ..Default::default()
        };
        let pdf = certificates(&Layout::default(), "Giấy khen", &[c.clone(), c.clone()])
            .unwrap_or_default();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
        let bad = Layout {
            width: 0.0,
            ..Layout::default()
        };
        assert!(certificates(&bad, "Giấy khen", &[c]).is_err());
    }
}
