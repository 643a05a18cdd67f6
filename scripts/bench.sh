#!/usr/bin/env bash
# Sets up Python if needed, then runs the quick comparison benchmark; prints one JSON object.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap-python.sh"
export GYMBRIDGE_PYTHON="$root/.venv/bin/python"
exec dotnet run -c Release --project "$root/benchmarks/GymBridge.Benchmarks" -- "$@"
