#!/usr/bin/env bash
# Load benchmark: CognitoLite against cognito-local 5.3.0, driven by the same AWS JSON 1.1 client
# (bench/CognitoLite.Bench). Publishes the server, installs cognito-local and PostgreSQL's server when
# missing, then runs the comparison, the scale run (1,000 to 1,000,000 users on SQLite and PostgreSQL) and the
# import run, and prints the table.
# Extra arguments go to the bench (see bench/README.md), e.g. `bench/run.sh --mode compare --duration 10`.
# Results: bench/results/bench-*.json; server logs: bench/results/logs/. It reports; it never fails on a goal.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/.out

echo "bench: publishing the server to $out/server" >&2
dotnet publish src/CognitoLite.Server -c Release -o "$out/server" --nologo -v quiet >&2

if [[ ! -f $out/cognito-local/node_modules/cognito-local/lib/bin/start.js ]]; then
  echo "bench: installing cognito-local 5.3.0 into $out/cognito-local" >&2
  npm install --prefix "$out/cognito-local" --no-audit --no-fund --loglevel=error cognito-local@5.3.0 >&2
fi

# The scale run (and --store postgres) makes a throwaway cluster with initdb/pg_ctl unless --postgres is given.
if [[ " $* " != *" --postgres "* ]] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && [[ $(id -u) == 0 ]]; then
  echo "bench: installing PostgreSQL's server binaries" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

dotnet build bench/CognitoLite.Bench -c Release --nologo -v quiet >&2
echo "bench: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores before the run" >&2
exec dotnet bench/CognitoLite.Bench/bin/Release/net10.0/CognitoLite.Bench.dll --mode all "$@"
