#!/usr/bin/env bash
# National scale for the year-end review (issue 14): a deep tree of about 5,000 units, 200,000
# people, five years (2018-2022) of campaigns, registrations, proposals, council results and awards
# (ratings and initiatives come with the demo's people), and a hundred
# units closed into a sibling (their past then counts under it). Then the release build serves it
# and each review page is asked ROUNDS times by the Office (after one warm-up request that fills the
# server's caches): the p50, p95 and longest time per page are printed, with the key lines of the
# statistics' query plans.
#   PGURL=postgres://root@127.0.0.1:5432   ROUNDS=20   KEEP_DB=1 keeps thidua_national
#   REUSE=1 measures a kept thidua_national again without building it anew
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PGURL=${PGURL:-postgres://root@127.0.0.1:5432}
DB=thidua_national
URL="$PGURL/$DB"
ADDR=127.0.0.1:8097
ROUNDS=${ROUNDS:-20}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
note() { echo "national: $*" >&2; }

cargo build --release --bins --quiet
if [[ ${REUSE:-0} != 1 ]]; then
psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
psql -q "$PGURL/postgres" -c "CREATE DATABASE $DB" >/dev/null
started=$SECONDS
DATABASE_URL=$URL "$TARGET/release/thidua" seed-demo --scale 200000 >/dev/null
note "200,000 people seeded in $((SECONDS - started)) s"

started=$SECONDS
psql -q -v ON_ERROR_STOP=1 "$URL" <<'SQL'
-- the tree: 20 departments under the root, 10 divisions each, 5 teams each, 4 groups each (5,220)
CREATE TEMP TABLE lvl (depth int, n int);
INSERT INTO lvl VALUES (1, 20), (2, 10), (3, 5), (4, 4);
DO $$
DECLARE l record;
BEGIN
  FOR l IN SELECT * FROM lvl ORDER BY depth LOOP
    INSERT INTO units (code, name, kind, parent_id, path, depth, valid_from)
    SELECT 'N' || l.depth || '-' || p.id || '-' || k,
           CASE l.depth WHEN 1 THEN 'Sở ' WHEN 2 THEN 'Phòng ' WHEN 3 THEN 'Tổ ' ELSE 'Nhóm ' END || p.id || '.' || k,
           CASE WHEN l.depth = 1 THEN 'office' ELSE 'division' END, p.id, '', p.depth + 1, DATE '2010-01-01'
      FROM units p, generate_series(1, l.n) k
     WHERE (l.depth = 1 AND p.code = 'STNMT') OR (l.depth > 1 AND p.code LIKE 'N' || (l.depth - 1) || '-%');
    UPDATE units u SET path = p.path || u.id || '/' FROM units p
     WHERE u.parent_id = p.id AND u.path = '';
  END LOOP;
END $$;
-- everyone into the groups (the leaves), evenly
CREATE TEMP TABLE leaf AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM units WHERE code LIKE 'N4-%';
UPDATE people p SET unit_id = l.id FROM leaf l WHERE l.i = p.id % (SELECT count(*) FROM leaf);
-- a hundred groups closed at the end of 2020 into a sibling (their people moved there)
CREATE TEMP TABLE merged AS
  SELECT u.id, (SELECT s.id FROM units s WHERE s.parent_id = u.parent_id AND s.id <> u.id ORDER BY s.id LIMIT 1) AS into_id
    FROM units u WHERE u.code LIKE 'N4-%' ORDER BY u.id LIMIT 100;
-- the campaigns of 2018-2021, as the 2022 one
CREATE TEMP TABLE past AS SELECT * FROM campaigns WHERE id = 1;
DO $$
BEGIN
  FOR y IN 2018..2021 LOOP
    UPDATE past SET id = nextval('campaigns_id_seq'), year = y, title = 'Kế hoạch thi đua năm ' || y;
    INSERT INTO campaigns SELECT * FROM past;
  END LOOP;
END $$;
CREATE TEMP TABLE ldtt AS
  SELECT c.id AS campaign_id, c.year, t.id AS title_id FROM campaigns c JOIN titles t ON t.rule_set_id = c.rule_set_id
   WHERE t.code = 'LDTT';
-- 2018-2020: six in ten registered, in the unit they were in (the merged groups among them)
INSERT INTO registrations (campaign_id, person_id, unit_id, title_id, status, submitted_at)
SELECT l.campaign_id, p.id, p.unit_id, l.title_id, 'confirmed', make_date(l.year, 1, 20)
  FROM people p, ldtt l WHERE l.year <= 2020 AND p.active AND p.id % 10 < 6;
-- the merges: closed at the end of 2020, people moved to the sibling
UPDATE people p SET unit_id = m.into_id FROM merged m WHERE p.unit_id = m.id;
UPDATE units u SET valid_to = DATE '2020-12-31', merged_into_id = m.into_id FROM merged m WHERE u.id = m.id;
-- 2021-2022: the same share (2022 adds to the demo's own registrations)
INSERT INTO registrations (campaign_id, person_id, unit_id, title_id, status, submitted_at)
SELECT l.campaign_id, p.id, p.unit_id, l.title_id, 'confirmed', make_date(l.year, 1, 20)
  FROM people p, ldtt l WHERE l.year >= 2021 AND p.active AND p.id % 10 < 6
   AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.campaign_id = l.campaign_id AND r.person_id = p.id);
-- each group proposes four in ten of its people each year; the Office accepted most, returned some
INSERT INTO proposals (campaign_id, unit_id, status, submissions, submitted_at)
SELECT DISTINCT r.campaign_id, r.unit_id, 'submitted', 1, make_date(l.year, 11, 20)::timestamptz
  FROM registrations r JOIN ldtt l ON l.campaign_id = r.campaign_id
ON CONFLICT (campaign_id, unit_id) DO NOTHING;
INSERT INTO proposal_lines (proposal_id, person_id, title_id, status, eligibility)
SELECT pr.id, r.person_id, r.title_id, CASE WHEN r.person_id % 50 = 0 THEN 'returned' ELSE 'accepted' END, 'eligible'
  FROM registrations r JOIN proposals pr ON pr.campaign_id = r.campaign_id AND pr.unit_id = r.unit_id
 WHERE r.person_id % 10 < 4
ON CONFLICT DO NOTHING;
-- each year's council: one closed meeting with every accepted line on its agenda, nine in ten passed
INSERT INTO council_meetings (campaign_id, held_on, status, quorum, quorum_strict, opened_at, closed_at)
SELECT c.id, make_date(c.year, 12, 10), 'closed', 5000, true,
       make_date(c.year, 12, 10)::timestamptz, make_date(c.year, 12, 10)::timestamptz
  FROM campaigns c WHERE NOT EXISTS (SELECT 1 FROM council_meetings m WHERE m.campaign_id = c.id);
INSERT INTO council_agenda (meeting_id, line_id, position, ballot, share, base, strict, votes_for,
                            votes_against, votes_abstain, counted_over, needed, result)
SELECT m.id, l.id, (row_number() OVER (PARTITION BY m.id ORDER BY l.id))::int, 'hands', 5000, 'members', true,
       CASE WHEN l.id % 10 = 7 THEN 3 ELSE 8 END, CASE WHEN l.id % 10 = 7 THEN 6 ELSE 1 END, 0, 9, 5,
       CASE WHEN l.id % 10 = 7 THEN 'failed' ELSE 'passed' END
  FROM proposal_lines l
  JOIN LATERAL (SELECT id FROM council_meetings m WHERE m.campaign_id = l.campaign_id ORDER BY id LIMIT 1) m ON true
 WHERE l.status = 'accepted'
ON CONFLICT DO NOTHING;
-- the awards of each year: LĐTT to three in ten, CSTĐCS to one in twenty (the registry's import)
INSERT INTO award_history (year, person_id, title_code, title_name, source)
SELECT y, p.id, 'LDTT', 'Lao động tiên tiến', 'import' FROM people p, generate_series(2018, 2022) y
 WHERE p.id % 10 < 3
ON CONFLICT DO NOTHING;
INSERT INTO award_history (year, person_id, title_code, title_name, source)
SELECT y, p.id, 'CSTDCS', 'Chiến sĩ thi đua cơ sở', 'import' FROM people p, generate_series(2018, 2022) y
 WHERE p.id % 20 = 0
ON CONFLICT DO NOTHING;
VACUUM ANALYZE;
SQL
note "tree, five years and awards in $((SECONDS - started)) s"
fi
psql -qAt "$URL" -c "SELECT 'units ' || (SELECT count(*) FROM units) || ', people ' || (SELECT count(*) FROM people WHERE active)
  || ', registrations ' || (SELECT count(*) FROM registrations) || ', proposal lines ' || (SELECT count(*) FROM proposal_lines)
  || ', council results ' || (SELECT count(*) FROM council_agenda WHERE result IS NOT NULL)
  || ', awards ' || (SELECT count(*) FROM award_history) || ', merged units ' || (SELECT count(*) FROM units WHERE merged_into_id IS NOT NULL)" >&2

# --- the server, signed in as the Office -------------------------------------------------------
THIDUA_LOG=warn DATABASE_URL=$URL THIDUA_BIND=$ADDR "$TARGET/release/thidua" serve >/tmp/national-serve.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; [[ ${KEEP_DB:-0} == 1 ]] || psql -q "$PGURL/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null' EXIT
for _ in $(seq 1 100); do curl -s -o /dev/null "http://$ADDR/login" && break; sleep 0.2; done
JAR=$(mktemp)
csrf=$(curl -s -c "$JAR" -b "$JAR" "http://$ADDR/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode username=vanphong --data-urlencode password=thidua-demo \
    --data-urlencode "csrf_token=$csrf" "http://$ADDR/login"

# time PATH: one warm-up (its time printed), then ROUNDS requests; p50, p95 and the longest
time_page() {
    local path=$1 first t
    first=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -b "$JAR" "http://$ADDR$path")
    [[ ${first%% *} == 200 ]] || { echo "national: $path answered ${first%% *}" >&2; exit 1; }
    for _ in $(seq 1 "$ROUNDS"); do
        curl -s -o /dev/null -w '%{time_total}\n' -b "$JAR" "http://$ADDR$path"
    done | sort -n | awk -v p="$path" -v f="${first#* }" '{a[NR]=$1} END {
        printf "| `%s` | %.0f ms | %.0f ms | %.0f ms | %.0f ms |\n", p, f*1000, a[int((NR+1)/2)]*1000, a[int(NR*0.95+0.999)]*1000, a[NR]*1000}'
}
echo
echo "national scale, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $ROUNDS requests each after a first"
echo
echo "| page (the Office, whole department) | first | p50 | p95 | longest |"
echo "| --- | ---: | ---: | ---: | ---: |"
for path in /api/v1/campaigns/1/statistics /campaigns/1/review /campaigns/1/review.xlsx /campaigns/1/trends \
    /campaigns/1/dashboard /campaigns/1/midyear "/campaigns/1/review/outcomes"; do
    time_page "$path"
done

# --- a change, then the page that follows it (issue 14: incremental reloads) -----------------------
ms() { awk '{printf "%.0f", $1 * 1000}'; }
once() { curl -s -o /dev/null -w '%{time_total}' -b "$JAR" "http://$ADDR$1" | ms; }
sql() { psql -qAt -v ON_ERROR_STOP=1 "$URL" -c "$1" >/dev/null; }
# the session's versions follow PostgreSQL's notifications: a moment for them to arrive
settle() { sleep 0.5; }
echo
echo "| after | the page | first after the change (ms), five changes |"
echo "| --- | --- | --- |"
once /campaigns/1/eligibility >/dev/null
line="| (nothing: the page as kept) | \`/campaigns/1/eligibility\` |"
for i in 1 2 3 4 5; do line="$line $(once /campaigns/1/eligibility)"; done
echo "$line |"
for n in 1 100; do
    line="| $n people's ratings changed | \`/campaigns/1/eligibility\` |"
    for i in 1 2 3 4 5; do
        sql "UPDATE ratings SET rating = CASE rating WHEN 'HTXSNV' THEN 'HTTNV' ELSE 'HTXSNV' END
             WHERE id IN (SELECT id FROM ratings WHERE year = 2022 AND person_id IS NOT NULL ORDER BY id OFFSET $((i * 977)) LIMIT $n)"
        settle
        line="$line $(once /campaigns/1/eligibility)"
    done
    echo "$line |"
done
line="| a person's unit changed (read whole) | \`/campaigns/1/eligibility\` |"
for i in 1 2; do
    sql "UPDATE people SET unit_id = (SELECT unit_id FROM people WHERE id = 2) WHERE id = (SELECT max(id) - $i FROM people)"
    settle
    line="$line $(once /campaigns/1/eligibility)"
done
echo "$line |"
once "/people?q=nguyen" >/dev/null
line="| (nothing: the directory as kept) | \`/people?q=nguyen\` |"
for i in 1 2 3 4 5; do line="$line $(once "/people?q=nguyen")"; done
echo "$line |"
line="| a unit renamed (read whole) | \`/people?q=nguyen\` |"
for i in 1 2; do
    sql "UPDATE units SET name = name || ' A' WHERE id = (SELECT max(id) - $i FROM units)"
    settle
    line="$line $(once "/people?q=nguyen")"
done
echo "$line |"
for n in 1 100; do
    line="| $n people renamed | \`/people?q=nguyen\` |"
    for i in 1 2 3 4 5; do
        sql "UPDATE people SET full_name = full_name || ' A' WHERE id IN (SELECT id FROM people ORDER BY id OFFSET $((i * 1013)) LIMIT $n)"
        settle
        line="$line $(once "/people?q=nguyen")"
    done
    echo "$line |"
done
# the same with a word nobody has: the page is then the bringing up to date, and little else
once "/people?q=zzqx" >/dev/null
line="| (nothing: the directory as kept) | \`/people?q=zzqx\` |"
for i in 1 2 3 4 5; do line="$line $(once "/people?q=zzqx")"; done
echo "$line |"
for n in 1 100; do
    line="| $n people renamed | \`/people?q=zzqx\` |"
    for i in 1 2 3 4 5; do
        sql "UPDATE people SET full_name = full_name || ' B' WHERE id IN (SELECT id FROM people ORDER BY id OFFSET $((i * 1201)) LIMIT $n)"
        settle
        line="$line $(once "/people?q=zzqx")"
    done
    echo "$line |"
done

# --- the facts import: 200,000 ratings, then 200,000 awards, through the Office's pages -------------
# (the ratings move round and the decision numbers change with the minute: a run again rewrites every row)
csrf() { curl -s -b "$JAR" "http://$ADDR/account" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//'; }
import_file() {
    local kind=$1 file=$2 token job started up since
    token=$(csrf)
    since=$(psql -qAt "$URL" -c "SELECT now()")
    started=$(date +%s%N)
    job=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$JAR" -F "csrf_token=$token" -F "kind=$kind" \
        -F "file=@$file;filename=$(basename "$file")" "http://$ADDR/facts/import")
    [[ $job == *"/facts/import/"* ]] || { note "the $kind upload was refused"; exit 1; }
    up=$(( ($(date +%s%N) - started) / 1000000 ))
    started=$(date +%s%N)
    curl -s -o /dev/null -b "$JAR" --data-urlencode "csrf_token=$token" "$job"
    while curl -s -b "$JAR" "$job" | grep -q '<progress'; do sleep 0.5; done
    local done_s audits
    done_s=$(( ($(date +%s%N) - started) / 1000000 ))
    audits=$(psql -qAt "$URL" -c "SELECT count(*) FROM audit_log WHERE entity = '${kind%s}' AND at >= '$since'")
    printf "| %s | %s | %d ms | %d ms | %s |\n" "$kind" "$(($(wc -l <"$file") - 1))" "$up" "$done_s" "$audits"
}
TMPD=$(mktemp -d)
# every rating the next one round (none yet: HTXSNV), so that each run rewrites every row
psql -qAt "$URL" -c "COPY (SELECT p.employee_code, 2023, CASE r.rating WHEN 'HTXSNV' THEN 'HTTNV' WHEN 'HTTNV' THEN 'HTNV' ELSE 'HTXSNV' END
    FROM people p LEFT JOIN ratings r ON r.person_id = p.id AND r.year = 2023
    WHERE p.active AND p.employee_code IS NOT NULL ORDER BY p.id LIMIT 200000) TO STDOUT WITH (FORMAT csv)" \
    | sed '1i employee_code,year,rating' >"$TMPD/ratings.csv"
psql -qAt "$URL" -c "COPY (SELECT employee_code, 2023, 'LDTT', (extract(epoch FROM now())::int8 / 60 % 1000) || '/QĐ-STNMT', '20/12/2023' FROM people
    WHERE active AND employee_code IS NOT NULL ORDER BY id LIMIT 200000) TO STDOUT WITH (FORMAT csv)" \
    | sed '1i employee_code,year,title,decision_no,decision date' >"$TMPD/awards.csv"
echo
echo "| import | rows | upload and check | write (and audit) | audit entries |"
echo "| --- | ---: | ---: | ---: | ---: |"
import_file ratings "$TMPD/ratings.csv"
import_file awards "$TMPD/awards.csv"
rm -rf "$TMPD"

echo
echo "Key lines of the plans:"
psql -qAt "$URL" -c "EXPLAIN (ANALYZE, COSTS OFF) SELECT u.path, count(*) FROM award_history h LEFT JOIN people pe ON pe.id = h.person_id
    JOIN units u ON u.id = coalesce(pe.unit_id, h.unit_id) WHERE h.year = 2022 AND u.path LIKE ANY(ARRAY['/1/%']) GROUP BY u.path" \
    | grep -E 'Execution Time|Scan on|Hash Join' | head -8
