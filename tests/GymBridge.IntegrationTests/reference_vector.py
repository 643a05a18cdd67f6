"""Runs gymnasium's SyncVectorEnv in-process; writes the run MessagePack-encoded to stdout.

usage: reference_vector.py ENV_ID NUM_ENVS SEED STEPS AUTORESET_MODE [MAX_EPISODE_STEPS]
Actions come from the batched action space seeded with SEED. In Disabled mode, envs whose episode
ended are reset with a reset mask after the step. The C# test replays the actions through VectorEnv.
"""

from __future__ import annotations

import sys

import gymnasium
from gymnasium.vector import AutoresetMode, SyncVectorEnv

from gymbridge_worker import codec


def main(env_id: str, num_envs: int, seed: int, steps: int, mode: str, max_episode_steps: int | None) -> dict:
    make = lambda: gymnasium.make(env_id, max_episode_steps=max_episode_steps)  # noqa: E731
    venv = SyncVectorEnv([make] * num_envs, autoreset_mode=AutoresetMode(mode))
    venv.action_space.seed(seed)
    observations, infos = venv.reset(seed=seed)
    run = {"reset": [observations, infos], "steps": []}
    for _ in range(steps):
        actions = venv.action_space.sample()
        observations, rewards, terminated, truncated, infos = venv.step(actions)
        partial_reset = None
        ended = terminated | truncated
        if mode == "Disabled" and ended.any():
            reset_observations, reset_infos = venv.reset(options={"reset_mask": ended})
            partial_reset = [ended, reset_observations, reset_infos]
        run["steps"].append([actions, observations, rewards, terminated, truncated, infos, partial_reset])
    venv.close()
    return run


if __name__ == "__main__":
    limit = int(sys.argv[6]) if len(sys.argv) > 6 else None
    sys.stdout.buffer.write(codec.pack(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], limit)))
