#!/usr/bin/env bash
# Sets up everything and runs the main job: builds ipsurvey (optimised) into
# build/ and reads the sample workbooks, showing what was read.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DIPSURVEY_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target ipsurvey >/dev/null

for f in tests/fixtures/sample_survey.xlsx tests/fixtures/spreadsheet2003.xml; do
  [ -f "$f" ] || continue
  echo "### ipsurvey cells $f"
  ./build/ipsurvey cells "$f" || true
  echo
done
echo "### ipsurvey cells tests/fixtures/sample_survey.xlsx --count"
./build/ipsurvey cells tests/fixtures/sample_survey.xlsx --count
