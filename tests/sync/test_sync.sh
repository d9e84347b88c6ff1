#!/usr/bin/env bash
# test_sync.sh - the kiosk's sync client against the reference upstream over
# real mutual TLS on loopback: queued jobs are handed over once and become
# submitted; nothing is sent twice; with the upstream down the round fails,
# nothing is lost, and the items are retried after their backoff once it is
# back; a job the upstream's rules refuse is parked with the reason.
#   usage: test_sync.sh CERTKIOSKCTL UPSTREAM_REF MAKE_QUEUED_JOBS
set -uo pipefail
ctl=${1:?}; server=${2:?}; make_jobs=${3:?}
. "$(dirname "${BASH_SOURCE[0]}")/../lib/sync_test.sh"

# Review only (no issuing CA): an approved seal upgrade stays approved, since nobody makes its seal.
upstream_no_ca=1
upstream_start
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 5 --service seal-upgrade >"$tmp/uuids" || ko "make_queued_jobs"
expect_exit 0 sync --once --json "${cfg[@]}"
expect_jq .due 5
expect_jq .accepted 5
expect_jq .http_status 200
expect_exit 0 jobs list --state submitted --json "${cfg[@]}"
expect_jq length 5
expect_exit 0 sync --once --json "${cfg[@]}"
expect_jq .due 0
expect_exit 0 store check --json "${cfg[@]}"
expect_jq .outbox_pending 0

expect_exit 0 sync status --json "${cfg[@]}"
expect_jq .online true
expect_jq .queue_depth 0

# The CA decides (the reference upstream's test endpoint stands in for its reviewers); the kiosk pulls.
decide() { upstream_call POST /v1/test/decide "$1"; echo "$code"; }
j1=$(sed -n 1p "$tmp/uuids"); j2=$(sed -n 2p "$tmp/uuids")
[ "$(decide "{\"job\":\"$j1\",\"to\":\"approved\"}")" = 200 ] && ok || ko "decide approve"
[ "$(decide "{\"job\":\"$j2\",\"to\":\"rejected\",\"reason_zh\":\"营业执照与单位名称不一致\"}")" = 200 ] && ok || ko "decide reject"
expect_exit 0 sync --once --json "${cfg[@]}"
expect_jq .pulled 2
expect_jq .applied 2
expect_exit 0 jobs show "$j1" --json "${cfg[@]}"
expect_jq .state approved
expect_exit 0 jobs show "$j2" --json "${cfg[@]}"
expect_jq .state rejected
expect_jq .reject_reason "营业执照与单位名称不一致"
expect_exit 0 sync --once --json "${cfg[@]}"
expect_jq .pulled 0
expect_exit 0 sync --heartbeat --json "${cfg[@]}"
expect_jq .clock_warning false
[ "$(jq -r '.clock_skew_s | fabs | . <= 5' <<<"$out")" = true ] && ok || ko "clock skew $(jq -r .clock_skew_s <<<"$out")"
# A kiosk clock an hour slow is reported.
expect_exit 1 sync --heartbeat --json --now "@$(( $(date +%s) - 3600 ))" "${cfg[@]}"
expect_jq .clock_warning true
expect_exit 0 sync status --json "${cfg[@]}"
expect_jq .clock_warning true

# The upstream down while jobs are queued: the round fails, nothing is lost.
upstream_stop
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 3 >/dev/null
expect_exit 1 sync --once --json "${cfg[@]}"
expect_jq .failed 3
expect_jq .accepted 0
contains "$(jq -r .error <<<"$out")" "Could"
expect_exit 0 store check --json "${cfg[@]}"
expect_jq .outbox_pending 3
expect_exit 1 sync status --json "${cfg[@]}"
expect_jq .online false
expect_jq .queue_depth 3
contains "$(jq -r .last_error <<<"$out")" "Could"
expect_exit 1 sync --heartbeat "${cfg[@]}"
contains "$err" "cannot be reached"
# Back up: after the backoff the same items go through, once.
upstream_start
expect_exit 0 sync --once --json --now "@$(( $(date +%s) + 600 ))" "${cfg[@]}"
expect_jq .accepted 3
expect_exit 0 jobs list --state submitted --json "${cfg[@]}"
expect_jq length 6

# A job the upstream's rules refuse (a bad credit code) is parked with the reason, not retried.
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 91510100MA61R7XK3X >/dev/null
expect_exit 1 sync --once --json "${cfg[@]}"
expect_jq .parked 1
contains "$(jq -r .error <<<"$out")" "check_digit"
expect_exit 0 store check --json "${cfg[@]}"
expect_jq .outbox_parked 1
# And the job itself ends rejected, with the rule it broke, for the customer and the clerk.
expect_exit 0 jobs list --state rejected --json "${cfg[@]}"
contains "$(jq -r '.[].reject_reason' <<<"$out")" "check_digit"
expect_exit 0 sync --once --json --now "@$(( $(date +%s) + 3600 ))" "${cfg[@]}"
expect_jq .due 0

# No upstream configured: said plainly.
sed -i 's|^url = .*|url =|' "$tmp/k.ini"
expect_exit 3 sync --once "${cfg[@]}"
contains "$err" "no upstream configured"

cli_summary
