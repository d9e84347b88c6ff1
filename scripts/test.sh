#!/usr/bin/env bash
# test.sh - the README's second command: the same set-up, then every test.
# The test build runs under AddressSanitizer + UndefinedBehaviorSanitizer with
# warnings as errors; a second, clang build checks the code is warning-free
# there too and runs the libFuzzer targets for a bounded time. Exits non-zero
# on any failure.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build-test"
"$root/scripts/setup.sh" "$build" -DCMAKE_BUILD_TYPE=Debug -DCK_SANITIZE=ON -DCK_WERROR=ON
echo "== clang -Werror build, with the libFuzzer targets"
CC=clang "$root/scripts/setup.sh" "$root/build-clang" -DCK_WERROR=ON -DCK_BUILD_TESTS=OFF -DCK_FUZZ=ON >/dev/null
echo "== fuzzing (bounded: CK_FUZZ_SECONDS per target)"
ctest --test-dir "$root/build-clang" --output-on-failure -j "$(nproc)" --timeout 600
echo "== ctest"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" --timeout 600
