#!/usr/bin/env bash
# Start-up benchmark of the one-machine mode: times `./podbench up` from the command to "Podbench is up",
# then reports the CPU each JVM (and PostgreSQL) spent getting there and, after --idle seconds, each service's
# resident memory; stops the system with SIGTERM and repeats.
#
#   bench/startup/startup-bench.sh [--runs N] [--home DIR] [--fresh] [--idle SECONDS]
#
# --fresh removes the home before the first run (initdb, empty databases: the very first `up`); later runs reuse
# it, as a restart does. The build must be current: a run that would start a build is refused.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=3
home="${TMPDIR:-/tmp}/podbench-startup-bench"
fresh=false
idle=20
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --home) home="$2"; shift 2 ;;
    --fresh) fresh=true; shift ;;
    --idle) idle="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
$fresh && rm -rf "$home"
ticks=$(getconf CLK_TCK)

cpu_seconds() { # pid -> user+system CPU seconds of the process (children that have exited are not counted)
  awk -v t="$ticks" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$1/stat"
}

service_of() { # pid -> the module directory its quarkus-run.jar lives in
  tr '\0' ' ' < "/proc/$1/cmdline" | grep -o '[a-z-]*/target/quarkus-app' | head -1 | cut -d/ -f1
}

for run in $(seq 1 "$runs"); do
  log=$(mktemp)
  started=$(date +%s.%N)
  # its own process group: a build it starts is stopped with it
  setsid "$ROOT/podbench" up --home "$home" > "$log" 2>&1 &
  launcher=$!
  until grep -q "Podbench is up" "$log"; do
    if grep -q "Building Podbench" "$log"; then
      kill -- -"$launcher"; echo "the build is not current: run ./podbench build first" >&2; exit 1
    fi
    if ! kill -0 "$launcher" 2>/dev/null; then cat "$log" >&2; exit 1; fi
    sleep 0.1
  done
  up=$(echo "$(date +%s.%N) - $started" | bc)
  printf "run %d: all healthy after %.1f s (load %s)\n" "$run" "$up" "$(cut -d' ' -f1-3 /proc/loadavg)"
  line="  CPU to healthy:"
  for pid in $(pgrep -f "quarkus-run.jar" || true); do
    line+=" $(service_of "$pid") $(cpu_seconds "$pid") s,"
  done
  postgres=0
  for pid in $(pgrep -x postgres || true); do
    postgres=$(awk -v t="$ticks" -v sum="$postgres" '{ printf "%.1f", sum + ($14 + $15) / t }' "/proc/$pid/stat")
  done
  echo "$line launcher $(cpu_seconds "$launcher") s, postgres $postgres s"
  if [ "$idle" -gt 0 ]; then
    sleep "$idle"
    line="  RSS after ${idle} s idle (anonymous + file):"
    for pid in $(pgrep -f "quarkus-run.jar" || true); do
      line+=" $(service_of "$pid") $(awk '/RssAnon/ {a=$2} /RssFile/ {f=$2} END {printf "%d+%d MiB", a/1024, f/1024}' "/proc/$pid/status"),"
    done
    echo "${line%,}"
  fi
  kill -TERM "$launcher"
  wait "$launcher" || true
  rm -f "$log"
  sleep 3
done
