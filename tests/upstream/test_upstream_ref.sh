#!/usr/bin/env bash
# test_upstream_ref.sh - the reference upstream over real TLS on loopback:
# mutual TLS (no client certificate, one from another CA, a kiosk id that
# does not match: all refused), job pushes with idempotency (accepted, the
# replay answered as first, the same key with another body a conflict, also
# within one batch), the kiosk's own validation rules applied again, malformed
# and oversized bodies, the heartbeat, the test statistics, and a kiosk that
# trusts only its CA refusing a foreign server. Certificates, payments and
# faults: test_upstream_ca.sh, test_upstream_pay.sh, test_upstream_faults.sh.
#   usage: test_upstream_ref.sh UPSTREAM_REF
set -uo pipefail
server=${1:?}
for tool in curl openssl jq; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed"; exit 77; }
done
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0; failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL: $*"; }
eq() { if [ "$1" = "$2" ]; then ok; else ko "$3: got '$1', wanted '$2'"; fi; }

# A CA for kiosks and servers, its server certificate (127.0.0.1), a kiosk's client certificate; another CA.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/test_pki.sh"
mkca ca; mkca rogue
mkcert server 127.0.0.1 ca "subjectAltName=IP:127.0.0.1"
mkcert kiosk KIOSK-0001 ca
mkcert stranger KIOSK-0001 rogue

"$server" --db "$tmp/up.db" --cert "$tmp/server.pem" --key "$tmp/server.key" --client-ca "$tmp/ca.pem" >"$tmp/out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q "listening on" "$tmp/out" && break; sleep 0.1; done
port=$(awk '/listening on/{print $3}' "$tmp/out")
[ -n "$port" ] && ok || { ko "the server did not start: $(cat "$tmp/out")"; echo "$passed passed, $failed failed"; exit 1; }
url="https://127.0.0.1:$port"

# call NAME PATH BODY [curl options]: HTTP status in $code, body in $body.
call() {
  local cert=$1 path=$2 data=$3; shift 3
  local args=(-s -o "$tmp/body" -w '%{http_code}' --cacert "$tmp/ca.pem" -H "Content-Type: application/json"
              -H "X-Kiosk-Id: ${kiosk_id:-KIOSK-0001}" --data-binary "$data")
  [ "$cert" != none ] && args+=(--cert "$tmp/$cert.pem" --key "$tmp/$cert.key")
  code=$(curl "${args[@]}" "$@" "$url$path"); body=$(cat "$tmp/body" 2>/dev/null)
}
job='{"uuid":"6f1c2d3e-0000-4000-8000-000000000001","service":"new","holder":"unit","uscc":"91510100MA61R7XK3Y","total_fen":40000}'
item() { printf '{"idem_key":"%s","kind":"job.submit","job":%s}' "$1" "$2"; }

call none /v1/heartbeat '{}'; eq "$code" 403 "no client certificate"
eq "$(jq -r .error.code <<<"$body")" not_authorised "no client certificate: code"
call stranger /v1/heartbeat '{}'; eq "$code" 403 "a client certificate from another CA"
kiosk_id=KIOSK-0002 call kiosk /v1/heartbeat '{}'; eq "$code" 403 "a kiosk id that is not the certificate's"
call kiosk /v1/heartbeat '{}' -H "X-Kiosk-Id: KIOSK-0002"; eq "$code" 403 "two kiosk ids"
call kiosk /v1/heartbeat '{"kiosk_time":0}'; eq "$code" 200 "heartbeat"
now=$(date +%s); st=$(jq -r .server_time <<<"$body")
[ $((st - now)) -le 5 ] && [ $((now - st)) -le 5 ] && ok || ko "server_time $st is not now ($now)"

push="{\"items\":[$(item 6f1c2d3e-0000-4000-8000-000000000001 "$job")]}"
call kiosk /v1/jobs "$push"; eq "$code" 200 "push"
eq "$(jq -r '.results[0].status' <<<"$body")" accepted "first push"
call kiosk /v1/jobs "$push"; eq "$(jq -r '.results[0].status + " " + (.results[0].replayed|tostring)' <<<"$body")" "accepted true" "replay"
other=$(sed 's/40000/1/' <<<"$job")
call kiosk /v1/jobs "{\"items\":[$(item 6f1c2d3e-0000-4000-8000-000000000001 "$other")]}"
eq "$(jq -r '.results[0].status' <<<"$body")" conflict "same key, other body"
bad=$(sed 's/3Y"/3X"/; s/0001"/0002"/' <<<"$job")
call kiosk /v1/jobs "{\"items\":[$(item 6f1c2d3e-0000-4000-8000-000000000002 "$bad")]}"
eq "$(jq -r '.results[0].status + " " + .results[0].reason' <<<"$body")" "rejected check_digit" "the kiosk's rules, applied again"
call kiosk /v1/jobs '{"items":[{"idem_key":"x:written","kind":"job.event","event":{}},{"kind":"job.event"}]}'
eq "$(jq -r '[.results[].status] | join(",")' <<<"$body")" "accepted,rejected" "an event, and an item without a key"
# One batch, one transaction: a key seen earlier in the same batch is a replay, or a conflict.
job3=$(sed 's/0001"/0003"/' <<<"$job")
call kiosk /v1/jobs "{\"items\":[$(item 6f1c2d3e-0000-4000-8000-000000000003 "$job3"),$(item 6f1c2d3e-0000-4000-8000-000000000003 "$job3"),$(item 6f1c2d3e-0000-4000-8000-000000000003 "$(sed 's/40000/2/' <<<"$job3")")]}"
eq "$(jq -r '[.results[] | .status + ":" + (.replayed|tostring)] | join(",")' <<<"$body")" \
  "accepted:false,accepted:true,conflict:false" "the same key twice in a batch"
call kiosk /v1/test/stats '{}' -X GET
eq "$(jq -r '[.jobs, .items, .conflicts] | join(",")' <<<"$body")" "2,4,2" "the statistics"

call kiosk /v1/jobs '{"items": [1, 2'; eq "$code" 400 "truncated JSON"
eq "$(jq -r .error.code <<<"$body")" bad_request "truncated JSON: code"
call kiosk /v1/jobs '{"items": "many"}'; eq "$code" 400 "items of the wrong type"
many=$(printf '{"items":[%s]}' "$(for i in $(seq 101); do printf '{"idem_key":"k%d","kind":"job.event"},' "$i"; done | sed 's/,$//')")
call kiosk /v1/jobs "$many"; eq "$code" 413 "101 items"
head -c 1100000 /dev/zero | tr '\0' 'a' >"$tmp/big"
call kiosk /v1/jobs "@$tmp/big"; eq "$code" 413 "a body over 1 MiB"
call kiosk /v1/nothing '{}'; eq "$code" 404 "unknown endpoint"

# The kiosk trusts only its CA: a server it cannot verify is refused before anything is sent.
curl -s -o /dev/null --cacert "$tmp/rogue.pem" --cert "$tmp/kiosk.pem" --key "$tmp/kiosk.key" "$url/v1/heartbeat"
eq "$?" 60 "a server certificate from another CA"
curl -s -o /dev/null --cacert "$tmp/ca.pem" --cert "$tmp/kiosk.pem" --key "$tmp/kiosk.key" "https://localhost:$port/v1/heartbeat"
eq "$?" 60 "a wrong host name"

# The upstream kept every answer: one row per key.
kill "$pid"; wait "$pid" 2>/dev/null; pid=""
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
