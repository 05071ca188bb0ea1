#!/usr/bin/env bash
# Regenerates .sqlx/ (the offline query data committed so that a build needs no database).
# Needs a PostgreSQL with the migrations applied; uses a scratch database thidua_sqlx.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${SQLX_PREPARE_DB:-postgres://root@127.0.0.1/thidua_sqlx}
psql "${db%/*}/postgres" -qc "DROP DATABASE IF EXISTS thidua_sqlx" -c "CREATE DATABASE thidua_sqlx"
for f in migrations/*.sql; do psql "$db" -v ON_ERROR_STOP=1 -qf "$f"; done
rm -rf .sqlx && mkdir .sqlx
touch src/lib.rs
SQLX_OFFLINE=false DATABASE_URL="$db" SQLX_OFFLINE_DIR="$PWD/.sqlx" cargo check --lib --quiet
echo "$(ls .sqlx | wc -l) queries in .sqlx/"
