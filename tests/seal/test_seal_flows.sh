#!/usr/bin/env bash
# test_seal_flows.sh - electronic seals end to end: the kiosk's certkioskctl,
# the reference upstream over mutual TLS (its seal maker certified by its
# issuing CA, which the kiosk trusts as [seal] maker_ca), and the virtual USB
# Key behind a real pcscd with the vpcd reader.
#   - 新办: the key pair and CSR made on the key, the certificate and its seal
#     issued, checked, written, read back; `seal show` finds it valid and
#     bound to the key's certificate; its picture comes out as a PNG;
#   - 印章续期: the seal ends before the certificate (the upstream runs with
#     --seal-days 30), so renewal is open; paid, it is issued at once and the
#     renewed seal lasts as long as the certificate;
#   - 印章升级: bound to the key's certificate, approved by the reviewer;
#   - fewer than 60 days left: the kiosk's check refuses 印章升级 with the
#     guide's words, and so does the upstream; an expired seal reads 待升级;
#   - a seal file with one flipped byte, or checked against another
#     certificate, is refused with its own reason.
#   - with CERTKIOSK given and Xvfb installed: the touch screen's 证书自助检测
#     on the same key, read through pcscd by the reader's worker thread.
#   usage: test_seal_flows.sh CERTKIOSKCTL UPSTREAM_REF MAKE_QUEUED_JOBS VKEY_VPCD [CERTKIOSK]
set -uo pipefail
ctl=${1:?}; server=${2:?}; make_jobs=${3:?}; vkey=${4:?}; kiosk=${5:-}
for tool in pcscd opensc-tool pcsc_scan; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed (scripts/setup.sh installs it)"; exit 77; }
done
[ -f /etc/reader.conf.d/vpcd ] || { echo "SKIPPED: vsmartcard-vpcd is not installed"; exit 77; }
. "$(dirname "${BASH_SOURCE[0]}")/../lib/sync_test.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../token/pcsc_env.sh"
trap 'upstream_stop; pcsc_env_stop; rm -rf "$tmp"' EXIT
pcsc_env_start "$tmp" || exit 1
pcsc_env_insert "$vkey" "$tmp/card.vk" || exit 1
upstream_start --seal-days 30
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/master.key"; echo >>"$tmp/master.key"; chmod 600 "$tmp/master.key"
printf '[token]\ndriver = pcsc\nmaster_key_file = %s\n' "$tmp/master.key" >>"$tmp/k.ini"
decide() { upstream_call POST /v1/test/decide "{\"job\":\"$1\",\"to\":\"approved\"}"; [ "$code" = 200 ] && ok || ko "decide: $code $reply"; }
day() { date -u -d "@$(( $1 + 8 * 3600 ))" +%F; } # a Unix time as the kiosk's (UTC+8) date

# 新办: the certificate and its seal, onto the key.
a=$("$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 --service new --stop paid)
expect_exit 0 issue prepare --job "$a" "${cfg[@]}"
expect_exit 0 jobs show "$a" --json "${cfg[@]}"
expect_jq .state queued
expect_exit 0 sync --once --json "${cfg[@]}"
decide "$a"
expect_exit 0 sync --once --json "${cfg[@]}"
expect_jq .certificates_issued 1
expect_exit 0 jobs show "$a" --json "${cfg[@]}"
expect_jq .state issued
cert_end=$(jq -r .cert_not_after <<<"$out")
expect_exit 0 issue write --job "$a" "${cfg[@]}"
expect_exit 0 seal show --json --save "$tmp/seal.der" "${cfg[@]}"
expect_jq .verdict valid
expect_jq .name "四川测试科技有限公司"
expect_jq .type organisation
expect_jq .binding_checked true
expect_jq .maker_checked true
# Made with --seal-days 30: it ends long before the certificate, so 印章续期 is open and 印章升级 too.
expect_jq .valid_to "$(day $(( $(date +%s) + 30 * 86400 )))"
expect_jq '.services[] | select(.service == "seal-renew") | .open' true
expect_jq '.services[] | select(.service == "seal-upgrade") | .open' true
openssl asn1parse -inform DER -in "$tmp/seal.der" >"$tmp/asn1.txt" 2>&1 && ok || ko "asn1parse: $(tail -3 "$tmp/asn1.txt")"
contains "$(cat "$tmp/asn1.txt")" ":ES"
expect_exit 0 seal png "$tmp/seal.der" "$tmp/seal.png" "${cfg[@]}"
[ "$(head -c 8 "$tmp/seal.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] && ok || ko "the picture is not a PNG"
[ -n "${SEAL_PNG_OUT:-}" ] && cp "$tmp/seal.png" "$SEAL_PNG_OUT"

# A seal file with one byte of its name flipped: a forgery; against another certificate: not this key's.
python3 - "$tmp/seal.der" "$tmp/forged.der" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
i = b.index("四川".encode())
b[i + 1] ^= 1
open(sys.argv[2], "wb").write(b)
PY
expect_exit 1 seal verify "$tmp/forged.der" --json "${cfg[@]}"
expect_jq .verdict bad_signature
expect_exit 1 seal verify "$tmp/seal.der" --cert "$tmp/issuing.pem" --json "${cfg[@]}"
expect_jq .verdict other_cert
contains "$(jq -r .message_zh <<<"$out")" "印章升级"
# Thirty-one days on, the seal has expired and the key says 待升级.
expect_exit 1 seal show --json --now "@$(( $(date +%s) + 31 * 86400 ))" "${cfg[@]}"
expect_jq .verdict expired
contains "$(jq -r .message_zh <<<"$out")" "签章能力检测显示待升级"

# 印章续期: paid, queued with the key's certificate, issued at once; it now ends with the certificate.
r=$("$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 --service seal-renew --stop paid)
expect_exit 0 issue bind --job "$r" "${cfg[@]}"
expect_exit 0 sync --once --json "${cfg[@]}"
expect_exit 0 jobs show "$r" --json "${cfg[@]}"
expect_jq .state issued
expect_exit 0 issue write --job "$r" "${cfg[@]}"
expect_exit 0 seal show --json "${cfg[@]}"
expect_jq .verdict valid
expect_jq .valid_to "$(day "$cert_end")"
expect_jq '.services[] | select(.service == "seal-renew") | .open' false

# 印章升级: free, reviewed, then issued bound to the key's certificate.
u=$("$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 --service seal-upgrade --stop draft)
expect_exit 0 issue bind --job "$u" "${cfg[@]}"
expect_exit 0 sync --once --json "${cfg[@]}"
expect_exit 0 jobs show "$u" --json "${cfg[@]}"
expect_jq .state submitted
decide "$u"
expect_exit 0 sync --once --json "${cfg[@]}"
expect_exit 0 jobs show "$u" --json "${cfg[@]}"
expect_jq .state issued
expect_exit 0 issue write --job "$u" "${cfg[@]}"
expect_exit 0 seal show --json "${cfg[@]}"
expect_jq .verdict valid

# Forty-five days before the certificate ends: the kiosk refuses 印章升级 in the guide's words...
expect_exit 0 seal show --json --now "@$(( cert_end - 45 * 86400 ))" "${cfg[@]}"
expect_jq '.services[] | select(.service == "seal-upgrade") | .open' false
contains "$(jq -r '.services[] | select(.service == "seal-upgrade") | .message_zh' <<<"$out")" \
  "证书剩余有效期小于60天，请更新证书后再升级签章"
# ...and so does the upstream, whose rules' today is moved to that day (its own database is kept).
upstream_stop
upstream_start --seal-days 30 --rules-clock-offset-s $(( cert_end - 45 * 86400 - $(date +%s) ))
printf '[token]\ndriver = pcsc\nmaster_key_file = %s\n' "$tmp/master.key" >>"$tmp/k.ini"
late=$("$make_jobs" "$tmp/kiosk.db" "$tmp/kiosk.key" 1 --service seal-upgrade --stop draft)
expect_exit 0 issue bind --job "$late" "${cfg[@]}"
expect_exit 0 sync --once --json "${cfg[@]}"
decide "$late"
expect_exit 0 sync --once --json "${cfg[@]}"
expect_exit 0 jobs show "$late" --json "${cfg[@]}"
expect_jq .state rejected
contains "$(jq -r .reject_reason <<<"$out")" "证书剩余有效期小于60天"
# The key still holds the upgraded seal, untouched.
expect_exit 0 seal show --json "${cfg[@]}"
expect_jq .verdict valid

# The self-check screen on this key: what the customer sees, from the key itself.
if [ -n "$kiosk" ] && command -v Xvfb >/dev/null; then
  Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$tmp/display" 2>"$tmp/xvfb.log" &
  xvfb=$!
  for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.05; done
  cat >"$tmp/check.txt" <<'SCRIPT'
tap attract.start
tap menu.check
expect-screen check
wait-for check.org 20000
expect check.org 四川测试科技有限公司
expect check.validity 剩余
expect check.seal 电子印章有效
expect check.pin 剩余 3 次尝试
expect check.note.0 初始密码12345678
expect check.seal.name 四川测试科技有限公司
screenshot selfcheck
tap lang.toggle
expect check.seal The electronic seal is valid
screenshot selfcheck-en
SCRIPT
  mkdir -p "$tmp/shots"
  # As tests/ui/run_ui_tests.sh: X11 and Mesa leave allocations at exit that a leak check cannot attribute.
  if env DISPLAY=":$(cat "$tmp/display")" ASAN_OPTIONS=detect_leaks=0 DBUS_SESSION_BUS_ADDRESS=disabled: \
      DBUS_SYSTEM_BUS_ADDRESS=disabled: "$kiosk" --config "$tmp/k.ini" --script "$tmp/check.txt" \
      --screenshot-dir "$tmp/shots" >"$tmp/kiosk.log" 2>&1; then ok; else ko "self-check screen: $(cat "$tmp/kiosk.log")"; fi
  [ -n "${SELFCHECK_SHOTS:-}" ] && cp "$tmp/shots/"*.png "$SELFCHECK_SHOTS/" 2>/dev/null
  kill "$xvfb" 2>/dev/null; wait "$xvfb" 2>/dev/null
fi
cli_summary
