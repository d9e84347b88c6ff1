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
server="$build/tests/upstream_ref"
. "$root/tests/lib/upstream_env.sh"
trap 'upstream_stop; rm -rf "$tmp"' EXIT
upstream_pki
upstream_start
echo "queueing $jobs jobs..." >&2
"$build/tests/make_queued_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" "$jobs" >/dev/null
"$build/bench/bench_sync" "$tmp/k.ini"
