"""In-process gymnasium baseline for the comparison runner: prints one JSON object.

usage: python_baseline.py single ENV_ID SECONDS
Steps one env with pre-drawn actions (so sampling cost is not measured), resetting on episode end.
"""

from __future__ import annotations

import json
import sys
import time

import gymnasium
import numpy as np


def single(env_id: str, seconds: float) -> dict:
    env = gymnasium.make(env_id)
    env.reset(seed=0)
    actions = np.random.default_rng(0).integers(0, env.action_space.n, 100_000).tolist()
    steps = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for action in actions[:1000]:
            _, _, terminated, truncated, _ = env.step(action)
            if terminated or truncated:
                env.reset()
        steps += 1000
        if time.perf_counter() >= deadline:
            break
    return {"steps_per_s": steps / (time.perf_counter() - start)}


if __name__ == "__main__":
    mode, env_id, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    print(json.dumps({"single": single}[mode](env_id, seconds)))
