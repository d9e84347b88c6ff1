#!/usr/bin/env bash
# test_clerk_cli.sh - `certkioskctl clerk`: accounts made (the first one makes
# the database), PINs read from standard input and checked by the rule, kept
# only as Argon2id hashes (the PIN is in no file, not even the encrypted
# database's plaintext pages), the lock after [clerk] max_failures wrong PINs
# and its end after lock_s, reset-pin clearing it, disable/enable, an unknown
# id said like a wrong PIN, and every action in the audit chain.
#   usage: test_clerk_cli.sh CERTKIOSKCTL
set -uo pipefail
ctl=${1:?usage: test_clerk_cli.sh CERTKIOSKCTL}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../lib/cli_asserts.sh"
printf '[store]\npath = %s/k.db\nkey_file = %s/k.key\n[clerk]\nmax_failures = 3\nlock_s = 120\n' "$tmp" "$tmp" >"$tmp/k.ini"
cfg=(--config "$tmp/k.ini")
with_pin() { local pin=$1; shift; "$ctl" "$@" <<<"$pin" >"$tmp/out" 2>"$tmp/err"; code=$?; out=$(cat "$tmp/out"); err=$(cat "$tmp/err"); }
expect_code() { if [ "$code" -eq "$1" ]; then ok; else ko "exit $code, wanted $1 ($2): $err"; fi; }
now=$(date +%s)
at() { echo "@$(( now + $1 ))"; }

# Accounts.
with_pin 864213 clerk add c001 --name 王芳 "${cfg[@]}" --now "$(at 0)"
expect_code 0 "the first clerk makes the database"
with_pin 975310 clerk add boss --name 张主任 --role admin "${cfg[@]}" --now "$(at 0)"
expect_code 0 "an admin"
with_pin 864213 clerk add c001 --name 另一个 "${cfg[@]}"
expect_code 1 "the id exists"; contains "$err" "已存在"
with_pin 123456 clerk add c002 --name 李 "${cfg[@]}"
expect_code 1 "a run"; contains "$err" "连续"
with_pin 8642 clerk add c002 --name 李 "${cfg[@]}"
expect_code 1 "too short"; contains "$err" "6到12位"
with_pin 864213 clerk add '王' --name 李 "${cfg[@]}"
expect_code 1 "a bad id"; contains "$err" "工号"
with_pin 864213 clerk add c003 "${cfg[@]}"
expect_code 2 "no --name"
with_pin 864213 clerk add c003 --name 赵 --role root "${cfg[@]}"
expect_code 2 "a bad role"
expect_exit 0 clerk list --json "${cfg[@]}"
expect_jq 'length' 2
expect_jq '.[] | select(.id == "boss") | .role' admin
expect_jq '.[] | select(.id == "c001") | .name' 王芳
# The PIN is in no file: the database is encrypted, and the hash is all it keeps.
if grep -rqa 864213 "$tmp"; then ko "the PIN is in a file"; else ok; fi

# Sign-in, the lock and its end.
with_pin 864213 clerk signin c001 "${cfg[@]}" --now "$(at 10)"
expect_code 0 "the right PIN"; contains "$out" "王芳"
for i in 1 2; do
  with_pin 111999 clerk signin c001 "${cfg[@]}" --now "$(at $((20 + i)))"
  expect_code 1 "wrong PIN $i"; contains "$err" "工号或密码不正确"
done
with_pin 111999 clerk signin nobody "${cfg[@]}" --now "$(at 23)"
expect_code 1 "an unknown id"
unknown_err=$err
with_pin 111999 clerk signin c001 "${cfg[@]}" --now "$(at 24)"
expect_code 1 "the third wrong PIN locks"; contains "$err" "已锁定"
[ "$(head -1 <<<"$unknown_err")" = "$(with_pin 111999 clerk signin boss "${cfg[@]}" --now "$(at 25)"; head -1 <<<"$err")" ] \
  && ok || ko "an unknown id reads differently from a wrong PIN: $unknown_err"
with_pin 864213 clerk signin c001 "${cfg[@]}" --now "$(at 60)"
expect_code 1 "locked: even the right PIN is refused"; contains "$err" "分钟后再试"
expect_exit 0 clerk list --json "${cfg[@]}" --now "$(at 60)"
expect_jq '.[] | select(.id == "c001") | .locked' true
with_pin 864213 clerk signin c001 "${cfg[@]}" --now "$(at 144)"
expect_code 0 "120 s after the lock"
# Counting starts over after a right PIN.
with_pin 111999 clerk signin c001 "${cfg[@]}" --now "$(at 150)"
with_pin 111999 clerk signin c001 "${cfg[@]}" --now "$(at 151)"
with_pin 864213 clerk signin c001 "${cfg[@]}" --now "$(at 152)"
expect_code 0 "two wrong, then right"
with_pin 111999 clerk signin c001 "${cfg[@]}" --now "$(at 153)"
expect_code 1 "one wrong after"; lacks "$err" "已锁定"

# Reset-pin clears a lock; disable refuses even the right PIN; enable again.
for i in 1 2 3; do with_pin 111999 clerk signin c001 "${cfg[@]}" --now "$(at 200)"; done
with_pin 246813 clerk reset-pin c001 "${cfg[@]}" --now "$(at 201)"
expect_code 0 "reset-pin"
with_pin 246813 clerk signin c001 "${cfg[@]}" --now "$(at 202)"
expect_code 0 "the new PIN right after a reset"
with_pin 864213 clerk signin c001 "${cfg[@]}" --now "$(at 203)"
expect_code 1 "the old PIN no more"
expect_exit 0 clerk disable c001 "${cfg[@]}"
with_pin 246813 clerk signin c001 "${cfg[@]}" --now "$(at 204)"
expect_code 1 "disabled"; contains "$err" "停用"
expect_exit 0 clerk enable c001 "${cfg[@]}"
with_pin 246813 clerk signin c001 "${cfg[@]}" --now "$(at 205)"
expect_code 0 "enabled again"
expect_exit 1 clerk disable nobody "${cfg[@]}"

# Every action is in the audit chain, with who did it, and the chain verifies.
expect_exit 0 audit verify "${cfg[@]}"
expect_exit 0 audit list --json "${cfg[@]}"
for action in clerk.add clerk.signin clerk.signin_failed clerk.locked clerk.signin_unknown clerk.reset_pin \
  clerk.disable clerk.enable; do
  contains "$out" "\"$action\""
done
cli_summary
