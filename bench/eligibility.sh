#!/usr/bin/env bash
# Eligibility benchmark: loads and evaluates the 2022 campaign's whole scope at 10,000 and 200,000
# people (demo data seeded into thidua_elig_<scale>, dropped afterwards unless KEEP_DB=1).
#   SCALES="10000 200000"   ROUNDS=5   PGURL=postgres://root@127.0.0.1:5432
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PGURL=${PGURL:-postgres://root@127.0.0.1:5432}
cargo build --release --quiet --example eligibility
for scale in ${SCALES:-10000 200000}; do
    db="thidua_elig_$scale"
    psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    "${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/eligibility" "$PGURL/$db" "$scale" "${ROUNDS:-5}"
    [[ ${KEEP_DB:-0} == 1 ]] || psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
done
