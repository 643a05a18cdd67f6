"""The worker's own cost of one lane step, in one process: no supervisor, no hand-off, no scheduler.

usage: python benchmarks/worker_lane_step.py [ENV_ID] [STEPS]   (with python_worker on sys.path, e.g. PYTHONPATH=python_worker)
Prints one JSON object: µs per bare ``env.step`` and per lane step (the request written into a lane as the
supervisor writes it, then the worker's take, dispatch, step and reply as ``serve`` runs them). The difference is
what the worker adds per step (docs/performance.md, "Single env: what a step costs").
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import sys
import tempfile
import time

import gymbridge_testenvs  # noqa: F401 - registers GymBridgeTest/Frames-v0
from gymbridge_worker import lane as lanes, server

_SIZE, _REQUEST_CAPACITY = 4 << 20, 64 * 1024
_REQUEST = struct.Struct("<IIqq")  # a lane step request with a Discrete action
_U32 = struct.Struct("<I")


def main(env_id: str, steps: int) -> dict[str, float]:
    fd, path = tempfile.mkstemp()
    os.ftruncate(fd, _SIZE)
    mapping = mmap.mmap(fd, _SIZE)
    os.close(fd)
    worker = server.Worker()
    handle = worker.envs.make({"env_id": env_id})["handle"]
    worker.envs.reset({"handle": handle, "seed": 0})
    lane = worker.lane = lanes.Lane(path, _SIZE, _REQUEST_CAPACITY, "futex")
    os.unlink(path)
    packer = server.codec.packer()
    flags = lanes.AREAS + _REQUEST_CAPACITY + 4  # terminated, truncated of the reply
    seq = 0

    def lane_steps() -> float:
        nonlocal seq
        start = time.perf_counter()
        for i in range(steps):
            seq += 1
            _REQUEST.pack_into(mapping, lanes.AREAS, seq, 8, handle, i & 1)
            _U32.pack_into(mapping, lanes.REQUEST_LENGTH, _REQUEST.size)
            _U32.pack_into(mapping, lanes.REQUEST_KIND, lanes.LANE_STEP)
            _U32.pack_into(mapping, lanes.REQUEST_SEQ, seq)
            server._answer_on_lane(worker, lane, None, packer, lane.take_request())
            if mapping[flags] or mapping[flags + 1]:
                worker.envs.reset({"handle": handle})
        return (time.perf_counter() - start) / steps * 1e6

    env = worker.envs.get({"handle": handle})

    def bare_steps() -> float:
        start = time.perf_counter()
        for i in range(steps):
            _, _, terminated, truncated, _ = env.step(i & 1)
            if terminated or truncated:
                env.reset()
        return (time.perf_counter() - start) / steps * 1e6

    bare_steps(), lane_steps()  # warm-up
    bare, through_lane = min(bare_steps() for _ in range(3)), min(lane_steps() for _ in range(3))
    return {"env_step_us": round(bare, 2), "lane_step_us": round(through_lane, 2), "worker_overhead_us": round(through_lane - bare, 2)}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1] if len(sys.argv) > 1 else "CartPole-v1", int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)))
