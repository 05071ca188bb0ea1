#!/usr/bin/env bash
# Load benchmark: the real app's pages against a bare axum + sqlx + askama baseline.
# See bench/README.md. Environment:
#   SCALE=10000      demo people to seed
#   DURATION=15s     wrk duration per page (after a 2 s warm-up)
#   CONNECTIONS=64   wrk connections (-c); THREADS=2 wrk threads (-t)
#   PGURL=postgres://root@127.0.0.1:5432   server; the database is thidua_bench
#   KEEP_DB=1        keep the database afterwards (dropped by default)
#   NICE=10          niceness of the build, the servers and wrk
#   OUT=DIR          where the raw wrk outputs and server logs go (default: a new /tmp dir)
#   ONLY=REGEX       measure only the targets whose name matches (the baselines always run); for
#                    a quick experiment on one page: ONLY=POST
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SCALE=${SCALE:-10000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PGURL=${PGURL:-postgres://root@127.0.0.1:5432}
DB=thidua_bench
DATABASE_URL="$PGURL/$DB"
NICE=${NICE:-10}
APP_ADDR=127.0.0.1:8088
BASE_ADDR=127.0.0.1:8090
APP="http://$APP_ADDR"
BASE="http://$BASE_ADDR"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=${OUT:-$(mktemp -d /tmp/thidua-bench.XXXXXX)}
mkdir -p "$OUT"
LUA="$ROOT/bench/status.lua"

die() { echo "bench: FAILED: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }

APP_PID=
BASE_PID=
cleanup() {
    local rc=$?
    for pid in $BASE_PID $APP_PID; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in $BASE_PID $APP_PID; do
        wait "$pid" 2>/dev/null || true
    done
    if [[ ${KEEP_DB:-0} == 1 ]]; then
        note "database $DB kept ($DATABASE_URL)"
    else
        psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    note "raw outputs and logs in $OUT"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools and binaries -------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    note "installing wrk"
    SUDO=; [[ $(id -u) == 0 ]] || SUDO=sudo
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi
command -v psql >/dev/null || die "psql is needed"
command -v curl >/dev/null || die "curl is needed"

note "building release binaries (target dir $TARGET)"
# the burst clients too, in the same command: built apart, they would compile the library a second
# time (the examples' dev-dependencies change its features), about five minutes on two cores
nice -n "$NICE" cargo build --release --bins --example burst --example proposal_burst --quiet
[[ -x $TARGET/release/thidua && -x $TARGET/release/bench-baseline ]] || die "binaries not found in $TARGET/release"

for addr in "$APP_ADDR" "$BASE_ADDR"; do
    if curl -s -o /dev/null --max-time 2 "http://$addr/"; then
        die "something already listens on $addr"
    fi
done

# --- servers ------------------------------------------------------------------------------------
note "fresh database $DB"
PGOPTIONS='-c client_min_messages=warning' psql -q -v ON_ERROR_STOP=1 "$PGURL/postgres" \
    -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null

note "starting thidua on $APP_ADDR (seeding $SCALE people)"
# warn keeps the run quiet; thidua=info keeps the two start-up lines ("demo data loaded", "listening").
THIDUA_LOG=${THIDUA_LOG:-warn,thidua=info} DATABASE_URL=$DATABASE_URL \
    nice -n "$NICE" "$TARGET/release/thidua" serve --demo-scale "$SCALE" --bind "$APP_ADDR" \
    >"$OUT/thidua.log" 2>&1 &
APP_PID=$!

started=$SECONDS
until grep -q "listening on" "$OUT/thidua.log" && curl -sf -o /dev/null --max-time 5 "$APP/healthz"; do
    kill -0 "$APP_PID" 2>/dev/null || { cat "$OUT/thidua.log" >&2; die "thidua exited during start-up"; }
    (( SECONDS - started < 900 )) || die "thidua not ready after 900 s"
    sleep 1
done
note "thidua ready after $((SECONDS - started)) s: $(sed 's/\x1b\[[0-9;]*m//g' "$OUT/thidua.log" | grep -m1 'demo data loaded' | sed 's/^.*INFO *//')"

note "starting bench-baseline on $BASE_ADDR"
DATABASE_URL=$DATABASE_URL nice -n "$NICE" "$TARGET/release/bench-baseline" "$BASE_ADDR" >"$OUT/baseline.log" 2>&1 &
BASE_PID=$!
started=$SECONDS
until curl -sf -o /dev/null --max-time 5 "$BASE/"; do
    kill -0 "$BASE_PID" 2>/dev/null || { cat "$OUT/baseline.log" >&2; die "bench-baseline exited during start-up"; }
    (( SECONDS - started < 60 )) || die "bench-baseline not ready after 60 s"
    sleep 0.5
done

# --- sign in ------------------------------------------------------------------------------------
# signin USER: signs in through the form and prints the session cookie's value
signin() {
    local user=$1 jar="$OUT/cookies-$1.txt" login_html csrf headers status location session
    login_html=$(curl -sS -f -c "$jar" -b "$jar" "$APP/login")
    csrf=$(grep -o '<input type="hidden" name="csrf_token" value="[^"]*">' <<<"$login_html" | head -1 | sed 's/.*value="\([^"]*\)".*/\1/')
    [[ -n $csrf ]] || die "no csrf_token on /login"
    headers=$(curl -sS -o /dev/null -D - -c "$jar" -b "$jar" \
        --data-urlencode "username=$user" --data-urlencode password=thidua-demo --data-urlencode "csrf_token=$csrf" \
        "$APP/login" | tr -d '\r')
    status=$(head -1 <<<"$headers" | awk '{print $2}')
    location=$(grep -i '^location:' <<<"$headers" | awk '{print $2}')
    [[ $status == 303 && $location == / ]] || { echo "$headers" >&2; die "sign-in of $user: expected 303 to /, got $status to '$location'"; }
    session=$(grep -i '^set-cookie: thidua_session=' <<<"$headers" | sed 's/^[^=]*=\([^;]*\).*/\1/' | head -1)
    [[ $session =~ ^[0-9a-f]{64}$ ]] || die "no thidua_session cookie after sign-in of $user"
    echo "$session"
}
# the review page is measured on the unit directly under the Department whose subtree holds closest to
# 300 people, reviewed by the demo unit head (given that unit too)
CAMPAIGN=$(psql -qAt "$DATABASE_URL" -c "SELECT id FROM campaigns ORDER BY id LIMIT 1")
REVIEW_UNIT=$(psql -qAt "$DATABASE_URL" -c "SELECT u.id FROM units u JOIN units r ON r.parent_id IS NULL AND u.parent_id = r.id
    ORDER BY abs((SELECT count(*) FROM people p JOIN units x ON x.id = p.unit_id WHERE p.active AND x.path LIKE u.path || '%') - 300), u.id LIMIT 1")
REVIEW_SIZE=$(psql -qAt "$DATABASE_URL" -c "SELECT count(*) FROM people p JOIN units x ON x.id = p.unit_id WHERE p.active AND x.path LIKE (SELECT path FROM units WHERE id = $REVIEW_UNIT) || '%'")
psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "INSERT INTO user_roles (user_id, role, unit_id)
    SELECT u.id, 'unit_head', $REVIEW_UNIT FROM users u WHERE u.username = 'truongphong'
    AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'unit_head' AND r.unit_id = $REVIEW_UNIT)" >/dev/null
PROPOSAL_LINES=$(psql -qAt "$DATABASE_URL" -c "SELECT count(*) FROM proposal_lines")
note "review page: unit $REVIEW_UNIT with $REVIEW_SIZE people; the Office's list: $PROPOSAL_LINES proposal lines"
COOKIE="Cookie: thidua_session=$(signin admin)"
HEAD_COOKIE="Cookie: thidua_session=$(signin truongphong)"
OFFICE_COOKIE="Cookie: thidua_session=$(signin vanphong)"
STAFF_COOKIE="Cookie: thidua_session=$(signin canbo)"
note "signed in as admin, vanphong (Office) and canbo (staff)"

# --- the last-hour burst, then everyone registered ----------------------------------------------
[[ -n $CAMPAIGN ]] || die "no demo campaign"
BURST=${BURST:-2000}
note "building the burst client"
note "burst: $BURST registrations at once on the last day of registration"
BURST_LINE=$("$TARGET/release/examples/burst" "$APP" "$DATABASE_URL" "$CAMPAIGN" "$BURST" 200 | tee "$OUT/burst.txt" | grep '^burst: [0-9]') \
    || { cat "$OUT/burst.txt" >&2; die "the burst lost registrations"; }
note "$BURST_LINE"
# every remaining person registered (confirmed), so that the pages below show a full department
psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" >/dev/null <<SQL
INSERT INTO registrations (campaign_id, person_id, unit_id, title_id, status, submitted_at)
SELECT $CAMPAIGN, p.id, p.unit_id, (SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id
                                     WHERE c.id = $CAMPAIGN AND t.code = 'LDTT'), 'confirmed', now()
FROM people p
WHERE p.active AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.campaign_id = $CAMPAIGN AND r.person_id = p.id);
UPDATE registrations SET status = 'confirmed' WHERE campaign_id = $CAMPAIGN AND status IN ('draft', 'withdrawn');
-- canbo's stays open to changes, so that the form measured is the editable one
UPDATE registrations SET status = 'submitted'
 WHERE campaign_id = $CAMPAIGN AND person_id = (SELECT person_id FROM users WHERE username = 'canbo');
-- and has a commitment, whose progress the form post below updates
INSERT INTO registration_commitments (registration_id, position, target, measure)
SELECT r.id, 1, 'Hoàn thành 100% nhiệm vụ được giao', 'Báo cáo quý'
FROM registrations r
WHERE r.campaign_id = $CAMPAIGN AND r.person_id = (SELECT person_id FROM users WHERE username = 'canbo')
  AND NOT EXISTS (SELECT 1 FROM registration_commitments c WHERE c.registration_id = r.id);
-- statistics for every table the burst and this setup filled (autovacuum would do it within a minute)
VACUUM ANALYZE;
SQL
REGISTERED=$(psql -qAt "$DATABASE_URL" -c "SELECT count(*) FROM registrations WHERE campaign_id = $CAMPAIGN AND person_id IS NOT NULL AND status IN ('submitted', 'returned', 'confirmed')")
note "registered for campaign $CAMPAIGN: $REGISTERED people"

# --- check that every target really is the page -------------------------------------------------
# check NAME URL COOKIE-HEADER PATTERN: the page answers 200 and its body matches PATTERN
check() {
    local name=$1 url=$2 cookie=$3 pattern=$4
    local body="$OUT/check-$name.html" code n
    if [[ -n $cookie ]]; then
        code=$(curl -s -o "$body" -w '%{http_code}' -H "$cookie" "$url")
    else
        code=$(curl -s -o "$body" -w '%{http_code}' "$url")
    fi
    [[ $code == 200 ]] || die "$name: $url answered $code, not 200 (body in $body)"
    n=$(grep -cE "$pattern" "$body" || true)
    (( n > 0 )) || die "$name: $url does not look like the page (no match for '$pattern'; body in $body)"
    note "check $name: 200, $n line(s) matching '$pattern', $(wc -c <"$body") bytes"
}
check baseline "$BASE/" "" '<td>Additional fortune added at request time.</td>'
grep -qE '(&lt;|&#60;)script(&gt;|&#62;)' "$OUT/check-baseline.html" || die "baseline: the <script> fortune is not escaped"
check login "$APP/login" "" 'name="csrf_token"'
check home "$APP/" "$COOKIE" 'action="/logout"'
check people "$APP/people?q=nguyen" "$COOKIE" 'href="/people/[0-9]+"'
check coverage "$APP/campaigns/$CAMPAIGN/coverage" "$OFFICE_COOKIE" 'class="num"'
check register "$APP/campaigns/$CAMPAIGN/register" "$STAFF_COOKIE" 'name="target"'
check eligibility "$APP/campaigns/$CAMPAIGN/eligibility" "$OFFICE_COOKIE" 'href="/campaigns/[0-9]+/eligibility/people/[0-9]+'
check review "$APP/campaigns/$CAMPAIGN/reviews/$REVIEW_UNIT" "$HEAD_COOKIE" 'name="title_[0-9]+"'
check proposals "$APP/campaigns/$CAMPAIGN/proposals" "$OFFICE_COOKIE" 'href="/proposals/[0-9]+#line-[0-9]+"'

# the form post: 256 of the burst's staff members, each with a session of their own (written into the
# database as the burst's are), each updating the progress of their own first commitment
POST_SESSIONS="$OUT/post-sessions.txt"
psql -qAt -F ' ' -v ON_ERROR_STOP=1 "$DATABASE_URL" >"$POST_SESSIONS" <<SQL
CREATE TEMP TABLE bench_sessions AS
SELECT u.id AS user_id, md5(random()::text) || md5(random()::text) AS token, md5(random()::text) AS csrf
FROM users u JOIN registrations r ON r.person_id = u.person_id AND r.campaign_id = $CAMPAIGN
WHERE u.username LIKE 'burst-%'
  AND EXISTS (SELECT 1 FROM registration_commitments c WHERE c.registration_id = r.id AND c.position = 1)
ORDER BY u.id LIMIT 256;
INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, ip, user_agent)
SELECT sha256(convert_to(token, 'UTF8')), user_id, csrf, now() + interval '10 hours', '127.0.0.1', 'bench'
FROM bench_sessions;
SELECT token, csrf, '/campaigns/$CAMPAIGN/register/progress' FROM bench_sessions;
SQL
(( $(wc -l <"$POST_SESSIONS") == 256 )) || die "expected 256 staff sessions for the form post, got $(wc -l <"$POST_SESSIONS")"
export POST_SESSIONS
read -r token csrf path <"$POST_SESSIONS"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: thidua_session=$token" \
    --data "csrf_token=$csrf&position=1&progress=42&note=" "$APP$path")
[[ $code == 303 ]] || die "progress post: answered $code, not 303"
stored=$(psql -qAt "$DATABASE_URL" -c "SELECT c.progress FROM registration_commitments c JOIN registrations r ON r.id = c.registration_id
    JOIN sessions s ON s.id_hash = sha256(convert_to('$token', 'UTF8')) JOIN users u ON u.id = s.user_id
    WHERE r.campaign_id = $CAMPAIGN AND r.person_id = u.person_id AND c.position = 1")
[[ $stored == 42 ]] || die "progress post: stored '$stored', not 42"
note "check progress post: 303, stored"

# --- benchmark ----------------------------------------------------------------------------------
# name|url|cookie header (empty = signed out)|wrk script (default status.lua)
TARGETS=(
    "baseline: TechEmpower Fortunes|$BASE/|"
    "/login (signed out)|$APP/login|"
    "/ (signed in, admin)|$APP/|$COOKIE"
    "/ (signed in, staff)|$APP/|$STAFF_COOKIE"
    "/people?q=nguyen (signed in)|$APP/people?q=nguyen|$COOKIE"
    "/campaigns/$CAMPAIGN/coverage (Office, whole department)|$APP/campaigns/$CAMPAIGN/coverage|$OFFICE_COOKIE"
    "/campaigns/$CAMPAIGN/register (staff, registration form)|$APP/campaigns/$CAMPAIGN/register|$STAFF_COOKIE"
    "/campaigns/$CAMPAIGN/eligibility (Office, whole department)|$APP/campaigns/$CAMPAIGN/eligibility|$OFFICE_COOKIE"
    "/campaigns/$CAMPAIGN/reviews/$REVIEW_UNIT (head, review of $REVIEW_SIZE people)|$APP/campaigns/$CAMPAIGN/reviews/$REVIEW_UNIT|$HEAD_COOKIE"
    "/campaigns/$CAMPAIGN/proposals (Office, $PROPOSAL_LINES lines across units)|$APP/campaigns/$CAMPAIGN/proposals|$OFFICE_COOKIE"
    # the form post last: the writes it leaves behind (autovacuum, checkpoints) would slow the pages
    # measured after it; the baseline again at the end shows how far the machine drifted in the run
    "POST /campaigns/$CAMPAIGN/register/progress (256 staff, form post)|$APP/campaigns/$CAMPAIGN/register/progress||$ROOT/bench/post.lua"
    "baseline again (end of the run)|$BASE/|"
)

run_wrk() { # duration url cookie [script]
    local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency -s "${4:-$LUA}")
    [[ -n $3 ]] && args+=(-H "$3")
    nice -n "$NICE" wrk "${args[@]}" "$2"
}

rss() { awk '/^VmRSS:/ {printf "%.1f MiB", $2/1024}' "/proc/$1/status"; }
note "RSS before the run: thidua $(rss "$APP_PID"), bench-baseline $(rss "$BASE_PID")"

ROWS=()
INVALID=0
BASE_RPS=
i=0
for t in "${TARGETS[@]}"; do
    IFS='|' read -r name url cookie script <<<"$t"
    i=$((i + 1))
    if [[ -n ${ONLY:-} && $name != baseline* ]] && ! grep -qE "$ONLY" <<<"$name"; then
        continue
    fi
    file="$OUT/wrk-$i.txt"
    note "warm-up 2s: $name"
    run_wrk 2s "$url" "$cookie" "$script" >/dev/null
    note "wrk $DURATION: $name"
    run_wrk "$DURATION" "$url" "$cookie" "$script" >"$file"
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$file")
    p50=$(awk '$1 == "50%" {print $2}' "$file")
    p99=$(awk '$1 == "99%" {print $2}' "$file")
    non2xx=$(awk -F': *' '/Non-2xx or 3xx responses/ {print $2}' "$file")
    sockerr=$(grep -m1 'Socket errors' "$file" | sed 's/^ *//' || true)
    counts=$(grep -m1 '^status-counts:' "$file" || true)
    [[ -n $rps && -n $p50 && -n $p99 && -n $counts ]] || { cat "$file" >&2; die "$name: cannot parse wrk output"; }
    read -r ok redir other < <(awk -F'[ =]' '{print $3, $5, $7}' <<<"$counts")
    flag=
    if [[ -n $non2xx && $non2xx != 0 ]] || (( redir > 0 || other > 0 || ok == 0 )); then
        flag=" **INVALID: expected=$ok 3xx=$redir other=$other${non2xx:+, wrk non-2xx/3xx=$non2xx}**"
        INVALID=1
    fi
    [[ -z $sockerr ]] || flag="$flag ($sockerr)"
    [[ -n $BASE_RPS ]] || BASE_RPS=$rps
    ratio=$(awk -v a="$rps" -v b="$BASE_RPS" 'BEGIN {printf "%.2f", a / b}')
    ROWS+=("| $name | $rps | $p50 | $p99 | $ratio |$flag")
    note "$name: $rps req/s, p50 $p50, p99 $p99, responses expected=$ok 3xx=$redir other=$other"
done

# A signed-in page that started redirecting would show above as 3xx; check the session still works.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$COOKIE" "$APP/")
[[ $code == 200 ]] || { INVALID=1; note "after the run, signed-in / answers $code"; }

echo
echo "thidua bench: SCALE=$SCALE, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| page | requests/s | p50 | p99 | ratio to baseline |"
echo "| --- | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
echo
echo "RSS after the run: thidua $(rss "$APP_PID") (VmRSS, pid $APP_PID); bench-baseline $(rss "$BASE_PID")"
echo
echo "$BURST_LINE"
echo "Registered for campaign $CAMPAIGN after the burst: $REGISTERED people"

# --- the last-hour burst of proposals (after the measurements: it adds units) -------------------
PROPOSAL_BURST=${PROPOSAL_BURST:-500}
PB_LINE=$("$TARGET/release/examples/proposal_burst" "$APP" "$DATABASE_URL" "$CAMPAIGN" "$PROPOSAL_BURST" 100 | tee "$OUT/proposal-burst.txt" | grep '^proposal burst: [0-9]') \
    || { cat "$OUT/proposal-burst.txt" >&2; die "the proposal burst lost proposals"; }
echo "$PB_LINE"
if (( INVALID )); then
    die "some responses were not 200 (see the rows marked INVALID and $OUT/wrk-*.txt)"
fi
