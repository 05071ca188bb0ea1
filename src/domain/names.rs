//! Vietnamese text and names: NFC normalisation, given-name ordering, search folding.

use unicode_normalization::UnicodeNormalization;

/// NFC-normalises and trims `s`, collapsing runs of whitespace into one space.
pub fn clean_text(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// NFC-normalises `s` keeping its lines (for multi-line fields).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Multi-line text: NFC, each line trimmed, no blank lines at either end.
pub fn clean_block(s: &str) -> String {
    nfc(s)
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The given name: the last word of a Vietnamese full name ("Nguyễn Thị Thu Hà" -> "Hà").
pub fn given_name(full_name: &str) -> &str {
    full_name.split_whitespace().last().unwrap_or("")
}

/// A person's full name, parsed: NFC, single spaces, 1..=200 characters, letters, spaces,
/// apostrophes, hyphens and dots only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FullName(String);

impl FullName {
    pub fn parse(s: &str) -> Result<FullName, &'static str> {
        let s = clean_text(s);
        if s.is_empty() {
            return Err("err.required");
        }
        if s.chars().count() > 200 {
            return Err("err.too_long");
        }
        if !s
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '-' || c == '.')
        {
            return Err("err.name_chars");
        }
        Ok(FullName(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Folds Vietnamese text for comparison the way the database's `thidua_fold` does:
/// strips diacritics (including đ -> d) and lower-cases. Used for in-memory checks (duplicates in a file).
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Lower-cases and strips the tone marks only, keeping the letters ă â đ ê ô ơ ư (for ordering checks).
pub fn fold_keep_letters(s: &str) -> String {
    s.nfd()
        .filter(|c| {
            !matches!(
                *c,
                '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'
            )
        })
        .nfc()
        .flat_map(char::to_lowercase)
        .collect()
}

/// A phrase as running text continues it: its first letter in lower case ("Phát động phong trào thi
/// đua năm 2022" after "về việc" reads "phát động phong trào thi đua năm 2022"). A first word in
/// capitals ("UBND", "HĐND") is an abbreviation and stays.
pub fn sentence_case(s: &str) -> String {
    let first = s.split_whitespace().next().unwrap_or("");
    if first.chars().filter(|c| c.is_alphabetic()).count() > 1
        && first.chars().all(|c| !c.is_lowercase())
    {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "2340000" → "2.340.000" (the Vietnamese thousands separator); decimals are dropped.
pub fn group_thousands(digits: &str) -> String {
    let digits = digits.split('.').next().unwrap_or(digits);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn running_text_continues_a_title_in_lower_case() {
        assert_eq!(
            sentence_case("Phát động phong trào thi đua năm 2022"),
            "phát động phong trào thi đua năm 2022"
        );
        assert_eq!(sentence_case("UBND tỉnh"), "UBND tỉnh");
        assert_eq!(sentence_case(""), "");
    }

    use super::*;

    #[test]
    fn nfd_input_equals_its_nfc_twin() {
        let nfd = "Nguye\u{302}\u{303}n Va\u{306}n An";
        assert_eq!(clean_text(nfd), "Nguyễn Văn An");
        assert_eq!(FullName::parse(nfd).unwrap().as_str(), "Nguyễn Văn An");
    }

    #[test]
    fn given_name_is_last_word() {
        assert_eq!(given_name("Nguyễn Thị Thu Hà"), "Hà");
        assert_eq!(given_name("  Lê   Đạt "), "Đạt");
        assert_eq!(given_name(""), "");
    }

    #[test]
    fn full_name_rules() {
        assert_eq!(FullName::parse("   "), Err("err.required"));
        assert_eq!(FullName::parse("Nguyễn <script>"), Err("err.name_chars"));
        assert_eq!(FullName::parse(&"a".repeat(201)), Err("err.too_long"));
        assert_eq!(
            FullName::parse("  Thạch   Thị  Sa Rươl ").unwrap().as_str(),
            "Thạch Thị Sa Rươl"
        );
    }

    #[test]
    fn tone_marks_go_letters_stay() {
        assert_eq!(fold_keep_letters("Ấn"), "ân");
        assert_eq!(fold_keep_letters("Đặng"), "đăng");
        assert_eq!(fold_keep_letters("Ưởng"), "ương");
    }

    #[test]
    fn folding_ignores_diacritics_and_d_stroke() {
        assert_eq!(fold("Nguyễn Văn An"), "nguyen van an");
        assert_eq!(fold("Đặng"), "dang");
        // shown words keep their marks; only the folded form is equal
        assert_ne!("dế", "dê");
        assert_eq!(fold("dế"), fold("dê"));
    }
}
