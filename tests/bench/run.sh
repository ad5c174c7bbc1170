#!/usr/bin/env bash
# Builds an optimised ipsurvey into build/ and runs the benchmarks with it.
#   bash tests/bench/run.sh [bench_cells.py options, e.g. --runs 5 --openpyxl]
#   bash tests/bench/run.sh --parse [bench_parse.py options]
#   bash tests/bench/run.sh --import [bench_import.py options]
#   bash tests/bench/run.sh --queries [bench_queries.py options, e.g. --enterprises 100000]
#     (built with the tests, for bench_fill_db, in build-bench/)
#   bash tests/bench/run.sh --pages [bench_pages.py options, e.g. --enterprises 100000 --db FILE]
#     (likewise in build-bench/)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/setup.sh
if [ "${1:-}" = "--queries" ]; then
  shift
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DIPSURVEY_TESTS=ON >/dev/null
  cmake --build build-bench -j"$(nproc)" --target ipsurvey bench_fill_db >/dev/null
  exec /usr/bin/python3 tests/bench/bench_queries.py --ipsurvey build-bench/ipsurvey \
    --filler build-bench/bench_fill_db "$@"
fi
if [ "${1:-}" = "--pages" ]; then
  shift
  cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DIPSURVEY_TESTS=ON >/dev/null
  cmake --build build-bench -j"$(nproc)" --target ipsurvey bench_fill_db >/dev/null
  exec /usr/bin/python3 tests/bench/bench_pages.py --ipsurvey build-bench/ipsurvey \
    --filler build-bench/bench_fill_db "$@"
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DIPSURVEY_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target ipsurvey >/dev/null
if [ "${1:-}" = "--parse" ]; then
  shift
  exec /usr/bin/python3 tests/bench/bench_parse.py --ipsurvey build/ipsurvey "$@"
fi
if [ "${1:-}" = "--import" ]; then
  shift
  exec /usr/bin/python3 tests/bench/bench_import.py --ipsurvey build/ipsurvey "$@"
fi
/usr/bin/python3 tests/bench/bench_cells.py --ipsurvey build/ipsurvey "$@"
