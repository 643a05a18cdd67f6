"""Runs seeded trajectories in-process with gymnasium; writes them MessagePack-encoded to stdout.

usage: reference_trajectory.py SEED STEPS ENV_ID [ENV_ID ...]
For each env: reset(seed=SEED), actions from action_space.seed(SEED).sample(), reset() again
whenever an episode ends. The C# fidelity test replays the same actions through the bridge.
"""

from __future__ import annotations

import sys

import gymnasium

from gymbridge_worker import codec


def trajectory(env_id: str, seed: int, steps: int) -> dict:
    env = gymnasium.make(env_id)
    env.action_space.seed(seed)
    observation, info = env.reset(seed=seed)
    resets = [[0, observation, info]]
    actions, results = [], []
    for index in range(steps):
        action = env.action_space.sample()
        observation, reward, terminated, truncated, info = env.step(action)
        actions.append(action)
        results.append([observation, reward, terminated, truncated, info])
        if terminated or truncated:
            observation, info = env.reset()
            resets.append([index + 1, observation, info])
    env.close()
    return {"actions": actions, "steps": results, "resets": resets}


def main(argv: list[str]) -> None:
    seed, steps = int(argv[1]), int(argv[2])
    sys.stdout.buffer.write(codec.pack({env_id: trajectory(env_id, seed, steps) for env_id in argv[3:]}))


if __name__ == "__main__":
    main(sys.argv)
