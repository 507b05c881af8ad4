#!/usr/bin/env bash
# Builds DaaS as one native executable with Native AOT: no JIT at run time and about half the
# memory of `dotnet Daas.dll` (see bench/README.md). Output: .build/daas/Daas, beside its
# appsettings.json and libe_sqlite3.so, whatever the machine type. `dotnet run --project src/Daas`
# still runs the JIT build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Native AOT compiles for one processor: this machine's (x86_64 servers, or arm64 ones: a
# Raspberry Pi, AWS Graviton).
machine="$(uname -m)"
case "$machine" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *)
    echo "publish.sh: no Native AOT build for machine type '$machine'; DaaS builds on x86_64 and aarch64 (arm64) Linux" >&2
    exit 1
    ;;
esac

dotnet publish src/Daas -c Release -r "$rid" -p:PublishAot=true -o .build/daas -nologo -v q
