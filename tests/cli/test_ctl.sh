#!/usr/bin/env bash
# test_ctl.sh - certkioskctl as a technician uses it: exit codes, --json
# output (checked with jq), --config overrides and refusals, --now.
#   usage: test_ctl.sh PATH/TO/certkioskctl SOURCE_DIR
set -uo pipefail
ctl=${1:?}; src=${2:?}
command -v jq >/dev/null || { echo "SKIPPED: jq is not installed (scripts/setup.sh installs it)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../lib/cli_asserts.sh"
# --- top level
expect_exit 0 --version; contains "$out" "certkioskctl 0."
expect_exit 2
expect_exit 2 frobnicate; contains "$err" "no such command"
expect_exit 0 --help; contains "$out" "quote"
for c in services quote eligible check jobs store audit; do expect_exit 0 "$c" --help; contains "$out" "usage: certkioskctl $c"; done

# --- quote: every service x holder x term, totals from the seed's table (yuan)
declare -A want=(
  [new/unit/1]=40000 [new/unit/2]=60000 [new/expert/1]=15000 [new/expert/2]=20000
  [renew/unit/1]=30000 [renew/unit/2]=60000 [renew/expert/1]=10000 [renew/expert/2]=20000
  [replace/unit/1]=5000 [replace/unit/2]=5000 [replace/expert/1]=5000 [replace/expert/2]=5000
  [seal-renew/unit/1]=10000 [seal-renew/unit/2]=20000 [seal-renew/expert/1]=5000 [seal-renew/expert/2]=10000
)
for s in new renew change replace revoke seal-upgrade seal-renew pin-change unlock; do
  for h in unit expert; do
    for y in 1 2; do
      expect_exit 0 quote --service "$s" --holder "$h" --years "$y" --json
      expect_jq .total_fen "${want[$s/$h/$y]:-0}"
      expect_jq '[.lines[].amount_fen] | add // 0' "${want[$s/$h/$y]:-0}"
    done
  done
done
expect_exit 0 quote --service new --holder unit --years 2 --json
expect_jq '.lines[0].item + " " + (.lines[0].waived|tostring) + " " + (.lines[0].amount_fen|tostring)' "account true 0"
expect_jq .total_yuan "600.00"
expect_exit 0 quote --service new --holder unit --years 2 --seals 3 --json
expect_jq .total_fen 100000
expect_exit 0 quote --service new --holder expert
contains "$out" "合计 / Total: 150.00元"
expect_exit 2 quote --service new --holder unit --years 3; contains "$err" "1 or 2 years"
expect_exit 2 quote --service new --holder unit --seals 9
expect_exit 2 quote --service teleport --holder unit
expect_exit 2 quote --service new --holder alien
expect_exit 2 quote --service new --holder unit --years two
expect_exit 2 quote --service new --holder unit extra-arg

# --- services
expect_exit 0 services --json
expect_jq 'length' 9
expect_jq '[.[].code] | join(",")' "new,renew,change,replace,revoke,seal-upgrade,seal-renew,pin-change,unlock"
expect_jq '.[] | select(.code=="renew") | .opens_days_before_expiry' 60
expect_jq '.[] | select(.code=="seal-upgrade") | .min_days_left' 60
expect_jq '.[] | select(.code=="change") | .keeps_not_after' true
expect_jq '.[] | select(.code=="new") | [.quotes[].total_fen] | join(",")' "40000,60000,15000,20000"
expect_exit 0 services
contains "$out" "证书及印章新办"

# --- check
expect_exit 0 check uscc 91510100MA61R7XK3Y
expect_exit 1 check uscc 91510100MA61R7XK3X --json
expect_jq .reason check_digit
expect_jq .valid false
expect_exit 0 check uscc "９１５１０１００ＭＡ６１Ｒ７ＸＫ３Ｙ" --json
expect_jq .normalised true
expect_jq .value 91510100MA61R7XK3Y
expect_exit 0 check idcard 11010519491231002X --json
expect_jq .value "1101**********002X"
lacks "$out" "11010519491231002X"
expect_exit 1 check idcard 110105194912310021 --json
expect_jq .reason check_digit
lacks "$out" "110105194912310021"
expect_exit 0 check mobile 13812345678 --json
expect_jq .value "138****5678"
expect_exit 1 check mobile 12812345678
expect_exit 0 check orgname "四川某某科技有限公司"
expect_exit 2 check uscc
expect_exit 2 check passport X123
# birth date in the future relative to --now
expect_exit 1 check idcard 510104202701011230 --now 2026-11-25 --json
expect_jq .reason birth_in_future

# --- eligible, with a fixed clock
expect_exit 1 eligible --service renew --holder unit --not-after 2027-03-01 --now 2026-12-30 --json
expect_jq .reason too_early
expect_jq .first_possible 2026-12-31
expect_jq .days_left 61
expect_exit 0 eligible --service renew --holder unit --not-after 2027-03-01 --now 2026-12-31 --years 2 --json
expect_jq .new_not_after 2029-03-01
expect_exit 1 eligible --service seal-upgrade --holder unit --not-after 2027-03-01 --now 2027-01-01 --json
expect_jq .reason too_little_validity_left
expect_exit 1 eligible --service change --holder unit --json
expect_jq .reason no_certificate
expect_exit 2 eligible --service renew --holder unit --not-after 2027-02-30
expect_exit 2 eligible --service renew --holder unit --not-after 2027-03-01 --now yesterday

# --- config: overrides, refusals with file:line, relative fee file
printf '[unit]\naccount_fee_yuan = 120\nannual_fee_yuan = 200\nseal_fee_per_year_yuan = 100\n[expert]\naccount_fee_yuan = 50\nannual_fee_yuan = 50\nseal_fee_per_year_yuan = 50\n[replacement]\nfee_per_key_yuan = 50\n[limits]\nmax_seals = 5\n' >"$tmp/fees.ini"
printf '[kiosk]\nid = K-TEST\n[fees]\nfile = fees.ini\n' >"$tmp/ok.ini"
expect_exit 0 quote --config "$tmp/ok.ini" --service new --holder unit --json
expect_jq .total_fen 42000
printf '[kiosk]\nid = K-TEST\nspeed = fast\n' >"$tmp/bad.ini"
expect_exit 3 services --config "$tmp/bad.ini"
contains "$err" "$tmp/bad.ini:3: unknown key [kiosk] speed"
sed -i 's/annual_fee_yuan = 200/annual_fee_yuan = 2OO/' "$tmp/fees.ini"
expect_exit 3 quote --config "$tmp/ok.ini" --service new --holder unit
contains "$err" "$tmp/fees.ini:3:"
expect_exit 3 services --config "$tmp/missing.ini"
contains "$err" "cannot read $tmp/missing.ini"
expect_exit 0 quote --config "$src/config/certkiosk.ini" --service new --holder unit --json
expect_jq .total_fen 40000

cli_summary
