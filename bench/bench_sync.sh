#!/usr/bin/env bash
# bench_sync.sh - N queued jobs synced to the reference upstream over loopback
# mutual TLS by the kiosk's sync client, against the same requests from one
# keep-alive libcurl handle (bench/bench_sync.c). Needs a build with tests
# (the reference upstream and make_queued_jobs are test programs).
#   usage: bench/bench_sync.sh BUILD_DIR [JOBS]
set -euo pipefail
build=${1:?usage: bench_sync.sh BUILD_DIR [JOBS]}; jobs=${2:-10000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
. "$root/tests/lib/test_pki.sh"
mkca ca
mkcert server 127.0.0.1 ca "subjectAltName=IP:127.0.0.1"
mkcert kiosk KIOSK-0001 ca
mv "$tmp/kiosk.key" "$tmp/kiosk.key.pem"
"$build/tests/upstream_ref" --db "$tmp/up.db" --cert "$tmp/server.pem" --key "$tmp/server.key" \
  --client-ca "$tmp/ca.pem" >"$tmp/up.out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q "listening on" "$tmp/up.out" && break; sleep 0.1; done
port=$(awk '/listening on/{print $3}' "$tmp/up.out")
cat >"$tmp/k.ini" <<INI
[kiosk]
id = KIOSK-0001
[store]
path = $tmp/kiosk.db
key_file = $tmp/kiosk.key
[upstream]
url = https://127.0.0.1:$port
ca_file = $tmp/ca.pem
client_cert = $tmp/kiosk.pem
client_key = $tmp/kiosk.key.pem
INI
echo "queueing $jobs jobs..." >&2
"$build/tests/make_queued_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" "$jobs" >/dev/null
"$build/bench/bench_sync" "$tmp/k.ini"
