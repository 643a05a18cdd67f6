#!/usr/bin/env bash
# Starts the GymBridge REST/WebSocket host (Release build) with one command.
# Sets up Python first (scripts/bootstrap-python.sh). Binds http://127.0.0.1:5000 unless --urls or
# ASPNETCORE_URLS says otherwise; every other argument goes to the host, e.g.
#   scripts/serve.sh --urls http://127.0.0.1:8000 --workers 4 --idle-ttl 00:10:00
#   scripts/serve.sh --urls http://0.0.0.0:5000 --api-key "$KEY"      # beyond loopback an API key is required
# Cluster mode (docs/cluster.md): the host joins the Orleans cluster whose membership is in Redis and serves every env of it:
#   scripts/serve.sh --cluster REDIS [--silo-port P] [--gateway-port G] [--cluster-id ID]
#   REDIS is a StackExchange.Redis connection string (127.0.0.1:6379); P, G and ID default to 11111, 30000, gymbridge.
#   scripts/serve.sh --urls http://127.0.0.1:5001 --cluster 127.0.0.1:6379 --silo-port 11112 --gateway-port 30001
#   Across machines: --advertise ADDRESS (what the others reach this host at) and --cluster-certificate FILE.pfx (the
#   cluster's one certificate, on every host; without it a host refuses to open its Orleans ports beyond loopback).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/bootstrap-python.sh"
export GYMBRIDGE_PYTHON="${GYMBRIDGE_PYTHON:-$root/.venv/bin/python}"
cd "$root"
dotnet build -c Release -nologo -v quiet -clp:ErrorsOnly src/GymBridge.Server/GymBridge.Server.csproj
exec dotnet "$root/src/GymBridge.Server/bin/Release/net10.0/GymBridge.Server.dll" "$@"
