#!/usr/bin/env python3
"""Validates every signature of a PDF with pyHanko (tests only), an independent check of what the
app writes. Usage: validate-pdf.py PDF ROOT.pem. Prints one line per signature (field, intact,
valid, trusted, coverage, the signer's name) and exits 1 unless every signature is intact, valid
and chains to ROOT (no network: revocation information is not fetched)."""
import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

root = load_cert_from_pemder(sys.argv[2])
ok = True
with open(sys.argv[1], "rb") as f:
    reader = PdfFileReader(f)
    sigs = reader.embedded_signatures
    for sig in sigs:
        context = ValidationContext(trust_roots=[root], allow_fetching=False,
                                    revocation_mode="soft-fail")
        status = validate_pdf_signature(sig, context)
        print(f"{sig.field_name} intact={status.intact} valid={status.valid} "
              f"trusted={status.trusted} coverage={status.coverage.name} "
              f"signer={status.signing_cert.subject.native.get('common_name')}")
        ok = ok and status.intact and status.valid and status.trusted
    print(f"signatures={len(sigs)}")
sys.exit(0 if ok else 1)
