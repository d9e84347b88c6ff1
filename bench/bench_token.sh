#!/usr/bin/env bash
# bench_token.sh - full issuance on the virtual key behind a real pcscd:
# certkiosk's driver (issuer login, generate P-256, verify PIN, CSR signed on
# the key, certificate written and read back, seal written) against
# yubico-piv-tool doing the matching steps (generate, verify PIN + signature,
# import certificate, read certificate) on the same kind of key, in the same
# run. APDUs are counted from pcscd's --apdu log; wall time per issuance.
#   usage: bench/bench_token.sh BUILD_DIR [ROUNDS]   (needs root: it runs its own pcscd)
set -uo pipefail
build=${1:?usage: bench_token.sh BUILD_DIR [ROUNDS]}; rounds=${2:-10}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
. "$root/tests/token/pcsc_env.sh"
trap 'pcsc_env_stop; rm -rf "$tmp"' EXIT
if pgrep -x pcscd >/dev/null; then echo "stop the running pcscd first (the benchmark reads its APDU log)"; exit 1; fi
pcsc_env_start "$tmp"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/master.key"; chmod 600 "$tmp/master.key"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/ca.key" -subj "/CN=bench CA" \
  -days 30 -out "$tmp/ca.pem" 2>/dev/null
apdus() { grep -c "APDU:" "$tmp/pcscd.log"; }
now_ms() { date +%s%3N; }

pcsc_env_insert "$build/tests/vkey_vpcd" "$tmp/a.vk"
"$build/tests/token_issue" "$tmp/master.key" "$tmp/ca.pem" "$tmp/ca.key" "$tmp/c.pem" >/dev/null # rotation, once
a0=$(apdus); t0=$(now_ms)
for _ in $(seq "$rounds"); do "$build/tests/token_issue" "$tmp/master.key" "$tmp/ca.pem" "$tmp/ca.key" "$tmp/c.pem" >/dev/null; done
t1=$(now_ms); a1=$(apdus)
pcsc_env_remove

Y=(yubico-piv-tool -r "Virtual PCD")
pcsc_env_insert "$build/tests/vkey_vpcd" "$tmp/b.vk"
openssl x509 -new -force_pubkey <(openssl pkey -in "$tmp/ca.key" -pubout) -subj "/CN=x" -CA "$tmp/ca.pem" \
  -CAkey "$tmp/ca.key" -out "$tmp/y.pem" 2>/dev/null
b0=$(apdus); t2=$(now_ms)
for _ in $(seq "$rounds"); do
  "${Y[@]}" -a generate -s 9c -A ECCP256 -o "$tmp/p.pem" >"$tmp/ylog" 2>&1 || { echo "yubico-piv-tool failed: $(cat "$tmp/ylog")"; exit 1; }
  "${Y[@]}" -a verify-pin -P 12345678 -a test-signature -s 9c -i "$tmp/y.pem" >/dev/null 2>&1 || true
  "${Y[@]}" -a import-certificate -s 9c -i "$tmp/y.pem" >/dev/null 2>&1
  "${Y[@]}" -a read-certificate -s 9c >/dev/null 2>&1
done
t3=$(now_ms); b1=$(apdus)

ours_ms=$(( (t1 - t0) / rounds )); yk_ms=$(( (t3 - t2) / rounds ))
ours_apdu=$(( (a1 - a0) / rounds )); yk_apdu=$(( (b1 - b0) / rounds ))
echo "rounds=$rounds (virtual key behind pcscd + vpcd)"
echo "certkiosk driver:  $ours_apdu APDUs, $ours_ms ms per issuance (process start included)"
echo "yubico-piv-tool:   $yk_apdu APDUs, $yk_ms ms per issuance (4 process starts)"
awk -v a="$ours_ms" -v b="$yk_ms" -v c="$ours_apdu" -v d="$yk_apdu" \
  'BEGIN { printf "ratio certkiosk/yubico-piv-tool: time %.2fx, APDUs %.2fx\n", a/b, c/d }'
