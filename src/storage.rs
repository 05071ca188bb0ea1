//! The dossiers' files: what a file is, read from its bytes (never from its name), and where its
//! bytes are kept: in PostgreSQL (`document_blobs`, the default) or, with `THIDUA_S3_BUCKET`, in an
//! S3-compatible object store (object_store's client), so that every app server sees every file.
//! The metadata (name, type, size, SHA-256, where the bytes are) is always in PostgreSQL.

use crate::config::S3Settings;
use crate::db;
use crate::domain::digest::sha256_hex;
use object_store::ObjectStore;
use object_store::path::Path as ObjectPath;
use std::io::Cursor;
use std::sync::Arc;

/// Where new files go, and where files stored in the object store are read from.
#[derive(Clone, Default)]
pub struct Store {
    s3: Option<Arc<dyn ObjectStore>>,
}

impl Store {
    /// The store the settings name (PostgreSQL when none), checked when the server starts.
    pub fn new(settings: Option<&S3Settings>) -> anyhow::Result<Store> {
        let Some(s) = settings else {
            return Ok(Store::default());
        };
        let mut b = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(&s.bucket)
            .with_region(&s.region)
            .with_access_key_id(&s.access_key_id)
            .with_secret_access_key(&s.secret_access_key)
            .with_allow_http(s.allow_http);
        if let Some(e) = &s.endpoint {
            b = b.with_endpoint(e);
        }
        let s3 = b.build().map_err(|e| anyhow::anyhow!("THIDUA_S3_*: {e}"))?;
        Ok(Store {
            s3: Some(Arc::new(s3)),
        })
    }
    /// Deletes the objects under `documents/` older than `min_age` that no document refers to: those
    /// of an upload whose transaction rolled back, and those of documents deleted with their line or
    /// review. The age keeps an upload whose transaction has not committed yet. Returns how many.
    pub async fn sweep(&self, db: &db::Pool, min_age: chrono::Duration) -> anyhow::Result<usize> {
        use futures_util::StreamExt;
        let Some(s3) = &self.s3 else {
            return Ok(0);
        };
        let before = chrono::Utc::now() - min_age;
        let prefix = ObjectPath::from("documents");
        let mut listed = s3.list(Some(&prefix));
        let mut old = Vec::new();
        while let Some(meta) = listed.next().await {
            let meta = meta.map_err(|e| anyhow::anyhow!("object store: {e}"))?;
            if meta.last_modified < before {
                old.push(meta.location.to_string());
            }
        }
        drop(listed);
        let mut swept = 0;
        for keys in old.chunks(1000) {
            for key in db::documents::unreferenced(db, keys).await? {
                s3.delete(&ObjectPath::from(key.as_str()))
                    .await
                    .map_err(|e| anyhow::anyhow!("object store: {e}"))?;
                swept += 1;
            }
        }
        Ok(swept)
    }

    /// Removes an object after the change that dropped its document committed (best effort: a
    /// failure is logged and leaves an object nothing refers to).
    pub async fn forget(&self, storage: &str, key: &str) {
        if let (Some(s3), "s3") = (&self.s3, storage) {
            if let Err(e) = s3.delete(&ObjectPath::from(key)).await {
                tracing::warn!(key, error = %e, "an object of a deleted document stays in the store");
            }
        }
    }
}

pub const PDF: &str = "application/pdf";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const PNG: &str = "image/png";
pub const JPEG: &str = "image/jpeg";
/// a dossier pack the app builds (never accepted as an upload)
pub const ZIP: &str = "application/zip";

/// The content type of `bytes` when it is a PDF, a Word document (.docx), a PNG or a JPEG image;
/// `None` for anything else, whatever its name says (HTML, SVG, scripts, other archives).
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some(PDF)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(PNG)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(JPEG)
    } else if bytes.starts_with(b"PK\x03\x04") && is_docx(bytes) {
        Some(DOCX)
    } else {
        None
    }
}

/// An image without what it says about where and how it was taken: a JPEG without its EXIF and XMP
/// (APP1), its Photoshop/IPTC block (APP13) and its comments; a PNG without its eXIf, text and time
/// chunks. The picture itself (and a JPEG's colour data: APP0, APP2, APP14) is kept byte for byte.
/// Other content types are returned as they are; an image whose structure does not parse is `None`.
pub fn strip_metadata(content_type: &str, bytes: Vec<u8>) -> Option<Vec<u8>> {
    match content_type {
        JPEG => strip_jpeg(&bytes),
        PNG => strip_png(&bytes),
        _ => Some(bytes),
    }
}

fn strip_jpeg(b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(b.get(..2).filter(|s| *s == [0xFF, 0xD8])?);
    let mut i = 2;
    loop {
        // fill bytes before a marker are allowed
        while b.get(i) == Some(&0xFF) && b.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (&ff, &marker) = (b.get(i)?, b.get(i + 1)?);
        if ff != 0xFF {
            return None;
        }
        if marker == 0xD9 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            // a marker without a length
            out.extend_from_slice(&b[i..i + 2]);
            i += 2;
            if marker == 0xD9 {
                return Some(out);
            }
            continue;
        }
        let len = usize::from(u16::from_be_bytes([*b.get(i + 2)?, *b.get(i + 3)?]));
        let end = i.checked_add(2)?.checked_add(len)?;
        let segment = b.get(i..end).filter(|_| len >= 2)?;
        if marker == 0xDA {
            // the start of the scan: the entropy-coded data follows to the end
            out.extend_from_slice(&b[i..]);
            return Some(out);
        }
        let metadata = marker == 0xE1 || marker == 0xED || marker == 0xFE;
        if !metadata {
            out.extend_from_slice(segment);
        }
        i = end;
    }
}

fn strip_png(b: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(b.get(..8).filter(|s| *s == SIGNATURE)?);
    let mut i = 8;
    while i < b.len() {
        let len = u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?) as usize;
        let end = i.checked_add(12)?.checked_add(len)?;
        let chunk = b.get(i..end)?;
        let kind = &chunk[4..8];
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        i = end;
        if kind == b"IEND" {
            return Some(out);
        }
    }
    None
}

/// A zip archive holding a Word document's main part and content types.
fn is_docx(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip_reader::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let has =
        |zip: &mut zip_reader::ZipArchive<Cursor<&[u8]>>, name: &str| zip.by_name(name).is_ok();
    has(&mut zip, "[Content_Types].xml") && has(&mut zip, "word/document.xml")
}

/// The file extension for a content type (the name a download is given).
pub fn extension(content_type: &str) -> &'static str {
    match content_type {
        PDF => "pdf",
        DOCX => "docx",
        PNG => "png",
        JPEG => "jpg",
        ZIP => "zip",
        _ => "bin",
    }
}

/// A file name safe to keep and to send back in Content-Disposition: the last path component,
/// without control characters, quotes or backslashes, at most 120 characters, with the extension
/// the content says.
pub fn safe_name(name: &str, content_type: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let mut clean: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | ';'))
        .take(120)
        .collect();
    let ext = extension(content_type);
    let stem = match clean.rfind('.') {
        Some(i) => clean[..i].trim().to_string(),
        None => clean.trim().to_string(),
    };
    clean = if stem.is_empty() {
        format!("tai-lieu.{ext}")
    } else {
        format!("{stem}.{ext}")
    };
    clean
}

/// An uploaded file as checked: its safe name, bytes, content type (from the bytes) and SHA-256.
pub struct Checked {
    pub name: String,
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub sha256: String,
}

/// What a document belongs to.
#[derive(Clone, Copy)]
pub enum Owner {
    Review(i64),
    Line(i64),
    Exemplar(i64),
    /// a council meeting (the scans of written votes)
    Meeting(i64),
    /// a decision (its signed PDF)
    Decision(i64),
    /// a submission upward (its dossier pack)
    Submission(i64),
}

/// Records a checked file as a document of `owner` (of `kind`) with its bytes, in the
/// transaction of the change it belongs to. In the object store the bytes are written first (under
/// a new random key), so that a committed document always has them. Returns its id.
pub async fn save(
    tx: &mut db::Tx<'_>,
    store: &Store,
    owner: Owner,
    kind: &str,
    f: &Checked,
    by_user: i64,
) -> anyhow::Result<i64> {
    let (mut review_id, mut line_id, mut exemplar_id, mut meeting_id, mut decision_id) =
        (None, None, None, None, None);
    let mut submission_id = None;
    match owner {
        Owner::Review(r) => review_id = Some(r),
        Owner::Line(l) => line_id = Some(l),
        Owner::Exemplar(x) => exemplar_id = Some(x),
        Owner::Meeting(m) => meeting_id = Some(m),
        Owner::Decision(d) => decision_id = Some(d),
        Owner::Submission(s) => submission_id = Some(s),
    }
    let key = match &store.s3 {
        Some(s3) => {
            let mut rnd = [0u8; 12];
            getrandom::fill(&mut rnd).map_err(|e| anyhow::anyhow!("random key: {e}"))?;
            let key = format!(
                "documents/{}/{}",
                &f.sha256[..16],
                rnd.iter().map(|b| format!("{b:02x}")).collect::<String>()
            );
            s3.put(&ObjectPath::from(key.as_str()), f.bytes.clone().into())
                .await
                .map_err(|e| anyhow::anyhow!("object store: {e}"))?;
            Some(key)
        }
        None => None,
    };
    let id = db::documents::insert(
        &mut **tx,
        &db::documents::NewDocument {
            review_id,
            line_id,
            exemplar_id,
            meeting_id,
            decision_id,
            submission_id,
            kind,
            name: &f.name,
            content_type: f.content_type,
            size: f.bytes.len() as i64,
            sha256: &f.sha256,
            storage: if key.is_some() { "s3" } else { "db" },
            storage_key: key.as_deref().unwrap_or(""),
        },
        by_user,
    )
    .await?;
    if key.is_none() {
        db::documents::put_bytes(&mut **tx, id, &f.bytes).await?;
    }
    Ok(id)
}

/// The bytes of a stored document, checked against the SHA-256 recorded when it was uploaded.
pub async fn get(
    pool: &db::Pool,
    store: &Store,
    d: &db::documents::Document,
) -> anyhow::Result<Vec<u8>> {
    let bytes = match (d.storage.as_str(), &store.s3) {
        ("s3", Some(s3)) => s3
            .get(&ObjectPath::from(d.storage_key.as_str()))
            .await?
            .bytes()
            .await?
            .to_vec(),
        ("s3", None) => anyhow::bail!(
            "document {} is in the object store, which this server is not configured for",
            d.id
        ),
        _ => db::documents::bytes(pool, d.id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("document {} has no bytes", d.id))?,
    };
    anyhow::ensure!(
        sha256_hex(&bytes) == d.sha256,
        "document {}: the stored bytes do not match their checksum",
        d.id
    );
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 28, 3: a photo's place (GPS), camera and comments are stripped; the picture stays.
    #[test]
    fn photos_lose_their_metadata_and_keep_their_picture() {
        let jpg = include_bytes!("../tests/fixtures/gps.jpg").to_vec();
        let png = include_bytes!("../tests/fixtures/gps.png").to_vec();
        let has = |b: &[u8], w: &[u8]| b.windows(w.len()).any(|x| x == w);
        for (kind, before) in [(JPEG, jpg), (PNG, png)] {
            assert!(
                has(&before, b"ThiduaCam"),
                "{kind}: the fixture carries EXIF"
            );
            let after = strip_metadata(kind, before.clone()).expect("an image");
            for gone in [
                &b"Exif"[..],
                b"ThiduaCam",
                b"secret comment",
                b"10.75N",
                b"eXIf",
            ] {
                assert!(!has(&after, gone), "{kind} keeps {gone:?}");
            }
            assert!(after.len() < before.len());
            assert_eq!(sniff(&after), Some(kind));
        }
        // the picture's data untouched: the JPEG from its quantisation tables on, the PNG's IDAT
        let jpg = include_bytes!("../tests/fixtures/gps.jpg");
        let after = strip_metadata(JPEG, jpg.to_vec()).unwrap();
        let from = |b: &[u8]| b.windows(2).position(|w| w == [0xFF, 0xDB]).unwrap();
        assert_eq!(&after[from(&after)..], &jpg[from(jpg)..]);
        // a truncated image is refused
        assert!(strip_metadata(JPEG, jpg[..40].to_vec()).is_none());
        assert!(strip_metadata(PNG, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()).is_none());
        assert_eq!(
            strip_metadata(PDF, b"%PDF-1.4".to_vec()),
            Some(b"%PDF-1.4".to_vec())
        );
    }

    #[test]
    fn a_file_is_what_its_bytes_say() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(PDF));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(PNG));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(JPEG));
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), None);
        assert_eq!(sniff(b""), None);
        // a zip that is not a Word document
        assert_eq!(sniff(b"PK\x03\x04garbage"), None);
        let doc = crate::export::docx::render(&crate::export::docx::OfficialDoc::minimal("T"))
            .expect("docx");
        assert_eq!(sniff(&doc), Some(DOCX));
    }

    #[test]
    fn names_are_made_safe_and_take_the_content_s_extension() {
        assert_eq!(safe_name("../../etc/passwd", PDF), "passwd.pdf");
        assert_eq!(safe_name("C:\\x\\Biên bản.html", PDF), "Biên bản.pdf");
        assert_eq!(safe_name("a\"b;c.pdf", PDF), "abc.pdf");
        assert_eq!(safe_name("", PNG), "tai-lieu.png");
        assert_eq!(safe_name("scan.PDF", JPEG), "scan.jpg");
    }
}
