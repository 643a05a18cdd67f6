"""The test envs registered by ``gymbridge_testenvs``."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces


class _CountingEnv(gym.Env):
    """Discrete(2) actions, a 1-float observation counting steps."""

    action_space = spaces.Discrete(2)
    observation_space = spaces.Box(0.0, np.inf, (1,), np.float32)

    def __init__(self) -> None:
        self.steps = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.steps = 0
        return np.zeros(1, np.float32), {}

    def _observe(self):
        self.steps += 1
        return np.full(1, self.steps, np.float32), 1.0, False, False, {"steps": self.steps}


class RaisingEnv(_CountingEnv):
    """Raises from step when the action is 1; action 0 steps normally."""

    def step(self, action):
        if action == 1:
            raise RuntimeError(f"the env raised on purpose at step {self.steps}")
        return self._observe()


class HangingEnv(_CountingEnv):
    """Hangs in step when the action is 1; with ``interruptible=False`` SIGINT does not end the hang either."""

    def __init__(self, interruptible: bool = True) -> None:
        super().__init__()
        self.interruptible = interruptible

    def step(self, action):
        if action == 1:
            if not self.interruptible:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
            time.sleep(3600)
        return self._observe()


class ExitingEnv(_CountingEnv):
    """Kills its own process in step when the action is 1: ``os._exit`` or, with ``how="abort"``, ``os.abort``."""

    def __init__(self, how: str = "exit") -> None:
        super().__init__()
        self.how = how

    def step(self, action):
        if action == 1:
            if self.how == "abort":
                os.abort()
            os._exit(7)
        return self._observe()


class AllSpacesEnv(gym.Env):
    """Nested Dict/Tuple observation of every space type, a Tuple action, and a rich info dict."""

    metadata = {"render_modes": ["ansi", "rgb_array"]}

    def __init__(self, render_mode: str | None = None) -> None:
        self.render_mode = render_mode
        self.observation_space = spaces.Dict(
            {
                "position": spaces.Box(-1.0, 1.0, (2, 3), np.float64),
                "flags": spaces.MultiBinary(4),
                "grid": spaces.MultiDiscrete([3, 4, 5]),
                "pair": spaces.Tuple((spaces.Discrete(5, start=-2), spaces.Text(max_length=6, min_length=1))),
                "pixels": spaces.Box(0, 255, (2, 2), np.uint8),
            }
        )
        self.action_space = spaces.Tuple((spaces.Discrete(3), spaces.Box(-1.0, 1.0, (2,), np.float32)))
        self.steps = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.observation_space.seed(seed)
        self.steps = 0
        return self.observation_space.sample(), {"options": options, "seeded": seed is not None}

    def step(self, action):
        self.steps += 1
        info = {
            "steps": self.steps,
            "action_taken": action,
            "nested": {"array": np.arange(3, dtype=np.int16), "none": None, "text": "héllo", "float32": np.float32(0.25)},
            "tuple": (1, 2.5, "three"),
            "numpy_bool": np.bool_(True),
        }
        return self.observation_space.sample(), float(self.steps) / 2, self.steps >= 5, False, info

    def render(self):
        if self.render_mode == "ansi":
            return f"step {self.steps}\n"
        return np.full((4, 6, 3), self.steps, np.uint8)


class FramesEnv(gym.Env):
    """Atari-sized uint8 frames (84x84x4 by default) for measuring large observations."""

    action_space = spaces.Discrete(4)

    def __init__(self, size: int = 84) -> None:
        self.observation_space = spaces.Box(0, 255, (size, size, 4), np.uint8)
        self.frame = np.zeros((size, size, 4), np.uint8)

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.frame[:] = self.np_random.integers(0, 256, self.frame.shape, dtype=np.uint8)
        return self.frame.copy(), {}

    def step(self, action):
        self.frame = np.roll(self.frame, int(action) + 1, axis=1)
        return self.frame.copy(), 1.0, False, False, {}


class DelayEnv(gym.Env):
    """Steps that take uneven time: each step sleeps a delay drawn from the env's seeded generator.

    The delay is ``mean_ms`` times an exponential draw, capped at ``max_ms``, so a vector of these
    waits for its slowest env on every synchronous step (the case EnvPool's asynchronous mode is for).
    Sleeping costs no CPU, so many workers can run these on a small machine.
    """

    action_space = spaces.Discrete(2)
    observation_space = spaces.Box(0.0, np.inf, (2,), np.float32)

    def __init__(self, mean_ms: float = 1.0, max_ms: float = 10.0) -> None:
        self.mean_ms = mean_ms
        self.max_ms = max_ms
        self.steps = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.steps = 0
        return np.zeros(2, np.float32), {}

    def step(self, action):
        delay_ms = min(self.mean_ms * self.np_random.exponential(), self.max_ms)
        time.sleep(delay_ms / 1000)
        self.steps += 1
        return np.array([self.steps, delay_ms], np.float32), 1.0, False, self.steps >= 1000, {}


class OffSpaceEnv(gym.Env):
    """Declares float32 observations but returns float64 ones on odd steps (1st, 3rd, ...): the lane step's fallback."""

    action_space = spaces.Discrete(2)
    observation_space = spaces.Box(-np.inf, np.inf, (3,), np.float32)

    def __init__(self) -> None:
        self.steps = 0

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        self.steps = 0
        return np.zeros(3, np.float32), {}

    def step(self, action):
        self.steps += 1
        dtype = np.float64 if self.steps % 2 else np.float32
        return np.full(3, self.steps, dtype), float(self.steps), False, False, {}
