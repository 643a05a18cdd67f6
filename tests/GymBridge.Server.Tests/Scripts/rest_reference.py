"""Seeded trajectories computed in-process by gymnasium, for the REST fidelity test.

usage: rest_reference.py SEED STEPS ENV_ID [ENV_ID ...]
Writes JSON: {env_id: {"actions": [...], "observations": [[float32 bits as ints]], "rewards": [...],
"terminated": [...], "truncated": [...], "resets": [[step_index, observation bits]]}}.
Observations travel as the uint32/uint64 bit patterns of their float values so the comparison is exact.
"""
import json
import sys

import gymnasium
import numpy as np


def bits(observation):
    array = np.asarray(observation)
    if array.dtype == np.float32:
        return {"dtype": "float32", "bits": array.reshape(-1).view(np.uint32).tolist()}
    if array.dtype == np.float64:
        return {"dtype": "float64", "bits": array.reshape(-1).view(np.uint64).tolist()}
    return {"dtype": str(array.dtype), "values": array.reshape(-1).tolist()}


def jsonable(action):
    return action.tolist() if hasattr(action, "tolist") else action


def trajectory(env_id, seed, steps):
    env = gymnasium.make(env_id)
    env.action_space.seed(seed)
    observation, _ = env.reset(seed=seed)
    out = {"actions": [], "observations": [], "rewards": [], "terminated": [], "truncated": [], "resets": [[0, bits(observation)]]}
    for index in range(steps):
        action = env.action_space.sample()
        observation, reward, terminated, truncated, _ = env.step(action)
        out["actions"].append(jsonable(action))
        out["observations"].append(bits(observation))
        out["rewards"].append(float(reward))
        out["terminated"].append(bool(terminated))
        out["truncated"].append(bool(truncated))
        if terminated or truncated:
            observation, _ = env.reset()
            out["resets"].append([index + 1, bits(observation)])
    env.close()
    return out


seed, steps = int(sys.argv[1]), int(sys.argv[2])
print(json.dumps({env_id: trajectory(env_id, seed, steps) for env_id in sys.argv[3:]}))
