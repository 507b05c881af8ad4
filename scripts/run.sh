#!/usr/bin/env bash
# Sets up this machine (Docker engine), builds DaaS as a native executable (scripts/publish.sh)
# and runs it in the foreground. Defaults that work on one
# machine: DOMAIN_NAME=localhost, HTTP_PORT=80, HTTPS_PORT=443, USERNAME=admin, DATA_DIR=/var/lib/daas and, without
# PASSWORD, a generated password printed at the first start. Any of them can be set in the env.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export DOMAIN_NAME="${DOMAIN_NAME:-localhost}"
export HTTP_PORT="${HTTP_PORT:-80}"
export HTTPS_PORT="${HTTPS_PORT:-443}"
export USERNAME="${USERNAME:-admin}"
export DATA_DIR="${DATA_DIR:-/var/lib/daas}"
# The publish prints nothing while it works: say so, or the first run looks hung.
echo "run.sh: building DaaS as one native executable (Native AOT): about 2 minutes the first time, less afterwards ..."
bash scripts/publish.sh
echo "run.sh: starting DaaS on ports $HTTP_PORT (HTTP) and $HTTPS_PORT (HTTPS) for $DOMAIN_NAME, in the foreground (Ctrl-C stops it; use a second terminal meanwhile)"
exec .build/daas/Daas
