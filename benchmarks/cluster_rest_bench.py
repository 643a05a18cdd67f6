#!/usr/bin/env python3
"""REST step latency in cluster mode: through the host that owns the env vs through one that does not (one hop).

Starts a redis-server of its own (free port, no persistence), two GymBridge hosts in cluster mode on 127.0.0.1
(the built GymBridge.Server, as scripts/serve.sh --cluster starts it), makes CLIENTS CartPole envs, finds each
env's silo from /stats, then runs the peers' wrk script (../shared/bench/wrk_step.lua) against the same envs
through their owner and through the other host, interleaved round by round. Prints one JSON object (medians).
Usage: python3 benchmarks/cluster_rest_bench.py [--rounds 3] [--seconds 5] [--clients 1 8]. Standard library only.
"""
import argparse
import datetime
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "src", "GymBridge.Server", "bin", "Release", "net10.0", "GymBridge.Server.dll")
WRK_LUA = os.path.join(ROOT, "..", "shared", "bench", "wrk_step.lua")
UNITS = {"us": 1.0, "ms": 1e3, "s": 1e6}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read()
        return json.loads(text) if text else None


def wait_ready(url, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url}: the host exited with {process.returncode}")
        try:
            call("GET", url + "/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} was not ready within {timeout} s")


def wrk(base, ids, seconds):
    env = dict(os.environ, GYM_ENV_IDS=" ".join(ids))
    n = str(len(ids))
    out = subprocess.run(["wrk", "-t", n, "-c", n, "-d", f"{seconds}s", "--latency", "-s", WRK_LUA, base],
                         capture_output=True, text=True, check=True, env=env).stdout
    latency = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1)), "p50_us": latency.get("50"),
            "p99_us": latency.get("99"), "errors": int(errors.group(1)) if errors else 0}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    args = parser.parse_args()
    if not os.path.exists(SERVER):
        raise SystemExit(f"build first: dotnet build GymBridge.sln -c Release (no {SERVER})")

    processes = []
    redis_port = free_port()
    processes.append(subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "",
                                       "--appendonly", "no"], stdout=subprocess.DEVNULL))
    try:
        time.sleep(0.5)
        hosts = []
        for _ in range(2):
            port, silo, gateway = free_port(), free_port(), free_port()
            process = subprocess.Popen(
                ["dotnet", SERVER, "--urls", f"http://127.0.0.1:{port}", "--workers", "1", "--cluster", f"127.0.0.1:{redis_port}",
                 "--cluster-id", "bench", "--silo-port", str(silo), "--gateway-port", str(gateway)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            processes.append(process)
            hosts.append({"base": f"http://127.0.0.1:{port}", "silo": silo, "process": process})
        for host in hosts:
            wait_ready(host["base"], host["process"])
        time.sleep(3)  # both silos in each other's membership view

        def owner_of(instance_id):
            envs = call("GET", hosts[0]["base"] + "/stats")["cluster"]["envs"]
            silo = next(e["silo"] for e in envs if e["instance_id"] == instance_id)
            return next(i for i, h in enumerate(hosts) if f":{h['silo']}@" in silo)

        # Envs owned by host 0 only, so "owner" and "other" step exactly the same envs.
        owned = []
        while len(owned) < max(args.clients):
            made = call("POST", hosts[0]["base"] + "/v1/envs/", {"env_id": "CartPole-v1"})["instance_id"]
            if owner_of(made) == 0:
                owned.append(made)
        for instance_id in owned:
            call("POST", hosts[0]["base"] + f"/v1/envs/{instance_id}/reset/", {"seed": 0})

        routes = {"owner": hosts[0]["base"], "other": hosts[1]["base"]}
        for base in routes.values():
            wrk(base, owned[:max(args.clients)], 3)  # warm-up, both hosts
        runs = {(name, c): [] for name in routes for c in args.clients}
        for r in range(args.rounds):
            print(f"round {r + 1}/{args.rounds}", file=sys.stderr)
            for c in args.clients:
                for name, base in routes.items():
                    runs[(name, c)].append(wrk(base, owned[:c], args.seconds))

        result = {"measured_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                  "load_average": os.getloadavg(), "rounds": args.rounds, "seconds": args.seconds,
                  "hosts": 2, "workers_per_host": 1, "env": "CartPole-v1"}
        for (name, c), values in runs.items():
            result[f"{name}_{c}_clients"] = {k: statistics.median(v[k] for v in values) for k in ("rps", "p50_us", "p99_us")} | {
                "errors": sum(v["errors"] for v in values)}
        for c in args.clients:
            result[f"hop_p50_us_{c}_clients"] = round(result[f"other_{c}_clients"]["p50_us"] - result[f"owner_{c}_clients"]["p50_us"], 1)
            result[f"other_vs_owner_rps_{c}_clients"] = round(result[f"other_{c}_clients"]["rps"] / result[f"owner_{c}_clients"]["rps"], 3)
        print(json.dumps(result, indent=2))
    finally:
        for process in reversed(processes):
            try:
                os.killpg(process.pid, 9) if process is not processes[0] else process.terminate()
            except ProcessLookupError:
                pass
        for process in processes:
            process.wait()


if __name__ == "__main__":
    main()
