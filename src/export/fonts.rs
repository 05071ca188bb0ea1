//! The fonts the documents are set in, carried by the app: Liberation Serif, metric-compatible with
//! Times New Roman (the face Nghị định 30/2020 names), so a width measured here is the width Word
//! (Times New Roman) and LibreOffice (Liberation Serif) give the same text. The .docx layout uses the
//! widths to size table columns so that no word is split and to break a heading where it should
//! break; the certificates' PDF embeds the same faces.

use std::sync::LazyLock;

pub static REGULAR: &[u8] = include_bytes!("../../static/fonts/LiberationSerif-Regular.ttf");
pub static BOLD: &[u8] = include_bytes!("../../static/fonts/LiberationSerif-Bold.ttf");

/// Millimetres per point.
const MM_PER_PT: f32 = 25.4 / 72.0;

/// Advance widths of a face, in font units, by character (every character the documents use is in
/// the Basic Multilingual Plane; anything else counts as an em).
struct Metrics {
    per_em: f32,
    advance: std::collections::HashMap<char, u16>,
    /// the advance of a character the face lacks
    missing: u16,
}

impl Metrics {
    fn of(bytes: &'static [u8]) -> Metrics {
        let Ok(face) = ttf_parser::Face::parse(bytes, 0) else {
            // the fonts are compiled in; a face that does not parse measures everything as an em
            return Metrics {
                per_em: 1000.0,
                advance: Default::default(),
                missing: 1000,
            };
        };
        let mut advance = std::collections::HashMap::new();
        // Latin, Latin-1, Latin Extended-A/B, combining marks, Vietnamese (Latin Extended
        // Additional), general punctuation
        for range in [0x20u32..0x250, 0x300..0x370, 0x1E00..0x1F00, 0x2000..0x2070] {
            for cp in range {
                if let Some(c) = char::from_u32(cp)
                    && let Some(w) = face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g))
                {
                    advance.insert(c, w);
                }
            }
        }
        let per_em = f32::from(face.units_per_em());
        Metrics {
            per_em,
            advance,
            missing: face.units_per_em(),
        }
    }

    fn width_mm(&self, text: &str, size_pt: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| u32::from(*self.advance.get(&c).unwrap_or(&self.missing)))
            .sum();
        units as f32 * size_pt / self.per_em * MM_PER_PT
    }
}

static REGULAR_METRICS: LazyLock<Metrics> = LazyLock::new(|| Metrics::of(REGULAR));
static BOLD_METRICS: LazyLock<Metrics> = LazyLock::new(|| Metrics::of(BOLD));

/// The width of `text` (NFC) set at `size_pt` points, bold or regular, in millimetres. Italic is
/// measured as regular (Times' italic is narrower, so the measure errs on the safe side).
pub fn width_mm(text: &str, bold: bool, size_pt: f32) -> f32 {
    if bold {
        BOLD_METRICS.width_mm(text, size_pt)
    } else {
        REGULAR_METRICS.width_mm(text, size_pt)
    }
}

/// The widest word of `text` (split at spaces; a figure and its per cent sign, "93,33 %", are one
/// word, as the documents join them with a non-breaking space), in millimetres.
pub fn widest_word_mm(text: &str, bold: bool, size_pt: f32) -> f32 {
    text.replace(" %", "\u{a0}%")
        .split([' ', '\t', '\n'])
        .map(|w| width_mm(w, bold, size_pt))
        .fold(0.0, f32::max)
}

/// A heading line (an issuing body, a signer's title) set in a column `max_mm` wide: the lines it
/// is printed on. A line break the text carries ('\n') is kept; a line that does not fit is broken
/// once, where a records clerk would break it: after "VÀ", a comma or a dash if both parts then fit
/// ("SỞ TÀI NGUYÊN VÀ / MÔI TRƯỜNG", not "… MÔI / TRƯỜNG"), else where the two parts are closest in
/// width without leaving a word alone; a part that still does not fit is broken again the same way.
pub fn heading_lines(text: &str, bold: bool, size_pt: f32, max_mm: f32) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        break_line(line, bold, size_pt, max_mm, &mut out, 0);
    }
    out
}

/// Words that name a kind of body or place and stand before its name ("SỞ", "PHÒNG", "HUYỆN"): a
/// name's syllables pair up after them.
const CLASSIFIERS: [&str; 14] = [
    "SỞ",
    "PHÒNG",
    "BAN",
    "CỤC",
    "VỤ",
    "CHI",
    "ĐỘI",
    "TỔ",
    "UBND",
    "TỈNH",
    "HUYỆN",
    "QUẬN",
    "XÃ",
    "PHƯỜNG",
];

/// A word after which a line may break: a conjunction or a dash, or a word ending in a comma.
fn joint(w: &str) -> bool {
    matches!(w, "VÀ" | "và" | "-" | "–") || w.ends_with(',')
}

/// A break before word `i` falls at a joint: after "VÀ", a dash or a comma, or around a quotation
/// or a bracket ("… DANH HIỆU / “CHIẾN SĨ THI ĐUA CƠ SỞ” / NĂM 2022").
fn joint_at(words: &[&str], i: usize) -> bool {
    joint(words[i - 1])
        || words[i].starts_with(['“', '(', '"'])
        || words[i - 1].ends_with(['”', ')', '"'])
}

/// Where a heading may break without splitting a word of two syllables: Vietnamese words are
/// mostly two syllables, so after a classifier ("PHÒNG", "HUYỆN") or a joint ("VÀ", "-") the
/// syllables pair up ("PHÒNG | QUẢN LÝ | ĐẤT ĐAI", "SỞ | TÀI NGUYÊN | VÀ | MÔI TRƯỜNG"). The
/// positions (a break before word `i`).
fn word_breaks(words: &[&str]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut run = 0; // syllables since the last break point
    for (i, w) in words.iter().enumerate() {
        if i > 0 && (run == 0 || run % 2 == 0) {
            out.push(i);
        }
        let upper = w.to_uppercase();
        if i > 0 && joint_at(words, i) {
            out.push(i);
            run = 0;
        }
        if joint(w) || w.ends_with(['”', ')', '"']) {
            if i + 1 < words.len() {
                out.push(i + 1);
            }
            run = 0;
        } else if CLASSIFIERS.contains(&upper.as_str()) {
            if i > 0 && !out.contains(&i) {
                out.push(i);
            }
            if i + 1 < words.len() {
                out.push(i + 1);
            }
            run = 0;
        } else {
            run += 1;
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn break_line(line: &str, bold: bool, size: f32, max: f32, out: &mut Vec<String>, depth: u8) {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 2 || depth > 4 || width_mm(line, bold, size) <= max {
        out.push(words.join(" "));
        return;
    }
    let fits = |s: &str| width_mm(s, bold, size) <= max;
    let good = word_breaks(&words);
    let mut best: Option<(i32, f32, usize)> = None;
    for i in 1..words.len() {
        let (a, b) = (words[..i].join(" "), words[i..].join(" "));
        // both parts fitting matters most, then a break that splits no word, then one after a
        // joint, then a part of more than one word
        let (wa, wb) = (width_mm(&a, bold, size), width_mm(&b, bold, size));
        // a joint counts where it leaves each part at least a quarter of the line
        let joint_here = joint_at(&words, i) && wa.min(wb) >= 0.25 * (wa + wb);
        let score = i32::from(fits(&a) && fits(&b)) * 8
            + i32::from(good.contains(&i)) * 4
            + i32::from(joint_here) * 2
            + i32::from(i > 1 && words.len() - i > 1);
        let balance = (wa - wb).abs();
        let better = match best {
            None => true,
            Some((s, bal, _)) => score > s || (score == s && balance < bal),
        };
        if better {
            best = Some((score, balance, i));
        }
    }
    let i = best.map_or(words.len() / 2, |b| b.2);
    break_line(&words[..i].join(" "), bold, size, max, out, depth + 1);
    break_line(&words[i..].join(" "), bold, size, max, out, depth + 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_national_title_fits_the_right_column_at_13_points() {
        // the right header column is 103 mm wide with 1.9 mm of margin each side
        let w = width_mm("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, 13.0);
        assert!(w > 90.0 && w < 99.0, "{w}");
    }

    #[test]
    fn an_issuing_body_breaks_where_a_clerk_breaks_it() {
        assert_eq!(
            heading_lines("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", true, 13.0, 58.0),
            ["SỞ TÀI NGUYÊN VÀ", "MÔI TRƯỜNG"]
        );
        assert_eq!(
            heading_lines("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", true, 13.0, 58.0),
            ["SỞ NÔNG NGHIỆP VÀ", "MÔI TRƯỜNG"]
        );
        assert_eq!(
            heading_lines("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", true, 13.0, 58.0),
            ["HỘI ĐỒNG THI ĐUA -", "KHEN THƯỞNG"]
        );
        // what fits stays on one line; a break the text carries is kept
        assert_eq!(
            heading_lines("UBND TỈNH SÓC TRĂNG", false, 13.0, 58.0),
            ["UBND TỈNH SÓC TRĂNG"]
        );
        assert_eq!(
            heading_lines("SỞ TÀI NGUYÊN\nVÀ MÔI TRƯỜNG", true, 13.0, 58.0),
            ["SỞ TÀI NGUYÊN", "VÀ MÔI TRƯỜNG"]
        );
        // a summary breaks around its quotation
        assert_eq!(
            heading_lines(
                "ĐỀ NGHỊ TẶNG DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ” NĂM 2022",
                true,
                14.0,
                150.0
            ),
            [
                "ĐỀ NGHỊ TẶNG DANH HIỆU",
                "“CHIẾN SĨ THI ĐUA CƠ SỞ” NĂM 2022"
            ]
        );
        // no word of two syllables split
        assert_eq!(
            heading_lines("PHÒNG QUẢN LÝ ĐẤT ĐAI", true, 13.0, 50.0),
            ["PHÒNG QUẢN LÝ", "ĐẤT ĐAI"]
        );
        assert_eq!(
            heading_lines(
                "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG HUYỆN KẾ SÁCH",
                true,
                13.0,
                58.0
            ),
            ["PHÒNG TÀI NGUYÊN VÀ", "MÔI TRƯỜNG", "HUYỆN KẾ SÁCH"]
        );
        // with no joint, the two parts closest in width
        let lines = heading_lines(
            "TRUNG TÂM PHÁT TRIỂN QUỸ ĐẤT TỈNH SÓC TRĂNG",
            true,
            13.0,
            58.0,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        for l in &lines {
            assert!(width_mm(l, true, 13.0) <= 58.0, "{l}");
            assert!(l.split(' ').count() > 1, "a word alone: {lines:?}");
        }
    }
}
