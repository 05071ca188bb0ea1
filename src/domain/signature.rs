//! A signed PDF's digital signature as poppler's `pdfsig` reports it: who signed (the certificate's
//! common name), whether the signature is valid, whether it covers the whole document (nothing added
//! after signing), and what pdfsig says of the certificate (a Department's CA is seldom in the
//! server's trust store, so that is shown, not required).

/// The first signature of a document.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Signature {
    pub signer: String,
    pub valid: bool,
    /// the signature covers the whole file: it was not changed after signing
    pub whole_document: bool,
    pub validation: String,
    pub certificate: String,
    pub signed_at: String,
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

/// pdfsig's signing time ("Nov 26 2026 13:59:18") as the pages write times ("26/11/2026 13:59");
/// as it came when it does not read.
pub fn signed_at_text(pdfsig: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(pdfsig.trim(), "%b %d %Y %H:%M:%S")
        .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|_| pdfsig.to_string())
}

/// The first signature in `pdfsig`'s report, or `None` when it found none.
pub fn parse_pdfsig(report: &str) -> Option<Signature> {
    let start = report.find("Signature #1:")?;
    let block = &report[start..];
    let block = match block[1..].find("Signature #2:") {
        Some(end) => &block[..end + 1],
        None => block,
    };
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
    Some(Signature {
        signer: field("Signer Certificate Common Name"),
        valid: validation == "Signature is Valid.",
        whole_document: block.lines().any(|l| l.trim() == "- Total document signed"),
        certificate: field("Certificate Validation"),
        signed_at: field("Signing Time"),
        validation,
    })
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
        assert_eq!(signed_at_text("Nov 26 2026 13:59:18"), "26/11/2026 13:59");
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
}
