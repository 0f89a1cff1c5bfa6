#!/usr/bin/env bash
# bench/startup.sh — start-up time and idle memory of the published CognitoLite server.
#
# Usage: bench/startup.sh [RUNS]            (default 7 runs)
#
# What it does:
#   1. Publishes the server once in Release: dotnet publish src/CognitoLite.Server -c Release -o bench/.out/server
#      (set PUBLISH=0 to reuse what is already there; PUBLISH_ARGS adds MSBuild arguments, e.g.
#      PUBLISH_ARGS="-p:PublishReadyToRun=false" OUT=bench/.out/server-jit to compare a build setting side by side).
#   2. RUNS times: starts the published apphost with a fresh temporary --data-dir (SQLite, so every run creates and
#      migrates a new database: a first start) on a free loopback port, and measures the wall time from just before
#      the process is started to the first successful ListUserPools call (POST / with
#      X-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools, body {"MaxResults":10}). Readiness is polled in a
#      tight loop: a bash /dev/tcp connect (no fork) every 2 ms, then curl once the port accepts connections.
#      Also records the CPU time (user + system, all threads) the server used up to that point, from /proc/PID/stat:
#      on a shared, busy machine wall time swings with the load while CPU time mostly does not, so compare both.
#   3. Makes two more ListUserPools calls, waits until 1 s has passed since the first success (a settle wait), then
#      reads VmRSS (and the peak, VmHWM) from /proc/PID/status: the idle resident memory after the first requests.
#   4. Stops the server (SIGTERM) and removes its data folder.
# Prints each run on stderr and, on stdout, one JSON object with every figure and the medians
# (median_startup_ms, median_rss_mb, median_startup_cpu_ms). Environment variables that the runtime reads (DOTNET_*) pass through to the
# server, so runtime knobs can be tried without rebuilding, e.g. DOTNET_TieredPGO=0 bench/startup.sh.
#
# Environment: RUNS (or $1), PUBLISH=1|0, PUBLISH_ARGS, OUT (publish folder, default bench/.out/server),
#              SETTLE_MS (default 1000), TIMEOUT_S (per start, default 60),
#              WARM=1 to measure a restart instead: each run first starts the server once, unmeasured, to create and
#              migrate its database, stops it, then measures a start on that existing database.
# Needs: bash 5 (EPOCHREALTIME), curl, the .NET SDK (for the publish step).
set -euo pipefail

cd "$(dirname "$0")/.."
runs=${1:-${RUNS:-7}}
publish=${PUBLISH:-1}
publish_args=${PUBLISH_ARGS:-}
out=${OUT:-bench/.out/server}
settle_ms=${SETTLE_MS:-1000}
timeout_s=${TIMEOUT_S:-60}
warm=${WARM:-0}
binary=$out/CognitoLite.Server

if [[ $publish == 1 ]]; then
  echo "publishing: dotnet publish src/CognitoLite.Server -c Release -o $out $publish_args" >&2
  # shellcheck disable=SC2086 # PUBLISH_ARGS is a list of MSBuild arguments
  dotnet publish src/CognitoLite.Server -c Release -o "$out" $publish_args >"${TMPDIR:-/tmp}/cognitolite-startup-publish.log" 2>&1 \
    || { cat "${TMPDIR:-/tmp}/cognitolite-startup-publish.log" >&2; exit 1; }
fi
[[ -x $binary ]] || { echo "no server at $binary: run without PUBLISH=0" >&2; exit 1; }

now_us() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    if port_is_free "$port"; then echo "$port"; return; fi
  done
}

list_user_pools() { # prints the HTTP status
  curl -s -o /dev/null -w '%{http_code}' --connect-timeout 1 --max-time 5 -X POST "http://127.0.0.1:$1/" \
    -H 'Content-Type: application/x-amz-json-1.1' \
    -H 'X-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools' \
    --data '{"MaxResults":10}' || true
}

clock_ticks=$(getconf CLK_TCK)
cpu_ms() { # user + system time of the process so far, in ms
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  awk -v hz="$clock_ticks" '{ printf "%d", ($12 + $13) * 1000 / hz }' <<<"$stat"
}

status_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "null"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

startups=() cpus=() rss=() peaks=()
for ((run = 1; run <= runs; run++)); do
  data=$(mktemp -d "${TMPDIR:-/tmp}/cognitolite-startup-XXXXXX")
  port=$(free_port)
  if [[ $warm == 1 ]]; then # create and migrate the database first, outside the measurement
    "$binary" --data-dir "$data/data" --urls "http://127.0.0.1:$port" >"$data/warm.log" 2>&1 &
    pid=$!
    until [[ $(list_user_pools "$port") == 200 ]]; do
      kill -0 "$pid" 2>/dev/null || { cat "$data/warm.log" >&2; exit 1; }
      sleep 0.05
    done
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
  fi
  start=$(now_us)
  "$binary" --data-dir "$data/data" --urls "http://127.0.0.1:$port" >"$data/server.log" 2>&1 &
  pid=$!
  deadline=$((start + timeout_s * 1000000))
  ready=0
  while (($(now_us) < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && [[ $(list_user_pools "$port") == 200 ]]; then
      ready=1
      break
    fi
    sleep 0.002
  done
  first=$(now_us)
  if ((ready == 1)); then startup_cpu=$(cpu_ms "$pid"); fi
  if ((ready == 0)); then
    echo "run $run: the server did not answer ListUserPools within ${timeout_s}s; its log:" >&2
    cat "$data/server.log" >&2
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$data"
    exit 1
  fi
  startup_ms=$(((first - start) / 1000))

  for _ in 1 2; do [[ $(list_user_pools "$port") == 200 ]] || { echo "run $run: a later ListUserPools failed" >&2; exit 1; }; done
  left_us=$((settle_ms * 1000 - ($(now_us) - first)))
  if ((left_us > 0)); then sleep "$(printf '%d.%06d' $((left_us / 1000000)) $((left_us % 1000000)))"; fi
  rss_kb=$(status_kb "$pid" VmRSS)
  hwm_kb=$(status_kb "$pid" VmHWM)

  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"

  rss_mb=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
  peak_mb=$(awk -v k="$hwm_kb" 'BEGIN { printf "%.1f", k / 1024 }')
  echo "run $run: start-up ${startup_ms} ms (CPU ${startup_cpu} ms), idle RSS ${rss_mb} MB (peak ${peak_mb} MB)" >&2
  startups+=("$startup_ms") cpus+=("$startup_cpu") rss+=("$rss_mb") peaks+=("$peak_mb")
done

join() { local IFS=,; echo "$*"; }
median_startup=$(printf '%s\n' "${startups[@]}" | median)
median_cpu=$(printf '%s\n' "${cpus[@]}" | median)
median_rss=$(printf '%s\n' "${rss[@]}" | median)
median_peak=$(printf '%s\n' "${peaks[@]}" | median)
printf '{"runs":%d,"warm":%s,"server":"%s","publish_args":"%s","startup_ms":[%s],"startup_cpu_ms":[%s],"rss_mb":[%s],"peak_rss_mb":[%s],"median_startup_ms":%s,"median_startup_cpu_ms":%s,"median_rss_mb":%s,"median_peak_rss_mb":%s,"load_average":"%s"}\n' \
  "$runs" "$([[ $warm == 1 ]] && echo true || echo false)" "$binary" "$publish_args" "$(join "${startups[@]}")" "$(join "${cpus[@]}")" "$(join "${rss[@]}")" "$(join "${peaks[@]}")" \
  "$median_startup" "$median_cpu" "$median_rss" "$median_peak" "$(cut -d' ' -f1-3 /proc/loadavg)"
