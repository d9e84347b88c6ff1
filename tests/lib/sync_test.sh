# sync_test.sh - the start of every kiosk-against-upstream test: the tools it
# needs (else "SKIPPED", exit 77), a scratch folder, the assertions, the
# reference upstream's helpers with its certificates made, and $cfg for
# certkioskctl. Source it with $server set, and $extra_tools naming any
# further tool the test needs (a sourced file sees the script's own arguments
# as "$@", so they cannot be passed that way).
for tool in openssl jq curl ${extra_tools:-}; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed"; exit 77; }
done
tmp=$(mktemp -d)
. "$(dirname "${BASH_SOURCE[0]}")/cli_asserts.sh"
. "$(dirname "${BASH_SOURCE[0]}")/upstream_env.sh"
trap 'upstream_stop; rm -rf "$tmp"' EXIT
cfg=(--config "$tmp/k.ini")
upstream_pki
# later N: N hours from now, as --now: past every retry backoff.
later() { echo "@$(( $(date +%s) + 3600 * $1 ))"; }
