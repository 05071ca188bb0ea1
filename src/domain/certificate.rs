//! Where the certificates' text goes on an issuer's pre-printed paper (Giấy khen, giấy chứng nhận):
//! the page's size and, for each field, its anchor in millimetres from the top-left corner, its size
//! in points and whether it is centred on the anchor. The Office measures its paper, prints a test
//! page on plain paper, lays it over a blank certificate against the light and corrects the figures.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A text field's place: the anchor (mm from the left and from the top edge, on the baseline),
/// the font size in points, and whether the text is centred on the anchor or starts there.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub center: bool,
}

const fn field(x: f32, y: f32, size: f32, center: bool) -> Field {
    Field { x, y, size, center }
}

/// The layout of one issuer's certificates. The QR code's `size` is its side in millimetres.
/// `full`: the whole certificate is printed on plain paper (the national title, the issuing body,
/// TẶNG or CÔNG NHẬN, the recipient, the achievement, the place and date, the signer, the register
/// number, the QR code); else only the variable parts, at the positions given, onto the issuer's
/// pre-printed paper.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    pub width: f32,
    pub height: f32,
    #[serde(default)]
    pub full: bool,
    pub name: Field,
    pub unit: Field,
    pub title: Field,
    pub decision: Field,
    pub date: Field,
    #[serde(default = "default_register")]
    pub register: Field,
    #[serde(default = "default_signer")]
    pub signer: Field,
    pub qr: Field,
    pub code: Field,
}

fn default_register() -> Field {
    field(40.0, 196.0, 11.0, false)
}

fn default_signer() -> Field {
    field(205.0, 188.0, 14.0, true)
}

impl Default for Layout {
    /// An A4 landscape sheet with the usual Giấy khen: the recipient's name under the printed
    /// "GIẤY KHEN", the unit and the achievement below it, the place and date on the right above the
    /// signature, the decision's number on the left, and the QR code in the bottom-left corner.
    fn default() -> Self {
        Layout {
            width: 297.0,
            height: 210.0,
            full: false,
            name: field(148.5, 100.0, 22.0, true),
            unit: field(148.5, 112.0, 15.0, true),
            title: field(148.5, 125.0, 16.0, true),
            decision: field(40.0, 190.0, 11.0, false),
            date: field(205.0, 145.0, 13.0, true),
            register: default_register(),
            signer: default_signer(),
            qr: field(18.0, 150.0, 24.0, false),
            code: field(18.0, 180.0, 8.0, false),
        }
    }
}

/// The text fields in the order of the form, with their labels' keys.
pub const TEXT_FIELDS: [&str; 8] = [
    "name", "unit", "title", "decision", "date", "register", "signer", "code",
];

impl Layout {
    pub fn get(&self, key: &str) -> Option<&Field> {
        Some(match key {
            "name" => &self.name,
            "unit" => &self.unit,
            "title" => &self.title,
            "decision" => &self.decision,
            "date" => &self.date,
            "register" => &self.register,
            "signer" => &self.signer,
            "qr" => &self.qr,
            "code" => &self.code,
            _ => return None,
        })
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Field> {
        Some(match key {
            "name" => &mut self.name,
            "unit" => &mut self.unit,
            "title" => &mut self.title,
            "decision" => &mut self.decision,
            "date" => &mut self.date,
            "register" => &mut self.register,
            "signer" => &mut self.signer,
            "qr" => &mut self.qr,
            "code" => &mut self.code,
            _ => return None,
        })
    }

    /// The layout as the editor's form shows it ("12.5" figures, a centred field's box ticked).
    pub fn to_form(&self) -> HashMap<String, String> {
        let mut m = HashMap::new();
        m.insert("width".into(), self.width.to_string());
        m.insert("height".into(), self.height.to_string());
        if self.full {
            m.insert("full".into(), "1".into());
        }
        for key in TEXT_FIELDS.iter().copied().chain(["qr"]) {
            if let Some(f) = self.get(key) {
                m.insert(format!("{key}_x"), f.x.to_string());
                m.insert(format!("{key}_y"), f.y.to_string());
                m.insert(format!("{key}_size"), f.size.to_string());
                if f.center {
                    m.insert(format!("{key}_center"), "1".into());
                }
            }
        }
        m
    }

    /// The layout from the editor's form (`width`, `height`, `{field}_x`, `{field}_y`,
    /// `{field}_size`, `{field}_center`), or each bad figure's input name and message key. A comma
    /// is read as the decimal point ("12,5").
    pub fn from_form(
        form: &HashMap<String, String>,
    ) -> Result<Layout, Vec<(String, &'static str)>> {
        let mut errors = Vec::new();
        let mut l = Layout {
            full: form.get("full").is_some_and(|v| !v.is_empty()),
            ..Layout::default()
        };
        let mut num = |key: String, lo: f32, hi: f32| -> Option<f32> {
            // the fields added later (the register line, the signer) keep their defaults on a
            // form that does not carry them; every other figure is required
            let later = key.starts_with("register_") || key.starts_with("signer_");
            let raw = match form.get(&key) {
                Some(v) => v.trim(),
                None if later => return None,
                None => "",
            };
            match raw.replace(',', ".").parse::<f32>() {
                Ok(v) if v.is_finite() && (lo..=hi).contains(&v) => Some((v * 10.0).round() / 10.0),
                Ok(_) if !raw.is_empty() => {
                    errors.push((key, "certificate.err_range"));
                    None
                }
                _ => {
                    errors.push((key, "certificate.err_number"));
                    None
                }
            }
        };
        if let Some(w) = num("width".into(), 50.0, 600.0) {
            l.width = w;
        }
        if let Some(h) = num("height".into(), 50.0, 600.0) {
            l.height = h;
        }
        let (w, h) = (l.width, l.height);
        for key in TEXT_FIELDS.iter().copied().chain(["qr"]) {
            let (lo, hi) = if key == "qr" {
                (10.0, 80.0)
            } else {
                (5.0, 60.0)
            };
            let x = num(format!("{key}_x"), 0.0, w);
            let y = num(format!("{key}_y"), 0.0, h);
            let size = num(format!("{key}_size"), lo, hi);
            let center = match form.get(&format!("{key}_x")) {
                None => l.get(key).is_some_and(|f| f.center),
                Some(_) => form
                    .get(&format!("{key}_center"))
                    .is_some_and(|v| !v.is_empty()),
            };
            if let Some(f) = l.get_mut(key) {
                f.x = x.unwrap_or(f.x);
                f.y = y.unwrap_or(f.y);
                f.size = size.unwrap_or(f.size);
                f.center = center && key != "qr";
            }
        }
        if errors.is_empty() {
            Ok(l)
        } else {
            Err(errors)
        }
    }
}

/// What kind of certificate a title comes with (the regime's setting, `titles.certificate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// a title recognised ("CÔNG NHẬN … Đạt danh hiệu …"): Chiến sĩ thi đua, Tập thể lao động xuất sắc
    Recognition,
    /// a form of commendation given ("TẶNG GIẤY KHEN")
    Commendation,
}

impl Kind {
    /// The setting's kind; `None` for a title printed with no certificate.
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "recognition" => Some(Kind::Recognition),
            "commendation" => Some(Kind::Commendation),
            _ => None,
        }
    }
    /// The verb over the recipient: "TẶNG" a commendation, "CÔNG NHẬN" a title.
    pub fn verb(self) -> &'static str {
        match self {
            Kind::Recognition => "CÔNG NHẬN",
            Kind::Commendation => "TẶNG",
        }
    }
}

/// What one certificate says: every text already in the words it is printed with.
#[derive(Clone, Debug, Default)]
pub struct Certificate {
    /// the recipient with Ông/Bà ("Bà Nguyễn Thị Hường"), a collective by its name
    pub name: String,
    /// the person's position and unit ("Chuyên viên, Phòng Quản lý đất đai"), empty for a collective
    pub unit: String,
    /// the achievement ("Đạt danh hiệu “Chiến sĩ thi đua cơ sở” năm 2022")
    pub title: String,
    /// "Quyết định số 01/QĐ-STNMT ngày 29/12/2022"
    pub decision: String,
    /// "Sóc Trăng, ngày 29 tháng 12 năm 2022"
    pub date: String,
    /// "Số sổ: 15", with "(cấp lại)" on a certificate issued again
    pub register: String,
    /// the signer's name
    pub signer: String,
    /// the registry's verification code and the address of its public page (the QR code's content)
    pub code: String,
    pub url: String,
    /// what a certificate printed whole on plain paper adds: the body above the issuer and the
    /// issuer ("UBND TỈNH SÓC TRĂNG", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"), the authority that gives it
    /// ("GIÁM ĐỐC SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"), the verb ("TẶNG", "CÔNG NHẬN"), the form given
    /// ("GIẤY KHEN"; empty for a title), the signer's title lines
    pub parent: String,
    pub issuer: String,
    pub authority: String,
    pub verb: String,
    pub form: String,
    pub signer_lines: Vec<String>,
}

/// The achievement's line: "Đạt danh hiệu “Chiến sĩ thi đua cơ sở” năm 2022" for a title, "Đã có
/// thành tích xuất sắc năm 2022" for a commendation.
pub fn achievement(form: &str, title: &str, year: i32) -> String {
    if form == "title" {
        format!("Đạt danh hiệu “{title}” năm {year}")
    } else {
        format!("Đã có thành tích xuất sắc trong phong trào thi đua năm {year}")
    }
}

/// The form given as a certificate prints it large ("GIẤY KHEN" for "Giấy khen của Giám đốc Sở"),
/// empty for a title (a title is never labelled a Giấy khen).
pub fn form_heading(kind: Kind, title: &str) -> String {
    match kind {
        Kind::Recognition => String::new(),
        Kind::Commendation => {
            let t = title.trim();
            let short = t.split(" của ").next().unwrap_or(t);
            short.to_uppercase()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form_of(l: &Layout) -> HashMap<String, String> {
        l.to_form()
    }

    #[test]
    fn the_form_reads_back_what_it_shows() {
        let l = Layout::default();
        assert_eq!(Layout::from_form(&form_of(&l)), Ok(l));
    }

    #[test]
    fn a_comma_is_a_decimal_point_and_bad_figures_are_named() {
        let mut m = form_of(&Layout::default());
        m.insert("name_y".into(), "101,25".into());
        let l = Layout::from_form(&m).unwrap_or_default();
        assert_eq!(l.name.y, 101.3);
        m.insert("name_x".into(), "abc".into());
        m.insert("qr_size".into(), "200".into());
        m.insert("date_y".into(), "211".into());
        let errors = Layout::from_form(&m).err().unwrap_or_default();
        assert_eq!(
            errors,
            vec![
                ("name_x".to_string(), "certificate.err_number"),
                ("date_y".to_string(), "certificate.err_range"),
                ("qr_size".to_string(), "certificate.err_range"),
            ]
        );
    }

    #[test]
    fn a_field_is_checked_against_the_page_it_is_on() {
        let mut m = form_of(&Layout::default());
        m.insert("width".into(), "148".into());
        let errors = Layout::from_form(&m).err().unwrap_or_default();
        let keys: Vec<&str> = errors.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(keys, ["name_x", "unit_x", "title_x", "date_x", "signer_x"]);
    }
}
