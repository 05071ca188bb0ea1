#!/usr/bin/env python3
"""A test certification authority for the decisions' tests (tests only), made with Python's
`cryptography` (which pyhanko brings). Usage: test-pki.py DIR "Signer Name" "Organisation Name".

Writes into DIR, all PEM:
  root.pem, root.key           a root CA "Thidua Test Root CA" (valid from yesterday for ten years)
  signer.pem, signer.key       the signer's certificate, issued by the root (digitalSignature,
                               nonRepudiation)
  revoked.pem, revoked.key     another certificate of the same signer, issued by the root and revoked
  crl.pem                      the root's revocation list, revoking revoked.pem (next update in 30 days)
  stale-crl.pem                the same list, its next update already past
  org.pem, org.key, org.p12    the organisation's certificate (its seal), issued by the root; the
                               PKCS#12 file's password is "org-pass"
  nosign.pem, nosign.key       a certificate of the signer that does not allow signatures
  org-ec.pem, org-ec.key, org-ec.p12, org-ec-chain.pem
                               the organisation's certificate with an EC (P-256) key; the same password
"""
import datetime
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

out, signer_name, org_name = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
out.mkdir(parents=True, exist_ok=True)
now = datetime.datetime.now(datetime.timezone.utc)
start = now - datetime.timedelta(days=1)


def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def name(cn, org="Thidua test"):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org)])


def save(stem, cert, k):
    (out / f"{stem}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (out / f"{stem}.key").write_bytes(k.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))


root_key = key()
root_name = name("Thidua Test Root CA")
root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
        .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                       critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()),
                       critical=False)
        .sign(root_key, hashes.SHA256()))
save("root", root, root_key)


def issue(stem, cn, org, signing=True, k=None):
    k = k or key()
    usage = (x509.KeyUsage(True, True, False, False, False, False, False, False, False) if signing
             else x509.KeyUsage(False, False, True, False, False, False, False, False, False))
    cert = (x509.CertificateBuilder().subject_name(name(cn, org)).issuer_name(root_name)
            .public_key(k.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=825))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                           critical=False)
            .sign(root_key, hashes.SHA256()))
    save(stem, cert, k)
    return cert, k


issue("signer", signer_name, org_name)
revoked, _ = issue("revoked", signer_name, org_name)
issue("nosign", signer_name, org_name, signing=False)
org, org_key = issue("org", org_name, org_name)
(out / "org.p12").write_bytes(pkcs12.serialize_key_and_certificates(
    b"org-seal", org_key, org, [root],
    serialization.BestAvailableEncryption(b"org-pass")))
org_ec, org_ec_key = issue("org-ec", org_name, org_name, k=ec.generate_private_key(ec.SECP256R1()))
(out / "org-ec.p12").write_bytes(pkcs12.serialize_key_and_certificates(
    b"org-seal", org_ec_key, org_ec, [root],
    serialization.BestAvailableEncryption(b"org-pass")))
(out / "org-ec-chain.pem").write_bytes((out / "org-ec.pem").read_bytes() + (out / "root.pem").read_bytes())


def crl(stem, next_update):
    entry = (x509.RevokedCertificateBuilder().serial_number(revoked.serial_number)
             .revocation_date(start).build())
    lst = (x509.CertificateRevocationListBuilder().issuer_name(root_name)
           .last_update(start).next_update(next_update).add_revoked_certificate(entry)
           .sign(root_key, hashes.SHA256()))
    (out / f"{stem}.pem").write_bytes(lst.public_bytes(serialization.Encoding.PEM))


crl("crl", now + datetime.timedelta(days=30))
crl("stale-crl", start + datetime.timedelta(hours=1))
