#!/usr/bin/env bash
# test_upstream_faults.sh - the reference upstream's fault injection, each
# switch once, over real mutual TLS on loopback: answers delayed, refused
# (503 busy with Retry-After), dropped after the commit, garbled after the
# commit (every variant), the process killed after the commit; the same seed
# makes the same choices. Then the server certificates a kiosk must refuse
# (another CA, expired, another host name), the push throughput, and the
# database failing under the server.
#   usage: test_upstream_faults.sh UPSTREAM_REF
server=${1:?}
. "$(dirname "${BASH_SOURCE[0]}")/ref_lib.sh"

one_job() { printf '{"items":[%s]}' "$(job_item "$1" new '{"uscc":"91510100MA61R7XK3Y"}')"; }
jobs_stored() { call GET /v1/test/stats; jq -r .jobs <<<"$out"; }

# Latency: every answer waits.
ref_start --latency-ms 300
t=$(curl -s -o /dev/null -w '%{time_total}' --cacert "$tmp/ca.pem" --cert "$tmp/kiosk.pem" --key "$tmp/kiosk.key" \
  -H "X-Kiosk-Id: KIOSK-0001" --data-binary '{}' "$url/v1/heartbeat")
awk -v t="$t" 'BEGIN { exit !(t >= 0.3) }' && ok || ko "an answer after $t s with --latency-ms 300"
ref_stop

# Refusals: 503 busy with Retry-After, before any work; the test endpoints and the CRL are never refused.
db=fail ref_start --fail-percent 100 --ca-cert "$tmp/issuing.pem" --ca-key "$tmp/issuing.key"
call POST /v1/jobs "$(one_job 30000000-0000-4000-8000-000000000001)"; expect_code 503 "refused"
expect_jq .error.code busy; expect_jq .error.retry true
contains "$(tr -d '\r' <"$tmp/headers")" "Retry-After: 1"
call GET "/v1/changes?since=0"; expect_code 503 "changes refused"
call POST /v1/payments '{}'; expect_code 503 "payments refused"
eq "$(jobs_stored)" 0 "nothing done when refused"
as=none call GET /v1/crl; expect_code 200 "the CRL is never refused"
ref_stop

# The seed decides: the same seed, the same refusals.
pattern() {
  ref_start --fail-percent 50 --seed "$1"
  local p=""
  for _ in $(seq 24); do call POST /v1/heartbeat '{}'; p+=${code:0:1}; done
  ref_stop quiet
  echo "$p"
}
p1=$(db=seed pattern 7); p2=$(db=seed pattern 7); p3=$(db=seed pattern 8)
eq "$p1" "$p2" "the same seed"
[[ $p1 == *2* && $p1 == *5* ]] && ok || ko "50% refused should mix answers: $p1"
[ "$p1" != "$p3" ] && ok || ko "another seed, the same choices: $p1"

# Dropped after the commit: the kiosk sees no answer, but the job is there (a replay says so).
db=drop ref_start --drop-percent 100
call POST /v1/jobs "$(one_job 30000000-0000-4000-8000-000000000002)"
[[ $curl_rc == 52 || $curl_rc == 56 ]] && ok || ko "a dropped connection: curl exit $curl_rc, HTTP $code"
call POST /v1/heartbeat '{}'; expect_code 200 "only pushes are dropped"
ref_stop
db=drop ref_start
eq "$(jobs_stored)" 1 "the dropped push was committed"
call POST /v1/jobs "$(one_job 30000000-0000-4000-8000-000000000002)"
expect_jq '.results[0].status + " " + (.results[0].replayed | tostring)' "accepted true"
ref_stop

# Garbled after the commit, in turn: cut in half, not JSON, wrongly typed, empty, over the 1 MiB limit.
db=garble ref_start --garble-percent 100
for i in 1 2 3 4 5; do
  call POST /v1/jobs "$(one_job "30000000-0000-4000-8000-00000000010$i")"; expect_code 200 "garbled answer $i"
  cp "$tmp/body" "$tmp/garbled$i"
done
jq . "$tmp/garbled1" >/dev/null 2>&1 && ko "half an answer parses" || ok
[[ $(cat "$tmp/garbled1") == '{"results":[{'* ]] && ok || ko "half an answer: $(cat "$tmp/garbled1")"
eq "$(cat "$tmp/garbled2")" "<html>502 Bad Gateway</html>" "not JSON"
eq "$(jq -r '.results | type' "$tmp/garbled3")" string "wrongly typed"
eq "$(stat -c %s "$tmp/garbled4")" 0 "empty"
eq "$(stat -c %s "$tmp/garbled5")" 2097152 "oversized"
eq "$(jq -r '.results | type' "$tmp/garbled5")" null "oversized: valid JSON, no results"
call GET "/v1/changes?since=0"; expect_code 200 "garbled changes"
jq -e '.changes | type == "array"' <<<"$out" >/dev/null 2>&1 && ko "a garbled feed parses: $out" || ok
call GET /v1/payments/0123456789abcdef0123456789abcdef; expect_code 200 "a garbled 404"
eq "$out" "<html>502 Bad Gateway</html>" "payments garbled"
call POST /v1/payments '{}'; eq "$out" '{"trade_state": 7}' "payments wrongly typed"
eq "$(jobs_stored)" 5 "the garbled pushes were committed"
ref_stop

# Killed after the commit: exit 137, no answer, the job stored.
db=crash ref_start --crash-after-commit-percent 100
call POST /v1/jobs "$(one_job 30000000-0000-4000-8000-000000000003)"
[ "$curl_rc" -ne 0 ] && ok || ko "an answer from a crashed server: HTTP $code"
wait "$pid"; eq "$?" 137 "the exit status"; pid=""
db=crash ref_start
eq "$(jobs_stored)" 1 "the job pushed before the crash"
ref_stop

# Server certificates the kiosk must refuse: another CA's, an expired one, another host's.
mkca rogue
mkcert rogue_server 127.0.0.1 rogue "subjectAltName=IP:127.0.0.1"
mkcert_expired expired_server 127.0.0.1 ca "subjectAltName=IP:127.0.0.1"
mkcert_wrong_host wrong_host ca
for cert in rogue_server expired_server wrong_host; do
  srv=$cert ref_start
  call POST /v1/heartbeat '{}'; eq "$curl_rc" 60 "a server certificate the kiosk must refuse ($cert)"
  ref_stop
done

# 2,000 jobs in batches of 100 over one TLS connection, one commit per batch: all accepted and stored.
ref_start
args=()
for b in $(seq 0 19); do
  awk -v b="$b" 'BEGIN { printf "{\"items\":["
    for (k = 0; k < 100; k++) { u = sprintf("40000000-0000-4000-8000-%012d", b * 100 + k)
      printf "%s{\"idem_key\":\"%s\",\"kind\":\"job.submit\",\"job\":{\"uuid\":\"%s\",\"service\":\"new\",", k ? "," : "", u, u
      printf "\"holder\":\"unit\",\"uscc\":\"91510100MA61R7XK3Y\",\"total_fen\":40000}}" }
    printf "]}" }' >"$tmp/batch$b"
  [ "$b" -gt 0 ] && args+=(--next)
  args+=(-s -o "$tmp/answer$b" --cacert "$tmp/ca.pem" --cert "$tmp/kiosk.pem" --key "$tmp/kiosk.key"
         -H "X-Kiosk-Id: KIOSK-0001" -H "Content-Type: application/json" --data-binary "@$tmp/batch$b" "$url/v1/jobs")
done
start=$(date +%s%N)
curl "${args[@]}"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
eq "$(cat "$tmp"/answer* | grep -o '"status":"accepted"' | wc -l)" 2000 "2,000 jobs accepted"
eq "$(jobs_stored)" 2000 "2,000 jobs stored"
echo "throughput: 2000 jobs in $ms ms ($(( 2000000 / (ms > 0 ? ms : 1) )) jobs/s)"
# Speed is measured by bench/bench_sync.sh, not asserted here (a loaded CI machine must not fail a test).

# The database failing under it: every endpoint answers 500 internal, the server lives on and stops cleanly.
sql=$(command -v sqlite3 || command -v sqlcipher)
if [ -n "$sql" ]; then
  "$sql" "$tmp/up.db" "DROP TABLE changes; DROP TABLE orders; DROP TABLE idem;" || ko "dropping the tables"
  call POST /v1/jobs "$(one_job 30000000-0000-4000-8000-000000000009)"; expect_code 500 "push without a database"
  expect_jq .error.code internal; expect_jq .error.retry true
  call GET "/v1/changes?since=0"; expect_code 500 "changes without a database"
  call POST /v1/payments "$(jq -cn '{job: "j", service: "new", holder: "unit", role: "supplier", years: 1, seals: 1,
    amount_fen: 40000}')"; expect_code 500 "an order without a database"
  call GET /v1/test/stats; expect_code 500 "statistics without a database"
  call POST /v1/heartbeat '{}'; expect_code 200 "still serving"
else
  echo "note: no sqlite3 or sqlcipher command, the database failure part is skipped"
fi
ref_stop
cli_summary
