//! User-interface text in Vietnamese (default) and English.
//!
//! Texts live in `locales/{vi,en}.txt` as `key = value` lines and are compiled into the binary.
//! A missing key shows the key itself (and the `locales_complete` test fails).

use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }
}

pub fn parse_catalogue(src: &'static str) -> HashMap<&'static str, &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

pub static VI_SRC: &str = include_str!("../locales/vi.txt");
pub static EN_SRC: &str = include_str!("../locales/en.txt");

static VI: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse_catalogue(VI_SRC));
static EN: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse_catalogue(EN_SRC));

/// The text for `key` in `lang` ("[key?]" markers are caught by the `locales_complete` test).
pub fn t(lang: Lang, key: &str) -> &'static str {
    let cat = match lang {
        Lang::Vi => &*VI,
        Lang::En => &*EN,
    };
    match cat.get(key) {
        Some(v) => v,
        None => {
            tracing::warn!(key, "missing translation");
            "[?]"
        }
    }
}

/// The text for `key` with `{}` replaced by `arg`, in order.
pub fn tf(lang: Lang, key: &str, args: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = t(lang, key);
    let mut args = args.iter();
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}
