"""The envs a worker hosts, by handle, and the operations on them."""

from __future__ import annotations

import importlib
import struct
from collections.abc import Callable
from typing import Any

import gymnasium
import gymnasium.error
from gymnasium.envs.registration import parse_env_id

import numpy as np

from . import codec, spaces
from .errors import BadArgument, NoSuchEnv, NotSupported, UnknownEnv, consuming
from .vector import VectorSlice

Args = dict[str, Any]
# How a lane step's action becomes an action (read from a buffer at an offset, with its length in bytes, and
# checked against the space), and the dtype and shape its observation must have.
LaneSpec = tuple[Callable[[Any, int, int], Any], tuple[np.dtype, tuple[int, ...]]]
_ARRAY_SPACES = (gymnasium.spaces.Box, gymnasium.spaces.MultiBinary, gymnasium.spaces.MultiDiscrete)
_I64 = struct.Struct("<q")


def _lane_layout(space: gymnasium.spaces.Space) -> tuple[np.dtype, tuple[int, ...]] | None:
    """How a value of the space sits in a lane step (docs/protocol.md, "Lane steps"): Discrete as an int64, arrays as they are."""
    if isinstance(space, gymnasium.spaces.Discrete):
        return np.dtype(np.int64), ()
    if isinstance(space, _ARRAY_SPACES) and space.dtype is not None and space.dtype.kind in "biuf" and space.dtype.byteorder != ">":
        return space.dtype, tuple(space.shape)
    return None


def _lane_spec(env: gymnasium.Env, convert: Callable[[Any], Any]) -> LaneSpec | None:
    action, observation = _lane_layout(env.action_space), _lane_layout(env.observation_space)
    if action is None or observation is None:
        return None
    dtype, shape = action
    count = int(np.prod(shape, dtype=np.int64))
    size = dtype.itemsize * count

    def wrong_size(length: int) -> BadArgument:
        return BadArgument(f"a lane step action of this env is {size} bytes, got {length}")

    if not shape:  # Discrete: the hot case, its range checked here and anything else by the converter's message
        space = env.action_space
        low, high = int(space.start), int(space.start + space.n)

        def discrete(buffer: Any, offset: int, length: int) -> Any:
            if length != 8:
                raise wrong_size(length)
            value = _I64.unpack_from(buffer, offset)[0]
            return value if low <= value < high else convert(value)

        return discrete, observation

    def array(buffer: Any, offset: int, length: int) -> Any:
        if length != size:
            raise wrong_size(length)
        return convert(np.frombuffer(buffer, dtype, count, offset).reshape(shape).copy())

    return array, observation


def _required(args: Args, key: str, kind: type | tuple[type, ...]) -> Any:
    if key not in args:
        raise BadArgument(f"missing argument '{key}'")
    value = args[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise BadArgument(f"argument '{key}' must be {getattr(kind, '__name__', kind)}, got {type(value).__name__}")
    return value


def _optional(args: Args, key: str, kind: type | tuple[type, ...]) -> Any:
    return None if args.get(key) is None else _required(args, key, kind)


def _seed(args: Args) -> int | None:
    """gymnasium's seeds are non-negative ints (it raises its base Error otherwise, after the env has started to reset)."""
    seed = args.get("seed")
    if seed is not None and (type(seed) is not int or seed < 0):
        raise BadArgument(f"seed must be a non-negative integer, got {seed!r:.100}")
    return seed


def _env_id(args: Args) -> str:
    """The id, checked for gymnasium's form [module:][namespace/](env-name)[-v(version)] before anything is imported."""
    env_id = _required(args, "env_id", str)
    module, _, name = env_id.rpartition(":")
    try:
        if ":" in module:
            raise gymnasium.error.Error("more than one ':'")
        parse_env_id(name)
    except gymnasium.error.Error:
        raise UnknownEnv(
            f"Attempted to look up malformed environment ID '{env_id:.200}': ids have the form "
            "[module:][namespace/](env-name)-v(version), e.g. CartPole-v1"
        ) from None
    if module:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name is None or not module.startswith(error.name):
                raise  # the module exists but imports something missing: a dependency
            raise UnknownEnv(f"{env_id}: there is no module '{module}' to import its envs from") from None
    return env_id


class EnvTable:
    def __init__(self) -> None:
        self._envs: dict[int, gymnasium.Env | VectorSlice] = {}
        self._actions: dict[int, Callable[[Any], Any]] = {}
        self._lane_specs: dict[int, LaneSpec] = {}
        self._next_handle = 1

    def __len__(self) -> int:
        return len(self._envs)

    def _lookup(self, args: Args) -> gymnasium.Env | VectorSlice:
        handle = _required(args, "handle", int)
        env = self._envs.get(handle)
        if env is None:
            raise NoSuchEnv(f"no env with handle {handle} on this worker (never made, or already closed)")
        return env

    def get(self, args: Args) -> gymnasium.Env:
        env = self._lookup(args)
        if isinstance(env, VectorSlice):
            raise BadArgument(f"handle {args['handle']} is a vector slice; use the vector_* operations")
        return env

    def _make_env(self, args: Args) -> tuple[str, dict[str, Any], gymnasium.Env]:
        """gymnasium.make with the request's arguments; returns (env_id, make kwargs, env)."""
        env_id = _env_id(args)
        kwargs = dict(_optional(args, "kwargs", dict) or {})
        render_mode = _optional(args, "render_mode", str)
        max_episode_steps = _optional(args, "max_episode_steps", int)
        if render_mode is not None:
            # make() forwards render_mode to the constructor, so only pass it when asked for.
            kwargs["render_mode"] = render_mode
        if max_episode_steps is not None:
            kwargs["max_episode_steps"] = max_episode_steps
        with consuming("make arguments", kwargs):
            env = gymnasium.make(env_id, **kwargs)
        modes = env.metadata.get("render_modes", [])
        if render_mode is not None and render_mode not in modes:
            env.close()
            raise BadArgument(f"render_mode '{render_mode}' is not supported by {env_id}; it supports {modes}")
        return env_id, kwargs, env

    def _add(self, env: Any, converter: Callable[[Any], Any] | None) -> int:
        handle = self._next_handle
        self._next_handle += 1
        self._envs[handle] = env
        if converter is not None:
            self._actions[handle] = converter
        return handle

    def make(self, args: Args) -> dict[str, Any]:
        env_id, _, env = self._make_env(args)
        convert = spaces.action_converter(env.action_space)
        handle = self._add(env, convert)
        lane_spec = _lane_spec(env, convert)
        if lane_spec is not None:
            self._lane_specs[handle] = lane_spec
        spec = env.spec
        return {
            "handle": handle,
            "env_id": spec.id if spec else env_id,
            "action_space": spaces.describe(env.action_space),
            "observation_space": spaces.describe(env.observation_space),
            "render_mode": env.render_mode,
            "max_episode_steps": spec.max_episode_steps if spec else None,
            "reward_threshold": spec.reward_threshold if spec else None,
        }

    def make_vector(self, args: Args) -> dict[str, Any]:
        num_envs = _required(args, "num_envs", int)
        if num_envs < 1:
            raise BadArgument(f"num_envs must be at least 1, got {num_envs}")
        env_id, kwargs, first = self._make_env(_required(args, "make", dict))
        fns = [lambda: first] + [lambda: gymnasium.make(env_id, **kwargs)] * (num_envs - 1)
        try:
            with consuming("make arguments", kwargs):
                vector = VectorSlice(fns, str(args.get("autoreset_mode") or "NextStep"))
        except Exception:
            first.close()
            raise
        handle = self._add(vector, None)
        return {
            "handle": handle,
            "env_id": first.spec.id if first.spec else env_id,
            "action_space": spaces.describe(vector.env.single_action_space),
            "observation_space": spaces.describe(vector.env.single_observation_space),
        }

    def _vector(self, args: Args) -> VectorSlice:
        vector = self._lookup(args)
        if not isinstance(vector, VectorSlice):
            raise BadArgument(f"handle {args['handle']} is a single env, not a vector slice")
        return vector

    def vector_attach(self, args: Args) -> None:
        self._vector(args).attach(_required(args, "shared", dict))

    def vector_reset(self, args: Args) -> list[Any]:
        vector, seed, options = self._vector(args), _seed(args), _optional(args, "options", dict)
        with consuming("reset options", options):
            return vector.reset(seed, options)

    def vector_step(self, args: Args) -> list[Any]:
        return self._vector(args).step(args.get("actions"))

    def reset(self, args: Args) -> list[Any]:
        env, seed, options = self.get(args), _seed(args), _optional(args, "options", dict)
        with consuming("reset options", options):
            observation, info = env.reset(seed=seed, options=options)
        return [observation, info]

    def step(self, args: Args) -> list[Any]:
        # The hot path: one dict lookup for a valid handle, the checked path for anything else.
        handle = args.get("handle")
        convert = self._actions.get(handle) if type(handle) is int else None
        if convert is None:
            self.get(args)  # raises the error that fits
        if "action" not in args:
            raise BadArgument("missing argument 'action'")
        observation, reward, terminated, truncated, info = self._envs[handle].step(convert(args["action"]))
        return [codec.wire(observation), reward, terminated, truncated, info]

    def lane_spec(self, handle: int) -> tuple[Callable[[Any, int, int], Any], tuple[np.dtype, tuple[int, ...]], Callable[[Any], Any]]:
        """How ``handle`` takes lane steps: its action decoder, its observation's layout and its env's ``step``."""
        spec = self._lane_specs.get(handle)
        if spec is None:
            self.get({"handle": handle})  # raises the error that fits
            raise BadArgument(f"handle {handle} cannot take lane steps (its spaces are not Discrete or arrays)")
        action, observation_layout = spec
        return action, observation_layout, self._envs[handle].step

    def spaces(self, args: Args) -> dict[str, Any]:
        env = self.get(args)
        return {
            "action_space": spaces.describe(env.action_space),
            "observation_space": spaces.describe(env.observation_space),
        }

    def _space(self, args: Args) -> gymnasium.spaces.Space:
        env = self.get(args)
        which = _required(args, "space", str)
        if which not in ("action", "observation"):
            raise BadArgument(f"space must be 'action' or 'observation', got '{which}'")
        return env.action_space if which == "action" else env.observation_space

    def sample(self, args: Args) -> Any:
        space = self._space(args)
        seed = _seed(args)
        if seed is not None:
            space.seed(seed)
        return space.sample()

    def contains(self, args: Args) -> bool:
        space = self._space(args)
        try:
            spaces.to_action(space, args.get("value"))
        except spaces.BadAction:
            return False
        return True

    def render(self, args: Args) -> Any:
        env = self.get(args)
        if env.render_mode is None:
            raise NotSupported("this env was made without a render_mode; make it with render_mode='rgb_array' or 'ansi'")
        return env.render()

    def transitions(self, args: Args) -> Any:
        env = self.get(args)
        table = getattr(env.unwrapped, "P", None)
        if not isinstance(table, dict):
            raise NotSupported(f"{env.spec.id if env.spec else 'this env'} has no transition table P (only toy-text envs do)")
        return table

    def close(self, args: Args) -> None:
        env = self._lookup(args)
        del self._envs[args["handle"]]
        self._actions.pop(args["handle"], None)
        self._lane_specs.pop(args["handle"], None)
        env.close()

    def close_all(self) -> None:
        for env in self._envs.values():
            env.close()
        self._envs.clear()


def list_envs(_: Args) -> list[str]:
    return sorted(gymnasium.registry.keys())
