#!/usr/bin/env bash
# test_receipt_print.sh - fee receipts through the virtual ESC/POS printer on
# loopback TCP (tests/printer/vp_*.c, the vprinter program, decodes what it is sent): every field
# as printed, 58 and 80 mm widths, masking, native and raster QR codes, the
# reprint mark and its count; each printer fault (absent, paper out, near
# end, cover open, offline, connection dropped mid-receipt) tells the
# customer what to do, leaves the job as it was, and queues the receipt for
# the clerk; nothing is printed twice without 重印. The PNG preview's QR code
# decodes to the lookup URL.
#   usage: test_receipt_print.sh CERTKIOSKCTL VPRINTER MAKE_QUEUED_JOBS
set -uo pipefail
ctl=${1:?}; vprinter=${2:?}; make_jobs=${3:?}
for tool in jq zbarimg; do command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed"; exit 77; }; done
tmp=$(mktemp -d)
vp=""
trap '[ -n "$vp" ] && kill "$vp" 2>/dev/null; rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../lib/cli_asserts.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/vprinter_env.sh"
cfg=(--config "$tmp/k.ini")
url_of() { echo "https://ca.example/q?job=$1"; }

write_config() { # PAPER QR
  cat >"$tmp/k.ini" <<INI
[kiosk]
id = KIOSK-0001
window = 3
[store]
path = $tmp/kiosk.db
key_file = $tmp/kiosk.key
[printer]
transport = tcp
target = 127.0.0.1:${port:-1}
paper_mm = $1
qr = $2
timeout_ms = 2000
[receipt]
lookup_url = https://ca.example/q?job={job}
INI
}
receipts() { [ -f "$tmp/printed/receipts.jsonl" ] && wc -l <"$tmp/printed/receipts.jsonl" || echo 0; }
last() { tail -n 1 "$tmp/printed/receipts.jsonl"; }
printed_text() { last | jq -r '.lines[].text'; }
paid_job() { "$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 --service new --stop paid; }

printer_start
write_config 58 native
a=$(paid_job)

# The original: every field, within 32 columns, personal numbers masked, the QR outside Chinese mode.
expect_exit 0 receipt print --job "$a" --json "${cfg[@]}"
expect_jq .printed true
expect_jq .copy 0
expect_jq .receipt_no 1
text=$(printed_text)
for want in "收费凭据" "收据号" "000001" "KIOSK-0001 / 窗口3" "证书及印章新办" "四川测试科技有限公司" "张**" \
            "5101**********1230" "139****5678" "400.00元" "现金（窗口）" "合计"; do
  contains "$text" "$want"
done
lacks "$text" "510104199001011230"
lacks "$text" "13912345678"
lacks "$text" "重印"
contains "$(tr -d '\n' <<<"$text")" "电子发票将在2个工作日内发送至经办人手机"
[ "$(last | jq -r .width_columns_max)" -le 32 ] && ok || ko "wider than 32 columns: $(last | jq .width_columns_max)"
[ "$(last | jq -r '.qr[0]')" = "$(url_of "$a")" ] && ok || ko "QR payload: $(last | jq -r '.qr[0]')"
[ "$(last | jq -r '[.items[] | select(.qr) | .chinese_mode] | .[0]')" = false ] && ok || ko "QR printed in Chinese mode"
[ "$(last | jq -r .cut)" = partial ] && ok || ko "cut: $(last | jq -r .cut)"
[ "$(last | jq -r '.chinese_mode_violation // false')" = false ] && ok || ko "Chinese bytes outside Chinese mode"
[ "$(last | jq -r '.yen_bytes // false')" = false ] && ok || ko "¥ sent"
[ "$(last | jq -r '.status_queries')" -ge 3 ] && ok || ko "status not asked"
[ "$(last | jq -r '[.lines[] | select(.double)] | length')" -ge 1 ] && ok || ko "no double-size title"
expect_exit 0 receipt pending --json "${cfg[@]}"
expect_jq length 0

# A second copy must be asked for as a reprint, and says so with its count.
n=$(receipts)
expect_exit 1 receipt print --job "$a" "${cfg[@]}"
contains "$err" "reprint"
[ "$(receipts)" = "$n" ] && ok || ko "a copy was printed without --reprint"
expect_exit 0 receipt print --job "$a" --reprint --json "${cfg[@]}"
expect_jq .copy 1
contains "$(printed_text)" "重印（第1次）"
expect_exit 0 receipt print --job "$a" --reprint --json "${cfg[@]}"
contains "$(printed_text)" "重印（第2次）"

# 80 mm paper: 48 columns, and used.
write_config 80 native
b=$(paid_job)
expect_exit 0 receipt print --job "$b" "${cfg[@]}"
w=$(last | jq -r .width_columns_max)
[ "$w" -le 48 ] && [ "$w" -gt 32 ] && ok || ko "80 mm width $w"

# A printer without native QR: the code goes as a raster image, which decodes to the URL.
write_config 58 raster
c=$(paid_job)
expect_exit 0 receipt print --job "$c" "${cfg[@]}"
raster=$(last | jq -r '.rasters[0]')
[ "$(zbarimg -q --raw "$tmp/printed/$raster" 2>/dev/null)" = "$(url_of "$c")" ] && ok || ko "raster QR $raster"

# Faults: the customer is told what to do, nothing reaches paper, the job is untouched, the clerk sees it.
write_config 58 native
fault() { # STATUS EXPECTED-ZH EXPECTED-EN
  printer_stop; printer_start --status "$1"; write_config 58 native
  local j; j=$(paid_job); n=$(receipts)
  expect_exit 1 receipt print --job "$j" --json "${cfg[@]}"
  expect_jq .printed false
  contains "$(jq -r .message_zh <<<"$out")" "$2"
  contains "$(jq -r .message_zh <<<"$out")" "请到窗口领取收据"
  contains "$(jq -r .message_en <<<"$out")" "$3"
  [ "$(receipts)" = "$n" ] && ok || ko "$1: something was printed"
  expect_exit 0 jobs show "$j" --json "${cfg[@]}"
  expect_jq .state paid
  expect_exit 0 receipt pending --json "${cfg[@]}"
  contains "$(jq -r '.[].job' <<<"$out")" "$j"
  # Fixed: printed as the original (nothing had reached paper).
  printer_stop; printer_start; write_config 58 native
  expect_exit 0 receipt print --job "$j" --json "${cfg[@]}"
  expect_jq .copy 0
  lacks "$(printed_text)" "重印"
}
fault paper-out "缺纸" "paper_out"
fault cover-open "盖" "cover_open"
fault offline "离线" "offline"
# Near the end of the roll: it prints, and says so.
printer_stop; printer_start --status near-end; write_config 58 native
j=$(paid_job)
expect_exit 0 receipt print --job "$j" --json "${cfg[@]}"
expect_jq .printer paper_near_end
# Absent.
printer_stop; write_config 58 native
j=$(paid_job)
expect_exit 1 receipt print --job "$j" --json "${cfg[@]}"
contains "$(jq -r .message_zh <<<"$out")" "请到窗口领取收据"
expect_exit 0 receipt pending --json "${cfg[@]}"
contains "$(jq -r '.[] | select(.job == "'"$j"'") | .print_error' <<<"$out")" "cannot be reached"
# The connection dropped mid-receipt: part of it is on paper, so the next copy must say 重印.
printer_start --drop-after 300; write_config 58 native
j=$(paid_job)
expect_exit 1 receipt print --job "$j" --json "${cfg[@]}"
contains "$(jq -r .message_zh <<<"$out")" "未打印完整"
[ "$(last | jq -r .dropped)" = true ] && ok || ko "the printer saw no drop"
printer_stop; printer_start; write_config 58 native
expect_exit 1 receipt print --job "$j" "${cfg[@]}"
expect_exit 0 receipt print --job "$j" --reprint --json "${cfg[@]}"
expect_jq .copy 1
contains "$(printed_text)" "重印（第1次）"
expect_exit 0 audit verify "${cfg[@]}"

# The preview: the same receipt as a PNG, whose QR code decodes to the lookup URL.
expect_exit 0 receipt png --job "$a" "$tmp/a.png" "${cfg[@]}"
[ "$(zbarimg -q --raw "$tmp/a.png" 2>/dev/null)" = "$(url_of "$a")" ] && ok || ko "PNG QR"
expect_exit 1 receipt png --job 00000000-0000-4000-8000-000000000000 "$tmp/none.png" "${cfg[@]}"

cli_summary
