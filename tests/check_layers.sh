#!/usr/bin/env bash
# check_layers.sh - the architecture rule that keeps the domain core testable:
# kiosk/core includes only the C library and its own headers (no SDL, SQLite,
# pcsc-lite, curl, OpenSSL, inih or cJSON, and no I/O headers).
set -uo pipefail
root=${1:?usage: check_layers.sh SOURCE_DIR}
allowed='^(assert|ctype|errno|inttypes|limits|stdarg|stdbool|stddef|stdint|stdlib|string|stdio)\.h$'
bad=0
while IFS= read -r line; do
  file=${line%%:*}
  header=$(sed -E 's/.*#include[[:space:]]*[<"]([^>"]+)[>"].*/\1/' <<<"$line")
  if [[ $line == *'#include "'* ]]; then
    [ -f "$root/kiosk/core/$header" ] && continue
  fi
  if ! [[ $header =~ $allowed ]]; then
    echo "layer violation: $file includes <$header>"; bad=1
  fi
done < <(grep -Hn '#include' "$root"/kiosk/core/*.[ch])
# stdio is allowed for snprintf only: no FILE streams in the core.
if grep -nE '\b(fopen|fread|fwrite|fprintf|printf|puts|getenv|time\(|clock_gettime)\b' "$root"/kiosk/core/*.c; then
  echo "layer violation: I/O or clock call in kiosk/core"; bad=1
fi
[ $bad -eq 0 ] && echo "kiosk/core includes only the C library and itself"
exit $bad
