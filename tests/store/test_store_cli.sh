#!/usr/bin/env bash
# test_store_cli.sh - the store through certkioskctl, as a technician meets it:
# store check, jobs list/show (masked), a row changed with the sqlcipher
# shell caught by audit verify, purge --dry-run, refusals, and no personal
# field in clear in a copy of the database file.
#   usage: test_store_cli.sh CERTKIOSKCTL STORE_WRITER
set -uo pipefail
ctl=${1:?}; writer=${2:?}
command -v jq >/dev/null || { echo "SKIPPED: jq is not installed"; exit 77; }
command -v sqlcipher >/dev/null || { echo "SKIPPED: the sqlcipher shell is not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$(dirname "${BASH_SOURCE[0]}")/../lib/cli_asserts.sh"

cat >"$tmp/k.ini" <<INI
[store]
path = kiosk.db
key_file = kiosk.key
INI
cfg=(--config "$tmp/k.ini")

expect_exit 3 store check "${cfg[@]}"
contains "$err" "there is no database at $tmp/kiosk.db"
[ ! -e "$tmp/kiosk.db" ] && ok || ko "store check created a database"

"$writer" "$tmp/kiosk.db" "$tmp/kiosk.key" 5 >"$tmp/acks" || ko "store_writer failed"
first=$(awk '/^ACK/{print $2; exit}' "$tmp/acks")

expect_exit 0 store check --json "${cfg[@]}"
expect_jq .jobs 5
expect_jq .receipts 5
expect_jq .receipts_gapless true
expect_jq .integrity_ok true
expect_jq .schema_version 4
expect_exit 0 store check "${cfg[@]}"
contains "$out" "连续 / gapless"

expect_exit 0 jobs list --json "${cfg[@]}"
expect_jq length 5
expect_jq '[.[].state] | unique | join(",")' paid
expect_exit 0 jobs list --state draft --json "${cfg[@]}"
expect_jq length 0
expect_exit 2 jobs list --state limbo "${cfg[@]}"
expect_exit 0 jobs show "$first" --json "${cfg[@]}"
expect_jq .id_number_masked "5101**********1230"
expect_jq .mobile_masked "139****5678"
expect_jq .person_name_masked "张**"
expect_jq .total_fen 40000
[[ $out != *510104199001011230* && $out != *13912345678* && $out != *张三丰* ]] && ok || ko "jobs show printed personal data"
expect_exit 1 jobs show 00000000-0000-4000-8000-000000000000 "${cfg[@]}"

expect_exit 0 store purge --dry-run --json "${cfg[@]}"
expect_jq .jobs 0
expect_jq .dry_run true

# A copy of the database file holds no personal field in clear.
cp "$tmp/kiosk.db" "$tmp/copy.db"
for needle in 510104199001011230 13912345678 张三丰; do
  if grep -q "$needle" "$tmp/copy.db" "$tmp"/kiosk.db-wal 2>/dev/null; then ko "'$needle' is in clear in the database file"; else ok; fi
done

expect_exit 0 audit verify "${cfg[@]}"
contains "$out" "the audit chain verifies: 20 rows"

# Tampering with the sqlcipher shell, as someone with the key file would.
key=$(cat "$tmp/kiosk.key")
sqlcipher "$tmp/kiosk.db" >/dev/null <<SQL || ko "the sqlcipher shell could not edit the database"
PRAGMA key = "x'$key'";
PRAGMA cipher_page_size = 4096;
DROP TRIGGER audit_no_update;
UPDATE audit SET detail = 'wechat 1 fen receipt 3' WHERE id = 9;
SQL
expect_exit 1 audit verify "${cfg[@]}"
contains "$out" "audit row 9 was changed"
expect_exit 1 audit verify --json "${cfg[@]}"
expect_jq .first_bad_row 9

chmod 644 "$tmp/kiosk.key"
expect_exit 3 jobs list "${cfg[@]}"
contains "$err" "it must be 0600"

cli_summary
