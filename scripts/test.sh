#!/usr/bin/env bash
# Sets up this machine (Docker engine, skopeo, buildah, busybox-static), builds, runs every test and
# always ends with "N passed, N failed" counted from the TRX results (0 and 0 when setup or the
# build fails before any test ran). Exits non-zero on any failure or if no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."
results="$PWD/TestResults"
rm -rf "$results"

# Counts every TRX file; anything executed but not passed (failed, error, timeout, aborted,
# skipped) counts as failed.
summarize() {
    local passed=0 total=0 counters trx n
    for trx in "$results"/*.trx; do
        [[ -e "$trx" ]] || continue
        # A TRX without counters (cut short) adds nothing; the exit status still fails then.
        counters=$(grep -o '<Counters [^>]*>' "$trx" || true)
        n=$(sed -nE 's/.* total="([0-9]+)".*/\1/p' <<<"$counters"); total=$((total + ${n:-0}))
        n=$(sed -nE 's/.* passed="([0-9]+)".*/\1/p' <<<"$counters"); passed=$((passed + ${n:-0}))
    done
    echo "${passed} passed, $((total - passed)) failed"
    ((passed > 0 && passed == total))
}

fail_early() {
    summarize
    exit 1
}

bash scripts/setup.sh --test || fail_early
dotnet build Daas.slnx -c Release -warnaserror || fail_early
# The integration tests run the Native AOT executable, which is what scripts/run.sh runs.
bash scripts/publish.sh || fail_early
export DAAS_BIN="$PWD/.build/daas/Daas"
dotnet test Daas.slnx -c Release --no-build --logger trx --results-directory "$results"
status=$?

summarize && ((status == 0))
