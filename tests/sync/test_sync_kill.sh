#!/usr/bin/env bash
# test_sync_kill.sh - nothing lost, nothing twice: the kiosk's sync killed
# with SIGKILL mid-batch 50 times, then the upstream killed mid-request 50
# times (by SIGKILL at a random moment, and by its own crash right after
# committing); at the end the upstream holds every job exactly once, with no
# conflicting replay, and the kiosk holds every job as submitted, its store
# and audit chain intact.
#   usage: test_sync_kill.sh CERTKIOSKCTL UPSTREAM_REF MAKE_QUEUED_JOBS [KILLS]
set -uo pipefail
ctl=${1:?}; server=${2:?}; make_jobs=${3:?}; kills=${4:-50}
. "$(dirname "${BASH_SOURCE[0]}")/../lib/sync_test.sh"

# Every job reaches the upstream once: drained with the upstream healthy, then counted on both sides.
drain_and_count() {
  local want=$1 round
  for round in $(seq 60); do
    "$ctl" sync --once --json --now "$(later "$((round + 1000))")" "${cfg[@]}" >"$tmp/round" 2>/dev/null
    [ "$(jq -r .queue_depth <<<"$("$ctl" sync status --json "${cfg[@]}")")" = 0 ] && break
  done
  expect_exit 0 jobs list --state submitted --json "${cfg[@]}"
  expect_jq length "$want"
  upstream_call GET /v1/test/stats
  [ "$(jq -r .jobs <<<"$reply")" = "$want" ] && ok || ko "upstream holds $(jq -r .jobs <<<"$reply") jobs, wanted $want"
  [ "$(jq -r .conflicts <<<"$reply")" = 0 ] && ok || ko "conflicting replays: $reply"
  expect_exit 0 store check --json "${cfg[@]}"
  expect_jq .outbox_parked 0
  expect_exit 0 audit verify "${cfg[@]}"
}

# 1. The kiosk killed mid-batch: the upstream answers slowly, so most kills land while a batch is in flight.
upstream_start --latency-ms 400
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 300 >/dev/null || ko "make_queued_jobs"
killed=0
for i in $(seq "$kills"); do
  "$ctl" sync --once --now "$(later "$i")" "${cfg[@]}" >/dev/null 2>&1 &
  k=$!
  sleep "0.$(( 10 + RANDOM % 30 ))"
  kill -9 "$k" 2>/dev/null && killed=$((killed + 1))
  wait "$k" 2>/dev/null
done
echo "kiosk: $killed of $kills rounds killed before they finished"
[ "$killed" -ge $(( kills / 2 )) ] && ok || ko "too few kills landed mid-round ($killed)"
upstream_stop
upstream_start
drain_and_count 300

# 2. The upstream killed mid-request, half by SIGKILL at a random moment, half by crashing right after its commit.
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1000 >/dev/null || ko "make_queued_jobs"
upstream_stop
fixed_port=$port
crashed=0
for i in $(seq "$kills"); do
  if (( i % 2 )); then
    upstream_start --port "$fixed_port" --latency-ms 100
    "$ctl" sync --once --now "$(later "$((i + 100))")" "${cfg[@]}" >/dev/null 2>&1 &
    k=$!
    sleep "0.$(( RANDOM % 20 ))"
    upstream_kill
    wait "$k" 2>/dev/null
  else
    upstream_start --port "$fixed_port" --crash-after-commit-percent 100
    "$ctl" sync --once --now "$(later "$((i + 100))")" "${cfg[@]}" >/dev/null 2>&1
    if kill -0 "$pid" 2>/dev/null; then upstream_stop; else wait "$pid" 2>/dev/null; [ $? = 137 ] && crashed=$((crashed + 1)); fi
    pid=""
  fi
done
echo "upstream: killed $(( kills - kills / 2 )) times, crashed after commit $crashed times"
[ "$crashed" -ge 1 ] && ok || ko "the upstream never crashed after a commit"
upstream_start --port "$fixed_port"
drain_and_count 1300

cli_summary
