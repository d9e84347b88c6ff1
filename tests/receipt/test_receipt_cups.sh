#!/usr/bin/env bash
# test_receipt_cups.sh - fee receipts through a CUPS raw queue (libcups), with
# a private cupsd on a unix socket in a scratch folder. The queue's backend
# (a six-line shell script, the way CUPS backends are written) appends the
# job's bytes to a file; the file is then replayed into the virtual ESC/POS
# printer, which decodes it, so the assertions are on what would be printed.
# Also: a stopped queue and a queue that does not exist tell the customer to
# collect the receipt at the window and queue it for the clerk.
#   usage: test_receipt_cups.sh CERTKIOSKCTL VPRINTER MAKE_QUEUED_JOBS
set -uo pipefail
ctl=${1:?}; vprinter=${2:?}; make_jobs=${3:?}
for tool in jq /usr/sbin/cupsd lpadmin lpstat cupsdisable; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed (Debian cups-daemon, cups-client)"; exit 77; }
done
# cupsd refuses to start filters and backends as root but must itself start as root to switch to lp.
[ "$(id -u)" = 0 ] && id lp >/dev/null 2>&1 || { echo "SKIPPED: a private cupsd needs root and the lp user"; exit 77; }
tmp=$(mktemp -d)
chmod 755 "$tmp"
cupsd_pid=""; vp=""
trap '[ -n "$cupsd_pid" ] && kill "$cupsd_pid" 2>/dev/null; [ -n "$vp" ] && kill "$vp" 2>/dev/null; rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../lib/cli_asserts.sh"
cfg=(--config "$tmp/k.ini")

# --- a private cupsd: its own config, spool and socket; the system's is never touched
c=$tmp/cups
mkdir -p "$c/conf" "$c/spool" "$c/cache" "$c/state" "$c/log" "$c/bin/backend"
for d in /usr/lib/cups/*; do [ "$(basename "$d")" = backend ] || ln -s "$d" "$c/bin/"; done
cat >"$c/bin/backend/ckfile" <<'SH'
#!/bin/sh
# ckfile:/PATH - appends the job's bytes, unchanged, to PATH. Without arguments: discovery.
[ $# -eq 0 ] && { echo 'direct ckfile "Unknown" "certkiosk test file backend"'; exit 0; }
out=${DEVICE_URI#ckfile:}
if [ $# -ge 6 ]; then cat "$6" >>"$out"; else cat >>"$out"; fi
SH
chmod 700 "$c/bin/backend/ckfile" # mode 0700: CUPS runs it as root, so it may write in the scratch folder
cat >"$c/conf/cupsd.conf" <<CONF
LogLevel info
Listen $c/cups.sock
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
CONF
cat >"$c/conf/cups-files.conf" <<CONF
ServerRoot $c/conf
ServerBin $c/bin
RequestRoot $c/spool
TempDir $c/spool
CacheDir $c/cache
StateDir $c/state
ErrorLog $c/log/error_log
AccessLog $c/log/access_log
PageLog $c/log/page_log
User lp
Group lp
CONF
/usr/sbin/cupsd -f -c "$c/conf/cupsd.conf" -s "$c/conf/cups-files.conf" >"$c/log/stderr" 2>&1 &
cupsd_pid=$!
export CUPS_SERVER=$c/cups.sock # libcups (certkioskctl, lpadmin) talks to the private cupsd only
for _ in $(seq 100); do [ -S "$c/cups.sock" ] && lpstat -r >/dev/null 2>&1 && break; sleep 0.05; done
lpstat -r >/dev/null 2>&1 || { echo "FAIL: the private cupsd did not start"; cat "$c/log/stderr" "$c/log/error_log"; exit 1; }
out_file=$tmp/printed.bin
lpadmin -p receipts -E -v "ckfile:$out_file" -m raw 2>/dev/null || { echo "FAIL: lpadmin"; exit 1; }

cat >"$tmp/k.ini" <<INI
[kiosk]
id = KIOSK-0001
window = 3
[store]
path = $tmp/kiosk.db
key_file = $tmp/kiosk.key
[printer]
transport = cups
target = receipts
paper_mm = 80
qr = native
[receipt]
lookup_url = https://ca.example/q?job={job}
INI
paid_job() { "$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 --service new --stop paid; }
# Waits until CUPS has finished every job (the backend has written the file).
cups_idle() {
  for _ in $(seq 200); do [ -z "$(lpstat -o receipts 2>/dev/null)" ] && return 0; sleep 0.05; done
  return 1
}
# Replays the file into the virtual printer; its decoded receipt lands in $tmp/vp/receipts.jsonl.
decode_printed() {
  rm -rf "$tmp/vp"; mkdir -p "$tmp/vp"
  "$vprinter" --out "$tmp/vp" >"$tmp/vp.out" 2>&1 &
  vp=$!
  for _ in $(seq 100); do grep -q "listening on" "$tmp/vp.out" && break; sleep 0.05; done
  local port; port=$(awk '/listening on/{print $3}' "$tmp/vp.out")
  cat "$out_file" >"/dev/tcp/127.0.0.1/${port##*:}"
  for _ in $(seq 100); do [ -s "$tmp/vp/receipts.jsonl" ] && break; sleep 0.05; done
  kill "$vp" 2>/dev/null; wait "$vp" 2>/dev/null; vp=""
}

# Printed through the queue: every byte arrives, and it decodes to the whole receipt.
a=$(paid_job)
expect_exit 0 receipt print --job "$a" --json "${cfg[@]}"
expect_jq .printed true
expect_jq .copy 0
cups_idle && ok || ko "the CUPS job did not finish: $(lpstat -o 2>&1)"
[ -s "$out_file" ] && ok || ko "the backend wrote nothing; $(tail -5 "$c/log/error_log")"
decode_printed
last=$(tail -n 1 "$tmp/vp/receipts.jsonl" 2>/dev/null)
text=$(jq -r '.lines[].text' <<<"$last")
for want in "收费凭据" "000001" "KIOSK-0001 / 窗口3" "证书及印章新办" "四川测试科技有限公司" "400.00元" "合计"; do
  contains "$text" "$want"
done
lacks "$text" "510104199001011230"
[ "$(jq -r '.qr[0]' <<<"$last")" = "https://ca.example/q?job=$a" ] && ok || ko "QR payload: $(jq -r '.qr[0]' <<<"$last")"
[ "$(jq -r .cut <<<"$last")" = partial ] && ok || ko "cut: $(jq -r .cut <<<"$last")"
[ "$(jq -r .width_columns_max <<<"$last")" -le 48 ] && ok || ko "wider than 48 columns"
expect_exit 0 receipt pending --json "${cfg[@]}"
expect_jq length 0

# A stopped queue: nothing is sent, the customer is sent to the window, the clerk sees the receipt.
cupsdisable receipts
: >"$out_file"
b=$(paid_job)
expect_exit 1 receipt print --job "$b" --json "${cfg[@]}"
expect_jq .printed false
contains "$(jq -r .message_zh <<<"$out")" "请到窗口领取收据"
contains "$(jq -r .message_en <<<"$out")" "stopped"
expect_exit 0 jobs show "$b" --json "${cfg[@]}"
expect_jq .state paid
expect_exit 0 receipt pending --json "${cfg[@]}"
contains "$(jq -r '.[].job' <<<"$out")" "$b"
# Enabled again: printed as the original, since nothing had reached paper.
cupsenable receipts
expect_exit 0 receipt print --job "$b" --json "${cfg[@]}"
expect_jq .copy 0
cups_idle && ok || ko "the CUPS job did not finish"
decode_printed
lacks "$(tail -n 1 "$tmp/vp/receipts.jsonl" | jq -r '.lines[].text')" "重印"

# A queue that does not exist.
sed -i 's/^target = receipts/target = no-such-queue/' "$tmp/k.ini"
c2=$(paid_job)
expect_exit 1 receipt print --job "$c2" --json "${cfg[@]}"
contains "$(jq -r .message_zh <<<"$out")" "请到窗口领取收据"
contains "$(jq -r .message_en <<<"$out")" "no-such-queue"

cli_summary
