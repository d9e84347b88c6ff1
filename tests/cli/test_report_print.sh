#!/usr/bin/env bash
# test_report_print.sh - the clerk's end-of-day report on paper: a seeded day
# (tests/lib/report_seed.sh: cash and POS payments at the window, one owed
# back) printed with `report day --print --clerk` on the virtual ESC/POS
# printer (tests/printer, vprinter, which decodes what it is sent). The
# decoded paper carries the day, each service's count, each method's takings,
# the fee items and the total equal to what was paid, 核对无误, within 80 and
# 58 mm; no personal data; the clerk.report_print audit row with the clerk. A
# wrong PIN prints nothing; a printer out of paper or absent refuses with the
# clerk's words and exit 1; a payment changed with the sqlcipher shell is
# listed with its reason. `--png` draws the same paper to a file.
#   usage: test_report_print.sh CERTKIOSKCTL VPRINTER MAKE_QUEUED_JOBS
set -uo pipefail
ctl=${1:?usage: test_report_print.sh CERTKIOSKCTL VPRINTER MAKE_QUEUED_JOBS}; vprinter=${2:?}; make_jobs=${3:?}
for tool in jq sqlcipher; do
  command -v $tool >/dev/null || { echo "SKIPPED: $tool is not installed"; exit 77; }
done
tmp=$(mktemp -d)
. "$(dirname "${BASH_SOURCE[0]}")/../lib/cli_asserts.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/report_seed.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/vprinter_env.sh"
trap '[ -n "$vp" ] && kill "$vp" 2>/dev/null; rm -rf "$tmp"' EXIT
cfg=(--config "$tmp/k.ini")
write_config() { # PAPER
  cat >"$tmp/k.ini" <<INI
[kiosk]
id = KIOSK-0001
window = 3
[store]
path = $tmp/k.db
key_file = $tmp/k.key
[printer]
transport = tcp
target = 127.0.0.1:${port:-1}
paper_mm = $1
timeout_ms = 2000
INI
}
printed() { [ -f "$tmp/printed/receipts.jsonl" ] && wc -l <"$tmp/printed/receipts.jsonl" || echo 0; }
last() { tail -n 1 "$tmp/printed/receipts.jsonl"; }
printed_text() { last | jq -r '.lines[].text'; }
yuan() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }
# has_line TEXT REGEX: a whole printed line matches (the label at the left, the figures at the right).
has_line() { if grep -Eq "^$2\$" <<<"$1"; then ok; else ko "no line /$2/ in:"$'\n'"$1"; fi; }
report_rows() { "$ctl" audit list --json "${cfg[@]}" | jq -c '[.[] | select(.action == "clerk.report_print")]'; }
print_report() { expect_exit "$1" report day --date "$today" --print --clerk c001 "${cfg[@]}" <<<"${2:-$seed_pin}"; }
today=$(TZ=Asia/Shanghai date +%F)

printer_start
write_config 80
seed_clerk
seed_day
# A job cancelled, then paid: owed back, not takings (counted among the cash payments).
job=$("$make_jobs" "$tmp/k.db" "$tmp/k.key" 1 --service new --stop awaiting_payment)
expect_exit 0 pay cancel "$job" "${cfg[@]}"
refund=$(seed_quote new)
seed_pay "$job" cash "$refund" && ok || ko "the late payment: $(cat "$tmp/err")"
want_n_cash=$((want_n_cash + 1)); want_jobs[new]=$((want_jobs[new] + 1))
svc_zh() { "$ctl" services --json | jq -r --arg c "$1" '.[] | select(.code == $c) | .name_zh'; }
expect_exit 0 report day --date "$today" --json "${cfg[@]}"
by_item=$(jq -c .by_item_fen <<<"$out")

# 80 mm: every figure as seeded, the clerk, 核对无误, within 48 columns.
n=$(printed)
print_report 0
contains "$out" "已打印"
[ "$(printed)" = $((n + 1)) ] && ok || ko "nothing reached the printer"
text=$(printed_text)
contains "$text" "日结报表"
contains "$text" "Day report"
has_line "$text" "日期 +$today"
has_line "$text" "终端 +KIOSK-0001 / 窗口3"
has_line "$text" "打印柜员 +c001"
jobs=0; for svc in "${!want_jobs[@]}"; do jobs=$((jobs + ${want_jobs[$svc]})); done
has_line "$text" "当日新建业务 +${jobs}件"
for svc in "${!want_jobs[@]}"; do has_line "$text" "$(svc_zh "$svc") +${want_jobs[$svc]}"; done
has_line "$text" "  已取消 +1"
has_line "$text" "现金 +${want_n_cash}笔 +$(yuan "$want_cash")元"
has_line "$text" "银行卡POS +${want_n_pos}笔 +$(yuan "$want_pos")元"
has_line "$text" "微信支付 +0笔 +0\.00元"
has_line "$text" "开户费（含介质费） +$(yuan "$(jq .account <<<"$by_item")")元"
has_line "$text" "单位印章/专家印章 +$(yuan "$(jq .seal <<<"$by_item")")元"
has_line "$text" "收款合计 +$(yuan "$want_total")元"
has_line "$text" "应退款 +1笔 +$(yuan "$refund")元"
has_line "$text" "收据 +5张 000001-000005"
has_line "$text" "对账 +核对无误"
w=$(last | jq -r .width_columns_max)
[ "$w" -le 48 ] && [ "$w" -gt 32 ] && ok || ko "80 mm width $w"
[ "$(last | jq -r .cut)" = partial ] && ok || ko "cut: $(last | jq -r .cut)"
[ "$(last | jq -r '.chinese_mode_violation // false')" = false ] && ok || ko "Chinese bytes outside Chinese mode"
[ "$(last | jq -r '.status_queries')" -ge 3 ] && ok || ko "the status was not asked"
# No personal data: the seeded jobs' applicant (make_queued_jobs) and the clerk's name are not on it.
for personal in 四川测试科技有限公司 张三丰 "张*" 510104199001011230 13912345678 王芳; do lacks "$text" "$personal"; done
rows=$(report_rows)
[ "$(jq length <<<"$rows")" = 1 ] && ok || ko "audit rows: $rows"
[ "$(jq -r '.[0].actor' <<<"$rows")" = c001 ] && ok || ko "audit actor: $rows"
[ "$(jq -r '.[0].subject' <<<"$rows")" = "report $today" ] && ok || ko "audit subject: $rows"
contains "$(jq -r '.[0].detail' <<<"$rows")" "printed; takings_fen=$want_total; issues=0"

# 58 mm: the same figures within 32 columns.
write_config 58
print_report 0
text=$(printed_text)
[ "$(last | jq -r .width_columns_max)" -le 32 ] && ok || ko "58 mm width $(last | jq -r .width_columns_max)"
has_line "$text" "日期 +$today"
has_line "$text" "现金 +${want_n_cash}笔 +$(yuan "$want_cash")元"
has_line "$text" "银行卡POS +${want_n_pos}笔 +$(yuan "$want_pos")元"
has_line "$text" "收款合计 +$(yuan "$want_total")元"
has_line "$text" "对账 +核对无误"

# Refused: a wrong PIN (nothing printed, nothing audited as printed), no clerk, --json.
n=$(printed)
print_report 1 111999
contains "$err" "工号或密码不正确"
[ "$(printed)" = "$n" ] && ok || ko "printed after a wrong PIN"
[ "$(report_rows | jq length)" = 2 ] && ok || ko "a report print audited after a wrong PIN"
expect_exit 2 report day --print "${cfg[@]}"
expect_exit 2 report day --print --clerk c001 --json "${cfg[@]}"
expect_exit 2 report day --png "$tmp/x.png" --clerk c001 "${cfg[@]}"

# The printer out of paper: the clerk is told, nothing is printed, exit 1, the attempt audited.
printer_stop; printer_start --status paper-out; write_config 58
n=$(printed)
print_report 1
contains "$err" "缺纸"
contains "$err" "重新打印"
contains "$err" "paper_out"
[ "$(printed)" = "$n" ] && ok || ko "printed while out of paper"
contains "$(report_rows | jq -r '.[-1].detail')" "failed: the printer reports paper_out"
# No printer at all.
printer_stop; write_config 58
print_report 1
contains "$err" "打印机未连接"

# A payment changed behind the kiosk's back: listed with its reason.
printer_start; write_config 80
seed_plant_mismatch
print_report 0
text=$(printed_text)
has_line "$text" "对账 +不符 1项"
contains "$text" "与应收"
contains "$text" "where"
has_line "$text" "1\. 收款1：收款$(yuan $(($(seed_quote new) - 100)))元与应收$(yuan "$(seed_quote new)")元不符"
has_line "$text" "   业务 [0-9a-f-]{36}"
lacks "$text" "核对无误"

# The picture of the same paper, without a clerk.
expect_exit 0 report day --date "$today" --png "$tmp/report.png" "${cfg[@]}"
[ -s "$tmp/report.png" ] && [ "$(head -c 8 "$tmp/report.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] && ok ||
  ko "no PNG written"
expect_exit 0 audit verify "${cfg[@]}"
cli_summary
