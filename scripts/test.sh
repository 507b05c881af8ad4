#!/usr/bin/env bash
# Sets up this machine (Docker engine, skopeo, buildah, busybox-static), builds, runs every test and ends
# with "N passed, N failed" counted from the TRX results. Exits non-zero on any failure or if no
# test ran.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh --test || exit 1
results="$PWD/TestResults"
rm -rf "$results"
dotnet build Daas.slnx -c Release -warnaserror || exit 1
# The integration tests run the Native AOT executable, which is what scripts/run.sh runs.
bash scripts/publish.sh || exit 1
export DAAS_BIN="$PWD/.build/daas/Daas"
dotnet test Daas.slnx -c Release --no-build --logger trx --results-directory "$results"
status=$?

# Anything executed but not passed (failed, error, timeout, aborted, skipped) counts as failed.
passed=0 total=0
for trx in "$results"/*.trx; do
    [[ -e "$trx" ]] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    total=$((total + $(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$counters")))
    passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
done
not_passed=$((total - passed))
echo "${passed} passed, ${not_passed} failed"
if ((status != 0 || not_passed != 0 || passed == 0)); then
    exit 1
fi
