# cli_asserts.sh - assertions shared by the shell tests of certkioskctl.
# Source it after setting $ctl (the binary) and $tmp (a scratch folder).
# Each assertion counts into $passed / $failed; finish with cli_summary.
passed=0
failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL: $*"; }
# expect_exit CODE ARGS...: runs certkioskctl, keeps stdout/stderr in $out/$err.
expect_exit() {
  local want=$1; shift
  "$ctl" "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
  if [ "$got" -eq "$want" ]; then ok; else ko "certkioskctl $* exited $got, wanted $want; stderr: $err"; fi
}
# expect_jq FILTER VALUE: the JSON in $out gives VALUE for FILTER.
expect_jq() {
  local got; got=$(jq -r "$1" <<<"$out" 2>&1)
  if [ "$got" = "$2" ]; then ok; else ko "jq '$1' gave '$got', wanted '$2'"; fi
}
contains() { if [[ $1 == *"$2"* ]]; then ok; else ko "'$2' not found in: $1"; fi; }
lacks() { if [[ $1 != *"$2"* ]]; then ok; else ko "'$2' must not appear in: $1"; fi; }
# The closing line CTest and CI read, and the exit status.
cli_summary() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
