#!/usr/bin/env bash
# README's run command: on a fresh Debian machine, installs what the app needs when it is missing
# (PostgreSQL, poppler-utils, LibreOffice Writer, the Liberation fonts; root or sudo only then),
# starts PostgreSQL when it is down, gives the current OS user a PostgreSQL role when it has none,
# then runs the app with the demo organisation (`cargo run --release -- serve --demo`). Arguments go
# to `serve`; DATABASE_URL and the other variables of README apply.
set -euo pipefail
cd "$(dirname "$0")/.."
SETUP_NAME=run
. scripts/setup-lib.sh

need=()
app_packages
apt_install "${need[@]}"

if [ -z "${DATABASE_URL:-}" ]; then
  # the app's default, over TCP as the current OS user; on a fresh Debian that needs a password,
  # so when TCP refuses the user, the local socket (peer authentication) is used instead
  export DATABASE_URL=postgres://localhost/thidua
  pg_up "postgres://localhost/postgres" || { say "PostgreSQL does not start: see /var/log/postgresql"; exit 1; }
  user=$(id -un)
  if ! psql "postgres://localhost/postgres" -qAtc 'SELECT 1' >/dev/null 2>&1; then
    socket=/var/run/postgresql
    if ! psql "postgres:///postgres?host=$socket" -qAtc 'SELECT 1' >/dev/null 2>&1; then
      say "giving the OS user $user a PostgreSQL role that may create databases"
      as_root runuser -u postgres -- createuser --createdb "$user" 2>/dev/null \
        || as_root runuser -u postgres -- psql -qc "ALTER ROLE \"$user\" CREATEDB"
    fi
    export DATABASE_URL="postgres:///thidua?host=$socket"
  fi
else
  pg_up "$DATABASE_URL" || true
fi
say "database: $DATABASE_URL"
exec cargo run --release -- serve --demo "$@"
