//! Figures as Vietnamese documents print them: a decimal comma, thousands grouped by dots, and a
//! percentage with its decimals and a space before its sign ("87,5 %", never "87.5%" nor a
//! truncated "87 %").

/// `part` of `whole` as a percentage, rounded half up to at most `decimals` decimals (0 to 2),
/// trailing zeros dropped: percent(7, 8, 1) = "87,5 %", percent(14, 15, 2) = "93,33 %",
/// percent(5, 5, 1) = "100 %". `None` when `whole` is 0.
pub fn percent(part: u64, whole: u64, decimals: u32) -> Option<String> {
    if whole == 0 {
        return None;
    }
    let decimals = decimals.min(2);
    let scale = 10u64.pow(decimals);
    let scaled = (part * 100 * scale * 2 + whole) / (whole * 2);
    Some(format!("{} %", fixed(scaled, decimals)))
}

/// A share kept in hundredths of a per cent (9000 = 90 %), as a percentage: "90 %", "66,67 %".
pub fn percent_hundredths(hundredths: u32) -> String {
    format!("{} %", fixed(u64::from(hundredths), 2))
}

/// `scaled` / 10^decimals with a decimal comma, trailing zeros dropped.
fn fixed(scaled: u64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals);
    let (whole, mut frac) = (scaled / scale, scaled % scale);
    let mut digits = decimals as usize;
    while digits > 0 && frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    if digits == 0 {
        whole.to_string()
    } else {
        format!("{whole},{frac:0digits$}")
    }
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// A group of three digits in words; `full` when a higher group precedes it (so "không trăm" and
/// "lẻ" are said).
fn hundreds(n: u64, full: bool) -> String {
    let (h, t, u) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    let mut w: Vec<&str> = Vec::new();
    if h > 0 || full {
        w.push(DIGITS[h]);
        w.push("trăm");
    }
    match t {
        0 if u > 0 && (h > 0 || full) => w.push("lẻ"),
        0 => {}
        1 => w.push("mười"),
        _ => {
            w.push(DIGITS[t]);
            w.push("mươi");
        }
    }
    match u {
        0 => {}
        1 if t > 1 => w.push("mốt"),
        4 if t > 1 => w.push("tư"),
        5 if t > 0 => w.push("lăm"),
        _ => w.push(DIGITS[u]),
    }
    w.join(" ")
}

/// An amount of đồng in words, as a decision writes it after the figure ("Bằng chữ: Hai triệu
/// năm trăm năm mươi nghìn đồng").
pub fn vnd_words(amount: u64) -> String {
    if amount == 0 {
        return "Không đồng".into();
    }
    const UNITS: [&str; 6] = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"];
    let mut groups = Vec::new();
    let mut n = amount;
    while n > 0 {
        groups.push(n % 1000);
        n /= 1000;
    }
    let mut words: Vec<String> = Vec::new();
    let top = groups.len() - 1;
    for (i, g) in groups.iter().enumerate().rev() {
        if *g == 0 {
            continue;
        }
        words.push(hundreds(*g, i < top));
        if !UNITS[i].is_empty() {
            words.push(UNITS[i].to_string());
        }
    }
    let text = format!("{} đồng", words.join(" "));
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_out_as_a_decision_writes_them() {
        assert_eq!(
            vnd_words(2_550_000),
            "Hai triệu năm trăm năm mươi nghìn đồng"
        );
        assert_eq!(vnd_words(450_000), "Bốn trăm năm mươi nghìn đồng");
        assert_eq!(vnd_words(1_200_000), "Một triệu hai trăm nghìn đồng");
        assert_eq!(
            vnd_words(1_490_000),
            "Một triệu bốn trăm chín mươi nghìn đồng"
        );
        assert_eq!(
            vnd_words(21_005_000),
            "Hai mươi mốt triệu không trăm lẻ năm nghìn đồng"
        );
        assert_eq!(vnd_words(15_000), "Mười lăm nghìn đồng");
        assert_eq!(vnd_words(1_000_000_000), "Một tỷ đồng");
        assert_eq!(vnd_words(24_000), "Hai mươi tư nghìn đồng");
        assert_eq!(vnd_words(0), "Không đồng");
    }

    #[test]
    fn percentages_keep_their_decimals_with_a_comma_and_a_space() {
        assert_eq!(percent(7, 8, 1).as_deref(), Some("87,5 %"));
        assert_eq!(percent(14, 15, 2).as_deref(), Some("93,33 %"));
        assert_eq!(percent(14, 15, 1).as_deref(), Some("93,3 %"));
        assert_eq!(percent(2, 3, 2).as_deref(), Some("66,67 %"));
        assert_eq!(percent(1, 3, 1).as_deref(), Some("33,3 %"));
        assert_eq!(percent(5, 5, 1).as_deref(), Some("100 %"));
        assert_eq!(percent(0, 5, 1).as_deref(), Some("0 %"));
        assert_eq!(percent(1, 200, 2).as_deref(), Some("0,5 %"));
        assert_eq!(percent(1, 0, 1), None);
        assert_eq!(percent_hundredths(9000), "90 %");
        assert_eq!(percent_hundredths(6667), "66,67 %");
        assert_eq!(percent_hundredths(5050), "50,5 %");
    }
}
