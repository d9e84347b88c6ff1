#!/usr/bin/env bash
# test_unit.sh - config/systemd/certkiosk.service passes `systemd-analyze
# verify` with nothing said about it (verify exits 0 on unknown keys and bad
# values and only prints them, so any line naming the unit fails the test),
# and keeps what the kiosk relies on: notify + watchdog through cage, restart,
# the certkiosk user on tty1 with the seat from seatd, the sandbox. Two broken
# copies (a missing program, a misspelt key) must be caught, so the check can
# fail. verify checks the program ExecStart= runs (cage), which must be
# installed (scripts/packages.txt); the installed unit is verified again
# inside a clean Debian root by test_package.sh.
#   usage: test_unit.sh UNIT_FILE
set -uo pipefail
unit=${1:?usage: test_unit.sh UNIT_FILE}
command -v systemd-analyze >/dev/null || { echo "SKIPPED: systemd-analyze is not installed (package systemd)"; exit 77; }
[ -x /usr/bin/cage ] || { echo "SKIPPED: /usr/bin/cage is not installed (scripts/packages.txt)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL: $*"; }

# verify_clean FILE: exit 0 and no diagnostic about the unit itself.
verify_clean() {
  local out rc
  out=$(cd "$(dirname "$1")" && systemd-analyze verify "./$(basename "$1")" 2>&1)
  rc=$?
  verify_out=$out
  [ "$rc" -eq 0 ] && ! grep -q "certkiosk\.service" <<<"$out"
}

mkdir -p "$tmp/ok" "$tmp/noexec" "$tmp/typo"
cp "$unit" "$tmp/ok/certkiosk.service"
if verify_clean "$tmp/ok/certkiosk.service"; then ok; else ko "systemd-analyze verify: $verify_out"; fi

# The check can fail: a program that is not there, and a key systemd does not know.
sed 's#^ExecStart=/usr/bin/cage #ExecStart=/usr/bin/cage-not-installed #' "$unit" >"$tmp/noexec/certkiosk.service"
if verify_clean "$tmp/noexec/certkiosk.service"; then ko "a missing ExecStart program went unnoticed"; else ok; fi
sed 's#^WatchdogSec=#WatchdogSecs=#' "$unit" >"$tmp/typo/certkiosk.service"
if verify_clean "$tmp/typo/certkiosk.service"; then ko "a misspelt key went unnoticed"; else ok; fi

# What the kiosk and the package rely on, line by line.
for want in 'Type=notify' 'NotifyAccess=all' 'WatchdogSec=30' 'Restart=always' 'RestartSec=2' \
  'User=certkiosk' 'TTYPath=/dev/tty1' 'StandardInput=tty-fail' 'Conflicts=getty@tty1.service' \
  'Wants=seatd.service' 'Environment=LIBSEAT_BACKEND=seatd XDG_RUNTIME_DIR=/run/certkiosk' \
  'RuntimeDirectory=certkiosk' 'Wants=pcscd.socket' 'StateDirectory=certkiosk' 'ProtectSystem=strict' \
  'ProtectHome=yes' 'PrivateTmp=yes' 'NoNewPrivileges=yes' 'WantedBy=graphical.target'; do
  if grep -qx "$want" "$unit"; then ok; else ko "the unit lacks the line $want"; fi
done
if grep -q '^ExecStart=/usr/bin/cage .*-- /usr/bin/certkiosk --config /etc/certkiosk/certkiosk.ini$' "$unit"; then ok; else
  ko "ExecStart does not run /usr/bin/certkiosk --config /etc/certkiosk/certkiosk.ini under /usr/bin/cage"
fi
# Settings that take the seat's devices away from cage must not creep in, nor a
# PAM session: pam_systemd moves the processes out of the unit's cgroup, and
# systemd then ignores the kiosk's READY=1 and WATCHDOG=1 (the unit's header).
for bad in PrivateDevices DevicePolicy DeviceAllow ProtectClock MemoryDenyWriteExecute PAMName; do
  if grep -q "^$bad=" "$unit"; then ko "$bad= breaks the kiosk under systemd (see the unit's comments)"; else ok; fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
