#!/usr/bin/env python3
"""The REST host against its ceiling, in one run (scripts/bench-rest.sh builds, then runs this).

Starts the ceiling (benchmarks/GymBridge.Benchmarks.RestCeiling: Kestrel, the step routes, canned CartPole
replies), the real host (its defaults, CartPole-v1) and, when given a checkout, cloudkj/gymnasium-http-api;
warms each up; then measures each with the peers' wrk script at 8 clients and 1 client, hosts interleaved
round by round; prints one JSON object (medians over the rounds). Standard library only.
"""
import argparse
import datetime
import json
import os
import re
import resource
import shlex
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=8, help="seconds of 8-client wrk per host before the rounds")
    parser.add_argument("--clients", default="8,1", help="client counts measured per host and round")
    parser.add_argument("--wrk-step", default=os.path.join(ROOT, "..", "shared", "bench", "wrk_step.sh"))
    parser.add_argument("--cloudkj", default="", help="a checkout of cloudkj/gymnasium-http-api to measure too")
    parser.add_argument("--python", default=os.environ.get("GYMBRIDGE_PYTHON", os.path.join(ROOT, ".venv", "bin", "python")))
    parser.add_argument("--no-ceiling", action="store_true")
    parser.add_argument("--sockets", action="store_true",
                        help="instead: one client on the real host's /gym WebSocket (Gymie and gymnasium protocols, unpipelined "
                             "and pipelined 8 deep) and on the vector REST step (64 and 512 envs, JSON and MessagePack), interleaved")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=ARGS",
                        help="another real host, started with extra ARGS; tokens VAR=VALUE set its environment, "
                             "a token @PATH runs that GymBridge.Server.dll instead (an A/B of a build)")
    return parser.parse_args()


class Host:
    def __init__(self, name, port, command, env=None, cwd=None, gymbridge=False):
        self.name, self.port, self.command, self.gymbridge = name, port, command, gymbridge
        self.base = f"http://127.0.0.1:{port}"
        self.env, self.cwd = env, cwd
        self.process = None

    def start(self):
        self.log = open(f"/tmp/rest-bench-{self.name}.log", "w")
        self.process = subprocess.Popen(self.command, env=self.env, cwd=self.cwd, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited with {self.process.returncode}; see /tmp/rest-bench-{self.name}.log")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
                if self.gymbridge:
                    get_json(self.base + "/healthz")
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{self.name} did not start within {timeout} s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def cpu_seconds(self):
        """CPU time of the host process and its descendants (the workers), from /proc."""
        tick = os.sysconf("SC_CLK_TCK")
        parents, times = {}, {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry)] = int(fields[1])
                times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
        own = times.get(self.process.pid, 0.0)
        self.switches = 0
        try:
            for task in os.listdir(f"/proc/{self.process.pid}/task"):
                with open(f"/proc/{self.process.pid}/task/{task}/status") as f:
                    self.switches += sum(int(line.split()[1]) for line in f if "ctxt_switches" in line)
        except OSError:
            pass
        children = 0.0
        for pid in times:
            ancestor = parents.get(pid)
            while ancestor and ancestor != self.process.pid:
                ancestor = parents.get(ancestor)
            if ancestor == self.process.pid:
                children += times[pid]
        return own, children


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


UNITS = {"us": 1.0, "ms": 1000.0, "s": 1e6}


def wrk(wrk_step, base, clients, seconds):
    started = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(["bash", wrk_step, base, str(clients), str(seconds)], capture_output=True, text=True, check=True).stdout
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", output).group(1))
    latency = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s*(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)}
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    client_cpu = (ended.ru_utime + ended.ru_stime) - (started.ru_utime + started.ru_stime)
    return {"rps": round(rps, 1), "p50_us": latency.get("50"), "p90_us": latency.get("90"), "p99_us": latency.get("99"),
            "requests": total, "errors": int(errors.group(1)) if errors else 0, "client_cpu_s": round(client_cpu, 3)}


def measure(host, args, clients, seconds):
    before_stats = get_json(host.base + "/stats") if host.gymbridge else None
    cpu_before = host.cpu_seconds()
    switches_before = host.switches
    result = wrk(args.wrk_step, host.base, clients, seconds)
    cpu_after = host.cpu_seconds()
    requests = max(result["requests"], 1)
    result["host_cpu_us_per_request"] = round((cpu_after[0] - cpu_before[0]) / requests * 1e6, 1)
    result["host_switches_per_request"] = round((host.switches - switches_before) / requests, 2)
    result["children_cpu_us_per_request"] = round((cpu_after[1] - cpu_before[1]) / requests * 1e6, 1)
    if before_stats is not None:
        after_stats = get_json(host.base + "/stats")
        served = (after_stats["steps"] - before_stats["steps"]) + (after_stats["resets"] - before_stats["resets"])
        result["allocated_bytes_per_request"] = round((after_stats["allocated_bytes"] - before_stats["allocated_bytes"]) / max(served, 1))
    return result


def variant_host(name, spec, port, server_dll, env):
    tokens = shlex.split(spec)
    env = dict(env)
    dll, extra = server_dll, []
    for token in tokens:
        if not extra and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", token):
            key, value = token.split("=", 1)
            env[key] = value
        elif not extra and token.startswith("@"):
            dll = token[1:]
        else:
            extra.append(token)
    return Host(name, port, ["dotnet", dll, "--urls", f"http://127.0.0.1:{port}", *extra], env=env, gymbridge=True)


SOCKET_RUNS = [("rest",), ("ws", "gymie", "1"), ("ws", "gymnasium", "1"), ("ws", "gymie", "8"), ("ws", "gymnasium", "8"),
               ("vector", "64", "json"), ("vector", "64", "msgpack"), ("vector", "512", "json"), ("vector", "512", "msgpack")]


def sockets(args, env, server_dll):
    client_dll = os.path.join(ROOT, "benchmarks/GymBridge.Benchmarks.RestClient/bin/Release/net10.0/GymBridge.Benchmarks.RestClient.dll")
    # 512 envs are above the default env limits (256 on the server, 64 per client)
    host = Host("host", 5180, ["dotnet", server_dll, "--urls", "http://127.0.0.1:5180", "--max-envs", "0", "--max-envs-per-client", "0"],
                env=env, gymbridge=True)
    load_before = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    raw = {}

    def run(spec, seconds):
        mode, *options = spec
        command = ["dotnet", client_dll, mode, host.base, *options, str(seconds)]
        return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)

    try:
        host.start()
        host.wait_ready()
        for spec in SOCKET_RUNS:
            run(spec, 2)  # warm-up of both sides
        for _ in range(args.rounds):
            for spec in SOCKET_RUNS:
                result = run(spec, args.seconds)
                raw.setdefault(result["name"], []).append(result)
    finally:
        host.stop()
    report = {"started_utc": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "load_average_before": [round(x, 2) for x in load_before],
              "load_average_after": [round(x, 2) for x in os.getloadavg()],
              "rounds": args.rounds, "seconds": args.seconds, "env_id": "CartPole-v1"}
    for name, runs in raw.items():
        report[f"{name}_steps_per_s"] = round(statistics.median(r["steps_per_s"] for r in runs), 1)
        report[f"{name}_p50_us"] = round(statistics.median(r["p50_us"] for r in runs), 1)
    for n in (64, 512):
        if f"vector{n}_json_steps_per_s" in report:
            report[f"vector{n}_msgpack_vs_json"] = round(report[f"vector{n}_msgpack_steps_per_s"] / report[f"vector{n}_json_steps_per_s"], 3)
    report["raw"] = raw
    json.dump(report, sys.stdout, indent=1)
    print()


def main():
    args = parse_args()
    if not os.path.exists(args.wrk_step):
        raise SystemExit(f"no wrk script at {args.wrk_step} (the peers' benchmark, ../shared/bench/wrk_step.sh); pass --wrk-step")
    env = dict(os.environ, GYMBRIDGE_PYTHON=args.python)
    server_dll = os.path.join(ROOT, "src/GymBridge.Server/bin/Release/net10.0/GymBridge.Server.dll")
    if args.sockets:
        return sockets(args, env, server_dll)
    ceiling_dll = os.path.join(ROOT, "benchmarks/GymBridge.Benchmarks.RestCeiling/bin/Release/net10.0/GymBridge.Benchmarks.RestCeiling.dll")
    hosts = []
    if not args.no_ceiling:
        hosts.append(Host("ceiling", 5181, ["dotnet", ceiling_dll, "--urls", "http://127.0.0.1:5181"], env=env))
    hosts.append(Host("host", 5180, ["dotnet", server_dll, "--urls", "http://127.0.0.1:5180"], env=env, gymbridge=True))
    for i, spec in enumerate(args.variant):
        name, _, rest = spec.partition("=")
        hosts.append(variant_host(name, rest, 5183 + i, server_dll, env))
    if args.cloudkj:
        hosts.append(Host("cloudkj", 5182, [args.python, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1", "--port", "5182",
                                            "--log-level", "warning"], env=env, cwd=args.cloudkj))
    clients = [int(c) for c in args.clients.split(",")]
    load_before = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    raw = {h.name: {c: [] for c in clients} for h in hosts}
    try:
        for host in hosts:
            host.start()
        for host in hosts:
            host.wait_ready()
        for host in hosts:
            wrk(args.wrk_step, host.base, 8, args.warmup)
            wrk(args.wrk_step, host.base, 1, 2)
        for round_index in range(args.rounds):
            order = hosts[round_index % len(hosts):] + hosts[:round_index % len(hosts)]
            for host in order:
                for c in clients:
                    raw[host.name][c].append(measure(host, args, c, args.seconds))
    finally:
        for host in hosts:
            host.stop()

    def median(name, c, key):
        values = [r[key] for r in raw[name][c] if r.get(key) is not None]
        return round(statistics.median(values), 1) if values else None

    report = {"started_utc": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "load_average_before": [round(x, 2) for x in load_before],
              "load_average_after": [round(x, 2) for x in os.getloadavg()],
              "rounds": args.rounds, "seconds": args.seconds, "env_id": "CartPole-v1"}
    for host in hosts:
        for c in clients:
            for key in ("rps", "p50_us", "p99_us", "host_cpu_us_per_request", "host_switches_per_request", "children_cpu_us_per_request", "allocated_bytes_per_request"):
                value = median(host.name, c, key)
                if value is not None:
                    report[f"{host.name}_{c}_{key}"] = value
    if "ceiling" in raw:
        for host in hosts:
            if host.gymbridge:
                if 8 in clients:
                    report[f"{host.name}_8_vs_ceiling"] = round(report[f"{host.name}_8_rps"] / report["ceiling_8_rps"], 3)
                if 1 in clients:
                    report[f"{host.name}_1_p50_over_ceiling_us"] = round(report[f"{host.name}_1_p50_us"] - report["ceiling_1_p50_us"], 1)
    if "cloudkj" in raw and 8 in clients:
        report["host_8_vs_cloudkj"] = round(report["host_8_rps"] / report["cloudkj_8_rps"], 2)
    report["raw"] = {name: {str(c): runs for c, runs in by_clients.items()} for name, by_clients in raw.items()}
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
