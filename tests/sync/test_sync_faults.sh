#!/usr/bin/env bash
# test_sync_faults.sh - the sync client against a misbehaving upstream over
# loopback TLS: a server certificate from another CA, an expired one, one for
# another host, or a key that does not match the pin is refused with the
# reason; garbled, truncated, oversized or wrongly typed answers, 503s and
# dropped connections are recorded, never crash it, and lose nothing: once
# the upstream behaves, every job arrives exactly once.
#   usage: test_sync_faults.sh CERTKIOSKCTL UPSTREAM_REF MAKE_QUEUED_JOBS
set -uo pipefail
ctl=${1:?}; server=${2:?}; make_jobs=${3:?}
. "$(dirname "${BASH_SOURCE[0]}")/../lib/sync_test.sh"
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 20 >/dev/null || ko "make_queued_jobs"

# A server the kiosk must not talk to: it refuses and says why; nothing leaves the queue.
refused_with() { # CERT KEY EXPECTED-TEXT
  upstream_stop
  "$server" --db "$tmp/up.db" --cert "$1" --key "$2" --client-ca "$tmp/ca.pem" >"$tmp/up.out" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$tmp/up.out" && break; sleep 0.05; done
  port=$(awk '/listening on/{print $3}' "$tmp/up.out"); upstream_config
  expect_exit 1 sync --once --json "${cfg[@]}"
  expect_jq .accepted 0
  contains "$(jq -r .error <<<"$out")" "$3"
}
mkca other
mkcert foreign 127.0.0.1 other "subjectAltName=IP:127.0.0.1"
refused_with "$tmp/foreign.pem" "$tmp/foreign.key" "certificate"
mkcert_expired stale 127.0.0.1 ca "subjectAltName=IP:127.0.0.1"
refused_with "$tmp/stale.pem" "$tmp/stale.key" "expired"
mkcert elsewhere wrong.example ca "subjectAltName=DNS:wrong.example"
refused_with "$tmp/elsewhere.pem" "$tmp/elsewhere.key" "name"
upstream_stop
# The right CA but not the pinned key.
upstream_start
echo "pinned_pubkey = sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" >>"$tmp/k.ini"
expect_exit 1 sync --once --json "${cfg[@]}"
contains "$(jq -r .error <<<"$out")" "pinned"
# With the right pin it goes through.
pin=$(openssl x509 -in "$tmp/server.pem" -pubkey -noout | openssl pkey -pubin -outform DER |
  openssl dgst -sha256 -binary | base64)
upstream_config; echo "pinned_pubkey = sha256//$pin" >>"$tmp/k.ini"
expect_exit 0 sync --once --json --now "$(later 1)" "${cfg[@]}"
expect_jq .accepted 20
upstream_stop

# Misbehaving answers, one kind after the other; each round fails cleanly and the jobs wait. The garbling
# upstream cycles through its kinds (truncated, not JSON, wrong types, empty, oversized) round by round.
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 30 >/dev/null
round=2
faulty_round() {
  "$ctl" sync --once --json --now "$(later "$round")" "${cfg[@]}" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ "$rc" = 1 ] && ok || ko "fault '$1': exit $rc (a crash is >1): $(cat "$tmp/err")"
  [ "$(jq -r .accepted <"$tmp/out")" = 0 ] && ok || ko "fault '$1' accepted something: $(cat "$tmp/out")"
  jq -r .error <"$tmp/out" >>"$tmp/errors"
  round=$((round + 1))
}
for fault in "--fail-percent 100" "--drop-percent 100" "--latency-ms 7000"; do
  upstream_start $fault
  faulty_round "$fault"
  upstream_stop
done
upstream_start --garble-percent 100
for _ in 1 2 3 4 5 6; do faulty_round garbled; done
upstream_stop
errors=$(cat "$tmp/errors")
contains "$errors" "HTTP 503"
contains "$errors" "HTTP 200 but"
contains "$errors" "timed out"
contains "$errors" "Empty reply"
contains "$errors" "answer over 1 MiB"
contains "$errors" "one result per item"
# Healthy again: everything goes through, once.
upstream_start
for r in 30 31 32; do "$ctl" sync --once --now "$(later "$r")" "${cfg[@]}" >/dev/null 2>&1; done
expect_exit 0 jobs list --state submitted --json "${cfg[@]}"
expect_jq length 50
upstream_call GET /v1/test/stats
[ "$(jq -r .jobs <<<"$reply")" = 50 ] && ok || ko "upstream holds $(jq -r .jobs <<<"$reply"), wanted 50"
[ "$(jq -r .conflicts <<<"$reply")" = 0 ] && ok || ko "conflicts: $reply"
expect_exit 0 store check --json "${cfg[@]}"
expect_jq .outbox_parked 0
# Nothing to push, and the pulled changes come garbled: nothing applied, the error recorded.
upstream_stop
upstream_start --garble-percent 100 --seed 99
expect_exit 1 sync --once --json --now "$(later 40)" "${cfg[@]}"
expect_jq .pulled 0
[ -n "$(jq -r .error <<<"$out")" ] && ok || ko "no error recorded for garbled changes"

cli_summary
