#!/usr/bin/env bash
# test_ui_services.sh - the touch screen's service flows end to end, in one
# orientation, with every real part: certkiosk under Xvfb driven by its test
# scripts (tests/ui/svc_*.txt), a blank virtual USB Key behind a real pcscd
# with the vpcd reader, the reference upstream over mutual TLS, and the
# virtual receipt printer on loopback TCP.
#
# Beside the kiosk runs what stands outside it: the customer's phone (it
# decodes the payment QR code from the kiosk's own screenshot with zbarimg
# and pays the upstream's order whose code_url that is) and the CA's
# reviewer (it approves what the kiosk submitted).
#
#   - 新办: holder, form, confirmation, WeChat payment, a new PIN, the key
#     pair made on the key, the review, the certificate and seal written, the
#     receipt printed; afterwards the key holds a valid seal bound to its
#     certificate and no longer the initial PIN, the job is done, and the
#     printer printed one receipt for that job;
#   - 印章续期 (the upstream's seals last 30 days): paid, the renewed seal
#     lasts as long as the certificate;
#   - 印章升级 on that key (free, reviewed): bound, approved, written;
#   - 变更: a new name, a new certificate keeping the old notAfter;
#   - 修改密码: the key pulled and put back on the PIN step, a wrong PIN
#     refused with the tries left, then changed;
#   - 到窗口缴费: the job waits for the window with its number on screen;
#   - 补办 on a second, blank key, with the printer off: paid, keeps the old
#     notAfter, the customer is sent to the window for the receipt, which
#     waits in the clerk's queue and prints once the printer is back;
#   - 更新 340 days on (the kiosk's --now and the upstream's rules clock):
#     open, paid, two more years;
#   - offline: paid services warn before the start; 印章升级 is queued, the
#     customer leaves with the job number, and the job is submitted and
#     issued once the upstream is back;
#   - a window clerk (supervisor mode) takes a payment left awaiting, writes
#     the offline job's seal onto the key, prints the receipt, confirms the
#     identity documents of an expert's job, and unlocks
#     the key after its PIN was blocked;
#   - 吊销 by the form, without a key: approved and revoked.
#
#   usage: test_ui_services.sh CERTKIOSK CERTKIOSKCTL UPSTREAM_REF VKEY_VPCD VPRINTER SOURCE_DIR OUT_DIR WxH
set -uo pipefail
kiosk=${1:?}; ctl=${2:?}; server=${3:?}; vkey=${4:?}; vprinter=${5:?}; src=${6:?}; outdir=${7:?}; size=${8:?}
for tool in pcscd opensc-tool pcsc_scan Xvfb zbarimg python3; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed (scripts/setup.sh installs it)"; exit 77; }
done
[ -f /etc/reader.conf.d/vpcd ] || { echo "SKIPPED: vsmartcard-vpcd is not installed"; exit 77; }
. "$src/tests/lib/sync_test.sh"
. "$src/tests/token/pcsc_env.sh"
. "$src/tests/lib/counterpart.sh"
xvfb=""; vp=""
stop_all() {
  counterpart_stop
  [ -n "$vp" ] && kill "$vp" 2>/dev/null
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null
  upstream_stop; pcsc_env_stop; wait 2>/dev/null
  # What a person looks at stays in OUT_DIR; the scratch folder goes.
  mkdir -p "$outdir"; cp -r "$tmp/shots" "$outdir/" 2>/dev/null; cp "$tmp"/*.log "$tmp/up.out" "$outdir/" 2>/dev/null
  [ "${failed:-0}" -gt 0 ] && cp "$tmp/kiosk.db"* "$tmp/kiosk.key" "$outdir/" 2>/dev/null
  rm -rf "$tmp"
}
trap stop_all EXIT
rm -rf "$outdir"
pcsc_env_start "$tmp" || exit 1
pcsc_env_insert "$vkey" "$tmp/card.vk" || exit 1
# Seals last 30 days, so 印章续期 is open on a new key.
upstream_start --seal-days 30
mkdir -p "$tmp/printed" "$tmp/shots"
"$vprinter" --out "$tmp/printed" >"$tmp/vp.out" 2>&1 &
vp=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/vp.out" && break; sleep 0.05; done
vport=$(awk '/listening on/{print $3}' "$tmp/vp.out")
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/master.key"; echo >>"$tmp/master.key"; chmod 600 "$tmp/master.key"
# The kiosk's own sections, after upstream_config's (rewritten whenever the upstream restarts).
kiosk_config() {
  cat >>"$tmp/k.ini" <<INI
[token]
driver = pcsc
master_key_file = $tmp/master.key
[printer]
transport = tcp
target = 127.0.0.1:$vport
timeout_ms = 3000
[receipt]
lookup_url = https://bss.scca.com.cn:8088/selfservice/govIndex?job={job}
INI
}
kiosk_config

Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb=$!
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.05; done
[ -s "$tmp/display" ] || { echo "FAIL: Xvfb did not start"; exit 1; }

# The upstream started again (on a new port: the old one may still be in TIME_WAIT), with the
# kiosk's configuration and the phone and reviewer pointed at it.
upstream_restart() {
  upstream_stop
  upstream_start "$@"
  kiosk_config
  counterpart_stop
  counterpart_start "$tmp/shots"
}
# The customer's phone (it reads the code off the kiosk's screenshots) and the CA's reviewer.
counterpart_start "$tmp/shots"

run() { # run NAME [CERTKIOSK ARGS...]: replays tests/ui/NAME.txt
  local t0=$SECONDS name=$1
  shift
  if env DISPLAY=":$(cat "$tmp/display")" ASAN_OPTIONS=detect_leaks=0 DBUS_SESSION_BUS_ADDRESS=disabled: \
      DBUS_SYSTEM_BUS_ADDRESS=disabled: "$kiosk" --config "$tmp/k.ini" --script "$src/tests/ui/$name.txt" "$@" \
      --screenshot-dir "$tmp/shots" --dump-screen "$tmp/shots/$name-end.json" >"$tmp/$name.log" 2>&1; then
    ok; echo "ok: $name ($((SECONDS - t0)) s)"
  else
    ko "$name: $(tail -5 "$tmp/$name.log")"
  fi
}
job_of() { # job_of SERVICE FIELD: that field of the newest job of SERVICE
  "$ctl" jobs list --json --config "$tmp/k.ini" | jq -r "[.[] | select(.service == \"$1\")][0] | .$2"
}
day() { date -u -d "@$(( $1 + 8 * 3600 ))" +%F; } # a Unix time as the kiosk's (UTC+8) date

# 新办, paid by "scanning" the code on the screen.
run svc_new
expect_exit 0 jobs list --json "${cfg[@]}"
expect_jq '[.[] | select(.service == "new")][0].state' done
new_job=$(job_of new uuid)
[ -f "$tmp/shots/pay-new.png.paid" ] && ok || ko "the payment QR on the screen was not the upstream's code_url"
code_url=$(cat "$tmp/shots/pay-new.png.paid" 2>/dev/null)
contains "$code_url" "weixin://wxpay/bizpayurl?pr="
expect_exit 0 seal show --json "${cfg[@]}"
expect_jq .verdict valid
expect_jq .binding_checked true
expect_exit 0 token info --json "${cfg[@]}"
expect_jq .pin.default_pin false
receipt=$(grep -F "$new_job" "$tmp/printed/receipts.jsonl" 2>/dev/null | head -1)
contains "$receipt" "收费凭据"
contains "$receipt" "证书及印章新办"
lacks "$receipt" "重印"
[ "$(grep -cF "$new_job" "$tmp/printed/receipts.jsonl")" = 1 ] && ok || ko "the receipt was not printed exactly once"

# 印章续期: the 30-day seal renewed to the certificate's end, paid by the phone.
cert_end=$(job_of new cert_not_after)
run svc_seal_renew
[ "$(job_of seal-renew state)" = done ] && ok || ko "seal-renew job: $(job_of seal-renew state)"
[ -f "$tmp/shots/pay-seal-renew.png.paid" ] && ok || ko "the seal renewal's code was not paid"
expect_exit 0 seal show --json "${cfg[@]}"
expect_jq .verdict valid
expect_jq .valid_to "$(day "$cert_end")"

# 印章升级 on the key just issued: free, reviewed, the new seal written.
run svc_seal_upgrade
expect_exit 0 jobs list --json "${cfg[@]}"
expect_jq '[.[] | select(.service == "seal-upgrade")][0].state' done
expect_jq '[.[] | select(.service == "seal-upgrade")][0].uscc' 91510100MA61R7XK3Y
expect_exit 0 seal show --json "${cfg[@]}"
expect_jq .verdict valid

# 变更: the new name on a new certificate that keeps the old notAfter, with its seal.
run svc_change
[ "$(job_of change state)" = done ] && ok || ko "change job: $(job_of change state)"
[ "$(job_of change cert_not_after)" = "$cert_end" ] && ok || ko "the changed certificate does not keep notAfter"
contains "$(job_of change org_name)" "科技"
expect_exit 0 seal show --json "${cfg[@]}"
expect_jq .verdict valid
contains "$(jq -r .name <<<"$out")" "科技"

# 修改密码: the wrong PIN first, then the one set in 新办.
run svc_pin_change
expect_exit 0 token info --json "${cfg[@]}"
expect_jq .pin.blocked false
expect_jq .pin.default_pin false
expect_exit 0 audit verify "${cfg[@]}"

# 到窗口缴费: the job keeps waiting for its payment, with its number on the screen.
run svc_window
expect_exit 0 jobs list --state awaiting_payment --json "${cfg[@]}"
window_job=$(jq -r '.[0].uuid' <<<"$out")
[ -n "$window_job" ] && [ "$window_job" != null ] && ok || ko "no job awaits payment at the window"
contains "$(jq -r '.elements[] | select(.id == "done.job") | .text' "$tmp/shots/svc_window-end.json" 2>/dev/null)" \
  "$window_job"
# Idle at the payment code: the session ends, nothing typed and no code stays on the screen.
run svc_idle
grep -q 11010519491231002X "$tmp/shots/idle-form.json" && grep -q 13698765432 "$tmp/shots/idle-form.json" \
  && ok || ko "the dump before the wipe lacks what was typed (the check below could not fail)"
for f in "$tmp/shots"/after-idle-svc*.json; do
  if grep -E -q '11010519491231002X|13698765432|weixin://' "$f"; then ko "typed text or the code survived the wipe in $(basename "$f")"; else ok; fi
done
[ "$(job_of new state)" = awaiting_payment ] && ok || ko "the abandoned job: $(job_of new state)"

# 补办: the key was lost; a new blank one, paid by the phone, keeps the old notAfter.
pcsc_env_remove
pcsc_env_insert "$vkey" "$tmp/card2.vk" || exit 1
kill "$vp"; wait "$vp" 2>/dev/null # ... and the receipt printer is off
run svc_replace
"$vprinter" --out "$tmp/printed" --port "$vport" >"$tmp/vp.out" 2>&1 &
vp=$!
for _ in $(seq 100); do grep -q "listening on" "$tmp/vp.out" && break; sleep 0.05; done
replace_job=$(job_of replace uuid)
expect_exit 0 receipt pending --json "${cfg[@]}"
contains "$out" "$replace_job"
expect_exit 0 receipt print --job "$replace_job" "${cfg[@]}" # the clerk prints it once the printer is back
[ "$(grep -cF "$replace_job" "$tmp/printed/receipts.jsonl")" = 1 ] && ok || ko "the queued receipt was not printed once"
[ "$(job_of replace state)" = done ] && ok || ko "replace job: $(job_of replace state)"
[ "$(job_of replace cert_not_after)" = "$cert_end" ] && ok || ko "the replacement does not keep notAfter"
expect_exit 0 seal show --json "${cfg[@]}"
expect_jq .verdict valid

# 更新, 340 days on (the kiosk's clock and the upstream's rules both): renewal is open; two more years.
upstream_stop
upstream_restart --seal-days 30 --rules-clock-offset-s $((340 * 86400))
run svc_renew --now "@$(( $(date +%s) + 340 * 86400 ))"
[ "$(job_of renew state)" = done ] && ok || ko "renew job: $(job_of renew state)"
renewed_end=$(job_of renew cert_not_after)
[ "$renewed_end" -gt $(( cert_end + 700 * 86400 )) ] 2>/dev/null && ok || ko "renewed to $renewed_end, from $cert_end"

# Offline: the upstream is down; 印章升级 is queued at the kiosk and submitted once it is back.
upstream_stop
run svc_offline
offline_job=$(job_of seal-upgrade uuid)
[ "$(job_of seal-upgrade state)" = queued ] && ok || ko "offline job: $(job_of seal-upgrade state)"
upstream_restart --seal-days 30
# The kiosk's worker backed off while the upstream was down: a round an hour on is past every backoff.
expect_exit 0 sync --once --json --now "$(later 1)" "${cfg[@]}"
expect_exit 0 jobs show "$offline_job" --json "${cfg[@]}"
expect_jq .state submitted
for _ in $(seq 20); do # the reviewer approves; the next round brings the seal (written at the window: issue 9)
  "$ctl" sync --once --config "$tmp/k.ini" >/dev/null 2>&1
  [ "$(job_of seal-upgrade state)" = issued ] && break
  sleep 0.5
done
[ "$(job_of seal-upgrade state)" = issued ] && ok || ko "after the network came back: $(job_of seal-upgrade state)"

# A window clerk finishes what was left: a payment, the offline job's seal onto the key, the receipt.
"$ctl" clerk add C001 --name 王芳 "${cfg[@]}" <<<864213 >/dev/null || ko "clerk add"
idle_job=$(job_of new uuid) # the newest job awaiting payment: the one the clerk takes first
for _ in 1 2 3; do "$ctl" token change-pin --old-pin 11112222 --new-pin 13572468 "${cfg[@]}" >/dev/null 2>&1; done
expect_exit 0 token info --json "${cfg[@]}"
expect_jq .pin.blocked true
run svc_sup
expect_exit 0 token info --json "${cfg[@]}"
expect_jq .pin.blocked false
expect_exit 0 token change-pin --old-pin 86421357 --new-pin 97531864 "${cfg[@]}" # the unlocked key takes its new PIN
expect_exit 0 jobs show "$idle_job" --json "${cfg[@]}"
expect_jq .state paid
[ "$(job_of seal-upgrade state)" = done ] && ok || ko "the offline job after the clerk wrote it: $(job_of seal-upgrade state)"
expect_exit 0 seal show --json "${cfg[@]}"
expect_jq .verdict valid
[ "$(grep -cF "$idle_job" "$tmp/printed/receipts.jsonl")" = 1 ] && ok || ko "the window payment's receipt was not printed once"
expect_exit 0 audit list --json "${cfg[@]}"
expect_jq '[.[] | select(.actor == "C001") | .action] | (index("clerk.signin") != null and index("clerk.write_key") != null and index("key.unlocked") != null)' true
expect_jq "[.[] | select(.actor == \"C001\" and .subject == \"$idle_job\")] | length > 0" true
expect_jq "[.[] | select(.action == \"clerk.identity_checked\" and .subject == \"$idle_job\") | .detail] | .[0]" id_card
expect_jq '[.[] | select(.actor == "C001") | .action] | (index("clerk.status") != null and index("clerk.sync") != null and index("clerk.report_print") != null)' true
grep -q '日结报表' "$tmp/printed/receipts.jsonl" && ok || ko "the day report did not reach the printer"
# The identity check reached the CA (job.identity) with the next sync.
expect_exit 0 sync --once --json "${cfg[@]}"
[ "$(counterpart_order "SELECT count(*) FROM idem WHERE kind = 'job.identity' AND status = 'accepted' AND body LIKE '%' || ? || '%'" "$idle_job")" = 1 ] &&
  ok || ko "the identity check of $idle_job did not reach the upstream"

# 吊销 of the lost key's successor: approved, and the kiosk says it is revoked.
run svc_revoke
[ "$(job_of revoke state)" = done ] && ok || ko "revoke job: $(job_of revoke state)"
# Every screen the scripts dumped: touch targets, text sizes, nothing off screen or under a button.
W=${size%x*}; H=${size#*x}
if bash "$src/tests/ui/check_dumps.sh" "$tmp/shots" "$W" "$H" >"$tmp/dumps.txt"; then ok; else ko "screen dumps: $(cat "$tmp/dumps.txt")"; fi
[ "$(ls "$tmp/shots"/*.json | wc -l)" -ge 30 ] && ok || ko "only $(ls "$tmp/shots"/*.json | wc -l) screens dumped"
cli_summary
