#!/usr/bin/env bash
# Runs every test: the .NET suite (tests/CognitoLite.Tests), the sample suite that uses CognitoLite.Testing
# (samples/CognitoLite.Testing.Sample), the `cognitolite` tool installed from its freshly packed package, and the Node
# compat suite (tests/compat) against the published server. Needs only the .NET SDK and node/npm; installs PostgreSQL's
# server binaries (the .NET PostgreSQL fixture runs its own throwaway cluster with initdb/pg_ctl), the AWS CLI, curl and
# Debian's Chromium (the browser tests of both suites drive /usr/bin/chromium; Playwright never downloads one) when
# they are missing.
# The last line is always `tests: N passed, M failed`; the exit code is non-zero if a test or a step failed.
set -uo pipefail
cd "$(dirname "$0")"
root=$PWD
results=$root/TestResults
# An `aws` already on PATH is used as it is; the compat suite reads AWS_CLI too.
aws_cli=${AWS_CLI:-$(command -v aws || echo /usr/bin/aws)}
export AWS_CLI=$aws_cli
# Browsers are Debian's Chromium: no npm package may download one of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

passed=0
failed=0
step_failed=0

summary() {
  echo "tests: $passed passed, $failed failed"
  [[ $step_failed -eq 0 && $failed -eq 0 ]]
}

fail_step() {
  echo "test.sh: $1 failed" >&2
  step_failed=1
}

# Reads an attribute of the <Counters> element of a trx file (0 if absent).
trx_counter() {
  grep -o "<Counters [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0
}

# Adds a trx file's results to the totals.
count_trx() {
  [[ -f $1 ]] || return 0
  passed=$((passed + $(trx_counter "$1" passed)))
  failed=$((failed + $(trx_counter "$1" failed) + $(trx_counter "$1" error) + $(trx_counter "$1" timeout) + $(trx_counter "$1" aborted)))
}

# Packs the `cognitolite` tool into $1, installs it from there into a tool path, starts it and asks /health/ready.
check_tool() {
  local work=$1 line url=""
  dotnet pack src/CognitoLite.Tool -c Release --no-build -o "$work/packages" || return 1
  # This run's package only: no other source, and a package folder of its own (a cached CognitoLite 1.0.0 would win).
  cat >"$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="local" value="$work/packages" /></packageSources></configuration>
EOF
  NUGET_PACKAGES=$work/nuget dotnet tool install CognitoLite --tool-path "$work/tool" --configfile "$work/nuget.config" || return 1
  # Port 0: the tool takes a free port and names it in its start-up line. Its data folder is $work/data.
  coproc tool { cd "$work" && exec "$work/tool/cognitolite" --urls http://127.0.0.1:0 2>&1; }
  local pid=$tool_PID
  while IFS= read -r -t 60 line <&"${tool[0]}"; do
    echo "$line"
    if [[ $line =~ listening\ on\ (http://127\.0\.0\.1:[0-9]+) ]]; then
      url=${BASH_REMATCH[1]}
      break
    fi
  done
  local status=1
  [[ -n $url ]] && curl -fsS --max-time 10 "$url/health/ready" && echo && status=0
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return $status
}

# Reads a `# name N` summary line of node's TAP output (0 if absent).
tap_counter() {
  grep -E "^# $2 [0-9]+$" "$1" | tail -n 1 | grep -o '[0-9]\+' || echo 0
}

echo "==> Installing missing system packages"
packages=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null || packages+=(postgresql)
[[ -x $aws_cli ]] || packages+=(awscli)
command -v curl >/dev/null || packages+=(curl)
[[ -x /usr/bin/chromium ]] || packages+=(chromium)
if ((${#packages[@]})); then
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  { "${sudo[@]}" apt-get update && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "${packages[@]}"; } \
    || fail_step "apt-get install ${packages[*]}"
fi

echo "==> Building the solution (Release)"
if ! dotnet build -c Release; then
  fail_step "dotnet build"
  summary
  exit 1
fi

rm -rf "$results"
mkdir -p "$results"

echo "==> .NET tests"
# --no-build: the solution was just built; one build for tests and publish keeps the run short.
dotnet test tests/CognitoLite.Tests -c Release --no-build \
  --logger "trx;LogFileName=dotnet.trx" --logger "console;verbosity=normal" --results-directory "$results"
dotnet_status=$?
count_trx "$results/dotnet.trx"
# A non-zero exit without failed tests (a crashed test host, a missing trx) is a failed step, not a pass.
[[ $dotnet_status -eq 0 ]] || fail_step "dotnet test (exit $dotnet_status)"

echo "==> Sample suite using CognitoLite.Testing"
dotnet test samples/CognitoLite.Testing.Sample -c Release --no-build \
  --logger "trx;LogFileName=sample.trx" --logger "console;verbosity=normal" --results-directory "$results"
sample_status=$?
count_trx "$results/sample.trx"
[[ $sample_status -eq 0 ]] || fail_step "dotnet test samples/CognitoLite.Testing.Sample (exit $sample_status)"

echo "==> The cognitolite tool, installed from its package"
tool_work=$(mktemp -d)
if check_tool "$tool_work"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  echo "test.sh: the cognitolite tool did not install, start or answer /health/ready" >&2
fi
rm -rf "$tool_work"

echo "==> Publishing the server to publish/server"
rm -rf publish/server
dotnet publish src/CognitoLite.Server -c Release --no-build -o publish/server || fail_step "dotnet publish"

echo "==> Node compat tests"
tap=$results/node.tap
if (cd tests/compat && npm ci --no-audit --no-fund); then
  # Readable output on the console, TAP in a file for counting.
  (cd tests/compat && node --test \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap")
  node_status=$?
  if [[ -f $tap ]]; then
    passed=$((passed + $(tap_counter "$tap" pass)))
    # A test cancelled because its server never came up (a failed before hook) has failed too.
    failed=$((failed + $(tap_counter "$tap" fail) + $(tap_counter "$tap" cancelled)))
  fi
  [[ $node_status -eq 0 ]] || fail_step "node --test (exit $node_status)"
else
  fail_step "npm ci"
fi

summary
