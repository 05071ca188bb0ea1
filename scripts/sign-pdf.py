#!/usr/bin/env python3
"""Signs a PDF as a Director's office would (tests only): a PAdES signature (ETSI.CAdES.detached).
Usage: sign-pdf.py IN OUT "Common Name" [KEY CERT [CHAIN]]: with KEY and CERT (PEM), signs with them
(CHAIN: the issuing CA's certificate, carried in the signature); without, with a self-signed
certificate made on the fly for the given name."""
import subprocess
import sys
import tempfile
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

src, dst, name = sys.argv[1], sys.argv[2], sys.argv[3]
with tempfile.TemporaryDirectory() as d:
    if len(sys.argv) > 5:
        key, cert = sys.argv[4], sys.argv[5]
        chain = tuple(sys.argv[6:7])
    else:
        key, cert, chain = str(Path(d, "key.pem")), str(Path(d, "cert.pem")), ()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
             cert, "-days", "3650", "-utf8", "-subj", f"/CN={name}/O=Sở Tài nguyên và Môi trường"],
            check=True, capture_output=True)
    signer = signers.SimpleSigner.load(key, cert, ca_chain_files=chain)
    with open(src, "rb") as inf:
        writer = IncrementalPdfFileWriter(inf)
        with open(dst, "wb") as outf:
            signers.sign_pdf(
                writer,
                signers.PdfSignatureMetadata(field_name="Signature1",
                                             subfilter=fields.SigSeedSubFilter.PADES),
                signer=signer, output=outf)
