#!/usr/bin/env bash
# demo.sh - the README's first command: installs what is needed, builds, and
# runs the kiosk's main job on its built-in defaults. Until the touch UI
# lands this is certkioskctl showing every service with its rules and fees,
# a few quotes, and the eligibility rules applied to sample certificates.
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
run check uscc 91510100MA61R7XK3Y
run check uscc 91510100MA61R7XK3X
