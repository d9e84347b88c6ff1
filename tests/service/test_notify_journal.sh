#!/usr/bin/env bash
# test_notify_journal.sh - what systemd sees of the kiosk (docs/operations.md):
#  1. sd_notify: READY=1 once the first frame is up, then WATCHDOG=1 from the
#     screen loop at half of WATCHDOG_USEC; a loop stuck in a handler (the
#     script's `stall`) sends none for as long, which is what makes systemd's
#     WatchdogSec kill and restart it. NOTIFY_SOCKET is a datagram socket of
#     this test's, as systemd's would be.
#  2. The journal: a real systemd-journald (started here when none runs); the
#     desk's steps (tests/desk/test_desk with CK_TEST_JOURNAL_IDENT) log with
#     CK_JOB_ID and CK_EVENT fields, and no entry holds the applicant's name,
#     ID number, mobile or a PIN; the kiosk's own start and stop lines too.
#   usage: test_notify_journal.sh CERTKIOSK TEST_DESK
set -euo pipefail
kiosk=${1:?usage: test_notify_journal.sh CERTKIOSK TEST_DESK}
test_desk=${2:?usage: test_notify_journal.sh CERTKIOSK TEST_DESK}
passed=0 failed=0
# check DESC CMD...: CMD must succeed; check_not: must fail.
check() { local what=$1; shift; if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi; }
check_not() { local what=$1; shift; if ! "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi; }

out=$(mktemp -d /tmp/ck-notify-XXXXXX)
journald_pid=
listener_pid=
cleanup() {
  [ -n "$listener_pid" ] && kill "$listener_pid" 2>/dev/null
  [ -n "$journald_pid" ] && kill "$journald_pid" 2>/dev/null
  rm -rf "$out"
}
trap cleanup EXIT

# --- a journald to log to ------------------------------------------------------------
# A socket file alone is not enough: a journald that died leaves it behind, refusing datagrams.
journal_alive() {
  python3 -c 'import socket; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b"", "/run/systemd/journal/socket")' 2>/dev/null
}
if ! journal_alive; then
  [ -x /lib/systemd/systemd-journald ] || { echo "FAIL: systemd-journald is not installed"; exit 1; }
  /lib/systemd/systemd-journald >"$out/journald.log" 2>&1 &
  journald_pid=$!
  for _ in $(seq 100); do journal_alive && break; sleep 0.05; done
fi
journal_alive || { echo "FAIL: journald does not take datagrams"; cat "$out/journald.log"; exit 1; }

# --- the notify socket: each datagram on one line, with its arrival time in ms -------------
python3 - "$out/notify.sock" "$out/notify.log" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as log:
    while True:
        msg = s.recv(4096).decode().replace("\n", "|")
        log.write("%d %s\n" % (time.monotonic() * 1000, msg))
PY
listener_pid=$!
for _ in $(seq 100); do [ -S "$out/notify.sock" ] && break; sleep 0.05; done

cat >"$out/certkiosk.ini" <<INI
[store]
path = $out/kiosk.db
key_file = $out/store.key
[token]
driver = sim
sim_card = $out/key.vk
master_key_file = $out/master.key
[log]
level = debug
target = journal
INI
cat >"$out/stall.txt" <<'SCRIPT'
expect-screen attract
wait 1500
stall 2500
wait 1500
SCRIPT

ident="certkiosk-test-$$"
echo "== the kiosk under a 400 ms watchdog, stalled for 2.5 s"
env ASAN_OPTIONS=detect_leaks=0 DBUS_SESSION_BUS_ADDRESS=disabled: DBUS_SYSTEM_BUS_ADDRESS=disabled: \
  SDL_VIDEODRIVER=dummy NOTIFY_SOCKET="$out/notify.sock" WATCHDOG_USEC=400000 WATCHDOG_PID=$$ \
  "$kiosk" --config "$out/certkiosk.ini" --script "$out/stall.txt" --screenshot-dir "$out" >"$out/kiosk.log" 2>&1 &
kpid=$!
# WATCHDOG_PID names this shell, the kiosk's parent: as cage would be.
wait "$kpid" || { echo "FAIL: the kiosk exited $?"; cat "$out/kiosk.log"; exit 1; }
sleep 0.3
check "notify: the first datagram is READY=1" grep -q 'READY=1' <(head -n 1 "$out/notify.log")
check "notify: STOPPING=1 at the end" grep -q 'STOPPING=1' <(tail -n 1 "$out/notify.log")
pings=$(grep -c 'WATCHDOG=1' "$out/notify.log" || true)
check "notify: keep-alives sent ($pings in ~5.5 s, at most one per 200 ms)" test "$pings" -ge 10
# The longest silence between two datagrams: the stall's 2.5 s (and nothing near it otherwise).
read -r gap other < <(awk 'NR > 1 { g = $1 - prev; if (g > max) { second = max; max = g } else if (g > second) second = g }
                          { prev = $1 } END { printf "%d %d\n", max, second }' "$out/notify.log")
echo "   longest silences: ${gap} ms, then ${other} ms"
check "notify: no keep-alive while the loop was stuck (silence >= 2400 ms)" test "$gap" -ge 2400
check "notify: otherwise a keep-alive at least every second" test "$other" -lt 1000
check "notify: keep-alives again after the stall" \
  awk -v g="$gap" 'NR > 1 && $1 - prev >= g { found = 1 } { prev = $1 } found && /WATCHDOG=1/ { ok = 1 } END { exit !ok }' \
  "$out/notify.log"

echo "== without WATCHDOG_USEC: READY=1 only"
: >"$out/notify.log"
env ASAN_OPTIONS=detect_leaks=0 DBUS_SESSION_BUS_ADDRESS=disabled: DBUS_SYSTEM_BUS_ADDRESS=disabled: \
  SDL_VIDEODRIVER=dummy NOTIFY_SOCKET="$out/notify.sock" \
  "$kiosk" --config "$out/certkiosk.ini" --script <(printf 'wait 1000\n') --screenshot-dir "$out" >>"$out/kiosk.log" 2>&1
sleep 0.3
check "no watchdog: READY=1 sent" grep -q 'READY=1' "$out/notify.log"
check_not "no watchdog: no keep-alives" grep -q 'WATCHDOG=1' "$out/notify.log"

echo "== SIGTERM (systemctl stop): a clean exit, even in a customer's session"
: >"$out/notify.log"
env ASAN_OPTIONS=detect_leaks=0 DBUS_SESSION_BUS_ADDRESS=disabled: DBUS_SYSTEM_BUS_ADDRESS=disabled: \
  SDL_VIDEODRIVER=dummy NOTIFY_SOCKET="$out/notify.sock" \
  "$kiosk" --config "$out/certkiosk.ini" --script <(printf 'tap attract.start\nwait 60000\n') \
  --screenshot-dir "$out" >>"$out/kiosk.log" 2>&1 &
kpid=$!
for _ in $(seq 100); do grep -q 'READY=1' "$out/notify.log" && break; sleep 0.1; done
sleep 0.5
t0=$(date +%s%N)
kill -TERM "$kpid"
code=0; wait "$kpid" || code=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "   exited $code, $ms ms after SIGTERM"
check "SIGTERM: exit 0" test "$code" -eq 0
check "SIGTERM: gone within 5 s (systemd's stop waits for it)" test "$ms" -lt 5000
sleep 0.3
check "SIGTERM: STOPPING=1 sent" grep -q 'STOPPING=1' "$out/notify.log"

echo "== the journal"
journalctl --sync 2>/dev/null || true
check "journal: the kiosk's start line" \
  bash -c "journalctl --no-pager -o json SYSLOG_IDENTIFIER=certkiosk CK_EVENT=kiosk.start | grep -q 'started (config $out/certkiosk.ini'"
check "journal: its stop line, at notice" \
  bash -c "journalctl --no-pager -o json SYSLOG_IDENTIFIER=certkiosk CK_EVENT=kiosk.stop PRIORITY=5 | grep -q 'certkiosk stopping'"

CK_TEST_JOURNAL_IDENT="$ident" "$test_desk" >"$out/desk.log" 2>&1 || { echo "FAIL: test_desk"; cat "$out/desk.log"; exit 1; }
journalctl --sync 2>/dev/null || true
journalctl --no-pager -o json SYSLOG_IDENTIFIER="$ident" >"$out/desk.json"
n=$(wc -l <"$out/desk.json")
echo "   $n journal entries from the desk's steps"
check "journal: the desk's steps are there" test "$n" -ge 10
check "journal: a created job, by its id" \
  jq -e -s 'map(select(.CK_EVENT == "desk.create" and (.CK_JOB_ID | test("^[0-9a-f-]{36}$")))) | length > 0' "$out/desk.json"
check "journal: the job's later steps carry the same id" \
  jq -e -s '(map(select(.CK_EVENT == "desk.create")) | .[0].CK_JOB_ID) as $id
            | map(select(.CK_JOB_ID == $id and .CK_EVENT == "desk.prepare")) | length > 0' "$out/desk.json"
check "journal: a refused step at warning with its cause" \
  jq -e -s 'map(select(.PRIORITY == "4" and (.MESSAGE | test("\\(")))) | length > 0' "$out/desk.json"
for secret in 李测试 11010519491231002X 13800138000 12345678 24681357 13572468 11112222; do
  check_not "journal: no entry holds '$secret'" grep -q "$secret" "$out/desk.json"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
