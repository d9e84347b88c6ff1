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
. "$(dirname "${BASH_SOURCE[0]}")/../lib/report_seed.sh"
printf '[store]\npath = %s/k.db\nkey_file = %s/k.key\n' "$tmp" "$tmp" >"$tmp/k.ini"
cfg=(--config "$tmp/k.ini")
today=$(TZ=Asia/Shanghai date +%F)
yesterday=$(TZ=Asia/Shanghai date -d yesterday +%F)
noon_yesterday="${yesterday}T12:00:00"
seed_clerk
seed_day
# Refused: a fen short of the quote, and a wrong PIN; neither is booked.
job=$("$make_jobs" "$tmp/k.db" "$tmp/k.key" 1 --service new --stop awaiting_payment)
if seed_pay "$job" cash $(( $(seed_quote new) - 1 )); then ko "a short payment was booked"; else ok; fi
contains "$(cat "$tmp/err")" "不符"
"$ctl" pay window "$job" --method cash --amount "$(( $(seed_quote new) / 100 )).00" --clerk c001 "${cfg[@]}" <<<111999 \
  >/dev/null 2>"$tmp/err" && ko "a wrong PIN paid" || ok
contains "$(cat "$tmp/err")" "工号或密码不正确"
# Cancelled, then paid: kept as a refund owed.
expect_exit 0 pay cancel "$job" "${cfg[@]}"
if seed_pay "$job" cash "$(seed_quote new)"; then ok; else ko "the late payment was not kept: $(cat "$tmp/err")"; fi
contains "$(cat "$tmp/out")" "退款"
# The day before: two payments that today's report must not count.
for svc in new seal-renew; do
  job=$("$make_jobs" "$tmp/k.db" "$tmp/k.key" 1 --service "$svc" --stop awaiting_payment)
  seed_pay "$job" pos "$(seed_quote "$svc")" --now "$noon_yesterday" && ok || ko "yesterday's payment"
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
expect_jq .refunds_fen "$(seed_quote new)"
# Jobs count by the day they were made: the three paid, the cancelled one, and yesterday's (made today).
expect_jq '[.jobs[] | select(.service == "new") | .count] | add' 5
expect_jq '[.jobs[] | select(.state == "cancelled") | .count] | add' 1
# Yesterday's, apart.
expect_exit 0 report day --date "$yesterday" --json "${cfg[@]}"
expect_jq .takings_fen $(( $(seed_quote new) + $(seed_quote seal-renew) ))
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
seed_plant_mismatch
expect_exit 1 report day --date "$today" --json "${cfg[@]}"
expect_jq .reconciles false
expect_jq '.issues | length' 1
contains "$(jq -r '.issues[0].message_zh' <<<"$out")" "与应收"
expect_exit 1 report day --date "$today" "${cfg[@]}"
contains "$out" "对账不符"
cli_summary
