//! A tiny, safe markup for the rich-text fields of official documents, typed into a textarea and
//! stored as plain text: no HTML is ever stored, so nothing can be injected.
//!
//! Each non-empty line is a block: "- ", "+ " or "• " starts a dash item, "12. " or "12) " a
//! numbered item, anything else a paragraph. Inline, `**bold**`, `*italic*` and `***both***`; an
//! unmatched `*` is text.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Block {
    Para(Vec<Span>),
    Bullet(Vec<Span>),
    Numbered(u32, Vec<Span>),
}

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

/// Inline markup of one line.
pub fn spans(line: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let Some(start) = rest.find('*') else {
            push(&mut out, rest, false, false);
            break;
        };
        push(&mut out, &rest[..start], false, false);
        let after = &rest[start..];
        let stars = after.chars().take_while(|c| *c == '*').count().min(3);
        let marker = &after[..stars];
        let inner = &after[stars..];
        match inner.find(marker) {
            Some(end) if end > 0 => {
                let (bold, italic) = match stars {
                    1 => (false, true),
                    2 => (true, false),
                    _ => (true, true),
                };
                push(&mut out, &inner[..end], bold, italic);
                rest = &inner[end + stars..];
            }
            _ => {
                push(&mut out, marker, false, false);
                rest = inner;
            }
        }
    }
    out
}

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
        assert_eq!(spans("*nghiêng*"), vec![sp("nghiêng", false, true)]);
        assert_eq!(spans("***cả hai***"), vec![sp("cả hai", true, true)]);
        assert_eq!(spans("5 * 3 = 15"), vec![sp("5 * 3 = 15", false, false)]);
    }

    #[test]
    fn html_is_escaped() {
        let html = render_html("<script>alert(1)</script> & **<b>**\n- a\n- b\n1. c");
        assert_eq!(
            html,
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; <strong>&lt;b&gt;</strong></p>\
             <ul><li>a</li><li>b</li></ul><ol><li value=\"1\">c</li></ol>"
        );
        assert_eq!(plain_text(&parse("- a\n2. **b**\nc")), "- a\n2. b\nc");
    }
}
