#!/usr/bin/env bash
# Sets up everything and runs all tests: installs packages, builds with
# AddressSanitizer + UndefinedBehaviorSanitizer into build-test/, runs CTest
# (unit tests, hostile inputs, the shared corpus, the openpyxl comparison).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DIPSURVEY_SANITIZE=ON >/dev/null
cmake --build build-test -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd build-test
ctest --output-on-failure --timeout 1800
