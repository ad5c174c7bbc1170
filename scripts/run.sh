#!/usr/bin/env bash
# Sets up everything and runs the main job: builds ipsurvey (optimised) into
# build/ and reads the sample submissions — a city's survey form, its summary
# table, a quarterly ledger and a zip of several — showing the normalised
# records and the problems the city would be told about.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DIPSURVEY_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target ipsurvey >/dev/null

samples=tests/fixtures/forms
run() {
  echo "### ipsurvey $*"
  ./build/ipsurvey "$@" || true  # exit 1 only means a sample was refused
  echo
}
run parse "$samples/survey_printed.xlsx"
run parse "$samples/survey_mistakes.xlsx"
run parse "$samples/summary_two_headers.xlsx" --verbose
run parse "$samples/ledger_q1_shijiazhuang.xlsx" --json
run parse "$samples/batch.zip"
run cells tests/fixtures/sample_survey.xlsx --count
