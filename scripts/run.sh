#!/usr/bin/env bash
# Sets up everything and runs the main job: builds ipsurvey (optimised) into
# build/ and walks a city's submissions through the whole path on a fresh
# embedded SQLite database (build/sample.db) — import (a zip, a printed form,
# a summary table, a form with mistakes, the ledgers), the same file again
# (duplicate), the demand roster, the province summary, the review, the list
# for one bank (XLSX, read back) and the ledger status.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DIPSURVEY_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target ipsurvey >/dev/null

samples=tests/fixtures/forms
export IPSURVEY_DB=build/sample.db
rm -f build/sample.db build/sample.db-wal build/sample.db-shm
run() {
  echo "### ipsurvey $*"
  ./build/ipsurvey "$@" || true  # exit 1 only means a sample was refused
  echo
}
run import --city 石家庄 --round 2022 "$samples/batch.zip" "$samples/summary_two_headers.xlsx" \
  "$samples/survey_mistakes.xlsx" "$samples/ledger_q1_shijiazhuang.xlsx"
run import --city 保定 --round 2022 "$samples/survey_wingdings.xlsx" "$samples/ledger_q4_baoding.xlsx"
run import --city 沧州 --round 2022 "$samples/summary_2003.xml"
run import --city 石家庄 --round 2022 "$samples/batch.zip"   # the same bytes again: duplicate
run roster --city 石家庄 --round 2022
run summary --round 2022
run review --pending --city 石家庄 --round 2022 --state approved --as 省局审核员
run export --bank 中行 --city 石家庄 --round 2022 --format xlsx -o build/sample-bank-list.xlsx --as 省局审核员
run cells build/sample-bank-list.xlsx --count
run ledger --year 2022
