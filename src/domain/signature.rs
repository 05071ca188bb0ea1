//! A signed PDF's digital signature as poppler's `pdfsig` reports it: who signed (the certificate's
//! common name), whether the signature is valid, whether it covers the whole document (nothing added
//! after signing), and what pdfsig says of the certificate (a Department's CA is seldom in the
//! server's trust store, so that is shown, not required).

/// The first signature of a document.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Signature {
    pub signer: String,
    pub valid: bool,
    /// the signature covers the whole file: it was not changed after signing
    pub whole_document: bool,
    pub validation: String,
    pub certificate: String,
    pub signed_at: String,
    /// the issuer of the signer's certificate, its serial number and fingerprint (SHA-256)
    #[serde(default)]
    pub issuer: String,
    #[serde(default)]
    pub serial: String,
    #[serde(default)]
    pub sha256: String,
    /// checked at issue: the certificate chains to a CA of the trust store at the signing time,
    /// allows signing, and is the approver's confirmed pinned certificate (false for decisions
    /// issued before those checks existed)
    #[serde(default)]
    pub trusted: bool,
    /// the trusted CA the chain ended in
    #[serde(default)]
    pub anchor: String,
    /// the revocation list of the certificate's issuer was consulted
    #[serde(default)]
    pub crl_checked: bool,
    /// the pinned certificate (signer_certificates.id) the signature was made with
    #[serde(default)]
    pub pinned_certificate: Option<i64>,
    /// the organisation's own signature added on issue, if one was
    #[serde(default)]
    pub org: Option<OrgSignature>,
}

/// The organisation's signature the app adds on issue (ND 30/2020: the issuing body's digital
/// signature beside the signer's).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrgSignature {
    pub signer: String,
    pub issuer: String,
    pub signed_at: String,
}

/// The signing time pdfsig prints (run with TZ=UTC) as a UTC time.
pub fn signed_at_utc(pdfsig: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::NaiveDateTime::parse_from_str(pdfsig.trim(), "%b %d %Y %H:%M:%S")
        .ok()
        .map(|t| t.and_utc())
}

/// The locale key of what pdfsig says of a signature or its certificate, so that the page says it in
/// the reader's language; `None` for a message it does not know (shown as pdfsig wrote it).
pub fn message_key(pdfsig: &str) -> Option<&'static str> {
    Some(match pdfsig.trim() {
        "Signature is Valid." => "sig.valid",
        "Signature is Invalid." => "sig.invalid",
        "Digest Mismatch." => "sig.digest_mismatch",
        "Document isn't signed or corrupted data." => "sig.corrupted",
        "Signature has not yet been verified." => "sig.unverified",
        "Unknown Validation Failure." => "sig.unknown_failure",
        "Certificate is Trusted." => "sig.cert_trusted",
        "Certificate issuer isn't Trusted." => "sig.cert_untrusted_issuer",
        "Certificate issuer is unknown." => "sig.cert_unknown_issuer",
        "Certificate has been Revoked." => "sig.cert_revoked",
        "Certificate has Expired" | "Certificate has Expired." => "sig.cert_expired",
        "Certificate is not yet verified." => "sig.cert_unverified",
        "Unknown issue with Certificate or corrupted data." => "sig.cert_unknown",
        _ => return None,
    })
}

/// pdfsig's signing time in UTC ("Nov 26 2026 06:59:18") as the pages write times, in Vietnam's
/// time ("26/11/2026 13:59"); as it came when it does not read.
pub fn signed_at_text(pdfsig: &str) -> String {
    signed_at_utc(pdfsig)
        .map(|t| {
            t.with_timezone(&super::dates::vn_offset())
                .format("%d/%m/%Y %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| pdfsig.to_string())
}

/// The first signature in `pdfsig`'s report, or `None` when it found none.
pub fn parse_pdfsig(report: &str) -> Option<Signature> {
    parse_pdfsig_all(report).into_iter().next()
}

/// Every signature in `pdfsig`'s report, in the file's order.
pub fn parse_pdfsig_all(report: &str) -> Vec<Signature> {
    let mut blocks = Vec::new();
    let mut n = 1;
    while let Some(start) = report.find(&format!("Signature #{n}:")) {
        let rest = &report[start..];
        let end = rest
            .find(&format!("Signature #{}:", n + 1))
            .unwrap_or(rest.len());
        blocks.push(&rest[..end]);
        n += 1;
    }
    blocks.into_iter().map(parse_block).collect()
}

fn parse_block(block: &str) -> Signature {
    let field = |name: &str| {
        block
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("- ")?
                    .strip_prefix(name)?
                    .strip_prefix(':')
            })
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let validation = field("Signature Validation");
    Signature {
        signer: field("Signer Certificate Common Name"),
        valid: validation == "Signature is Valid.",
        whole_document: block.lines().any(|l| l.trim() == "- Total document signed"),
        certificate: field("Certificate Validation"),
        signed_at: field("Signing Time"),
        validation,
        ..Signature::default()
    }
}

/// The words of a PDF's text as pdftotext reads it, for comparing two renderings of one document:
/// whitespace collapsed, and the lines that hold only a number (page numbers, which fall where the
/// pages break) left out.
fn words(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.chars().all(|c| c.is_ascii_digit()))
        .flat_map(str::split_whitespace)
        .collect()
}

/// Where the text of a signed PDF differs from the text of the decision as approved, in words a
/// clerk reads ("… hình thức: «999.000.000 đồng» where the approved text has «1.490.000 đồng»"),
/// or `None` when they read the same.
pub fn text_difference(approved: &str, signed: &str) -> Option<String> {
    let (a, s) = (words(approved), words(signed));
    if a == s {
        return None;
    }
    let first = a.iter().zip(&s).take_while(|(x, y)| x == y).count();
    // the end of the difference: the longest common tail after it
    let tail = a[first..]
        .iter()
        .rev()
        .zip(s[first..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let cut = |w: &[&str]| {
        let text = w.join(" ");
        match text.char_indices().nth(200) {
            Some((i, _)) => format!("{}…", &text[..i]),
            None => text,
        }
    };
    let before = cut(&a[first.saturating_sub(6)..first]);
    Some(format!(
        "{before} «{}» ≠ «{}»",
        cut(&s[first..s.len() - tail]),
        cut(&a[first..a.len() - tail])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNED: &str = "Digital Signature Info of: qd.pdf
Signature #1:
  - Signature Field Name: Signature1
  - Signer Certificate Common Name: Lê Minh Khoa
  - Signer full Distinguished Name: O=Sở Tài nguyên và Môi trường,CN=Lê Minh Khoa
  - Signing Time: Nov 26 2026 13:59:18
  - Signing Hash Algorithm: SHA-256
  - Signature Type: adbe.pkcs7.detached
  - Signed Ranges: [0 - 82448], [87430 - 87974]
  - Total document signed
  - Signature Validation: Signature is Valid.
  - Certificate Validation: Certificate issuer isn't Trusted.
";

    #[test]
    fn pdfsigs_words_are_said_in_the_readers_language() {
        assert_eq!(message_key("Signature is Valid."), Some("sig.valid"));
        assert_eq!(
            message_key("Certificate issuer isn't Trusted."),
            Some("sig.cert_untrusted_issuer")
        );
        assert_eq!(message_key("Something new."), None);
        assert_eq!(signed_at_text("Nov 26 2026 06:59:18"), "26/11/2026 13:59");
        assert_eq!(signed_at_text("not a time"), "not a time");
    }

    #[test]
    fn a_valid_signature_over_the_whole_file() {
        let s = parse_pdfsig(SIGNED).unwrap();
        assert_eq!(s.signer, "Lê Minh Khoa");
        assert!(s.valid && s.whole_document);
        assert_eq!(s.certificate, "Certificate issuer isn't Trusted.");
    }

    #[test]
    fn a_changed_file_and_an_unsigned_one() {
        let tampered = SIGNED.replace("Signature is Valid.", "Digest Mismatch.");
        assert!(!parse_pdfsig(&tampered).unwrap().valid);
        let appended = SIGNED.replace("Total document signed", "Not total document signed");
        assert!(!parse_pdfsig(&appended).unwrap().whole_document);
        assert_eq!(
            parse_pdfsig("File 'x.pdf' does not contain any signatures\n"),
            None
        );
    }

    /// Issue 28, 1: the signer's signature and the organisation's after it, each read apart.
    #[test]
    fn two_signatures_are_read_apart() {
        let second = SIGNED
            .replace("Digital Signature Info of: qd.pdf\n", "")
            .replace("Signature #1", "Signature #2")
            .replace("Lê Minh Khoa", "Sở Tài nguyên và Môi trường");
        let both = SIGNED.replace("  - Total document signed\n", "") + &second;
        let all = parse_pdfsig_all(&both);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].signer, "Lê Minh Khoa");
        assert!(all[0].valid && !all[0].whole_document);
        assert_eq!(all[1].signer, "Sở Tài nguyên và Môi trường");
        assert!(all[1].valid && all[1].whole_document);
        assert_eq!(
            parse_pdfsig(&both).map(|s| s.signer),
            Some("Lê Minh Khoa".into())
        );
    }

    /// Issue 28, 1: the text of a signed PDF against the approved text; page numbers and line
    /// breaks aside, a word changed, added or removed is named with its place.
    #[test]
    fn a_signed_text_that_differs_from_the_approved_one_is_named() {
        let approved = "QUYẾT ĐỊNH\nTặng Giấy khen cho:\n1. Nguyễn Ngọc Bích\n2\nMức thưởng: 1.490.000 đồng\nGIÁM ĐỐC";
        // laid out on other lines, the page number elsewhere: the same text
        let same = "QUYẾT ĐỊNH Tặng Giấy khen\n  cho: 1. Nguyễn Ngọc Bích\nMức thưởng:\n1.490.000 đồng\n3\nGIÁM ĐỐC";
        assert_eq!(text_difference(approved, same), None);
        let forged = approved.replace("1.490.000", "GIA MAO 999.000.000");
        assert_eq!(
            text_difference(approved, &forged).as_deref(),
            Some("1. Nguyễn Ngọc Bích Mức thưởng: «GIA MAO 999.000.000» ≠ «1.490.000»")
        );
        let dropped = approved.replace("1. Nguyễn Ngọc Bích\n", "");
        assert_eq!(
            text_difference(approved, &dropped).as_deref(),
            Some("QUYẾT ĐỊNH Tặng Giấy khen cho: «» ≠ «1. Nguyễn Ngọc Bích»")
        );
        assert!(text_difference(approved, "").is_some());
    }
}
