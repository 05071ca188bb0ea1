//! Issue 28, 1: the organisation's signature from a PKCS#12 file, RSA and EC, and from a SoftHSM2
//! token with an EC key (an RSA token is tried by tests/app/decisions.rs on a real decision): a
//! one-page PDF signed by the test signer, sealed with the organisation's key, then both signatures
//! validated by pdfsig and pyHanko; a wrong password, a wrong PIN and a file that is not a PDF are
//! refused with a reason, writing nothing.

use crate::common::*;
use lopdf::{Document, Object, Stream, dictionary};
use thidua::seal::{SealConfig, seal};

/// A one-page PDF written with lopdf.
fn one_page() -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages = doc.new_object_id();
    let content = doc.add_object(Stream::new(dictionary! {}, b"BT ET".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_pkcs12_key_seals_a_signed_pdf() {
    let pki = test_pki("Lê Minh Khoa", "Sở Nông nghiệp và Môi trường");
    let path = |f: &str| pki.join(f).to_str().unwrap().to_string();
    let signed = sign_pdf(
        &one_page(),
        "Lê Minh Khoa",
        Some((&path("signer.key"), &path("signer.pem"), &path("root.pem"))),
    );
    let config = SealConfig::Pkcs12 {
        path: pki.join("org.p12"),
        password: "org-pass".into(),
    };
    let sealed = seal(&config, &signed, "Văn thư").unwrap();
    assert_eq!(sealed.signer, "Sở Nông nghiệp và Môi trường");
    assert_eq!(sealed.issuer, "Thidua Test Root CA");
    assert!(
        sealed.bytes.starts_with(&signed),
        "an incremental update: the signed file kept whole"
    );
    two_valid_signatures(&sealed.bytes, &pki, "Sở Nông nghiệp và Môi trường");
    let wrong = SealConfig::Pkcs12 {
        path: pki.join("org.p12"),
        password: "guess".into(),
    };
    let e = seal(&wrong, &signed, "Văn thư").err().unwrap();
    assert!(format!("{e:#}").contains("password"), "{e:#}");
    let e = seal(&config, b"not a pdf", "Văn thư").err().unwrap();
    assert!(format!("{e:#}").contains("PDF"), "{e:#}");
    // an EC (P-256) key: from a PKCS#12 file, and from a SoftHSM2 token (PKCS#11 gives r‖s, the
    // signature carries the DER ECDSA value)
    let ec12 = SealConfig::Pkcs12 {
        path: pki.join("org-ec.p12"),
        password: "org-pass".into(),
    };
    let sealed = seal(&ec12, &signed, "Văn thư").unwrap();
    two_valid_signatures(&sealed.bytes, &pki, "Sở Nông nghiệp và Môi trường");
    let SealConfig::Pkcs11 { token, .. } = softhsm_seal(&pki) else {
        unreachable!()
    };
    run_tool(
        "softhsm2-util",
        &[
            "--import",
            "org-ec.key",
            "--token",
            &token,
            "--label",
            "seal-ec",
            "--id",
            "02",
            "--pin",
            "1234",
        ],
        &pki,
    );
    let ec11 = SealConfig::Pkcs11 {
        module: "/usr/lib/softhsm/libsofthsm2.so".into(),
        token: token.clone(),
        key: "seal-ec".into(),
        pin: "1234".into(),
        cert: pki.join("org-ec-chain.pem"),
    };
    let sealed = seal(&ec11, &signed, "Văn thư").unwrap();
    two_valid_signatures(&sealed.bytes, &pki, "Sở Nông nghiệp và Môi trường");
    // a wrong PIN is refused with the token's reason
    let wrong = SealConfig::Pkcs11 {
        module: "/usr/lib/softhsm/libsofthsm2.so".into(),
        token,
        key: "seal-ec".into(),
        pin: "0000".into(),
        cert: pki.join("org-ec-chain.pem"),
    };
    let e = seal(&wrong, &signed, "Văn thư").err().unwrap();
    assert!(format!("{e:#}").contains("login"), "{e:#}");
    let _ = std::fs::remove_dir_all(&pki);
}
