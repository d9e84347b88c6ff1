#!/usr/bin/env bash
# demo_sync.sh - the online half of the demo: the reference CA upstream
# (tests/upstream) started on loopback with throwaway certificates, and a
# customer's job taken through WeChat payment (the QR code written as a PNG),
# queueing, approval and the certificate, by the kiosk's sync client. Then
# the upstream is stopped and the kiosk carries on offline: the job waits in
# the outbox and goes up once the upstream is back.
#   usage: scripts/demo_sync.sh BUILD_DIR
set -uo pipefail
build=${1:?usage: demo_sync.sh BUILD_DIR}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ctl="$build/certkioskctl"
server="$build/tests/upstream_ref"
make_jobs="$build/tests/make_queued_jobs"
tmp="$(cd "$build" && pwd)/demo/online"
rm -rf "$tmp" && mkdir -p "$tmp"
run() { echo; echo "\$ certkioskctl $*"; "$ctl" "$@" --config "$tmp/k.ini" || true; }
if [ ! -x "$server" ] || [ ! -x "$make_jobs" ]; then
  echo "(the reference upstream is built with the tests; without it the kiosk runs offline only)"
  exit 0
fi
. "$root/tests/lib/upstream_env.sh"
trap 'upstream_stop' EXIT
upstream_pki
upstream_start
if [ -z "$port" ]; then
  echo "(the reference upstream did not start: the kiosk runs offline)"; cat "$tmp/up.out"; exit 0
fi
echo; echo "== online: the reference upstream listens on https://127.0.0.1:$port (mutual TLS)"
job=$("$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 --service new --stop awaiting_payment)
echo "a customer's new certificate (1 year, 1 seal), awaiting payment: job $job"
run pay start "$job" --png "$tmp/pay-qr.png"
echo "(the QR code the customer scans: $tmp/pay-qr.png)"
order=$(sed -n 's/^订单 \/ order //p' <<<"$("$ctl" pay start "$job" --config "$tmp/k.ini")")
upstream_call POST "/v1/test/payments/$order/pay" '{}' # the customer pays (WeChat, simulated by the upstream)
run pay check "$job"
# The fee receipt: on the virtual ESC/POS printer (what it decoded is shown), and as a PNG preview.
if [ -x "$build/tests/vprinter" ]; then
  mkdir -p "$tmp/printed"
  "$build/tests/vprinter" --out "$tmp/printed" >"$tmp/vp.out" 2>&1 &
  vp=$!
  for _ in $(seq 100); do grep -q "listening on" "$tmp/vp.out" && break; sleep 0.05; done
  printf '[printer]\ntransport = tcp\ntarget = 127.0.0.1:%s\n' "$(awk '/listening on/{print $3}' "$tmp/vp.out")" >>"$tmp/k.ini"
  run receipt print --job "$job"
  echo "(what the printer printed, decoded from its ESC/POS bytes:)"
  tail -n 1 "$tmp/printed/receipts.jsonl" | jq -r '.lines[].text' | sed 's/^/    | /'
  kill "$vp" 2>/dev/null
fi
run receipt png --job "$job" "$tmp/receipt.png"
echo "(the receipt's preview: $tmp/receipt.png)"
"$ctl" jobs show "$job" --config "$tmp/k.ini" >/dev/null
echo; echo "== a second customer's job is made and queued (key pair and CSR, as on the USB Key), then synced"
queued=$("$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 --service new)
run sync --once
upstream_call POST /v1/test/decide "{\"job\":\"$queued\",\"to\":\"approved\"}" # the CA's reviewer approves
run sync --once
run jobs show "$queued"
run sync --heartbeat
echo; echo "== offline: the upstream stops; a revocation is queued and waits"
upstream_stop
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 >/dev/null
run sync --once
run sync status
echo; echo "== the upstream is back: the queue drains with no manual step"
upstream_start --port "$port"
run sync --once --now "@$(( $(date +%s) + 600 ))"
run sync status
