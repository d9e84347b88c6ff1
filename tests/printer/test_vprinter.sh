#!/usr/bin/env bash
# test_vprinter.sh - the virtual ESC/POS receipt printer, fed hand-made byte
# streams over loopback TCP (bash's /dev/tcp): GB18030 text decoded back,
# alignment, bold and size, empty lines and feeds, a native QR code, raster
# images (a checker, and a real QR code decoded back with zbarimg), partial
# and full cuts, two receipts in one connection, the bytes that must never be
# sent (U+00A5 "¥", high bytes outside Chinese mode) flagged, the status
# answers for each --status, a --status-file changed while it runs, a
# connection dropped by --drop-after, and random garbage that must not crash
# it (it still prints the next job and exits 0 on SIGTERM).
#   usage: test_vprinter.sh VPRINTER [VP_QR_RASTER]
set -uo pipefail
vp=${1:?usage: test_vprinter.sh VPRINTER [VP_QR_RASTER]}
qr_raster=${2:-}
for tool in jq iconv od dd timeout head; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed"; exit 77; }
done
tmp=$(mktemp -d)
pid=""
trap 'vp_stop quiet; rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../lib/cli_asserts.sh"
eq() { if [ "$1" = "$2" ]; then ok; else ko "$3: got '$1', wanted '$2'"; fi; }

# vp_start [OPTIONS...]: a printer writing into $tmp/$name (default "out"); sets $pid, $port, $dir and $jl.
vp_start() {
  dir=$tmp/${name:-out}
  jl=$dir/receipts.jsonl
  rm -rf "$dir"
  "$vp" --out "$dir" "$@" >"$tmp/vp.out" 2>"$tmp/vp.err" &
  pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$tmp/vp.out" && break; sleep 0.05; done
  port=$(awk '/listening on/{print $3}' "$tmp/vp.out")
  [ -n "$port" ] || { ko "vprinter did not start: $(cat "$tmp/vp.out" "$tmp/vp.err")"; cli_summary; exit 1; }
}
# vp_stop [quiet]: SIGTERM; it must exit 0 (under the sanitizers: no leak, no error).
vp_stop() {
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; local rc=$?; pid=""
  [ "${1:-}" = quiet ] && return 0
  if [ "$rc" -eq 0 ]; then ok; else ko "vprinter exited $rc: $(tail -20 "$tmp/vp.err")"; fi
}

# The bytes of a job: job_new, then b FORMAT [ARGS...] (printf) as often as needed.
job_new() { : >"$tmp/job"; }
b() { # shellcheck disable=SC2059
  printf "$@" >>"$tmp/job"; }
gb() { printf '%s' "$1" | iconv -f UTF-8 -t GB18030 >>"$tmp/job"; }
# send [FILE]: one connection carrying FILE (default the job), closed after.
send() {
  exec 3<>"/dev/tcp/127.0.0.1/$port" || { ko "cannot connect to port $port"; return 1; }
  cat "${1:-$tmp/job}" >&3 2>/dev/null
  exec 3>&-
}
# wait_receipts N: until receipts.jsonl has N lines (5 s at most).
wait_receipts() {
  for _ in $(seq 100); do [ "$(cat "$jl" 2>/dev/null | wc -l)" -ge "$1" ] && return 0; sleep 0.05; done
  ko "waited for $1 receipts, $(cat "$jl" 2>/dev/null | wc -l) written"
}
# expect N FILTER VALUE: receipt N (its line in receipts.jsonl) gives VALUE for FILTER.
expect() {
  local got; got=$(sed -n "$1p" "$jl" | jq -r "$2" 2>&1)
  if [ "$got" = "$3" ]; then ok; else ko "receipt $1: jq '$2' gave '$got', wanted '$3'"; fi
}
# answer: one status byte read back from fd 3, as hex ("" if none within 3 s).
answer() { timeout 3 dd bs=1 count="${1:-1}" <&3 2>/dev/null | od -An -tx1 | tr -s ' \n' ' ' | sed 's/^ //;s/ $//'; }

# --- text, modes, a native QR code and two receipts in one connection ----------
vp_start
job_new
b '\x1b\x40\x1c\x26\x1b\x61\x01\x1b\x45\x01\x1d\x21\x11'; gb "中文收据"; b '\n'
b '\x1d\x21\x00\x1b\x45\x00\x1b\x61\x02'; gb "右 Right"; b '\n'
b '\x1b\x61\x30\n\x1b\x64\x02\x1c\x2e'
qr=https://ck.example/r/0001
b '\x1d\x28\x6b\x04\x00\x31\x41\x32\x00\x1d\x28\x6b\x03\x00\x31\x43\x06\x1d\x28\x6b\x03\x00\x31\x45\x31'
b '\x1d\x28\x6b%b\x00\x31\x50\x30%s' "\\x$(printf %02x $((${#qr} + 3)))" "$qr"
b '\x1d\x28\x6b\x03\x00\x31\x51\x30\x1d\x56\x31'
b 'plain\x1b\x45\x01BOLD\n\x1d\x56\x41\x03'
send; wait_receipts 2
expect 1 '.index' 1
expect 1 '.lines[0] | [.text, .align, .bold, .double, .size] | @tsv' $'中文收据\tcenter\ttrue\ttrue\t17'
expect 1 '.lines[1] | [.text, .align, .bold, .double] | @tsv' $'右 Right\tright\tfalse\tfalse'
expect 1 '.lines[2] | [.text, .align] | @tsv' $'\tleft'
expect 1 '.lines | length' 5
expect 1 '[.lines[3].text, .lines[4].text] | @tsv' $'\t'
expect 1 '.width_columns_max' 16
expect 1 '.qr | @tsv' "$qr"
expect 1 '.items[0] | [.qr, .module, .level, .chinese_mode, .line] | @tsv' "$qr"$'\t6\t49\tfalse\t5'
expect 1 '.cut' partial
expect 1 '[.chinese_mode_violation, .yen_bytes, (.errors | length), (.unknown | length), .dropped] | @tsv' \
  $'false\tfalse\t0\t0\tfalse'
expect 2 '[.index, .cut, .lines[0].text, .lines[0].bold] | @tsv' $'2\tfull\tplainBOLD\tfalse'
expect 2 '.bytes' 17

# --- the bytes that must never be sent ------------------------------------------
job_new; b '\x1c\x26'; gb "价格"; b '\x81\x30\x84\x36''40\n\x1c\x2e\x1d\x56\x00'; send
job_new; b '\x1b\x40'; gb "中"; b '\n\x1d\x56\x00'; send
job_new; b '\x1c\x26\x80\xffok\n\x1d\x56\x00'; send
wait_receipts 5
expect 3 '[.lines[0].text, .yen_bytes, .chinese_mode_violation] | @tsv' $'价格¥40\ttrue\tfalse'
expect 4 '[.lines[0].text, .chinese_mode_violation, .yen_bytes] | @tsv' $'中\ttrue\tfalse'
expect 5 '.lines[0].text' '\x80\xffok'
expect 5 '.errors | length > 0' true

# --- raster images ---------------------------------------------------------------
job_new; b 'checker\n\x1d\x76\x30\x00\x01\x00\x08\x00\xaa\x55\xaa\x55\xaa\x55\xaa\x55\x1d\x56\x00'; send
wait_receipts 6
expect 6 '.items[0] | [.raster, .width_dots, .height, .line] | @tsv' $'raster-6-1.png\t8\t8\t1'
expect 6 '.rasters | @tsv' raster-6-1.png
png=$dir/raster-6-1.png
if [ -f "$png" ]; then ok; else ko "no $png"; fi
# IHDR: width 72 and height 72 (8 dots and a 32-pixel border each side), bit depth 8, colour type 0 (grey).
eq "$(od -An -tx1 -j16 -N10 "$png" 2>/dev/null | tr -s ' \n' ' ' | sed 's/^ //;s/ $//')" \
  "00 00 00 48 00 00 00 48 08 00" "the checker's PNG header"
if command -v file >/dev/null; then contains "$(file "$png")" "72 x 72, 8-bit grayscale"; fi

# A real QR code as a raster, read back from the PNG.
if [ -x "$qr_raster" ] && command -v zbarimg >/dev/null; then
  text="CK-RECEIPT-0001 https://ck.example/v/0001"
  job_new; "$qr_raster" "$text" 4 >>"$tmp/job"; b '\x1d\x56\x01'; send
  wait_receipts 7
  expect 7 '[.rasters[0], .cut] | @tsv' $'raster-7-1.png\tpartial'
  eq "$(zbarimg --raw -q "$dir/raster-7-1.png" 2>/dev/null)" "$text" "zbarimg on the raster QR code"
else
  echo "SKIPPED (this check only): no QR raster helper or no zbarimg, the raster QR code is not decoded back"
  job_new; b 'placeholder\n\x1d\x56\x01'; send; wait_receipts 7
fi

# --- the end of a connection without a cut; unknown commands --------------------
job_new; b '\x1b\x21\x08odd\x07\n'; b 'no cut\n'; send
wait_receipts 8
expect 8 '[.cut, .dropped, (.lines | map(.text) | join("|"))] | @tsv' $'false\tfalse\todd|no cut'
expect 8 '.unknown | join(",")' '1b 21,08,07'
# Status queries alone print nothing: the next receipt is number 9.
exec 3<>"/dev/tcp/127.0.0.1/$port"; printf '\x10\x04\x04' >&3; eq "$(answer)" 12 "DLE EOT 4 with paper"; exec 3>&-
job_new; b 'after queries\n\x1d\x56\x00'; send; wait_receipts 9
expect 9 '[.index, .lines[0].text, .status_queries] | @tsv' $'9\tafter queries\t0'
vp_stop

# --- the status answers (DLE EOT 1, 2, 4) for each --status -----------------------
declare -A want=([ok]="12 12 12" [near-end]="12 12 1e" [paper-out]="12 32 72" [cover-open]="12 16 12" [offline]="1a 12 12")
for st in ok near-end paper-out cover-open offline; do
  name=st-$st vp_start --status "$st"
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  got=""
  for n in 1 2 4; do printf '\x10\x04\x0'"$n" >&3; got+="$(answer) "; done
  eq "${got% }" "${want[$st]}" "status answers with --status $st"
  # As the kiosk asks: the three queries at once, three answers back.
  printf '\x10\x04\x01\x10\x04\x02\x10\x04\x04' >&3
  eq "$(answer 3)" "${want[$st]}" "three queries at once with --status $st"
  exec 3>&-
  vp_stop
done

# --- a status file changed while the printer runs -----------------------------------
echo ok >"$tmp/status"
name=stfile vp_start --status-file "$tmp/status"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf '\x10\x04\x04' >&3; eq "$(answer)" 12 "status file: ok"
echo paper-out >"$tmp/status"; printf '\x10\x04\x04' >&3; eq "$(answer)" 72 "status file: paper-out"
echo near-end >"$tmp/status"; printf '\x10\x04\x04' >&3; eq "$(answer)" 1e "status file: near-end"
echo offline >"$tmp/status"; printf '\x10\x04\x01' >&3; eq "$(answer)" 1a "status file: offline"
echo bogus >"$tmp/status"; printf '\x10\x04\x04' >&3; eq "$(answer)" 12 "status file unreadable: --status (ok)"
printf 'x\n\x1d\x56\x00' >&3
exec 3>&-
wait_receipts 1
expect 1 '.status_queries' 5
vp_stop

# --- a connection dropped after 20 bytes, twice -------------------------------------------
name=drop vp_start --drop-after 20
job_new; b '\x1b\x40abc\ndefghijklmnopqrstuvwxyz\n\x1d\x56\x00'
for i in 1 2; do
  exec 3<>"/dev/tcp/127.0.0.1/$port"; cat "$tmp/job" >&3
  start=$SECONDS; answer >/dev/null; exec 3>&-
  [ $((SECONDS - start)) -lt 3 ] && ok || ko "the printer did not close the connection"
  wait_receipts "$i"
  expect "$i" '[.index, .cut, .dropped, .bytes, (.lines | map(.text) | join("|"))] | @tsv' \
    "$i"$'\tfalse\ttrue\t20\tabc|defghijklmnopq'
done
vp_stop

# --- garbage: random bytes, an oversized raster, a command cut short -----------------------
name=garbage vp_start
for _ in 1 2 3 4 5; do head -c 4096 /dev/urandom >"$tmp/junk"; send "$tmp/junk"; done
head -c 65536 /dev/urandom >"$tmp/junk"; send "$tmp/junk"
job_new; b '\x1d\x76\x30\x00\xff\x00\xff\xff'; head -c 3000 /dev/urandom >>"$tmp/job"; send
job_new; b 'no parameters\n\x1d\x28\x6b\x02\x00\x31\x50'; send
job_new; b 'cut short\n\x1d\x28\x6b\x60\xea\x31\x50\x30abc'; send
job_new; b 'after garbage\n\x1d\x56\x00'; send
for _ in $(seq 100); do tail -n1 "$jl" 2>/dev/null | grep -q "after garbage" && break; sleep 0.05; done
n=$(wc -l <"$jl")
eq "$(sed -n "${n}p" "$jl" | jq -r '[.cut, .lines[0].text] | @tsv')" $'full\tafter garbage' "the job after the garbage"
eq "$(sed -n "$((n - 1))p" "$jl" | jq -r '[.lines[0].text, (.errors[0] | test("inside a command"))] | @tsv')" \
  $'cut short\ttrue' "a command cut short by the end of the connection"
grep -q 'too large: skipped' "$jl" && ok || ko "the oversized raster was not reported"
jq -c . "$jl" >/dev/null 2>&1 && ok || ko "receipts.jsonl is not JSON lines after garbage"
vp_stop

cli_summary
