#!/usr/bin/env bash
# Compares two builds of thidua on one page, side by side on this machine: each serves its own fresh
# database of SCALE demo people; after a warm-up, wrk measures the page on one then the other,
# ROUNDS times, alternating (so that the machine's drift falls on both).
#   bench/ab.sh OLD_BINARY NEW_BINARY [PATH] [USER]
#   e.g. bench/ab.sh /tmp/old/target/release/thidua target/release/thidua / admin
# Needs PostgreSQL at PGURL (default postgres://root@127.0.0.1:5432) and wrk; ports 8091, 8092.
set -euo pipefail
old=$1 new=$2 path=${3:-/} user=${4:-admin}
pg=${PGURL:-postgres://root@127.0.0.1:5432} scale=${SCALE:-10000} rounds=${ROUNDS:-2}
declare -A BIN=([old]=$old [new]=$new) PORT=([old]=8091 [new]=8092) COOKIE
cleanup() {
  kill "${PIDS[@]}" 2>/dev/null || true
  for v in old new; do psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS thidua_ab_$v WITH (FORCE)" >/dev/null 2>&1 || true; done
}
PIDS=()
trap cleanup EXIT
for v in old new; do
  psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS thidua_ab_$v WITH (FORCE)" >/dev/null 2>&1
  DATABASE_URL="$pg/thidua_ab_$v" THIDUA_LOG=warn "${BIN[$v]}" serve --demo-scale "$scale" \
    --bind "127.0.0.1:${PORT[$v]}" >"/tmp/ab_$v.log" 2>&1 &
  PIDS+=($!)
done
for v in old new; do
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:${PORT[$v]}/healthz" >/dev/null && break; sleep 1; done
done
sleep 3
for v in old new; do
  b="http://127.0.0.1:${PORT[$v]}" jar=$(mktemp)
  csrf=$(curl -s -c "$jar" -b "$jar" "$b/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=$user" \
    --data-urlencode "password=thidua-demo" --data-urlencode "csrf_token=$csrf" "$b/login"
  COOKIE[$v]=$(grep thidua_session "$jar" | awk '{print $7}')
done
for round in $(seq 1 "$rounds"); do
  for v in old new; do
    b="http://127.0.0.1:${PORT[$v]}"
    wrk -t2 -c64 -d3s -H "Cookie: thidua_session=${COOKIE[$v]}" "$b$path" >/dev/null
    echo "$v, round $round, $path as $user: $(wrk -t2 -c64 -d10s --latency -H "Cookie: thidua_session=${COOKIE[$v]}" "$b$path" | grep -E 'Requests/sec|Non-2xx' | tr -s ' ' | tr '\n' ' ')"
  done
done
