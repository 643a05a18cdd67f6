"""Seeded gymnasium SyncVectorEnv run computed in-process, for the REST vector fidelity test.

usage: vector_reference.py ENV_ID NUM_ENVS SEED STEPS AUTORESET_MODE MAX_EPISODE_STEPS
Writes JSON: {"reset": observations, "steps": [{"actions", "observations", "rewards", "terminated", "truncated"}]}.
Observations are flat lists of float values (float32 values are exact in a double).
"""
import json
import sys

import gymnasium
from gymnasium.vector import AutoresetMode, SyncVectorEnv


def main(env_id, num_envs, seed, steps, mode, max_episode_steps):
    make = lambda: gymnasium.make(env_id, max_episode_steps=max_episode_steps)  # noqa: E731
    venv = SyncVectorEnv([make] * num_envs, autoreset_mode=AutoresetMode(mode))
    venv.action_space.seed(seed)
    observations, _ = venv.reset(seed=seed)
    run = {"reset": observations.reshape(-1).tolist(), "steps": []}
    for _ in range(steps):
        actions = venv.action_space.sample()
        observations, rewards, terminated, truncated, _ = venv.step(actions)
        run["steps"].append({
            "actions": actions.tolist(),
            "observations": observations.reshape(-1).tolist(),
            "rewards": rewards.tolist(),
            "terminated": terminated.tolist(),
            "truncated": truncated.tolist(),
        })
    venv.close()
    return run


print(json.dumps(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6]))))
