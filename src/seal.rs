//! The organisation's own signature on what it issues (Decree 30/2020/NĐ-CP: an electronic
//! document a body issues carries, besides its signer's, the body's digital signature added by its
//! records office). On issue, the signer-signed PDF gets a second PAdES signature with the
//! organisation's certificate (`domain::pades`), its key in a PKCS#11 token or HSM (through
//! `cryptoki`) or in a PKCS#12 file (through OpenSSL), as configured:
//!
//! - `THIDUA_SEAL_PKCS11_MODULE` (the token's PKCS#11 library), `THIDUA_SEAL_PKCS11_TOKEN` (its
//!   label), `THIDUA_SEAL_PKCS11_KEY` (the private key's label), `THIDUA_SEAL_PKCS11_PIN` or
//!   `THIDUA_SEAL_PKCS11_PIN_FILE`, and `THIDUA_SEAL_CERT` (PEM: the organisation's certificate,
//!   then its chain);
//! - or `THIDUA_SEAL_PKCS12` (the file) with `THIDUA_SEAL_PKCS12_PASSWORD` or
//!   `THIDUA_SEAL_PKCS12_PASSWORD_FILE`.
//!
//! With neither, decisions are issued with the signer's signature alone, and the pages say so.

use crate::domain::pades::{self, KeyKind};
use anyhow::{Context, anyhow, bail};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

/// A secret that `Debug` does not print.
#[derive(Clone)]
pub struct Secret(String);

impl From<&str> for Secret {
    fn from(s: &str) -> Secret {
        Secret(s.to_string())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Where the organisation's signing key is.
#[derive(Clone, Debug)]
pub enum SealConfig {
    Pkcs11 {
        module: PathBuf,
        token: String,
        key: String,
        pin: Secret,
        cert: PathBuf,
    },
    Pkcs12 {
        path: PathBuf,
        password: Secret,
    },
}

fn var(key: &str) -> Option<String> {
    std::env::var(key)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A secret given as `key` or as a file named by `key_FILE` (its first line).
fn secret(key: &str) -> anyhow::Result<Option<Secret>> {
    if let Some(v) = var(key) {
        return Ok(Some(Secret(v)));
    }
    match var(&format!("{key}_FILE")) {
        Some(path) => {
            let text =
                std::fs::read_to_string(&path).with_context(|| format!("{key}_FILE {path}"))?;
            Ok(Some(Secret(text.lines().next().unwrap_or("").to_string())))
        }
        None => Ok(None),
    }
}

impl SealConfig {
    /// The configuration from the environment; `None` when no key is configured.
    pub fn from_env() -> anyhow::Result<Option<SealConfig>> {
        let p11 = var("THIDUA_SEAL_PKCS11_MODULE");
        let p12 = var("THIDUA_SEAL_PKCS12");
        let need =
            |k: &str| var(k).ok_or_else(|| anyhow!("{k} must be set with the PKCS#11 module"));
        match (p11, p12) {
            (Some(_), Some(_)) => {
                bail!("set THIDUA_SEAL_PKCS11_MODULE or THIDUA_SEAL_PKCS12, not both")
            }
            (Some(module), None) => Ok(Some(SealConfig::Pkcs11 {
                module: module.into(),
                token: need("THIDUA_SEAL_PKCS11_TOKEN")?,
                key: need("THIDUA_SEAL_PKCS11_KEY")?,
                pin: secret("THIDUA_SEAL_PKCS11_PIN")?
                    .ok_or_else(|| anyhow!("THIDUA_SEAL_PKCS11_PIN or _PIN_FILE must be set"))?,
                cert: need("THIDUA_SEAL_CERT")?.into(),
            })),
            (None, Some(path)) => Ok(Some(SealConfig::Pkcs12 {
                path: path.into(),
                password: secret("THIDUA_SEAL_PKCS12_PASSWORD")?.unwrap_or(Secret(String::new())),
            })),
            (None, None) => Ok(None),
        }
    }
}

/// The sealed PDF and who sealed it.
pub struct Sealed {
    pub bytes: Vec<u8>,
    /// the organisation certificate's subject and issuer (common names)
    pub signer: String,
    pub issuer: String,
    pub signed_at: chrono::DateTime<chrono::Utc>,
}

/// The key's certificate (DER), the chain carried beside it, and the kind of key.
type Identity = (Vec<u8>, Vec<Vec<u8>>, KeyKind);

fn kind_of(cert: &openssl::x509::X509Ref) -> anyhow::Result<KeyKind> {
    match cert.public_key()?.id() {
        openssl::pkey::Id::RSA => Ok(KeyKind::Rsa),
        openssl::pkey::Id::EC => Ok(KeyKind::Ec),
        other => bail!("the organisation's key is neither RSA nor EC ({other:?})"),
    }
}

/// Adds the organisation's signature to `pdf` (blocking: run it off the async threads).
pub fn seal(config: &SealConfig, pdf: &[u8], reason: &str) -> anyhow::Result<Sealed> {
    let signed_at = chrono::Utc::now();
    let prepared =
        pades::prepare(pdf, "ThiduaOrganisation", reason, signed_at).map_err(|e| anyhow!(e))?;
    let digest = prepared.digest();
    let (cms, leaf) = match config {
        SealConfig::Pkcs12 { path, password } => {
            let der = std::fs::read(path)
                .with_context(|| format!("THIDUA_SEAL_PKCS12 {}", path.display()))?;
            let parsed = openssl::pkcs12::Pkcs12::from_der(&der)?
                .parse2(&password.0)
                .context("the PKCS#12 file does not open with its password")?;
            let (Some(pkey), Some(cert)) = (parsed.pkey, parsed.cert) else {
                bail!("the PKCS#12 file holds no key and certificate");
            };
            let chain = parsed
                .ca
                .map(|s| s.iter().filter_map(|c| c.to_der().ok()).collect())
                .unwrap_or_default();
            let identity: Identity = (cert.to_der()?, chain, kind_of(&cert)?);
            let sign = |data: &[u8]| -> Result<Vec<u8>, String> {
                let mut s =
                    openssl::sign::Signer::new(openssl::hash::MessageDigest::sha256(), &pkey)
                        .map_err(|e| e.to_string())?;
                s.sign_oneshot_to_vec(data).map_err(|e| e.to_string())
            };
            let cms = pades::cms((&identity.0, &identity.1, identity.2), &digest, sign)
                .map_err(|e| anyhow!(e))?;
            (cms, cert)
        }
        SealConfig::Pkcs11 {
            module,
            token,
            key,
            pin,
            cert,
        } => {
            let pem = std::fs::read(cert)
                .with_context(|| format!("THIDUA_SEAL_CERT {}", cert.display()))?;
            let certs = openssl::x509::X509::stack_from_pem(&pem)?;
            let leaf = certs
                .first()
                .cloned()
                .ok_or_else(|| anyhow!("THIDUA_SEAL_CERT holds no certificate"))?;
            let chain = certs
                .iter()
                .skip(1)
                .filter_map(|c| c.to_der().ok())
                .collect();
            let kind = kind_of(&leaf)?;
            let identity: Identity = (leaf.to_der()?, chain, kind);
            let sign = |data: &[u8]| {
                token_sign((module, token, key, pin), kind, data).map_err(|e| format!("{e:#}"))
            };
            let cms = pades::cms((&identity.0, &identity.1, identity.2), &digest, sign)
                .map_err(|e| anyhow!(e))?;
            (cms, leaf)
        }
    };
    let bytes = prepared.finish(&cms).map_err(|e| anyhow!(e))?;
    Ok(Sealed {
        bytes,
        signer: crate::domain::pki::name_text(leaf.subject_name()),
        issuer: crate::domain::pki::name_text(leaf.issuer_name()),
        signed_at,
    })
}

/// The PKCS#11 libraries loaded, one per path (a library is initialised once per process), each
/// behind a lock: a token's login is shared by the process's sessions, so one seal at a time.
type Library = Arc<Mutex<cryptoki::context::Pkcs11>>;

fn library(module: &PathBuf) -> anyhow::Result<Library> {
    static LOADED: OnceLock<Mutex<Vec<(PathBuf, Library)>>> = OnceLock::new();
    let all = LOADED.get_or_init(|| Mutex::new(Vec::new()));
    let mut all = all.lock().map_err(|_| anyhow!("PKCS#11 lock poisoned"))?;
    if let Some((_, lib)) = all.iter().find(|(p, _)| p == module) {
        return Ok(lib.clone());
    }
    use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
    let lib =
        Pkcs11::new(module).with_context(|| format!("PKCS#11 module {}", module.display()))?;
    lib.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
        .context("PKCS#11 initialisation")?;
    let lib = Arc::new(Mutex::new(lib));
    all.push((module.clone(), lib.clone()));
    Ok(lib)
}

/// Signs `data` with the token's key (SHA-256 with RSA PKCS#1 v1.5, or ECDSA encoded as DER).
fn token_sign(
    (module, token, key, pin): (&PathBuf, &String, &String, &Secret),
    kind: KeyKind,
    data: &[u8],
) -> anyhow::Result<Vec<u8>> {
    use cryptoki::context::{CInitializeArgs, CInitializeFlags};
    use cryptoki::mechanism::Mechanism;
    use cryptoki::object::{Attribute, ObjectClass};
    use cryptoki::session::UserType;
    let lib = library(module)?;
    let lib = lib.lock().map_err(|_| anyhow!("PKCS#11 lock poisoned"))?;
    let find = || -> anyhow::Result<Option<cryptoki::slot::Slot>> {
        Ok(lib.get_slots_with_token()?.into_iter().find(|s| {
            lib.get_token_info(*s)
                .map(|t| t.label().trim() == token.trim())
                .unwrap_or(false)
        }))
    };
    let slot = match find()? {
        Some(slot) => slot,
        None => {
            // a library may list only the tokens it found when initialised (SoftHSM2 does): a
            // token added since is looked for once more after initialising it again
            let _ = lib.clone().finalize();
            lib.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
                .context("PKCS#11 initialisation")?;
            find()?.ok_or_else(|| anyhow!("no PKCS#11 token labelled {token:?}"))?
        }
    };
    let session = lib.open_ro_session(slot)?;
    let pin = cryptoki::types::AuthPin::from(pin.0.clone());
    match session.login(UserType::User, Some(&pin)) {
        Ok(())
        | Err(cryptoki::error::Error::Pkcs11(cryptoki::error::RvError::UserAlreadyLoggedIn, _)) => {
        }
        Err(e) => return Err(anyhow!("PKCS#11 login: {e}")),
    }
    let found = session.find_objects(&[
        Attribute::Class(ObjectClass::PRIVATE_KEY),
        Attribute::Label(key.as_bytes().to_vec()),
    ])?;
    let handle = *found
        .first()
        .ok_or_else(|| anyhow!("no private key labelled {key:?} on the token"))?;
    let signed = match kind {
        KeyKind::Rsa => session.sign(&Mechanism::Sha256RsaPkcs, handle, data),
        // CKM_ECDSA over the SHA-256 digest: what every token offers (SoftHSM2 has no
        // CKM_ECDSA_SHA256)
        KeyKind::Ec => session.sign(&Mechanism::Ecdsa, handle, &openssl::sha::sha256(data)),
    };
    let _ = session.logout();
    let raw = signed.context("PKCS#11 signature")?;
    match kind {
        KeyKind::Rsa => Ok(raw),
        // PKCS#11 gives r || s; CMS wants the DER ECDSA-Sig-Value
        KeyKind::Ec => {
            let half = raw.len() / 2;
            let r = openssl::bn::BigNum::from_slice(&raw[..half])?;
            let s = openssl::bn::BigNum::from_slice(&raw[half..])?;
            Ok(openssl::ecdsa::EcdsaSig::from_private_components(r, s)?.to_der()?)
        }
    }
}
