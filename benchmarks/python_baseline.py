"""In-process gymnasium baselines for the comparison runner: prints one JSON object.

usage: python_baseline.py single ENV_ID SECONDS
       python_baseline.py sync_vector|async_vector ENV_ID SECONDS NUM_ENVS
steps_per_s counts env-steps for the vector modes.
Actions are drawn before timing, so sampling cost is not measured; episodes reset as gymnasium does.
Each result also has ``cpu_s``: this process's CPU time over the timed loop (all of its threads).
"""

from __future__ import annotations

import json
import sys
import time

import gymnasium
import numpy as np
from gymnasium.vector import AsyncVectorEnv, SyncVectorEnv

import gymbridge_testenvs  # noqa: F401 - registers GymBridgeTest/Frames-v0


def single(env_id: str, seconds: float) -> dict:
    env = gymnasium.make(env_id)
    env.reset(seed=0)
    actions = np.random.default_rng(0).integers(0, env.action_space.n, 1000).tolist()
    steps = 0
    cpu = time.process_time()
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for action in actions:
            _, _, terminated, truncated, _ = env.step(action)
            if terminated or truncated:
                env.reset()
        steps += len(actions)
        if time.perf_counter() >= deadline:
            break
    return {"steps_per_s": steps / (time.perf_counter() - start), "cpu_s": time.process_time() - cpu, "steps": steps}


def vector(env_id: str, seconds: float, num_envs: int, kind: str) -> dict:
    fns = [lambda: gymnasium.make(env_id)] * num_envs
    venv = SyncVectorEnv(fns) if kind == "sync_vector" else AsyncVectorEnv(fns, shared_memory=True)
    try:
        venv.reset(seed=0)
        venv.action_space.seed(0)
        actions = [venv.action_space.sample() for _ in range(64)]
        batches = 0
        cpu = time.process_time()
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            venv.step(actions[batches % len(actions)])
            batches += 1
        elapsed = time.perf_counter() - start
        # AsyncVectorEnv's own worker processes are not counted in cpu_s.
        return {"steps_per_s": batches * num_envs / elapsed, "cpu_s": time.process_time() - cpu, "steps": batches * num_envs}
    finally:
        venv.close()


if __name__ == "__main__":
    mode, env_id, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    result = single(env_id, seconds) if mode == "single" else vector(env_id, seconds, int(sys.argv[4]), mode)
    print(json.dumps(result))
