//! Certificates, revocation lists and the check of a signed decision's signer, with OpenSSL's
//! path validation (no cryptography here): the signer's certificate is taken from the signature's
//! CMS SignedData, its chain built from the certificates the signature carries up to a CA of the
//! trust store and validated at the signing time, with the loaded revocation lists of its issuers.

use chrono::{DateTime, Utc};
use openssl::asn1::{Asn1Time, Asn1TimeRef};
use openssl::nid::Nid;
use openssl::pkcs7::{Pkcs7, Pkcs7Flags};
use openssl::stack::Stack;
use openssl::x509::store::{X509Lookup, X509StoreBuilder};
use openssl::x509::verify::X509VerifyFlags;
use openssl::x509::{X509, X509Crl, X509NameRef, X509Ref, X509StoreContext, X509VerifyResult};
use std::cmp::Ordering;

/// What a certificate or a revocation list says of itself, as the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Described {
    /// SHA-256 of the DER, in hex
    pub sha256: String,
    /// the subject's common name (the full name when it has none); a CRL's issuer
    pub subject: String,
    pub issuer: String,
    /// hex serial number (empty for a CRL)
    pub serial: String,
    /// notBefore .. notAfter; a CRL's thisUpdate .. nextUpdate
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_to: Option<DateTime<Utc>>,
    pub is_ca: bool,
    pub der: Vec<u8>,
}

fn time(t: &Asn1TimeRef) -> Option<DateTime<Utc>> {
    let epoch = Asn1Time::from_unix(0).ok()?;
    let d = epoch.diff(t).ok()?;
    DateTime::from_timestamp(i64::from(d.days) * 86_400 + i64::from(d.secs), 0)
}

/// A distinguished name's common name, or the whole name when it has none.
pub fn name_text(n: &X509NameRef) -> String {
    let cn = n
        .entries_by_nid(Nid::COMMONNAME)
        .find_map(|e| e.data().to_string().ok());
    cn.unwrap_or_else(|| {
        n.entries()
            .filter_map(|e| e.data().to_string().ok())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn sha256_hex(der: &[u8]) -> String {
    openssl::sha::sha256(der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Describes certificate `c`.
pub fn describe(c: &X509Ref) -> Result<Described, &'static str> {
    let der = c.to_der().map_err(|_| "pki.err_unreadable")?;
    let serial = c
        .serial_number()
        .to_bn()
        .and_then(|b| b.to_hex_str().map(|s| s.to_string()))
        .unwrap_or_default();
    Ok(Described {
        sha256: sha256_hex(&der),
        subject: name_text(c.subject_name()),
        issuer: name_text(c.issuer_name()),
        serial,
        valid_from: time(c.not_before()),
        valid_to: time(c.not_after()),
        is_ca: c.pathlen().is_some() || is_ca(c),
        der,
    })
}

/// Whether `c` says it is a CA (basicConstraints cA, or a self-signed root of old).
fn is_ca(c: &X509Ref) -> bool {
    let text = c.to_text().unwrap_or_default();
    String::from_utf8_lossy(&text).contains("CA:TRUE")
        || c.subject_name().try_cmp(c.issuer_name()).ok() == Some(Ordering::Equal)
}

/// The certificates of an uploaded file: PEM (one or more) or DER.
pub fn certificates(bytes: &[u8]) -> Result<Vec<Described>, &'static str> {
    let certs = if bytes.starts_with(b"-----") || bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        X509::stack_from_pem(bytes).map_err(|_| "pki.err_unreadable")?
    } else {
        vec![X509::from_der(bytes).map_err(|_| "pki.err_unreadable")?]
    };
    if certs.is_empty() {
        return Err("pki.err_unreadable");
    }
    certs.iter().map(|c| describe(c)).collect()
}

/// A revocation list of an uploaded file (PEM or DER), with the number of certificates it revokes.
pub fn revocation_list(bytes: &[u8]) -> Result<(Described, usize), &'static str> {
    let crl = if bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        X509Crl::from_pem(bytes)
    } else {
        X509Crl::from_der(bytes)
    }
    .map_err(|_| "pki.err_unreadable_crl")?;
    let der = crl.to_der().map_err(|_| "pki.err_unreadable_crl")?;
    let revoked = crl.get_revoked().map(|s| s.len()).unwrap_or(0);
    Ok((
        Described {
            sha256: sha256_hex(&der),
            subject: name_text(crl.issuer_name()),
            issuer: name_text(crl.issuer_name()),
            serial: String::new(),
            valid_from: time(crl.last_update()),
            valid_to: crl.next_update().and_then(time),
            is_ca: false,
            der,
        },
        revoked,
    ))
}

/// Why a signer's certificate is refused: a locale key and OpenSSL's words for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub key: &'static str,
    pub detail: String,
}

/// The signer's certificate and how its chain validated.
#[derive(Clone, Debug)]
pub struct SignerCheck {
    pub cert: Described,
    /// the CA of the trust store the chain ends in (its common name)
    pub anchor: Option<String>,
    /// the issuers whose revocation lists were consulted
    pub crl_checked: bool,
    /// `None`: the chain validated; the certificate allows signing
    pub refusal: Option<Refusal>,
}

/// The locale key of an OpenSSL verification error.
fn verify_key(e: X509VerifyResult) -> &'static str {
    match e.as_raw() {
        9 => "pki.not_yet_valid",
        10 => "pki.expired",
        23 => "pki.revoked",
        11 | 12 => "pki.crl_out_of_date",
        2 | 18 | 19 | 20 | 21 => "pki.untrusted",
        _ => "pki.invalid_chain",
    }
}

/// Checks the signature `cms` (the DER of a PDF signature's CMS SignedData) made at `signed_at`:
/// the signer's certificate, its chain to a CA of `anchors` (DER) valid at that time, not revoked
/// by any of `crls` (DER) of an issuer on the chain, and allowing digital signatures.
pub fn check_signer(
    cms: &[u8],
    anchors: &[Vec<u8>],
    crls: &[Vec<u8>],
    signed_at: DateTime<Utc>,
) -> Result<SignerCheck, &'static str> {
    let p7 = Pkcs7::from_der(cms).map_err(|_| "pki.err_signature_data")?;
    let carried = p7
        .signed()
        .and_then(|s| s.certificates())
        .map(|s| s.iter().map(|c| c.to_owned()).collect::<Vec<_>>())
        .unwrap_or_default();
    let empty = Stack::new().map_err(|_| "pki.err_signature_data")?;
    let signers = p7
        .signers(&empty, Pkcs7Flags::empty())
        .map_err(|_| "pki.err_no_signer_cert")?;
    let signer = signers.iter().next().ok_or("pki.err_no_signer_cert")?;
    let cert = describe(signer)?;
    let mut untrusted = Stack::new().map_err(|_| "pki.err_signature_data")?;
    for c in carried {
        untrusted.push(c).map_err(|_| "pki.err_signature_data")?;
    }
    // the CRLs of issuers on the chain are read when some are loaded; an issuer with none is not
    // checked (and the page says so)
    let store_crls: Vec<X509Crl> = crls
        .iter()
        .filter_map(|d| X509Crl::from_der(d).ok())
        .collect();
    let verified = verify_chain(signer, &untrusted, anchors, &store_crls, signed_at)?;
    let (anchor, crl_checked, mut refusal) = verified;
    if refusal.is_none() && !allows_signing(signer) {
        refusal = Some(Refusal {
            key: "pki.key_usage",
            detail: String::new(),
        });
    }
    Ok(SignerCheck {
        cert,
        anchor,
        crl_checked,
        refusal,
    })
}

type Verified = (Option<String>, bool, Option<Refusal>);

fn verify_chain(
    signer: &X509Ref,
    untrusted: &openssl::stack::StackRef<X509>,
    anchors: &[Vec<u8>],
    crls: &[X509Crl],
    at: DateTime<Utc>,
) -> Result<Verified, &'static str> {
    let fail = |_| "pki.err_store";
    let mut store = X509StoreBuilder::new().map_err(fail)?;
    for a in anchors {
        if let Ok(c) = X509::from_der(a) {
            store.add_cert(c).map_err(fail)?;
        }
    }
    // the revocation list of the signer's issuer, when one is loaded (an issuer without one is not
    // checked, and the page says so); a list past its next update refuses the check
    let same = |a: &X509NameRef, b: &X509NameRef| a.try_cmp(b).ok() == Some(Ordering::Equal);
    let signer_has_crl = crls
        .iter()
        .any(|crl| same(signer.issuer_name(), crl.issuer_name()));
    if signer_has_crl {
        let pem: Vec<u8> = crls
            .iter()
            .filter_map(|c| c.to_pem().ok())
            .flatten()
            .collect();
        let path = temp_path("crl")?;
        std::fs::write(&path, &pem).map_err(|_| "pki.err_store")?;
        let lookup = store.add_lookup(X509Lookup::file()).map_err(fail)?;
        let loaded = lookup.load_crl_file(&path, openssl::ssl::SslFiletype::PEM);
        let _ = std::fs::remove_file(&path);
        loaded.map_err(fail)?;
        store.set_flags(X509VerifyFlags::CRL_CHECK).map_err(fail)?;
    }
    let mut param = openssl::x509::verify::X509VerifyParam::new().map_err(fail)?;
    param.set_time(at.timestamp() as _);
    store.set_param(&param).map_err(fail)?;
    let store = store.build();
    let mut ctx = X509StoreContext::new().map_err(fail)?;
    ctx.init(&store, signer, untrusted, |c| {
        let ok = c.verify_cert()?;
        let anchor = c
            .chain()
            .and_then(|ch| ch.iter().last().map(|r| name_text(r.subject_name())));
        let refusal = (!ok).then(|| Refusal {
            key: verify_key(c.error()),
            detail: c.error().error_string().to_string(),
        });
        Ok((anchor.filter(|_| ok), signer_has_crl && ok, refusal))
    })
    .map_err(fail)
}

/// A unique path in the temporary directory.
fn temp_path(what: &str) -> Result<std::path::PathBuf, &'static str> {
    let mut rnd = [0u8; 8];
    getrandom::fill(&mut rnd).map_err(|_| "pki.err_store")?;
    let name: String = rnd.iter().map(|b| format!("{b:02x}")).collect();
    Ok(std::env::temp_dir().join(format!("thidua-{what}-{name}.pem")))
}

/// The certificate allows signing documents: no key usage extension, or digitalSignature or
/// nonRepudiation among its bits.
fn allows_signing(c: &X509Ref) -> bool {
    use openssl::x509::X509KeyUsage;
    match c.key_usage() {
        None => true,
        Some(u) => u.intersects(X509KeyUsage::DIGITAL_SIGNATURE | X509KeyUsage::NON_REPUDIATION),
    }
}

/// SHA-256 of a DER certificate, hex (the pinned certificate's key).
pub fn fingerprint(der: &[u8]) -> String {
    sha256_hex(der)
}
