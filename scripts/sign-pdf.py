#!/usr/bin/env python3
"""Signs a PDF as a Director's office would (tests only): a PAdES signature with a self-signed
certificate made on the fly for the given signer's name. Usage: sign-pdf.py IN OUT "Common Name"."""
import subprocess
import sys
import tempfile
from pathlib import Path

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

src, dst, name = sys.argv[1], sys.argv[2], sys.argv[3]
with tempfile.TemporaryDirectory() as d:
    key, cert = Path(d, "key.pem"), Path(d, "cert.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
         "-days", "3650", "-utf8", "-subj", f"/CN={name}/O=Sở Tài nguyên và Môi trường"],
        check=True, capture_output=True)
    signer = signers.SimpleSigner.load(str(key), str(cert))
    with open(src, "rb") as inf:
        writer = IncrementalPdfFileWriter(inf)
        with open(dst, "wb") as outf:
            signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Signature1"),
                             signer=signer, output=outf)
