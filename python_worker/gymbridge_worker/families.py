"""Gymnasium's env families: what installs each and whether it works in this interpreter.

The one table that the worker's ``dependency_missing`` errors and ``gymbridge check`` both read. Each family's
``extra`` names ``requirements/<extra>.txt`` and ``scripts/bootstrap-python.sh --extras <extra>``.
Standard library only at import, so the bootstrap can read it before anything is installed. Run as a script it
probes every family and prints a JSON list of ``{family, extra, example, status, detail}``; status is ``works``,
``no_rendering`` (steps, but cannot render), ``missing`` (a dependency is not installed) or ``broken``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

INSTALL_COMMAND = "scripts/bootstrap-python.sh --extras {extra}"


@dataclass(frozen=True)
class Family:
    name: str
    extra: str
    modules: tuple[str, ...]  # the Python packages its envs live in (entry points, or the package registering them)
    example: str  # an env id of the family, made and stepped by the probe
    registers: str | None = None  # a module that must be imported before its ids exist (--import)

    @property
    def install(self) -> str:
        return INSTALL_COMMAND.format(extra=self.extra)


FAMILIES: tuple[Family, ...] = (
    Family("classic_control", "classic-control", ("gymnasium.envs.classic_control",), "CartPole-v1"),
    Family("toy_text", "toy-text", ("gymnasium.envs.toy_text",), "FrozenLake-v1"),
    Family("box2d", "box2d", ("gymnasium.envs.box2d",), "LunarLander-v3"),
    Family("mujoco", "mujoco", ("gymnasium.envs.mujoco",), "Ant-v5"),
    Family("atari", "atari", ("ale_py",), "ALE/Pong-v5", registers="ale_py"),
    Family("jax", "jax", ("gymnasium.envs.phys2d", "gymnasium.envs.tabular", "gymnasium.envs.functional_jax_env"), "phys2d/CartPole-v1"),
)


def by_module(module: str) -> Family | None:
    """The family whose code ``module`` (a dotted module name) belongs to."""
    for family in FAMILIES:
        if any(module == root or module.startswith(root + ".") for root in family.modules):
            return family
    return None


def of_traceback(error: BaseException) -> Family | None:
    """The family whose code raised ``error``: the innermost frame that belongs to one."""
    found = None
    trace = error.__traceback__
    while trace is not None:
        family = by_module(str(trace.tb_frame.f_globals.get("__name__", "")))
        found = family or found
        trace = trace.tb_next
    return found


def _probe(family: Family) -> dict[str, Any]:
    answer: dict[str, Any] = {"family": family.name, "extra": family.extra, "example": family.example, "install": family.install}
    try:
        import gymnasium

        if family.registers:
            __import__(family.registers)
        env = gymnasium.make(family.example, render_mode="rgb_array")
    except ImportError as error:  # gymnasium's DependencyNotInstalled is an Error, not an ImportError
        return {**answer, "status": "missing", "detail": f"{type(error).__name__}: {error}"}
    except Exception as error:  # noqa: BLE001 - any failure is reported, not raised
        status = "missing" if type(error).__name__ in ("DependencyNotInstalled", "NamespaceNotFound") else "broken"
        return {**answer, "status": status, "detail": f"{type(error).__name__}: {error}"}
    try:
        env.reset(seed=0)
        env.step(env.action_space.sample())
    except Exception as error:  # noqa: BLE001
        env.close()
        return {**answer, "status": "broken", "detail": f"{type(error).__name__}: {error}"}
    try:
        env.render()
    except Exception as error:  # noqa: BLE001
        return {**answer, "status": "no_rendering", "detail": f"{type(error).__name__}: {error}"}
    finally:
        env.close()
    return {**answer, "status": "works", "detail": ""}


def main() -> int:
    import os
    import warnings

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    warnings.simplefilter("ignore")
    print(json.dumps([_probe(family) for family in FAMILIES]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
