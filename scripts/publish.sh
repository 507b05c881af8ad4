#!/usr/bin/env bash
# Builds DaaS as one native executable with Native AOT: no JIT at run time and about half the
# memory of `dotnet Daas.dll` (see bench/README.md). Output: .build/daas/Daas, beside its
# appsettings.json and libe_sqlite3.so. `dotnet run --project src/Daas` still runs the JIT build.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish src/Daas -c Release -r linux-x64 -p:PublishAot=true -o .build/daas -nologo -v q
