#!/usr/bin/env bash
# test_sync_worker.sh - the sync worker thread against a slow reference
# upstream (every answer 1.5 s late): the queue drains without the caller
# ever waiting on the network (the status is read while rounds run), and a
# job queued later goes up when the worker is kicked.
#   usage: test_sync_worker.sh SYNC_WORKER_RUN UPSTREAM_REF MAKE_QUEUED_JOBS
set -uo pipefail
runner=${1:?}; server=${2:?}; make_jobs=${3:?}
. "$(dirname "${BASH_SOURCE[0]}")/../lib/sync_test.sh"
upstream_start --latency-ms 1500
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 150 >/dev/null || ko "make_queued_jobs"
if "$runner" "$tmp/k.ini"; then ok; else ko "the worker did not drain the queue while the status stayed readable"; fi
upstream_call GET /v1/test/stats
[ "$(jq -r .jobs <<<"$reply")" = 151 ] && ok || ko "upstream holds $(jq -r .jobs <<<"$reply"), wanted 151"
cli_summary
