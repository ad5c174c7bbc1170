#!/usr/bin/env bash
# Sets up everything and runs the main job: builds ipsurvey (optimised) into
# build/, fills a fresh embedded SQLite database (build/sample.db) with the
# sample submissions of three cities (a zip of several, a summary table, a
# printed form with the mistakes a city makes, an Excel 2003 XML table, the
# quarterly ledgers), opens demo accounts for the province, two cities and a
# bank, and starts the web application on http://127.0.0.1:8080/ (Ctrl-C
# stops it).
#
#   bash scripts/run.sh            # serve until Ctrl-C
#   bash scripts/run.sh --check    # start, sign in as each demo account, fetch its pages, stop
#
# IPSURVEY_PORT chooses another port.
set -euo pipefail
cd "$(dirname "$0")/.."

check=0
if [ "${1:-}" = "--check" ]; then check=1; fi
port="${IPSURVEY_PORT:-8080}"

bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DIPSURVEY_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target ipsurvey >/dev/null

samples=tests/fixtures/forms
export IPSURVEY_DB=build/sample.db
rm -f build/sample.db build/sample.db-wal build/sample.db-shm
ipsurvey() { ./build/ipsurvey "$@"; }
echo "### 样例数据（build/sample.db）"
# Exit 1 only means a sample was refused (survey_mistakes.xlsx is meant to show problems).
ipsurvey import --city 石家庄 --round 2022 --as shijiazhuang "$samples/batch.zip" \
  "$samples/summary_two_headers.xlsx" "$samples/survey_mistakes.xlsx" "$samples/ledger_q1_shijiazhuang.xlsx" \
  | grep -E '^(文件|  状态|共)' || true
ipsurvey import --city 保定 --round 2022 --as baoding "$samples/survey_wingdings.xlsx" \
  "$samples/ledger_q4_baoding.xlsx" >/dev/null || true
ipsurvey import --city 沧州 --round 2022 --as province "$samples/summary_2003.xml" >/dev/null || true
ipsurvey review --pending --city 保定 --round 2022 --state approved --as province >/dev/null

# Demo accounts (only on this sample database; the server listens on 127.0.0.1 only).
accounts=(
  "province|province-demo-2026|--role province"
  "shijiazhuang|shijiazhuang-demo-2026|--role city --city 石家庄"
  "baoding|baoding-demo-2026|--role city --city 保定"
  "boc|boc-demo-2026|--role bank --bank 中国银行"
)
for a in "${accounts[@]}"; do
  IFS='|' read -r name password flags <<<"$a"
  # shellcheck disable=SC2086
  echo "$password" | ipsurvey user add "$name" $flags >/dev/null
done

echo
echo "### 网页应用：http://127.0.0.1:$port/"
echo "演示账户（账户名 / 密码）："
echo "  省局        province     / province-demo-2026"
echo "  石家庄市    shijiazhuang / shijiazhuang-demo-2026"
echo "  保定市      baoding      / baoding-demo-2026"
echo "  中国银行    boc          / boc-demo-2026"
echo

if [ "$check" = 0 ]; then
  exec ./build/ipsurvey serve --port "$port"
fi

# --check: start the server, sign in as each account through the login form, fetch its pages, stop.
log=build/sample-serve.log
./build/ipsurvey serve --port 0 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$log" | head -1)
fail=0
for a in "${accounts[@]}"; do
  IFS='|' read -r name password _ <<<"$a"
  jar=$(mktemp)
  token=$(curl -sf -c "$jar" -b "$jar" "$url/login" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | cut -d'"' -f4)
  home=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" --data-urlencode "csrf=$token" \
    --data-urlencode "name=$name" --data-urlencode "password=$password" "$url/login")
  for page in "$home" "$url/records" "$url/uploads" "$url/dashboard" "$url/bank"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$page")
    echo "  $name ${page#"$url"} $code"
    case "$code" in 200|403) ;; *) fail=1 ;; esac
  done
  rm -f "$jar"
done
kill "$server"
wait "$server" || true
trap - EXIT
if [ "$fail" = 0 ]; then echo "run.sh --check: ok"; else echo "run.sh --check: FAILED (see $log)"; exit 1; fi
