"""A worker's slice of a vector env: gymnasium's SyncVectorEnv over shared buffers.

The supervisor splits N envs into contiguous slices, one SyncVectorEnv each, so autoreset modes and
final-observation handling are gymnasium's own. Actions, observations, rewards and the done flags of
array spaces live in one shared region (docs/protocol.md, "Vector envs"); other spaces travel in the
request and the reply.
"""

from __future__ import annotations

import mmap
import os
from typing import Any

import numpy as np
from gymnasium.vector import AutoresetMode, SyncVectorEnv
from gymnasium.vector.utils import concatenate, create_empty_array, iterate

from .errors import BadArgument


def _map(path: str, size: int) -> mmap.mmap:
    if os.name == "nt":
        return mmap.mmap(-1, size, tagname=path)
    fd = os.open(path, os.O_RDWR)
    try:
        return mmap.mmap(fd, size)
    finally:
        os.close(fd)


def _view(buffer: mmap.mmap, layout: dict[str, Any] | None) -> np.ndarray | None:
    if layout is None:
        return None
    return np.ndarray(tuple(layout["shape"]), np.dtype(layout["dtype"]), buffer=buffer, offset=int(layout["offset"]))


class _InfoRecordingVectorEnv(SyncVectorEnv):
    """A SyncVectorEnv that also keeps each env's own info dict, in the order it joined them.

    A slice cannot build the vector's infos itself: gymnasium types each info array by the first env
    of the whole vector that has the key, which may sit in another slice. So the supervisor replays
    gymnasium's joining over all envs from these records (src/GymBridge/Vector/VectorInfos.cs).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.records: list[list[Any]] = []
        self._depth = 0

    def _add_info(self, vector_infos: dict[str, Any], env_info: dict[str, Any], env_num: int) -> dict[str, Any]:
        if self._depth == 0 and env_info:
            self.records.append([env_num, _keep_scalar_dtypes(env_info)])
        self._depth += 1
        try:
            return super()._add_info(vector_infos, env_info, env_num)
        finally:
            self._depth -= 1


def _keep_scalar_dtypes(info: dict[str, Any]) -> dict[str, Any]:
    """NumPy scalars as 0-d arrays (the wire would make them plain numbers), since their dtype types the vector array."""
    return {
        key: _keep_scalar_dtypes(value) if isinstance(value, dict) else np.asarray(value) if isinstance(value, np.number) else value
        for key, value in info.items()
    }


class VectorSlice:
    def __init__(self, env_fns: list[Any], autoreset_mode: str) -> None:
        try:
            mode = AutoresetMode(autoreset_mode)
        except ValueError as error:
            modes = [m.value for m in AutoresetMode]
            raise BadArgument(f"autoreset_mode must be one of {modes}, got '{autoreset_mode}'") from error
        self.env = _InfoRecordingVectorEnv(env_fns, autoreset_mode=mode)
        self.num_envs = self.env.num_envs
        self._buffer: mmap.mmap | None = None
        self.actions: np.ndarray | None = None
        self.observations: np.ndarray | None = None
        self._scratch_actions = create_empty_array(self.env.single_action_space, self.num_envs)

    def attach(self, shared: dict[str, Any]) -> None:
        """Maps this slice's part of the vector's shared buffers."""
        self._buffer = _map(str(shared["path"]), int(shared["size"]))
        self.actions = _view(self._buffer, shared.get("actions"))
        self.observations = _view(self._buffer, shared.get("observations"))
        self.rewards = _view(self._buffer, shared["rewards"])
        self.terminated = _view(self._buffer, shared["terminated"])
        self.truncated = _view(self._buffer, shared["truncated"])

    def reset(self, seed: int | None, options: dict[str, Any] | None) -> list[Any]:
        self._require_buffers()
        if options and "reset_mask" in options:
            options = {**options, "reset_mask": np.asarray(options["reset_mask"], dtype=np.bool_)}
        self.env.records = []
        observations, _ = self.env.reset(seed=seed, options=options)
        return [self._publish_observations(observations), self.env.records]

    def step(self, actions: Any) -> list[Any]:
        self._require_buffers()
        if self.actions is not None:
            batch = self.actions
        elif isinstance(actions, list) and len(actions) == self.num_envs:
            batch = concatenate(self.env.single_action_space, actions, self._scratch_actions)
        else:
            raise BadArgument(f"actions must be a list of {self.num_envs} actions for this slice")
        self.env.records = []
        observations, rewards, terminated, truncated, _ = self.env.step(batch)
        self.rewards[:] = rewards
        self.terminated[:] = terminated
        self.truncated[:] = truncated
        return [self._publish_observations(observations), self.env.records]

    def _require_buffers(self) -> None:
        if self._buffer is None:
            raise BadArgument("this vector slice has no shared buffers yet (vector_attach first)")

    def _publish_observations(self, observations: Any) -> Any:
        """Writes array observations to the shared buffer (None in the reply); others go in the reply, one per env."""
        if self.observations is not None:
            np.copyto(self.observations, observations)
            return None
        return list(iterate(self.env.observation_space, observations))

    def close(self) -> None:
        self.env.close()
        self.actions = self.observations = None
        self.__dict__.pop("rewards", None)
        self.__dict__.pop("terminated", None)
        self.__dict__.pop("truncated", None)
        if self._buffer is not None:
            try:
                self._buffer.close()
            except BufferError:
                pass  # a view is still referenced somewhere; the mapping goes with the process
            self._buffer = None
