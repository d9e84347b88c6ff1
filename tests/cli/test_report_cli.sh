#!/usr/bin/env bash
# test_report_cli.sh - window payments and the end-of-day report against a
# seeded day: jobs of several services paid in cash and by POS at the window
# by a signed-in clerk (a wrong amount and a wrong PIN refused), one paid
# after it was cancelled (a refund owed, not takings), payments on the day
# before kept apart; the report's totals equal the sum of what was paid, by
# method and by fee item, in text, JSON and CSV; then a payment changed in
# the database with the sqlcipher shell is listed as not reconciling.
#   usage: test_report_cli.sh CERTKIOSKCTL MAKE_QUEUED_JOBS
set -uo pipefail
ctl=${1:?usage: test_report_cli.sh CERTKIOSKCTL MAKE_QUEUED_JOBS}; make_jobs=${2:?}
for tool in jq sqlcipher; do
  command -v $tool >/dev/null || { echo "SKIPPED: $tool is not installed"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../lib/cli_asserts.sh"
printf '[store]\npath = %s/k.db\nkey_file = %s/k.key\n' "$tmp" "$tmp" >"$tmp/k.ini"
cfg=(--config "$tmp/k.ini")
today=$(TZ=Asia/Shanghai date +%F)
yesterday=$(TZ=Asia/Shanghai date -d yesterday +%F)
noon_yesterday="${yesterday}T12:00:00"
"$ctl" clerk add c001 --name 王芳 "${cfg[@]}" <<<864213 >/dev/null || ko "clerk add"
quote() { "$ctl" quote --service "$1" --holder unit --years 1 --seals 1 --json | jq -r .total_fen; }
pay() { # pay JOB METHOD FEN [ARGS]: at the window, as clerk c001
  local job=$1 method=$2 fen=$3; shift 3
  "$ctl" pay window "$job" --method "$method" --amount "$(printf '%d.%02d' $((fen / 100)) $((fen % 100)))" \
    --clerk c001 "${cfg[@]}" "$@" <<<864213 >"$tmp/out" 2>"$tmp/err"
}
want_total=0; want_cash=0; want_pos=0; n=0
for svc in new new replace seal-renew new; do
  job=$("$make_jobs" "$tmp/k.db" "$tmp/k.key" 1 --service "$svc" --stop awaiting_payment)
  fen=$(quote "$svc")
  method=$([ $((n % 2)) = 0 ] && echo cash || echo pos)
  if pay "$job" "$method" "$fen"; then ok; else ko "pay window $svc: $(cat "$tmp/err")"; fi
  want_total=$((want_total + fen))
  [ "$method" = cash ] && want_cash=$((want_cash + fen)) || want_pos=$((want_pos + fen))
  n=$((n + 1))
done
# Refused: a fen short of the quote, and a wrong PIN; neither is booked.
job=$("$make_jobs" "$tmp/k.db" "$tmp/k.key" 1 --service new --stop awaiting_payment)
if pay "$job" cash $(( $(quote new) - 1 )); then ko "a short payment was booked"; else ok; fi
contains "$(cat "$tmp/err")" "不符"
"$ctl" pay window "$job" --method cash --amount "$(( $(quote new) / 100 )).00" --clerk c001 "${cfg[@]}" <<<111999 \
  >/dev/null 2>"$tmp/err" && ko "a wrong PIN paid" || ok
contains "$(cat "$tmp/err")" "工号或密码不正确"
# Cancelled, then paid: kept as a refund owed.
expect_exit 0 pay cancel "$job" "${cfg[@]}"
if pay "$job" cash "$(quote new)"; then ok; else ko "the late payment was not kept: $(cat "$tmp/err")"; fi
contains "$(cat "$tmp/out")" "退款"
# The day before: two payments that today's report must not count.
for svc in new seal-renew; do
  job=$("$make_jobs" "$tmp/k.db" "$tmp/k.key" 1 --service "$svc" --stop awaiting_payment)
  pay "$job" pos "$(quote "$svc")" --now "$noon_yesterday" && ok || ko "yesterday's payment"
done

# Today's report.
expect_exit 0 report day --date "$today" --json "${cfg[@]}"
expect_jq .reconciles true
expect_jq .takings_fen "$want_total"
expect_jq .by_method.cash.fen "$want_cash"
expect_jq .by_method.pos.fen "$want_pos"
expect_jq .by_method.wechat.payments 0
expect_jq '[.by_item_fen[]] | add' "$want_total"
expect_jq .receipts 5
expect_jq .refunds 1
expect_jq .refunds_fen "$(quote new)"
# Jobs count by the day they were made: the three paid, the cancelled one, and yesterday's (made today).
expect_jq '[.jobs[] | select(.service == "new") | .count] | add' 5
expect_jq '[.jobs[] | select(.state == "cancelled") | .count] | add' 1
# Yesterday's, apart.
expect_exit 0 report day --date "$yesterday" --json "${cfg[@]}"
expect_jq .takings_fen $(( $(quote new) + $(quote seal-renew) ))
expect_jq .receipts 2
# Text and CSV say the same.
expect_exit 0 report day --date "$today" "${cfg[@]}"
contains "$out" "对账无误"
expect_exit 0 report day --date "$today" --csv "${cfg[@]}"
[ "$(head -c 3 <<<"$out" | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok || ko "the CSV has no UTF-8 BOM"
contains "$out" "total,takings,,$(printf '%d.%02d' $((want_total / 100)) $((want_total % 100)))"
contains "$out" "method,cash,"
expect_exit 2 report day --date 2026-13-01 "${cfg[@]}"
expect_exit 2 report day --csv --json "${cfg[@]}"

# A payment changed behind the kiosk's back: the report lists it and exits 1.
key=$(cat "$tmp/k.key")
sqlcipher "$tmp/k.db" >/dev/null <<SQL || ko "the sqlcipher shell could not edit the database"
PRAGMA key = "x'$key'";
PRAGMA cipher_page_size = 4096;
UPDATE payments SET amount_fen = amount_fen - 100 WHERE id = (SELECT min(id) FROM payments);
SQL
expect_exit 1 report day --date "$today" --json "${cfg[@]}"
expect_jq .reconciles false
expect_jq '.issues | length' 1
contains "$(jq -r '.issues[0].message_zh' <<<"$out")" "与应收"
expect_exit 1 report day --date "$today" "${cfg[@]}"
contains "$out" "对账不符"
cli_summary
