#!/usr/bin/env bash
# The machine's floor for a two-process hand-off (benchmarks/handoff_floor/handoff.c, no GymBridge code in it):
# microseconds per round trip for each way of waiting, idle and beside a busy process; prints one JSON object.
#   scripts/bench-handoff.sh [rounds, default 3] [round trips per measurement, default 100000]
# Linux only (futex, sched_setaffinity); needs a C compiler (Debian package gcc).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v cc >/dev/null || { echo "bench-handoff: no C compiler (apt-get install gcc)" >&2; exit 1; }
binary="$(mktemp -d)/handoff"
trap 'rm -rf "$(dirname "$binary")"' EXIT
cc -O2 -Wall -o "$binary" "$root/benchmarks/handoff_floor/handoff.c"
"$binary" "$@"
