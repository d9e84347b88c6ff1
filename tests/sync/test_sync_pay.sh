#!/usr/bin/env bash
# test_sync_pay.sh - WeChat Native payment through the reference upstream over
# mutual TLS: the order is made from the job's quote, its code_url rendered as
# a QR code (decoded back with zbarimg), the job paid only on the upstream's
# confirmation with a receipt number; a cancelled order is closed; a payment
# that lands after the customer cancelled is booked and flagged for refund;
# an expired order is closed and a new one can be made; offline, the customer
# is sent to the window.
#   usage: test_sync_pay.sh CERTKIOSKCTL UPSTREAM_REF MAKE_QUEUED_JOBS
set -uo pipefail
ctl=${1:?}; server=${2:?}; make_jobs=${3:?}
extra_tools=zbarimg
. "$(dirname "${BASH_SOURCE[0]}")/../lib/sync_test.sh"
upstream_start
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 3 --service new --stop awaiting_payment >"$tmp/uuids" || ko "make_queued_jobs"
a=$(sed -n 1p "$tmp/uuids"); b=$(sed -n 2p "$tmp/uuids"); c=$(sed -n 3p "$tmp/uuids")

# The order: made by the upstream for the quote, shown as a QR code that decodes to its code_url.
expect_exit 0 pay start "$a" --png "$tmp/qr.png" --json "${cfg[@]}"
expect_jq .amount_fen 40000
expect_jq .state open
order=$(jq -r .order <<<"$out"); url=$(jq -r .code_url <<<"$out")
contains "$url" "weixin://wxpay/bizpayurl?pr="
[ "$(zbarimg --raw -q "$tmp/qr.png")" = "$url" ] && ok || ko "the QR code does not decode to $url"
# Asked again (the screen came back): the same order, not a second one.
expect_exit 0 pay start "$a" --json "${cfg[@]}"
expect_jq .order "$order"
# Not paid yet.
expect_exit 1 pay check "$a" --json "${cfg[@]}"
expect_jq .state open
expect_exit 0 jobs show "$a" --json "${cfg[@]}"
expect_jq .state awaiting_payment
# The customer scans and pays (the reference upstream's test endpoint stands in for WeChat).
upstream_call POST "/v1/test/payments/$order/pay" '{}'
[ "$code" = 200 ] && ok || ko "test pay: $code $reply"
expect_exit 0 pay check "$a" --json "${cfg[@]}"
expect_jq .state paid
expect_jq .receipt_no 1
expect_jq .refund_due false
expect_exit 0 jobs show "$a" --json "${cfg[@]}"
expect_jq .state paid
# Checked again: nothing booked twice.
expect_exit 0 pay check "$a" --json "${cfg[@]}"
expect_jq .receipt_no 0
expect_exit 0 store check --json "${cfg[@]}"
expect_jq .payments 1

# The customer cancels: the job is cancelled and the order closed upstream.
expect_exit 0 pay start "$b" --json "${cfg[@]}"
order_b=$(jq -r .order <<<"$out")
expect_exit 0 pay cancel "$b" --json "${cfg[@]}"
expect_jq .order closed
upstream_call GET "/v1/payments/$order_b"
[ "$(jq -r .trade_state <<<"$reply")" = CLOSED ] && ok || ko "order b upstream: $reply"
expect_exit 0 jobs show "$b" --json "${cfg[@]}"
expect_jq .state cancelled
expect_jq .refund_due false

# Paid at the very moment the customer cancelled: the close is refused (order_paid), the payment is booked
# against the cancelled job and flagged for refund, with no receipt.
expect_exit 0 pay start "$c" --json "${cfg[@]}"
order_c=$(jq -r .order <<<"$out")
upstream_call POST "/v1/test/payments/$order_c/pay" '{}'
expect_exit 0 pay cancel "$c" --json "${cfg[@]}"
expect_exit 0 jobs show "$c" --json "${cfg[@]}"
expect_jq .state cancelled
expect_jq .refund_due true
expect_exit 0 store check --json "${cfg[@]}"
expect_jq .payments 2
expect_jq .receipts 1

# An order that expires unpaid is closed; the job still awaits payment and gets a new order.
upstream_stop
upstream_start --order-ttl-s 1
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 --service new --stop awaiting_payment >"$tmp/uuid_d"
d=$(cat "$tmp/uuid_d")
expect_exit 0 pay start "$d" --json "${cfg[@]}"
order_d=$(jq -r .order <<<"$out")
sleep 2
expect_exit 1 pay check "$d" --json "${cfg[@]}"
expect_jq .state closed
expect_exit 0 pay start "$d" --json "${cfg[@]}"
[ "$(jq -r .order <<<"$out")" != "$order_d" ] && ok || ko "a new order after expiry"
# A late "paid" on the closed order is refused by the upstream, as WeChat refuses it.
upstream_call POST "/v1/test/payments/$order_d/pay" '{}'
[ "$code" = 409 ] && ok || ko "paying an expired order: $code $reply"

# Offline: the customer is told to pay at the window; nothing is lost.
upstream_stop
"$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 --service new --stop awaiting_payment >"$tmp/uuid_e"
expect_exit 1 pay start "$(cat "$tmp/uuid_e")" "${cfg[@]}"
contains "$err" "窗口"
contains "$err" "cannot be reached"
expect_exit 0 jobs show "$(cat "$tmp/uuid_e")" --json "${cfg[@]}"
expect_jq .state awaiting_payment
# A job already paid needs no order.
expect_exit 1 pay start "$a" "${cfg[@]}"
contains "$err" "not awaiting payment"

cli_summary
