#!/usr/bin/env bash
# The REST host against its ceiling in one run: builds the host and the ceiling (Release), starts both (and
# cloudkj/gymnasium-http-api with --cloudkj DIR), warms them up, measures each with wrk at 8 and 1 clients,
# interleaved, and prints one JSON object. Needs wrk (Debian package `wrk`) and ../shared/bench/wrk_step.sh.
#   scripts/bench-rest.sh                                   # 3 rounds of 5 s
#   scripts/bench-rest.sh --cloudkj ~/gymnasium-http-api    # a checkout of cloudkj's server (python3-fastapi, python3-uvicorn, python3-pil)
#   scripts/bench-rest.sh --variant never="--spin-policy Never"   # an A/B: another real host with other options
#   scripts/bench-rest.sh --sockets                         # one client: the REST step and /gym WebSocket (both protocols, pipelined or not) from one .NET client, vector REST JSON vs MessagePack
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap-python.sh" >&2
command -v wrk >/dev/null || { echo "bench-rest: wrk is missing (apt-get install wrk)" >&2; exit 1; }
export GYMBRIDGE_PYTHON="${GYMBRIDGE_PYTHON:-$root/.venv/bin/python}"
cd "$root"
dotnet build -c Release -nologo -v quiet -clp:ErrorsOnly src/GymBridge.Server/GymBridge.Server.csproj >&2
dotnet build -c Release -nologo -v quiet -clp:ErrorsOnly benchmarks/GymBridge.Benchmarks.RestCeiling/GymBridge.Benchmarks.RestCeiling.csproj >&2
dotnet build -c Release -nologo -v quiet -clp:ErrorsOnly benchmarks/GymBridge.Benchmarks.RestClient/GymBridge.Benchmarks.RestClient.csproj >&2
exec python3 "$root/benchmarks/rest_bench.py" "$@"
