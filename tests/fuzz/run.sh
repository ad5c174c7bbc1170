#!/usr/bin/env bash
# Fuzzes the workbook readers with libFuzzer (clang, ASan + UBSan), seeded from
# the shared corpus and the test fixtures.
#   bash tests/fuzz/run.sh [SECONDS] [TARGET]   (default 1800 s, fuzz_workbook)
# TARGET: fuzz_workbook (the xlsx and XML Spreadsheet readers) or fuzz_submission
# (the whole upload path: batches, own XML + XSD, form layouts, normalisers).
# Findings land in build-fuzz/crash-*; turn each into a regression test.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-1800}
target=${2:-fuzz_workbook}

bash scripts/setup.sh
command -v clang++ >/dev/null || apt-get install -y -qq clang libclang-rt-14-dev >&2
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DIPSURVEY_FUZZ=ON -DIPSURVEY_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "$target" >/dev/null

seeds=build-fuzz/seeds
work=build-fuzz/corpus-$target
mkdir -p "$seeds" "$work"
find ../shared/corpus tests/fixtures -type f \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xml' -o -name '*.zip' \) \
  -size -2M -exec cp -n {} "$seeds"/ \; 2>/dev/null || true

cd build-fuzz
UBSAN_OPTIONS=halt_on_error=1 ./"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=2000000 -print_final_stats=1 "corpus-$target" seeds
