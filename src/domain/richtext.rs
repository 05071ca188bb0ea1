//! A tiny, safe markup for the rich-text fields of official documents, typed into a textarea and
//! stored as plain text: no HTML is ever stored, so nothing can be injected.
//!
//! Each non-empty line is a block: "- ", "+ " or "• " starts a dash item, "12. " or "12) " a
//! numbered item, anything else a paragraph. Inline, `**bold**`, `*italic*` and `***both***`; an
//! unmatched `*` is text. `<`, `&` and quotes are text too: every output escapes them.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Span {
    /// Text without emphasis.
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Block {
    Para(Vec<Span>),
    Bullet(Vec<Span>),
    Numbered(u32, Vec<Span>),
}

/// The blocks of a text, one per non-empty line (lines trimmed, blank lines dropped).
pub fn parse(src: &str) -> Vec<Block> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            for p in ["- ", "+ ", "• "] {
                if let Some(rest) = line.strip_prefix(p) {
                    return Block::Bullet(spans(rest.trim_start()));
                }
            }
            let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
            if (1..=4).contains(&digits) {
                let rest = &line[digits..];
                if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") "))
                    && let Ok(n) = line[..digits].parse::<u32>()
                {
                    return Block::Numbered(n, spans(r.trim_start()));
                }
            }
            Block::Para(spans(line))
        })
        .collect()
}

fn push(out: &mut Vec<Span>, text: &str, bold: bool, italic: bool) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(text),
        _ => out.push(Span {
            text: text.to_string(),
            bold,
            italic,
        }),
    }
}

/// Inline markup of one line: `**bold**`, `*italic*`, `***both***`, nestable (`**a *b* c**`). As in
/// Markdown, an opening marker must be followed and a closing one preceded by a non-space, so
/// "5 * 3 * 2" stays as typed; any `*` without a partner is text.
pub fn spans(line: &str) -> Vec<Span> {
    let mut out = Vec::new();
    inline(line, false, false, &mut out);
    out
}

/// A maximal run of `*` at byte `start`.
struct Run {
    start: usize,
    len: usize,
    can_open: bool,
    can_close: bool,
}

fn inline(s: &str, bold: bool, italic: bool, out: &mut Vec<Span>) {
    let bytes = s.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'*' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'*' {
            i += 1;
        }
        // `*` is ASCII, so `start` and `i` are character boundaries
        runs.push(Run {
            start,
            len: i - start,
            can_open: s[i..].chars().next().is_some_and(|c| !c.is_whitespace()),
            can_close: s[..start]
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace()),
        });
    }
    // next_close[j][k - 1]: the first run at or after j that can close a marker of k stars (one pass,
    // so a line full of unmatched stars stays linear)
    let mut next_close = vec![[usize::MAX; 3]; runs.len() + 1];
    for j in (0..runs.len()).rev() {
        next_close[j] = next_close[j + 1];
        let r = &runs[j];
        if r.can_close && (1..=3).contains(&r.len) {
            next_close[j][r.len - 1] = j;
        }
    }
    let mut emitted = 0;
    let mut j = 0;
    while j < runs.len() {
        let r = &runs[j];
        let close = if r.can_open && (1..=3).contains(&r.len) {
            next_close[j + 1][r.len - 1]
        } else {
            usize::MAX
        };
        let Some(c) = runs.get(close) else {
            // no partner: the stars stay in the text
            j += 1;
            continue;
        };
        push(out, &s[emitted..r.start], bold, italic);
        inline(
            &s[r.start + r.len..c.start],
            bold || r.len >= 2,
            italic || r.len != 2,
            out,
        );
        emitted = c.start + c.len;
        j = close + 1;
    }
    push(out, &s[emitted..], bold, italic);
}

/// HTML-escapes text for element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The spans of one block as escaped HTML (`<strong>`, `<em>`).
pub fn spans_html(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        let t = escape(&s.text);
        match (s.bold, s.italic) {
            (true, true) => out.push_str(&format!("<strong><em>{t}</em></strong>")),
            (true, false) => out.push_str(&format!("<strong>{t}</strong>")),
            (false, true) => out.push_str(&format!("<em>{t}</em>")),
            _ => out.push_str(&t),
        }
    }
    out
}

/// HTML with every text escaped: paragraphs, one `<ul>` per run of dash items, one `<ol>` per run of
/// numbered items (keeping their numbers).
pub fn to_html(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut open: Option<&str> = None;
    for b in blocks {
        let want = match b {
            Block::Para(_) => None,
            Block::Bullet(_) => Some("ul"),
            Block::Numbered(..) => Some("ol"),
        };
        if open != want {
            if let Some(tag) = open {
                out.push_str(&format!("</{tag}>"));
            }
            if let Some(tag) = want {
                out.push_str(&format!("<{tag}>"));
            }
            open = want;
        }
        match b {
            Block::Para(s) => out.push_str(&format!("<p>{}</p>", spans_html(s))),
            Block::Bullet(s) => out.push_str(&format!("<li>{}</li>", spans_html(s))),
            Block::Numbered(n, s) => {
                out.push_str(&format!("<li value=\"{n}\">{}</li>", spans_html(s)))
            }
        }
    }
    if let Some(tag) = open {
        out.push_str(&format!("</{tag}>"));
    }
    out
}

/// `parse` then `to_html`.
pub fn render_html(src: &str) -> String {
    to_html(&parse(src))
}

/// The text without markup, a line per block ("- " for dash items, "N. " for numbered ones).
pub fn plain_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| {
            let (prefix, s) = match b {
                Block::Para(s) => (String::new(), s),
                Block::Bullet(s) => ("- ".to_string(), s),
                Block::Numbered(n, s) => (format!("{n}. "), s),
            };
            format!(
                "{prefix}{}",
                s.iter().map(|x| x.text.as_str()).collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(text: &str, bold: bool, italic: bool) -> Span {
        Span {
            text: text.into(),
            bold,
            italic,
        }
    }

    #[test]
    fn blocks() {
        let b = parse("Căn cứ Luật,\n\n- một\n+ hai\n1. ba\n12) bốn\n2022 là năm\n");
        assert_eq!(b.len(), 6);
        assert!(matches!(&b[0], Block::Para(_)));
        assert!(matches!(&b[1], Block::Bullet(_)));
        assert!(matches!(&b[2], Block::Bullet(_)));
        assert_eq!(b[3], Block::Numbered(1, vec![sp("ba", false, false)]));
        assert_eq!(b[4], Block::Numbered(12, vec![sp("bốn", false, false)]));
        assert!(
            matches!(&b[5], Block::Para(_)),
            "a year is not a number marker"
        );
        assert!(parse("").is_empty() && parse("  \n \n").is_empty());
    }

    #[test]
    fn inline() {
        assert_eq!(
            spans("chủ đề **“Kỷ cương, trách nhiệm”** nhằm"),
            vec![
                sp("chủ đề ", false, false),
                sp("“Kỷ cương, trách nhiệm”", true, false),
                sp(" nhằm", false, false)
            ]
        );
        assert_eq!(
            spans("**“Kỷ cương, trách nhiệm”**"),
            vec![sp("“Kỷ cương, trách nhiệm”", true, false)]
        );
        assert_eq!(spans("*nghiêng*"), vec![sp("nghiêng", false, true)]);
        assert_eq!(spans("***cả hai***"), vec![sp("cả hai", true, true)]);
        assert_eq!(
            spans("**đậm *và nghiêng* đậm**"),
            vec![
                sp("đậm ", true, false),
                sp("và nghiêng", true, true),
                sp(" đậm", true, false)
            ]
        );
        assert_eq!(
            spans("a *b* c **d**"),
            vec![
                sp("a ", false, false),
                sp("b", false, true),
                sp(" c ", false, false),
                sp("d", true, false)
            ]
        );
        assert!(spans("").is_empty());
    }

    #[test]
    fn unmatched_stars_are_text() {
        for s in [
            "5 * 3 = 15",
            "2 * 3 * 4",
            "*",
            "**",
            "****",
            "**không đóng",
            "mở *",
            "* mục không phải gạch đầu dòng",
            "** **",
            "**** bốn ****",
        ] {
            assert_eq!(spans(s), vec![sp(s, false, false)], "{s:?}");
        }
        assert_eq!(
            spans("**đậm* thường"),
            vec![sp("**đậm* thường", false, false)]
        );
        // many unmatched stars: one pass, not quadratic
        let long = "*a ".repeat(20_000);
        assert_eq!(plain_text(&parse(&long)), long.trim());
    }

    #[test]
    fn html_is_escaped() {
        let html = render_html("<script>alert(1)</script> & **<b>**\n- a\n- b\n1. c");
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; <strong>&lt;b&gt;</strong></p>\
             <ul><li>a</li><li>b</li></ul><ol><li value=\"1\">c</li></ol>"
        );
        assert_eq!(
            render_html("Tên \"A\" & 'B'"),
            "<p>Tên &quot;A&quot; &amp; &#39;B&#39;</p>"
        );
        assert_eq!(plain_text(&parse("- a\n2. **b**\nc")), "- a\n2. b\nc");
    }

    #[test]
    fn entities_are_text() {
        // what is typed is what is stored and shown: "&amp;" stays those five characters
        let b = parse("a &amp; b");
        assert_eq!(plain_text(&b), "a &amp; b");
        assert_eq!(to_html(&b), "<p>a &amp;amp; b</p>");
        assert_eq!(render_html("&lt;b&gt;"), "<p>&amp;lt;b&amp;gt;</p>");
    }

    #[test]
    fn lists_keep_their_numbers_and_split_on_paragraphs() {
        let src = "  • một  \n- hai\nđoạn **giữa**\n3. ba\n7) bảy\n\n- cuối";
        assert_eq!(
            render_html(src),
            "<ul><li>một</li><li>hai</li></ul><p>đoạn <strong>giữa</strong></p>\
             <ol><li value=\"3\">ba</li><li value=\"7\">bảy</li></ol><ul><li>cuối</li></ul>"
        );
        assert_eq!(
            plain_text(&parse(src)),
            "- một\n- hai\nđoạn giữa\n3. ba\n7. bảy\n- cuối"
        );
        assert_eq!(render_html(""), "");
        assert_eq!(render_html(" \n\t\n"), "");
        assert_eq!(plain_text(&[]), "");
        assert_eq!(
            parse("-không cách\n1.5 điểm\n99999999999. lớn"),
            vec![
                Block::Para(vec![sp("-không cách", false, false)]),
                Block::Para(vec![sp("1.5 điểm", false, false)]),
                Block::Para(vec![sp("99999999999. lớn", false, false)]),
            ]
        );
    }
}
