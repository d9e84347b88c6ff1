#!/usr/bin/env bash
# demo.sh - the README's first command: installs what is needed, builds, and
# runs the kiosk on its built-in defaults: first certkioskctl showing every
# service with its rules and fees,
# a few quotes, the eligibility rules applied to sample certificates, the
# validators, the USB Key layer on the simulated key, and the sync client
# online against the reference CA upstream on loopback, then offline; then
# the touch screen (scripts/demo_kiosk.sh): in a window when there is a
# display, else a scripted tour through a new certificate under Xvfb.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
"$root/scripts/setup.sh" "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ctl="$build/certkioskctl"
run() { echo; echo "\$ certkioskctl $*"; "$ctl" "$@" || true; }
run services
run quote --service new --holder unit --years 1
run quote --service new --holder unit --years 2 --seals 2
run quote --service renew --holder expert --years 1
run eligible --service renew --holder unit --not-after "$(date -d '+30 days' +%F)"
run eligible --service renew --holder unit --not-after "$(date -d '+200 days' +%F)"
run eligible --service seal-upgrade --holder unit --not-after "$(date -d '+45 days' +%F)"
# The USB Key layer: the real PIV driver against the simulated key, with a demo master secret.
demo="$build/demo"
mkdir -p "$demo"
[ -f "$demo/master.key" ] || { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$demo/master.key"; chmod 600 "$demo/master.key"; }
rm -f "$demo/key.vk" # a factory-fresh simulated key each run
printf '[token]\ndriver = sim\nsim_card = %s\nmaster_key_file = %s\n' "$demo/key.vk" "$demo/master.key" >"$demo/certkiosk.ini"
run token info --config "$demo/certkiosk.ini"
run token change-pin --old-pin 12345678 --new-pin 20261125 --config "$demo/certkiosk.ini"
run token change-pin --old-pin 20261125 --new-pin 12345678 --config "$demo/certkiosk.ini"
run token info --config "$demo/certkiosk.ini"
run check uscc 91510100MA61R7XK3Y
run check uscc 91510100MA61R7XK3X
# Online and offline with the reference CA upstream: payment, sync, certificate, the outbox while offline.
"$root/scripts/demo_sync.sh" "$build"
# The touch screen with the upstream, key and printer simulated: in a window, or a scripted tour without a display.
"$root/scripts/demo_kiosk.sh" "$build"
