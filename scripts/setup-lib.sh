# Shared by scripts/run.sh (README's run command) and scripts/test-setup.sh (the tests'): installs
# Debian packages that are missing and starts PostgreSQL when it is down. Sourced, not run.

say() { echo "${SETUP_NAME:-setup}: $*"; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else say "needs root to run: $*"; exit 1
  fi
}

# apt_install PKG...: installs the packages named (nothing when none is named).
apt_install() {
  [ $# -gt 0 ] || return 0
  say "installing $*"
  as_root apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}

# app_packages: appends to the array `need` the packages the app itself uses that are missing:
# PostgreSQL's server, poppler (pdfsig checks a signed decision, pdftotext reads it back),
# LibreOffice Writer (a decision's PDF before signing) and the Liberation fonts it sets them in.
app_packages() {
  command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
  command -v pdfsig >/dev/null 2>&1 || need+=(poppler-utils)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
  [ -e /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation)
}

# pg_up URL: starts the installed PostgreSQL clusters if nothing answers at URL, and waits for it.
pg_up() {
  local url=$1
  pg_isready -d "$url" -q 2>/dev/null && return 0
  for v in $(ls /etc/postgresql 2>/dev/null); do
    for c in $(ls "/etc/postgresql/$v" 2>/dev/null); do
      say "starting PostgreSQL $v/$c"
      as_root pg_ctlcluster --skip-systemctl-redirect "$v" "$c" start || true
    done
  done
  for _ in $(seq 1 30); do pg_isready -d "$url" -q 2>/dev/null && return 0; sleep 1; done
  return 1
}
