#!/usr/bin/env bash
# test_upstream_pay.sh - the reference upstream as the WeChat Pay merchant,
# over real mutual TLS on loopback: an order for the quote the upstream
# computes itself (created once, answered again while open; a wrong amount or
# a free service refused), queried, paid by the test "customer", closed; a
# paid order cannot be closed; a closed one cannot be paid unless forced (the
# late payment a kiosk must record for a refund); an expired order reads CLOSED.
#   usage: test_upstream_pay.sh UPSTREAM_REF
server=${1:?}
. "$(dirname "${BASH_SOURCE[0]}")/ref_lib.sh"
mkcert kiosk2 KIOSK-0002 ca

# order_body JOB [AMOUNT [FIELDS-JSON]]: a unit supplier's new certificate, 1 year, 1 seal (400 yuan).
order_body() {
  jq -cn --arg j "$1" --argjson a "${2:-40000}" --argjson f "${3:-null}" \
    '{job: $j, service: "new", holder: "unit", role: "supplier", years: 1, seals: 1, amount_fen: $a} + ($f // {})'
}
pay() {
  local body=${2:-}
  [ -n "$body" ] || body='{}'
  call POST "/v1/test/payments/$1/pay" "$body"
}

ref_start
ja=20000000-0000-4000-8000-000000000001
now=$(date +%s)
call POST /v1/payments "$(order_body "$ja")"; expect_code 201 "create an order"
o1=$(jq -r .order <<<"$out")
[[ $o1 =~ ^[0-9a-f]{32}$ ]] && ok || ko "order id '$o1'"
[[ $(jq -r .code_url <<<"$out") =~ ^weixin://wxpay/bizpayurl\?pr=[0-9A-Za-z]{10}$ ]] && ok || ko "code_url: $out"
expect_jq .amount_fen 40000
exp=$(jq -r .expires_at <<<"$out")
[ "$exp" -ge $((now + 7200)) ] && [ "$exp" -le $((now + 7205)) ] && ok || ko "expires_at $exp is not now + 2 hours"
call POST /v1/payments "$(order_body "$ja")"; expect_code 200 "the same order again"
expect_jq .order "$o1"
call POST /v1/payments "$(order_body "$ja" 30000)"; expect_code 422 "a wrong amount"
expect_jq .error.code amount_mismatch
contains "$(jq -r .error.message_en <<<"$out")" "300.00"; contains "$(jq -r .error.message_en <<<"$out")" "400.00"
contains "$(jq -r .error.message_zh <<<"$out")" "400.00"
call POST /v1/payments "$(order_body "$ja" 20000 '{"years":2,"seals":2}')"; expect_code 422 "2 years, 2 seals: the account fee waived"
contains "$(jq -r .error.message_en <<<"$out")" "800.00"
call POST /v1/payments "$(order_body "$ja" 0 '{"service":"pin-change"}')"; expect_code 422 "a free service"
expect_jq .error.code free_service
call POST /v1/payments "$(order_body "$ja" 40000 '{"service":"nothing"}')"; expect_code 400 "an unknown service"
expect_jq .error.code bad_request
call POST /v1/payments "$(order_body "$ja" 40000 '{"role":"expert"}')"; expect_code 400 "a role of another holder kind"
call POST /v1/payments "$(order_body "$ja" 40000 '{"years":3}')"; expect_code 400 "3 years"
call POST /v1/payments "$(order_body "$ja" 40000 '{"years":"1"}')"; expect_code 400 "years as a string"
call POST /v1/payments '{"service":"new","holder":"unit","role":"supplier","years":1,"seals":1,"amount_fen":40000}'
expect_code 400 "no job"
call POST /v1/payments "$(order_body "$ja" 400.5)"; expect_code 400 "a fractional amount"

call GET "/v1/payments/$o1"; expect_code 200 "query"
expect_jq .trade_state NOTPAY; expect_jq .job "$ja"; expect_jq .amount_fen 40000; expect_jq .transaction_id null
call GET /v1/payments/0123456789abcdef0123456789abcdef; expect_code 404 "an unknown order"
as=kiosk2 kiosk_id=KIOSK-0002 call GET "/v1/payments/$o1"; expect_code 404 "another kiosk's order"
as=none call GET "/v1/payments/$o1"; expect_code 403 "no client certificate"

# The customer pays; the order cannot be closed any more.
pay "$o1"; expect_code 200 "pay"
expect_jq .trade_state SUCCESS
tx=$(jq -r .transaction_id <<<"$out")
[[ $tx =~ ^4200[0-9]{24}$ ]] && ok || ko "transaction id '$tx'"
pay "$o1"; expect_code 200 "pay again"; expect_jq .transaction_id "$tx"
call GET "/v1/payments/$o1"
expect_jq .trade_state SUCCESS; expect_jq .transaction_id "$tx"; expect_jq .paid_fen 40000
[ "$(jq -r .success_time <<<"$out")" -ge "$now" ] && ok || ko "success_time: $out"
call POST "/v1/payments/$o1/close" '{}'; expect_code 409 "close a paid order"
expect_jq .error.code order_paid
call POST /v1/payments "$(order_body "$ja")"; expect_code 201 "a paid order is not answered again"

# Closed: stays closed, cannot be paid, unless the payment raced the close.
jb=20000000-0000-4000-8000-000000000002
call POST /v1/payments "$(order_body "$jb")"; o2=$(jq -r .order <<<"$out")
call POST "/v1/payments/$o2/close" '{}'; expect_code 200 "close"; expect_jq .trade_state CLOSED
call POST "/v1/payments/$o2/close" '{}'; expect_code 200 "close again"; expect_jq .trade_state CLOSED
call GET "/v1/payments/$o2"; expect_jq .trade_state CLOSED
pay "$o2"; expect_code 409 "pay a closed order"; expect_jq .error.code order_closed
pay "$o2" '{"force": "yes"}'; expect_code 400 "force of the wrong type"
pay "$o2" '{"force": true}'; expect_code 200 "a late payment"; expect_jq .trade_state SUCCESS
call GET "/v1/payments/$o2"; expect_jq .trade_state SUCCESS
call POST "/v1/payments/$o2/close" '{}'; expect_code 409 "close after the late payment"
call POST /v1/payments "$(order_body "$jb")"; expect_code 201 "a new order after a closed one"
call GET /v1/test/stats; expect_jq .orders 4
ref_stop

# Orders expire: past expires_at an unpaid order reads CLOSED and cannot be paid.
ref_start --order-ttl-s 1
call POST /v1/payments "$(order_body 20000000-0000-4000-8000-000000000003)"; o3=$(jq -r .order <<<"$out")
sleep 2.1
call GET "/v1/payments/$o3"; expect_code 200 "an expired order"; expect_jq .trade_state CLOSED
pay "$o3"; expect_code 409 "pay an expired order"
call POST /v1/payments "$(order_body 20000000-0000-4000-8000-000000000003)"; expect_code 201 "a new order after expiry"
[ "$(jq -r .order <<<"$out")" != "$o3" ] && ok || ko "the expired order was answered again"
call POST "/v1/payments/$o3/close" '{}'; expect_code 200 "close an expired order"; expect_jq .trade_state CLOSED
ref_stop

# Another fee schedule: the quote follows it.
sed 's/^annual_fee_yuan = 200/annual_fee_yuan = 300/' "$(dirname "${BASH_SOURCE[0]}")/../../config/fees.ini" >"$tmp/fees.ini"
ref_start --fees "$tmp/fees.ini"
call POST /v1/payments "$(order_body 20000000-0000-4000-8000-000000000004)"; expect_code 422 "the old price"
call POST /v1/payments "$(order_body 20000000-0000-4000-8000-000000000004 50000)"; expect_code 201 "the new price"
ref_stop
"$server" --db "$tmp/x.db" --cert "$tmp/server.pem" --key "$tmp/server.key" --client-ca "$tmp/ca.pem" --fees /nonexistent \
  >/dev/null 2>&1
eq "$?" 1 "an unreadable fee schedule"
cli_summary
