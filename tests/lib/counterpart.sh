# counterpart.sh - what stands outside the kiosk, for the touch-screen tests
# and the demo: the customer's phone and the CA's reviewer, as one background
# loop against the reference upstream (source upstream_env.sh first; $tmp,
# $ctl and $port set).
#   counterpart_start SHOTS_DIR  the phone decodes each SHOTS_DIR/pay-*.png the
#                                kiosk saved (zbarimg) and pays the upstream's
#                                order with that code_url, as a person scanning
#                                the screen would; marks it PNG.paid
#   counterpart_start ""         (no screenshots: a person at the demo) the phone
#                                pays any open order 5 s after it was made
#   counterpart_stop
# Either way the reviewer approves every job the kiosk has submitted.
counterpart_pid=""
counterpart_order() { # counterpart_order SQL ARG: the first order id it selects from the upstream's database
  python3 - "$tmp/up.db" "$1" "$2" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(sys.argv[2], (sys.argv[3],)).fetchone()
print(row[0] if row else "")
PY
}
counterpart_loop() {
  local shots=$1 png url order j
  while :; do
    if [ -n "$shots" ]; then
      for png in "$shots"/pay-*.png; do
        [ -f "$png" ] && [ ! -f "$png.paid" ] || continue
        url=$(zbarimg -q --raw "$png" 2>/dev/null) || continue
        order=$(counterpart_order "SELECT id FROM orders WHERE code_url = ?" "$url")
        [ -n "$order" ] || continue
        upstream_call POST "/v1/test/payments/$order/pay" "{}"
        [ "$code" = 200 ] && echo "$url" >"$png.paid"
        echo "paid $order for $url: $code"
      done
    else
      order=$(counterpart_order "SELECT id FROM orders WHERE trade_state = 'NOTPAY' AND created_at <= ?" \
        "$(( $(date +%s) - 5 ))")
      if [ -n "$order" ]; then
        upstream_call POST "/v1/test/payments/$order/pay" "{}"
        echo "paid $order: $code"
      fi
    fi
    for j in $("$ctl" jobs list --state submitted --json --config "$tmp/k.ini" 2>/dev/null | jq -r '.[].uuid'); do
      upstream_call POST /v1/test/decide "{\"job\":\"$j\",\"to\":\"approved\"}"
      echo "approved $j: $code $reply"
    done
    sleep 0.3
  done
}
counterpart_start() {
  counterpart_loop "$1" >"$tmp/counterpart.log" 2>&1 &
  counterpart_pid=$!
}
counterpart_stop() { [ -n "$counterpart_pid" ] && kill "$counterpart_pid" 2>/dev/null; counterpart_pid=""; }
