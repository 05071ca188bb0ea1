#!/usr/bin/env bash
# Sets up what the tests talk to, on a fresh Debian machine, and says clearly what it cannot do:
#   - PostgreSQL at TEST_DATABASE_URL (default postgres://127.0.0.1/postgres): started if it is
#     installed but down, installed if missing;
#   - Debian's Chromium and ChromeDriver (the browser journeys), Python's aiosmtpd (the SMTP server of
#     the e-mail tests), OpenSSL's headers and pkg-config (the e-mail client's TLS, to build);
#   - moto's S3 server (Python's registry: moto[server]), the object store of tests/app/object_store.rs;
#   - poppler-utils (pdfsig, pdftotext, pdftoppm), LibreOffice Writer and Liberation fonts, openssl
#     and Python's pyhanko: the decisions' PDF, its signature and its check; SoftHSM2 and NSS's
#     tools: the organisation's signature from a PKCS#11 token, checked; zbar-tools (zbarimg):
#     the certificates' QR codes read back.
# Idempotent: installs nothing that is there. Needs root (or sudo) only when something is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
SETUP_NAME=test-setup
. scripts/setup-lib.sh

need=()
app_packages
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
pkg-config --exists openssl 2>/dev/null || need+=(libssl-dev pkg-config)
# openssl makes the test certificates
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# the organisation's signature on issued decisions: its key in a SoftHSM2 token (PKCS#11), and
# NSS's certutil for the NSS database pdfsig checks both signatures' chains with
[ -e /usr/lib/softhsm/libsofthsm2.so ] || need+=(softhsm2)
command -v certutil >/dev/null 2>&1 || need+=(libnss3-tools)
# certificates: zbarimg reads their QR codes back from the PDF rendered by pdftoppm
command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
# the Chromium journeys' accessibility check: npm fetches axe-core (below)
command -v npm >/dev/null 2>&1 || need+=(npm)
apt_install "${need[@]}"

if ! command -v moto_server >/dev/null 2>&1; then
  say "installing moto[server] (a local S3 server for the object store's tests)"
  python3 -m pip install -q --disable-pip-version-check 'moto[server]' >/dev/null 2>&1 \
    || as_root python3 -m pip install -q --disable-pip-version-check 'moto[server]' >/dev/null
  hash -r
  command -v pyenv >/dev/null 2>&1 && pyenv rehash || true
fi
command -v moto_server >/dev/null 2>&1 || { say "moto_server is not on PATH after installing moto[server]"; exit 1; }
if ! python3 -c 'import pyhanko' 2>/dev/null; then
  say "installing pyhanko (signs PDFs in the decisions' tests, as a Director's office would)"
  python3 -m pip install -q --disable-pip-version-check pyhanko >/dev/null 2>&1 \
    || as_root python3 -m pip install -q --disable-pip-version-check pyhanko >/dev/null
fi

# axe-core (the accessibility checker the Chromium journeys run on the pages they visit), from npm
AXE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/thidua-axe
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
  say "installing axe-core 4.10 into $AXE_DIR"
  mkdir -p "$AXE_DIR"
  npm install --silent --no-audit --no-fund --prefix "$AXE_DIR" axe-core@4.10 >/dev/null
fi

url=${TEST_DATABASE_URL:-postgres://127.0.0.1/postgres}
pg_up "$url" || true
if ! psql "$url" -qAtc 'SELECT 1' >/dev/null 2>&1; then
  say "PostgreSQL does not accept $url."
  say "Give the tests a role that may create databases, e.g. as postgres:"
  say "  createuser --superuser $(id -un)   (and trust or a password for 127.0.0.1 in pg_hba.conf)"
  say "or set TEST_DATABASE_URL=postgres://user:password@host/postgres"
  exit 1
fi
say "ready: PostgreSQL at $url, $(/usr/bin/chromium --version 2>/dev/null | head -1), aiosmtpd $(/usr/bin/python3 -c 'import aiosmtpd; print(aiosmtpd.__version__)'), moto_server at $(command -v moto_server)"
