//! A PAdES signature (ETSI.CAdES.detached) added to a signed PDF as an incremental update, so that
//! the signatures before it stay valid: the organisation's own signature on what it issues
//! (Decree 30/2020/NĐ-CP, the issuing body's digital signature beside the signer's).
//!
//! lopdf reads the file and writes the update (a signature field and its value, the AcroForm and
//! the first page's annotations updated); the CMS SignedData is assembled with RustCrypto's `cms`
//! and `x509-cert` types, its signed attributes (content type, message digest, the ESS signing
//! certificate v2 of CAdES) signed by whatever holds the key (`sign`: a PKCS#11 token or a
//! PKCS#12 key); no cryptography is written here.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, StringFormat};
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::spki::AlgorithmIdentifierOwned;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

/// Bytes kept for the CMS in the file (written as hex, twice as many characters).
const CONTENTS_BYTES: usize = 16 * 1024;
/// The ByteRange's numbers before they are known: wide enough for any file this app keeps.
const PLACEHOLDER: i64 = 9_999_999_999;

/// The kind of key the signature is made with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Rsa,
    Ec,
}

/// A PDF with room for a signature: the bytes, and where the hex `<…>` of /Contents lies.
pub struct Prepared {
    bytes: Vec<u8>,
    hole: (usize, usize),
}

fn err(what: &str) -> impl Fn(lopdf::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// A PDF text string (UTF-16BE with its byte-order mark, so that Vietnamese reads right).
fn text(s: &str) -> Object {
    let mut b = vec![0xFE, 0xFF];
    b.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
    Object::String(b, StringFormat::Hexadecimal)
}

/// Appends `item` to the array `key` of the dictionary `owner` (an object of the update): inline,
/// or an indirect array copied into the update.
fn push_to_array(
    inc: &mut IncrementalDocument,
    owner: ObjectId,
    key: &[u8],
    item: Object,
) -> Result<(), String> {
    let current = inc
        .new_document
        .get_object(owner)
        .and_then(Object::as_dict)
        .map_err(err("dictionary"))?
        .get(key)
        .ok()
        .cloned();
    match current {
        Some(Object::Reference(id)) => {
            inc.opt_clone_object_to_new_document(id)
                .map_err(err("array"))?;
            inc.new_document
                .get_object_mut(id)
                .and_then(Object::as_array_mut)
                .map_err(err("array"))?
                .push(item);
        }
        other => {
            let mut items = match other {
                Some(Object::Array(a)) => a,
                _ => Vec::new(),
            };
            items.push(item);
            inc.new_document
                .get_object_mut(owner)
                .and_then(Object::as_dict_mut)
                .map_err(err("dictionary"))?
                .set(key, Object::Array(items));
        }
    }
    Ok(())
}

/// An empty signature value: PAdES's filter and subfilter, room for the CMS, the time and reason.
fn signature_value(reason: &str, when: chrono::DateTime<chrono::Utc>) -> Dictionary {
    let mut value = Dictionary::new();
    value.set("Type", Object::Name(b"Sig".to_vec()));
    value.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    value.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    value.set(
        "ByteRange",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(PLACEHOLDER),
            Object::Integer(PLACEHOLDER),
            Object::Integer(PLACEHOLDER),
        ]),
    );
    value.set(
        "Contents",
        Object::String(vec![0; CONTENTS_BYTES], StringFormat::Hexadecimal),
    );
    value.set(
        "M",
        Object::String(
            when.format("D:%Y%m%d%H%M%S+00'00'")
                .to_string()
                .into_bytes(),
            StringFormat::Literal,
        ),
    );
    value.set("Reason", text(reason));
    value
}

/// `pdf` with an invisible signature field `field` on its first page and an empty signature value
/// (reason `reason`, time `when`), as an incremental update.
pub fn prepare(
    pdf: &[u8],
    field: &str,
    reason: &str,
    when: chrono::DateTime<chrono::Utc>,
) -> Result<Prepared, String> {
    let mut inc: IncrementalDocument = pdf.try_into().map_err(err("PDF"))?;
    let prev = inc.get_prev_documents();
    let root = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(err("catalog"))?;
    let page = *prev
        .get_pages()
        .values()
        .next()
        .ok_or("the PDF has no page")?;
    let acroform = prev
        .get_object(root)
        .and_then(Object::as_dict)
        .and_then(|c| c.get(b"AcroForm"))
        .ok()
        .cloned();
    inc.opt_clone_object_to_new_document(root)
        .map_err(err("catalog"))?;
    inc.opt_clone_object_to_new_document(page)
        .map_err(err("page"))?;
    let value = inc.new_document.add_object(signature_value(reason, when));
    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set("T", text(field));
    widget.set("V", Object::Reference(value));
    // print, locked; no appearance: an invisible signature
    widget.set("F", Object::Integer(132));
    widget.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    widget.set("P", Object::Reference(page));
    let widget = inc.new_document.add_object(widget);
    push_to_array(&mut inc, page, b"Annots", Object::Reference(widget))?;
    // the AcroForm: its own object, inline in the catalog, or none yet
    let form = match acroform {
        Some(Object::Reference(id)) => {
            inc.opt_clone_object_to_new_document(id)
                .map_err(err("AcroForm"))?;
            id
        }
        other => {
            let dict = match other {
                Some(Object::Dictionary(d)) => d,
                _ => Dictionary::new(),
            };
            let id = inc.new_document.add_object(dict);
            inc.new_document
                .get_object_mut(root)
                .and_then(Object::as_dict_mut)
                .map_err(err("catalog"))?
                .set("AcroForm", Object::Reference(id));
            id
        }
    };
    push_to_array(&mut inc, form, b"Fields", Object::Reference(widget))?;
    inc.new_document
        .get_object_mut(form)
        .and_then(Object::as_dict_mut)
        .map_err(err("AcroForm"))?
        .set("SigFlags", Object::Integer(3));
    let mut bytes = Vec::new();
    inc.save_to(&mut bytes)
        .map_err(|e| format!("writing: {e}"))?;
    fill_byte_range(bytes, pdf.len())
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Writes the ByteRange of the update's empty signature value (all but its `<…>`).
fn fill_byte_range(mut bytes: Vec<u8>, from: usize) -> Result<Prepared, String> {
    let zeros = "00".repeat(CONTENTS_BYTES);
    let hex = format!("<{zeros}>");
    let start = find(&bytes, hex.as_bytes(), from)
        .or_else(|| find(&bytes, hex.to_uppercase().as_bytes(), from))
        .ok_or("the signature's place was not written")?;
    let end = start + hex.len();
    let mark = PLACEHOLDER.to_string();
    let first = find(&bytes, mark.as_bytes(), from).ok_or("no ByteRange written")?;
    let open = bytes[..first]
        .iter()
        .rposition(|b| *b == b'[')
        .ok_or("no ByteRange written")?;
    let close = find(&bytes, b"]", first).ok_or("no ByteRange written")?;
    let range = format!("[0 {start} {end} {}", bytes.len() - end);
    let width = close - open;
    if range.len() > width {
        return Err("the ByteRange does not fit".into());
    }
    let padded = format!("{range:<width$}");
    bytes[open..close].copy_from_slice(padded.as_bytes());
    Ok(Prepared {
        bytes,
        hole: (start, end),
    })
}

impl Prepared {
    /// SHA-256 of what the signature covers: the whole file but the `<…>` of its value.
    pub fn digest(&self) -> [u8; 32] {
        let mut h = openssl::sha::Sha256::new();
        h.update(&self.bytes[..self.hole.0]);
        h.update(&self.bytes[self.hole.1..]);
        h.finish()
    }

    /// The file with `cms` in its signature value.
    pub fn finish(mut self, cms: &[u8]) -> Result<Vec<u8>, String> {
        let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
        if hex.len() > CONTENTS_BYTES * 2 {
            return Err(format!("the signature takes {} bytes", cms.len()));
        }
        let at = self.hole.0 + 1;
        self.bytes[at..at + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

fn any<T: der::EncodeValue + der::Tagged>(v: &T) -> Result<Any, String> {
    Any::encode_from(v).map_err(|e| format!("DER: {e}"))
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute, String> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value]).map_err(|e| format!("DER: {e}"))?,
    })
}

/// ESS SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, ESSCertIDv2 ::=
/// SEQUENCE { certHash OCTET STRING } (SHA-256, the default algorithm, left out).
#[derive(der::Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

#[derive(der::Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// The CMS SignedData (DER) of a detached CAdES signature over content whose SHA-256 is `digest`,
/// by the certificate `cert` (DER, with `chain` carried beside it), its signed attributes signed
/// by `sign` (an RSA PKCS#1 v1.5 or ECDSA signature with SHA-256, as `kind` says).
pub fn cms(
    (cert, chain, kind): (&[u8], &[Vec<u8>], KeyKind),
    digest: &[u8; 32],
    sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let der_err = |e: der::Error| format!("DER: {e}");
    let leaf = Certificate::from_der(cert).map_err(der_err)?;
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(openssl::sha::sha256(cert).to_vec()).map_err(der_err)?,
        }],
    };
    let attrs = vec![
        attribute(ID_CONTENT_TYPE, any(&ID_DATA)?)?,
        attribute(
            ID_MESSAGE_DIGEST,
            any(&OctetString::new(digest.to_vec()).map_err(der_err)?)?,
        )?,
        attribute(ID_SIGNING_CERTIFICATE_V2, any(&ess)?)?,
    ];
    let signed_attrs = SetOfVec::try_from(attrs).map_err(der_err)?;
    let signature = sign(&signed_attrs.to_der().map_err(der_err)?)?;
    let sha256 = AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    };
    let signature_algorithm = match kind {
        KeyKind::Rsa => AlgorithmIdentifierOwned {
            oid: RSA_ENCRYPTION,
            parameters: Some(Any::from(der::asn1::Null)),
        },
        KeyKind::Ec => AlgorithmIdentifierOwned {
            oid: ECDSA_WITH_SHA256,
            parameters: None,
        },
    };
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: leaf.tbs_certificate.issuer.clone(),
            serial_number: leaf.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm,
        signature: OctetString::new(signature).map_err(der_err)?,
        unsigned_attrs: None,
    };
    let mut certs = vec![CertificateChoices::Certificate(leaf)];
    for c in chain {
        certs.push(CertificateChoices::Certificate(
            Certificate::from_der(c).map_err(der_err)?,
        ));
    }
    let data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256]).map_err(der_err)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(certs).map_err(der_err)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer]).map_err(der_err)?),
    };
    ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: any(&data)?,
    }
    .to_der()
    .map_err(der_err)
}
