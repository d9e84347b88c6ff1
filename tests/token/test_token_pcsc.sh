#!/usr/bin/env bash
# test_token_pcsc.sh - the kiosk's own PIV driver through a real pcscd and
# the vpcd reader: an issuance made by certkiosk is read by yubico-piv-tool and
# OpenSC; certkioskctl token list/info/change-pin/unblock on the same key; the
# key pulled in the middle of an issuance is reported as removed.
#   usage: test_token_pcsc.sh VKEY_VPCD TOKEN_ISSUE CERTKIOSKCTL
set -uo pipefail
vkey=${1:?}; issue=${2:?}; ctl=${3:?}
for tool in pcscd yubico-piv-tool pkcs15-tool openssl jq; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed (scripts/setup.sh installs it)"; exit 77; }
done
[ -f /etc/reader.conf.d/vpcd ] || { echo "SKIPPED: vsmartcard-vpcd is not installed"; exit 77; }
tmp=$(mktemp -d)
. "$(dirname "${BASH_SOURCE[0]}")/pcsc_env.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/cli_asserts.sh"
trap 'pcsc_env_stop; rm -rf "$tmp"' EXIT
pcsc_env_start "$tmp" || exit 1
Y=(timeout 60 yubico-piv-tool -r "Virtual PCD")

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/master.key"; echo >>"$tmp/master.key"; chmod 600 "$tmp/master.key"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/ca.key" -subj "/CN=certkiosk test CA" \
  -days 30 -out "$tmp/ca.pem" 2>/dev/null
printf '[token]\ndriver = pcsc\nmaster_key_file = %s\n' "$tmp/master.key" >"$tmp/k.ini"
cfg=(--config "$tmp/k.ini")

# token wait wakes up when a key goes in, and when it comes out.
"$ctl" token wait --timeout 20 "${cfg[@]}" >"$tmp/wait.out" 2>&1 &
waiter=$!
sleep 1
kill -0 "$waiter" 2>/dev/null && ok || ko "token wait returned before any key was inserted: $(cat "$tmp/wait.out")"
pcsc_env_insert "$vkey" "$tmp/waited.vk" || exit 1
wait "$waiter" && ok || ko "token wait failed: $(cat "$tmp/wait.out")"
contains "$(cat "$tmp/wait.out")" "key inserted"
"$ctl" token wait --removed --timeout 20 "${cfg[@]}" >"$tmp/wait.out" 2>&1 &
waiter=$!
pcsc_env_remove
wait "$waiter" && ok || ko "token wait --removed failed: $(cat "$tmp/wait.out")"
expect_exit 1 token wait --timeout 1 "${cfg[@]}"

# A card that is not a PIV key at all (it answers 6F00 to everything).
pcsc_env_insert "$vkey" "$tmp/alien.vk" --fail-after 1 || exit 1
expect_exit 1 token info "${cfg[@]}"
contains "$err" "not recognised"
pcsc_env_remove

# Pulled in the middle: the 12th APDU never gets an answer.
pcsc_env_insert "$vkey" "$tmp/pulled.vk" --remove-after 12 || exit 1
"$issue" "$tmp/master.key" "$tmp/ca.pem" "$tmp/ca.key" "$tmp/x.pem" 2>"$tmp/err"; rc=$?
[ $rc -eq 3 ] && ok || ko "a key pulled mid-issuance gave exit $rc: $(cat "$tmp/err")"
contains "$(cat "$tmp/err")" "token_removed"
pcsc_env_remove

pcsc_env_insert "$vkey" "$tmp/card.vk" || exit 1
expect_exit 0 token list --json "${cfg[@]}"
expect_jq '.[0].reader' "Virtual PCD 00 00"
expect_jq '.[0].key_present' true
"$issue" "$tmp/master.key" "$tmp/ca.pem" "$tmp/ca.key" "$tmp/issued.pem" >"$tmp/out" 2>&1 && ok || ko "issuance: $(cat "$tmp/out")"
contains "$(cat "$tmp/out")" "factory defaults rotated: yes"

# Independent readers see exactly what certkiosk wrote.
"${Y[@]}" -a read-certificate -s 9c >"$tmp/yk.pem" 2>/dev/null
if cmp -s <(openssl x509 -in "$tmp/issued.pem" -outform DER) <(openssl x509 -in "$tmp/yk.pem" -outform DER); then ok; else ko "yubico-piv-tool reads a different certificate"; fi
timeout 60 pkcs15-tool --reader 0 --read-certificate 02 >"$tmp/sc.pem" 2>/dev/null
if cmp -s <(openssl x509 -in "$tmp/issued.pem" -outform DER) <(openssl x509 -in "$tmp/sc.pem" -outform DER); then ok; else ko "OpenSC reads a different certificate"; fi
"${Y[@]}" -a status >"$tmp/st" 2>&1; contains "$(cat "$tmp/st")" "Slot 9c:"
# The factory management key no longer opens this key.
if "${Y[@]}" -a generate -s 9d -A ECCP256 >/dev/null 2>&1; then ko "the factory management key still works"; else ok; fi

expect_exit 0 token info --json "${cfg[@]}"
expect_jq .certificate.present true
expect_jq .certificate.days_left 40
expect_jq .certificate.renewal_open true
expect_jq .seal.present true
expect_jq .pin.tries_left 3
expect_jq .pin.default_pin true
contains "$out" "NTRCN-91510100MA61R7XK3Y"

# The window's PIN services, with the key's derived PUK.
expect_exit 1 token change-pin --old-pin 00000000 --new-pin 11223344 "${cfg[@]}"
contains "$err" "2 tries left"
expect_exit 2 token change-pin --old-pin 12345678 --new-pin 12345678 "${cfg[@]}"
contains "$err" "cannot be the initial 12345678"
expect_exit 0 token change-pin --old-pin 12345678 --new-pin 11223344 "${cfg[@]}"
expect_exit 0 token info --json "${cfg[@]}"
expect_jq .pin.default_pin false
for _ in 1 2 3; do "${Y[@]}" -a verify-pin -P 99999999 >/dev/null 2>&1; done
expect_exit 0 token info --json "${cfg[@]}"
expect_jq .pin.blocked true
expect_exit 0 token unblock --new-pin 55667788 "${cfg[@]}"
"${Y[@]}" -a verify-pin -P 55667788 >"$tmp/v" 2>&1; contains "$(cat "$tmp/v")" "Successfully verified PIN"

cli_summary
