#!/usr/bin/env bash
# test_vkey_interop.sh - the virtual USB Key speaks real PIV: with a real
# pcscd and vsmartcard's vpcd reader, the independent yubico-piv-tool and
# OpenSC drive it through generation, certificate import and read-back,
# signatures checked by OpenSSL, PIN countdown, blocking and PUK unblock,
# and management-key rotation.
#   usage: test_vkey_interop.sh VKEY_VPCD
set -uo pipefail
vkey=${1:?}
for tool in pcscd yubico-piv-tool pkcs15-tool openssl; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed (scripts/setup.sh installs it)"; exit 77; }
done
[ -f /etc/reader.conf.d/vpcd ] || { echo "SKIPPED: vsmartcard-vpcd is not installed"; exit 77; }
tmp=$(mktemp -d)
. "$(dirname "${BASH_SOURCE[0]}")/pcsc_env.sh"
trap 'pcsc_env_stop; rm -rf "$tmp"' EXIT
pcsc_env_start "$tmp" || exit 1
passed=0; failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@" >"$tmp/out" 2>&1; then ok; else ko "$what: $(tail -3 "$tmp/out")"; fi; }
has() { if grep -q -- "$2" "$tmp/out"; then ok; else ko "$1: '$2' not in: $(tail -5 "$tmp/out")"; fi; }
Y=(timeout 60 yubico-piv-tool -r "Virtual PCD")

pcsc_env_insert "$vkey" "$tmp/card.vk" || exit 1
check "status" "${Y[@]}" -a status
has "status" "PIN tries left:	3"
serial=$(awk '/Serial Number/{print $3}' "$tmp/out")
[ -n "$serial" ] && ok || ko "no serial number"

# Generation on the card, a certificate from a test CA, import and read-back.
check "generate 9c" "${Y[@]}" -a generate -s 9c -A ECCP256 -o "$tmp/pub.pem"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/ca.key" -subj "/CN=Test CA" \
  -days 30 -out "$tmp/ca.pem" 2>/dev/null
openssl x509 -new -force_pubkey "$tmp/pub.pem" -subj "/O=Test Org/serialNumber=91510100MA61R7XK3Y" \
  -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -days 30 -out "$tmp/cert.pem" 2>/dev/null
check "import" "${Y[@]}" -a import-certificate -s 9c -i "$tmp/cert.pem"
"${Y[@]}" -a read-certificate -s 9c >"$tmp/back.pem" 2>/dev/null
if cmp -s <(openssl x509 -in "$tmp/cert.pem" -outform DER) <(openssl x509 -in "$tmp/back.pem" -outform DER); then ok; else ko "certificate read back differs"; fi
check "test-signature" "${Y[@]}" -a verify-pin -P 12345678 -a test-signature -s 9c -i "$tmp/cert.pem"
has "test-signature" "Successful ECDSA verification"
check "pkcs15-tool" timeout 60 pkcs15-tool --reader 0 --list-certificates
has "pkcs15-tool" "Certificate for Digital Signature"
check "status after import" "${Y[@]}" -a status
has "status after import" "Slot 9c:"
has "status after import" "serialNumber=91510100MA61R7XK3Y"

# RSA-2048: a public key larger than one response (61xx and GET RESPONSE).
check "generate rsa" "${Y[@]}" -a generate -s 9a -A RSA2048 -o "$tmp/rsa.pem"
openssl pkey -pubin -in "$tmp/rsa.pem" -noout -text >"$tmp/out" 2>&1
has "rsa key" "Public-Key: (2048 bit)"

# PIN: countdown, blocking, unblock with the PUK.
"${Y[@]}" -a verify-pin -P 00000000 >"$tmp/out" 2>&1; has "wrong pin 1" "2 tries left"
"${Y[@]}" -a verify-pin -P 00000000 >"$tmp/out" 2>&1; has "wrong pin 2" "1 tries left"
"${Y[@]}" -a verify-pin -P 00000000 >"$tmp/out" 2>&1; has "wrong pin 3" "blocked"
"${Y[@]}" -a verify-pin -P 12345678 >"$tmp/out" 2>&1; has "right pin while blocked" "blocked"
check "unblock" "${Y[@]}" -a unblock-pin -P 12345678 -N 24681357
check "new pin" "${Y[@]}" -a verify-pin -P 24681357

# Management key rotation: the old default key stops working.
newkey=0a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021
check "set-mgm-key" "${Y[@]}" -a set-mgm-key -n "$newkey"
if "${Y[@]}" -a generate -s 9d -A ECCP256 >"$tmp/out" 2>&1; then ko "the old management key still works"; else ok; fi
check "new mgm key" "${Y[@]}" --key="$newkey" -a generate -s 9d -A ECCP256

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
