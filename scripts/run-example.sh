#!/usr/bin/env bash
# Sets up Python if needed, then steps CartPole-v1 in a real Gymnasium worker and prints each episode's return.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap-python.sh"
export GYMBRIDGE_PYTHON="$root/.venv/bin/python"
exec dotnet run -c Release --project "$root/examples/CartPoleRandom" -- "$@"
