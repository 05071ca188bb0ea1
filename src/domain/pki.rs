//! Certificates, revocation lists and the check of a signed decision's signer, with OpenSSL's
//! path validation (no cryptography here): the signer's certificate is taken from the signature's
//! CMS SignedData, its chain built from the certificates the signature carries up to a CA of the
//! trust store and validated at the signing time, with the loaded revocation lists of its issuers.
//! And a pinned signing certificate's standing on an account ([`CertStatus`]).

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

/// Describes certificate `c`.
pub fn describe(c: &X509Ref) -> Result<Described, &'static str> {
    let der = c.to_der().map_err(|_| "pki.err_unreadable")?;
    let serial = c
        .serial_number()
        .to_bn()
        .and_then(|b| b.to_hex_str().map(|s| s.to_string()))
        .unwrap_or_default();
    Ok(Described {
        sha256: super::digest::sha256_hex(&der),
        subject: name_text(c.subject_name()),
        issuer: name_text(c.issuer_name()),
        serial,
        valid_from: time(c.not_before()),
        valid_to: time(c.not_after()),
        is_ca: is_ca(c),
        der,
    })
}

/// Whether `c` says it is a CA: its basicConstraints extension has cA true (read with x509-cert).
fn is_ca(c: &X509Ref) -> bool {
    use der::Decode;
    use x509_cert::ext::pkix::BasicConstraints;
    const BASIC_CONSTRAINTS: der::asn1::ObjectIdentifier =
        der::asn1::ObjectIdentifier::new_unwrap("2.5.29.19");
    let Ok(der) = c.to_der() else { return false };
    let Ok(cert) = x509_cert::Certificate::from_der(&der) else {
        return false;
    };
    cert.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == BASIC_CONSTRAINTS)
        .any(|e| {
            BasicConstraints::from_der(e.extn_value.as_bytes())
                .map(|b| b.ca)
                .unwrap_or(false)
        })
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
            sha256: super::digest::sha256_hex(&der),
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
        // OpenSSL's store reads revocation lists from a file
        let scratch = crate::scratch::Scratch::new("crl").map_err(|_| "pki.err_store")?;
        let path = scratch.join("crls.pem");
        std::fs::write(&path, &pem).map_err(|_| "pki.err_store")?;
        let lookup = store.add_lookup(X509Lookup::file()).map_err(fail)?;
        lookup
            .load_crl_file(&path, openssl::ssl::SslFiletype::PEM)
            .map_err(fail)?;
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

/// The certificate allows signing documents: no key usage extension, or digitalSignature or
/// nonRepudiation among its bits.
fn allows_signing(c: &X509Ref) -> bool {
    use openssl::x509::X509KeyUsage;
    match c.key_usage() {
        None => true,
        Some(u) => u.intersects(X509KeyUsage::DIGITAL_SIGNATURE | X509KeyUsage::NON_REPUDIATION),
    }
}

/// A signing certificate's standing on an account (`signer_certificates.status`): proposed (first
/// seen on a decision, waiting for an administrator) or confirmed (an administrator pinned it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CertStatus {
    Proposed,
    Confirmed,
}

impl CertStatus {
    pub const ALL: [CertStatus; 2] = [CertStatus::Proposed, CertStatus::Confirmed];
    pub fn code(self) -> &'static str {
        match self {
            CertStatus::Proposed => "proposed",
            CertStatus::Confirmed => "confirmed",
        }
    }
    pub fn parse(code: &str) -> Option<CertStatus> {
        CertStatus::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn is_proposed(self) -> bool {
        self == CertStatus::Proposed
    }
    pub fn is_confirmed(self) -> bool {
        self == CertStatus::Confirmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::asn1::Asn1Time;
    use openssl::bn::BigNum;
    use openssl::hash::MessageDigest;
    use openssl::pkey::{PKey, Private};
    use openssl::rsa::Rsa;
    use openssl::x509::extension::{BasicConstraints, KeyUsage};
    use openssl::x509::{X509Builder, X509NameBuilder};

    fn key() -> PKey<Private> {
        PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap()
    }

    /// A certificate for `cn`, issued by `issuer` (self-signed when `None`), a CA or a signer
    /// whose key usage is `usage`.
    fn cert(
        cn: &str,
        k: &PKey<Private>,
        issuer: Option<(&X509, &PKey<Private>)>,
        (ca, usage): (bool, KeyUsage),
    ) -> X509 {
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", cn).unwrap();
        let name = name.build();
        let mut b = X509Builder::new().unwrap();
        b.set_version(2).unwrap();
        let serial = BigNum::from_u32(rand_serial())
            .unwrap()
            .to_asn1_integer()
            .unwrap();
        b.set_serial_number(&serial).unwrap();
        b.set_subject_name(&name).unwrap();
        b.set_issuer_name(issuer.map_or(&name, |(c, _)| c.subject_name()))
            .unwrap();
        b.set_pubkey(k).unwrap();
        b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
            .unwrap();
        b.set_not_after(&Asn1Time::days_from_now(365).unwrap())
            .unwrap();
        let mut bc = BasicConstraints::new();
        if ca {
            bc.critical().ca();
        }
        b.append_extension(bc.build().unwrap()).unwrap();
        let mut usage = usage;
        b.append_extension(usage.critical().build().unwrap())
            .unwrap();
        b.sign(issuer.map_or(k, |(_, ik)| ik), MessageDigest::sha256())
            .unwrap();
        b.build()
    }

    fn rand_serial() -> u32 {
        let mut b = [0u8; 4];
        getrandom::fill(&mut b).unwrap();
        u32::from_be_bytes(b) >> 1
    }

    fn signing() -> KeyUsage {
        let mut u = KeyUsage::new();
        u.digital_signature().non_repudiation();
        u
    }

    /// A detached CMS signature of some bytes by `c`, carrying `chain`.
    fn cms(c: &X509, k: &PKey<Private>, chain: &[&X509]) -> Vec<u8> {
        let mut certs = Stack::new().unwrap();
        for x in chain {
            certs.push((*x).clone()).unwrap();
        }
        let flags = Pkcs7Flags::DETACHED | Pkcs7Flags::BINARY;
        Pkcs7::sign(c, k, &certs, b"%PDF-1.7 ...", flags)
            .unwrap()
            .to_der()
            .unwrap()
    }

    /// Issue 28, 1: the signer's chain to a trusted CA at the signing time, its key usage, and
    /// what the store needs to say yes.
    #[test]
    fn a_signers_chain_is_validated_against_the_store_at_the_signing_time() {
        let (root_key, signer_key, rogue_key) = (key(), key(), key());
        let mut ca_usage = KeyUsage::new();
        ca_usage.key_cert_sign().crl_sign();
        let root = cert("Root CA", &root_key, None, (true, ca_usage));
        let signer = cert(
            "Lê Minh Khoa",
            &signer_key,
            Some((&root, &root_key)),
            (false, signing()),
        );
        let rogue = cert("Lê Minh Khoa", &rogue_key, None, (false, signing()));
        let mut enc = KeyUsage::new();
        enc.key_encipherment();
        let tls = cert(
            "Lê Minh Khoa",
            &signer_key,
            Some((&root, &root_key)),
            (false, enc),
        );
        let anchors = vec![root.to_der().unwrap()];
        let now = chrono::Utc::now();
        // the CA is a CA; the signer's certificate is not
        assert!(certificates(&root.to_pem().unwrap()).unwrap()[0].is_ca);
        assert!(!certificates(&signer.to_der().unwrap()).unwrap()[0].is_ca);
        let ok = check_signer(
            &cms(&signer, &signer_key, &[&signer, &root]),
            &anchors,
            &[],
            now,
        )
        .unwrap();
        assert_eq!(ok.refusal, None);
        assert_eq!(ok.anchor.as_deref(), Some("Root CA"));
        assert_eq!(ok.cert.subject, "Lê Minh Khoa");
        assert_eq!(ok.cert.issuer, "Root CA");
        assert!(!ok.crl_checked);
        let key_of = |c: &SignerCheck| c.refusal.as_ref().map(|r| r.key);
        // a self-signed certificate in the signer's name; an empty store
        let r = check_signer(&cms(&rogue, &rogue_key, &[&rogue]), &anchors, &[], now).unwrap();
        assert_eq!(key_of(&r), Some("pki.untrusted"));
        let signed = cms(&signer, &signer_key, &[&signer]);
        assert_eq!(
            key_of(&check_signer(&signed, &[], &[], now).unwrap()),
            Some("pki.untrusted")
        );
        // a time before the certificate's validity; a certificate that may not sign
        let before = now - chrono::Duration::days(30);
        let r = check_signer(&signed, &anchors, &[], before).unwrap();
        assert_eq!(key_of(&r), Some("pki.not_yet_valid"));
        let r = check_signer(&cms(&tls, &signer_key, &[&tls]), &anchors, &[], now).unwrap();
        assert_eq!(key_of(&r), Some("pki.key_usage"));
        // not a signature at all
        assert_eq!(
            check_signer(b"junk", &anchors, &[], now).err(),
            Some("pki.err_signature_data")
        );
    }
}
