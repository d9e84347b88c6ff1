#!/usr/bin/env bash
# test_doctor.sh - `certkioskctl doctor` against real parts: pcscd with the
# vpcd reader and the virtual key in it, the reference upstream over mutual
# TLS on loopback, the virtual printer on a loopback TCP port, a fresh store.
# All of it healthy: every check passes, exit 0. Then one thing broken at a
# time: exactly that check fails, with its own reason (dependent checks that
# cannot tell say so as WARN), and the exit is 1: a config that does not load
# (the other checks still report), a garbage database, a foreign one, one with
# a newer schema, a key file readable by others, pcscd not reachable, no
# reader, the configured reader absent, the printer not listening, out of
# paper, cover open, offline (near end warns), the upstream down, a CA that
# does not match it, an expired kiosk certificate (one ending soon warns), the
# clock off, and a nearly full disk (a small tmpfs in a private mount
# namespace: the test runs as root, as CI does).
#   usage: test_doctor.sh CERTKIOSKCTL UPSTREAM_REF VKEY_VPCD VPRINTER
set -uo pipefail
ctl=${1:?usage: test_doctor.sh CERTKIOSKCTL UPSTREAM_REF VKEY_VPCD VPRINTER}; server=${2:?}; vkey=${3:?}; vprinter=${4:?}
for tool in pcscd opensc-tool pcsc_scan sqlcipher; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed (scripts/setup.sh installs it)"; exit 77; }
done
[ -f /etc/reader.conf.d/vpcd ] || { echo "SKIPPED: vsmartcard-vpcd is not installed"; exit 77; }
lib="$(dirname "${BASH_SOURCE[0]}")/../lib"
. "$lib/sync_test.sh"
. "$lib/vprinter_env.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../token/pcsc_env.sh"
trap 'printer_stop; pcsc_env_stop; upstream_stop; rm -rf "$tmp"' EXIT

# --- the healthy set-up ------------------------------------------------------
# A kiosk certificate for a year (the helpers' 30 days is "ends soon", tested below).
mkcert_days=400 mkcert kiosk KIOSK-0001 ca && mv "$tmp/kiosk.key" "$tmp/kiosk.key.pem"
mkcert soon KIOSK-0001 ca
mkcert_expired expired KIOSK-0001 ca
mkca other
chmod 600 "$tmp"/*.key "$tmp/kiosk.key.pem"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/master.key"; echo >>"$tmp/master.key"; chmod 600 "$tmp/master.key"
pcsc_env_start "$tmp" || exit 1
pcsc_env_insert "$vkey" "$tmp/card.vk" || exit 1
echo ok >"$tmp/vp.status"
printer_start --status-file "$tmp/vp.status"; vp_port=$port
upstream_start; up_port=$port
# $tmp/k.ini: the upstream's part (upstream_env.sh), then the key and the printer.
write_config() {
  port=$up_port upstream_config
  cat >>"$tmp/k.ini" <<INI
[token]
driver = pcsc
master_key_file = $tmp/master.key
[printer]
transport = tcp
target = 127.0.0.1:$vp_port
timeout_ms = 1000
INI
}
write_config
# The first clerk makes the database (and its key), as at a real first start.
"$ctl" clerk add c001 --name 王芳 "${cfg[@]}" <<<864213 >/dev/null 2>"$tmp/err" || { echo "no store: $(cat "$tmp/err")"; exit 1; }
# variant NAME SED-EXPRESSION...: $tmp/NAME.ini, the healthy config changed by each expression.
variant() {
  local name=$1; shift
  cp "$tmp/k.ini" "$tmp/$name.ini"
  for e in "$@"; do sed -i "$e" "$tmp/$name.ini"; done
}

# doctor [ENV=VALUE...] CONFIG [ARGS...]: runs it; $code, $out (stdout), $err.
doctor() {
  local envs=()
  while [[ $1 == *=* ]]; do envs+=("$1"); shift; done
  local conf=$1; shift
  env "${envs[@]}" "$ctl" doctor --config "$conf" "$@" >"$tmp/out" 2>"$tmp/err"; code=$?
  out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
}
line_of() { grep -E "^(PASS|WARN|FAIL)  $1 " <<<"$out"; }
expect_check() { # CHECK STATUS [TEXT...]: that line has STATUS and each TEXT
  local check=$1 want=$2 line; shift 2
  line=$(line_of "$check")
  if [[ $line == "$want  "* ]]; then ok; else ko "$check: wanted $want, got: ${line:-no line}"; fi
  for t in "$@"; do contains "$line" "$t"; done
}
expect_code() { if [ "$code" -eq "$1" ]; then ok; else ko "exit $code, wanted $1 ($2)"; fi; }
# expect_only_fail CHECK TEXT...: exit 1, nine checks reported, CHECK fails with each TEXT, no other fails.
expect_only_fail() {
  local check=$1 others; shift
  expect_code 1 "$check broken"
  [ "$(grep -cE '^(PASS|WARN|FAIL)  ' <<<"$out")" -eq 9 ] && ok || ko "not nine checks: $out"
  expect_check "$check" FAIL "$@"
  others=$(grep '^FAIL  ' <<<"$out" | grep -v "^FAIL  $check ")
  [ -z "$others" ] && ok || ko "$check broken, but also: $others"
}
all_pass() { # WHY
  expect_code 0 "$1"
  local n; n=$(grep -c '^PASS  ' <<<"$out")
  [ "$n" -eq 9 ] && ok || ko "$1: $n of 9 checks passed: $out"
}

doctor "$tmp/k.ini"
all_pass "healthy"
expect_check config PASS "$tmp/k.ini"
expect_check database PASS "schema version"
expect_check key_files PASS "3 key files"
expect_check pcscd PASS
expect_check readers PASS "Virtual PCD 00 00" "a key is in Virtual PCD 00 00"
expect_check printer PASS "ready"
expect_check upstream PASS "mutual TLS" "valid until"
expect_check clock PASS "within"
expect_check disk PASS "GiB free"
contains "$out" "9 PASS, 0 WARN, 0 FAIL"
doctor "$tmp/k.ini" --json
expect_code 0 "healthy, JSON"
out=$(cat "$tmp/out")
expect_jq 'length' 9
expect_jq '[.[].check] | join(",")' "config,database,key_files,pcscd,readers,printer,upstream,clock,disk"
expect_jq '[.[] | select(.status == "pass")] | length' 9
expect_jq '[.[] | select(.hint_en != "" or .hint_zh != "")] | length' 0
expect_jq '.[4].detail_zh | test("USB Key")' true

# --- a config that does not load: its loader's words; the rest on the built-in defaults ---
cp "$tmp/k.ini" "$tmp/bad.ini"; printf '[printer]\nspeed = fast\n' >>"$tmp/bad.ini"
doctor "$tmp/bad.ini"
expect_code 1 "bad config"
expect_check config FAIL "bad.ini:" "speed" "built-in defaults"
[ "$(grep -cE '^(PASS|WARN|FAIL)  ' <<<"$out")" -eq 9 ] && ok || ko "a bad config stopped the other checks: $out"
expect_check pcscd PASS
expect_check printer WARN "transport = none"
expect_check upstream WARN "offline-only"
doctor "$tmp/bad.ini" --json
out=$(cat "$tmp/out")
expect_jq '.[0].status' fail
expect_jq 'length' 9

# A fee schedule the config names but that cannot be read is the config check's failure too.
variant nofees "s|^\[kiosk\]|[fees]\nfile = $tmp/no-such-fees.ini\n[kiosk]|"
doctor "$tmp/nofees.ini"
expect_only_fail config "fee schedule" "no-such-fees.ini"
doctor "$tmp/k.ini" extra
expect_code 2 "an argument"

# --- the database ------------------------------------------------------------
head -c 5000 /dev/urandom >"$tmp/garbage.db"
variant garbage "s|^path = .*|path = $tmp/garbage.db|"
doctor "$tmp/garbage.ini"
expect_only_fail database "garbage.db" "not a whole number of pages" "restore the latest backup"
head -c 8192 /dev/urandom >"$tmp/foreign.db"
variant foreign "s|^path = .*|path = $tmp/foreign.db|"
doctor "$tmp/foreign.ini"
expect_only_fail database "cannot decrypt" "the key created with this database"
# A newer schema: written with SQLCipher's own shell and the store's key.
cp "$tmp/kiosk.db" "$tmp/newer.db"
sqlcipher "$tmp/newer.db" >/dev/null 2>&1 <<SQL
PRAGMA key = "x'$(head -c 64 "$tmp/kiosk.key")'";
PRAGMA cipher_page_size = 4096;
PRAGMA user_version = 99;
SQL
variant newer "s|^path = .*|path = $tmp/newer.db|"
doctor "$tmp/newer.ini"
expect_only_fail database "schema version 99" "install the newer certkiosk"
# No database yet, in a writable folder: made at first start, with its key; warnings, exit 0.
mkdir "$tmp/fresh"
variant fresh "s|^path = .*|path = $tmp/fresh/kiosk.db|" "s|^key_file = .*|key_file = $tmp/fresh/kiosk.key|"
doctor "$tmp/fresh.ini"
expect_code 0 "no database yet"
expect_check database WARN "created at first start"
expect_check key_files WARN "made with the database at first start"

# --- key files ---------------------------------------------------------------
chmod 644 "$tmp/master.key"
doctor "$tmp/k.ini"
expect_only_fail key_files "master.key" "0644" "chmod 600 $tmp/master.key"
chmod 600 "$tmp/master.key"
chmod 640 "$tmp/kiosk.key"
doctor "$tmp/k.ini"
expect_only_fail key_files "kiosk.key" "0640" "chmod 600 $tmp/kiosk.key"
expect_check database WARN "cannot tell" "fix the key files check first"
chmod 600 "$tmp/kiosk.key"
chmod 400 "$tmp/kiosk.key.pem" # the TLS key may be read-only
doctor "$tmp/k.ini"
all_pass "a 0400 client key"
chmod 600 "$tmp/kiosk.key.pem"

# --- pcscd and the readers ---------------------------------------------------
# pcsc-lite's clients find pcscd through PCSCLITE_CSOCK_NAME: pointed where nothing listens.
doctor PCSCLITE_CSOCK_NAME="$tmp/no-pcscd.comm" "$tmp/k.ini"
expect_only_fail pcscd "not running" "systemctl start pcscd.socket"
expect_check readers WARN "cannot tell"
variant reader "s|^driver = pcsc|driver = pcsc\nreader = Reader That Is Not There|"
doctor "$tmp/reader.ini"
expect_only_fail readers "Reader That Is Not There" "Virtual PCD 00 00"
pcsc_env_remove
# vpcd notices a removal by polling (FIELD-NOTES: up to ~2 s): ask until the reader shows it.
for _ in $(seq 20); do doctor "$tmp/k.ini"; [[ $(line_of readers) == *"no key inserted"* ]] && break; sleep 0.25; done
all_pass "no key in the reader"
expect_check readers PASS "no key inserted"
# No reader at all: a pcscd of its own with no reader configured, in a private mount namespace.
mkdir -p "$tmp/no-readers"
if unshare -m --propagation private true 2>/dev/null; then
  unshare -m --propagation private bash -c '
    mount -t tmpfs tmpfs /run/pcscd || exit 90
    pcscd --foreground -c "$1" >"$2/pcscd-empty.log" 2>&1 & p=$!
    for _ in $(seq 50); do [ -S /run/pcscd/pcscd.comm ] && break; sleep 0.1; done
    "$3" doctor --config "$2/k.ini" >"$2/out" 2>"$2/err"; rc=$?
    kill $p; wait $p; exit $rc' _ "$tmp/no-readers" "$tmp" "$ctl"
  code=$?
  if [ "$code" -eq 90 ]; then
    ko "no reader: cannot mount a tmpfs on /run/pcscd here (the test needs root)"
  else
    out=$(cat "$tmp/out")
    expect_only_fail readers "no card reader" "pcsc_scan"
    expect_check pcscd PASS
  fi
else
  ko "no reader: no private mount namespace here (unshare -m; the test needs root)"
fi
pcsc_env_insert "$vkey" "$tmp/card.vk" || exit 1

# --- the printer -------------------------------------------------------------
for fault in "paper-out:out of paper:load a new paper roll" "cover-open:cover open:close the printer" \
             "offline:offline:clear a jam"; do
  IFS=: read -r word text fix <<<"$fault"
  echo "$word" >"$tmp/vp.status"
  doctor "$tmp/k.ini"
  expect_only_fail printer "$text" "$fix"
done
echo near-end >"$tmp/vp.status"
doctor "$tmp/k.ini"
expect_code 0 "paper near its end"
expect_check printer WARN "near its end" "new paper roll soon"
echo ok >"$tmp/vp.status"
printer_stop
doctor "$tmp/k.ini"
expect_only_fail printer "cannot reach" "127.0.0.1:$vp_port" "check the printer's power"
printer_start --status-file "$tmp/vp.status" --port "$vp_port"
variant noprinter "s|^transport = tcp|transport = none|"
doctor "$tmp/noprinter.ini"
expect_code 0 "no printer"
expect_check printer WARN "no receipts are printed"

# --- the upstream and the clock ---------------------------------------------------
upstream_stop
doctor "$tmp/k.ini"
expect_only_fail upstream "cannot connect" "127.0.0.1:$up_port" "the upstream runs"
expect_check clock WARN "cannot tell"
upstream_start --port "$up_port"; write_config
variant otherca "s|^ca_file = .*|ca_file = $tmp/other.pem|"
doctor "$tmp/otherca.ini"
expect_only_fail upstream "TLS failed" "not trusted" "other.pem"
variant expired "s|^client_cert = .*|client_cert = $tmp/expired.pem|" "s|^client_key = .*|client_key = $tmp/expired.key|"
doctor "$tmp/expired.ini"
expect_only_fail upstream "expired on" "get a new kiosk certificate"
variant soon "s|^client_cert = .*|client_cert = $tmp/soon.pem|" "s|^client_key = .*|client_key = $tmp/soon.key|"
doctor "$tmp/soon.ini"
expect_code 0 "a certificate ending soon"
expect_check upstream WARN "ends in 29 days" "before"
variant offline "s|^url = .*|url =|"
doctor "$tmp/offline.ini"
expect_code 0 "no upstream"
expect_check upstream WARN "offline-only"
expect_check clock WARN "no upstream to compare with"
doctor "$tmp/k.ini" --now "@$(( $(date +%s) + 600 ))"
expect_only_fail clock "ahead of the upstream's by" "120 s allowed" "timedatectl"
doctor "$tmp/k.ini" --now "@$(( $(date +%s) - 300 ))"
expect_only_fail clock "behind the upstream's by"

# --- the disk: a small tmpfs under the database, in a private mount namespace ---
disk_case() { # SIZE: runs doctor with the store's folder on a tmpfs of SIZE
  mkdir -p "$tmp/small"
  variant small "s|^path = .*|path = $tmp/small/kiosk.db|"
  unshare -m --propagation private bash -c 'mount -t tmpfs -o "size=$1" tmpfs "$2/small" || exit 90
    exec "$3" doctor --config "$2/small.ini" >"$2/out" 2>"$2/err"' _ "$1" "$tmp" "$ctl"
  code=$?; out=$(cat "$tmp/out")
}
if unshare -m --propagation private true 2>/dev/null; then
  disk_case 50m
  if [ "$code" -eq 90 ]; then
    ko "the disk thresholds: cannot mount a tmpfs here (the test needs root)"
  else
    expect_only_fail disk "MiB free" "under 100 MiB" "store purge"
    expect_check database WARN "created at first start"
    disk_case 500m
    expect_code 0 "500 MiB free"
    expect_check disk WARN "under 1 GiB"
  fi
else
  ko "the disk thresholds: no private mount namespace here (unshare -m; the test needs root)"
fi

cli_summary
