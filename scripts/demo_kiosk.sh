#!/usr/bin/env bash
# demo_kiosk.sh - the touch screen with everything around it simulated: the
# reference CA upstream on loopback (payment, review, certificates, seals), a
# simulated USB Key (factory-fresh each run), the virtual receipt printer, and
# a stand-in for the customer's phone and the CA's reviewer (an open payment
# is paid 5 s after its code appears; a submitted job is approved at once).
# With a display: certkiosk in a window (Escape or closing it ends it).
# Without one, if Xvfb is there: a scripted tour through 证书及印章新办 from
# the attract screen to the printed receipt, its screenshots in
# BUILD_DIR/demo/kiosk/shots.
#   usage: scripts/demo_kiosk.sh BUILD_DIR
set -uo pipefail
build=$(cd "${1:?usage: demo_kiosk.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ctl="$build/certkioskctl"
server="$build/tests/upstream_ref"
tmp="$build/demo/kiosk"
rm -rf "$tmp" && mkdir -p "$tmp/printed" "$tmp/shots"
if [ ! -x "$server" ] || [ ! -x "$build/tests/vprinter" ]; then
  echo "(the reference upstream and the virtual printer are built with the tests: no touch-screen demo)"
  exit 0
fi
. "$root/tests/lib/upstream_env.sh"
. "$root/tests/lib/counterpart.sh"
vp=""; xvfb=""
trap 'counterpart_stop; [ -n "$vp" ] && kill "$vp"; [ -n "$xvfb" ] && kill "$xvfb"; upstream_stop' EXIT
upstream_pki
upstream_start
"$build/tests/vprinter" --out "$tmp/printed" >"$tmp/vp.out" 2>&1 &
vp=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/vp.out" && break; sleep 0.05; done
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/master.key"; echo >>"$tmp/master.key"; chmod 600 "$tmp/master.key"
cat >>"$tmp/k.ini" <<INI
[token]
driver = sim
sim_card = $tmp/key.vk
master_key_file = $tmp/master.key
[printer]
transport = tcp
target = 127.0.0.1:$(awk '/listening on/{print $3}' "$tmp/vp.out")
INI
echo; echo "== the touch screen: reference upstream on https://127.0.0.1:$port, simulated USB Key, virtual printer"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  counterpart_start ""
  echo "\$ certkiosk --windowed 1280x720 --supervisor   (payments are paid 5 s after the code shows; Escape ends)"
  "$build/certkiosk" --config "$tmp/k.ini" --windowed 1280x720 --supervisor
elif command -v Xvfb >/dev/null; then
  counterpart_start "$tmp/shots"
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
  xvfb=$!
  for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.05; done
  echo "\$ certkiosk --script tests/ui/svc_new.txt   (no display: a scripted tour under Xvfb)"
  if DISPLAY=":$(cat "$tmp/display")" DBUS_SESSION_BUS_ADDRESS=disabled: "$build/certkiosk" --config "$tmp/k.ini" \
      --script "$root/tests/ui/svc_new.txt" --screenshot-dir "$tmp/shots" >"$tmp/kiosk.log" 2>&1; then
    echo "the tour went from the attract screen to the printed receipt; its screens:"
    ls "$tmp/shots"/*.png | sed 's/^/    /'
    echo "the receipt as printed (decoded from its ESC/POS bytes):"
    tail -n 1 "$tmp/printed/receipts.jsonl" | jq -r '.lines[].text' | sed 's/^/    | /'
  else
    echo "(the tour stopped: $(tail -3 "$tmp/kiosk.log"))"
  fi
else
  echo "(no display and no Xvfb: the touch screen is not started)"
fi
