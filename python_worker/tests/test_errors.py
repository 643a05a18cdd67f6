"""Each failure's wire kind is decided by its cause: client mistakes get kinds of their own, env faults env_error."""

from __future__ import annotations

import importlib.util

import pytest

from gymbridge_worker import errors, families

from worker_client import WorkerClient


@pytest.mark.parametrize("env_id", ["bad string", "a:b:c", "CartPole-v1 ", "x/y/z-v1"])
def test_malformed_ids_say_so_in_gyms_words(worker: WorkerClient, env_id: str) -> None:
    error = worker.error("make", env_id=env_id)
    assert error["kind"] == "unknown_env"
    assert "malformed environment ID" in error["message"]


def test_unknown_deprecated_and_unimportable_ids_are_unknown_env(worker: WorkerClient) -> None:
    assert "doesn't exist" in worker.error("make", env_id="NoSuchEnv-v0")["message"]
    deprecated = worker.error("make", env_id="FrozenLake-v0")
    assert deprecated["kind"] == "unknown_env" and "deprecated" in deprecated["message"]
    missing = worker.error("make", env_id="no_such_module_here:CartPole-v1")
    assert missing["kind"] == "unknown_env" and "no module 'no_such_module_here'" in missing["message"]


@pytest.mark.skipif(importlib.util.find_spec("Box2D") is not None, reason="Box2D is installed here")
def test_a_missing_family_names_the_command_that_installs_it(worker: WorkerClient) -> None:
    error = worker.error("make", env_id="LunarLander-v3")
    assert error["kind"] == "dependency_missing"
    assert "scripts/bootstrap-python.sh --extras box2d" in error["message"]
    assert "gymbridge check" in error["message"]
    assert error["traceback"] == ""


@pytest.mark.skipif(importlib.util.find_spec("jax") is not None, reason="jax is installed here")
def test_a_plain_import_error_of_an_env_module_is_a_missing_dependency(worker: WorkerClient) -> None:
    error = worker.error("make", env_id="phys2d/CartPole-v1")
    assert error["kind"] == "dependency_missing" and "--extras jax" in error["message"]


def test_the_family_is_the_one_whose_code_raised() -> None:
    def raise_from(module: str) -> BaseException:
        try:
            exec("raise ImportError('gone')", {"__name__": module})
        except ImportError as error:
            return error
        raise AssertionError("did not raise")

    assert families.of_traceback(raise_from("gymnasium.envs.mujoco.ant_v5")).name == "mujoco"
    assert families.of_traceback(raise_from("ale_py.env")).name == "atari"
    assert families.of_traceback(raise_from("gymnasium.envs.box2dx")) is None
    assert "pip install -r requirements/mujoco.txt" in errors.missing_dependency(raise_from("gymnasium.envs.mujoco.x"))


def test_step_or_render_before_reset_is_reset_needed_and_the_env_stays_usable(worker: WorkerClient) -> None:
    handle = worker.ok("make", env_id="CartPole-v1", render_mode="rgb_array")["handle"]
    error = worker.error("step", handle=handle, action=0)
    assert error["kind"] == "reset_needed" and "reset" in error["message"]
    assert worker.error("render", handle=handle)["kind"] == "reset_needed"
    worker.ok("reset", handle=handle, seed=1)
    worker.ok("step", handle=handle, action=0)


@pytest.mark.parametrize("seed", [-1, 1.5, True, "7", [1]])
def test_seeds_are_non_negative_integers(worker: WorkerClient, seed: object) -> None:
    handle = worker.ok("make", env_id="CartPole-v1")["handle"]
    for op, args in (("reset", {}), ("sample", {"space": "action"})):
        error = worker.error(op, handle=handle, seed=seed, **args)
        assert error["kind"] == "bad_argument" and "non-negative integer" in error["message"], error
    worker.ok("reset", handle=handle, seed=2**64 - 1)


@pytest.mark.parametrize("options", [{"low": "abc"}, {"low": 1.0, "high": 0.0}, {"low": [1, 2]}])
def test_reset_options_the_env_cannot_use_are_bad_arguments(worker: WorkerClient, options: dict) -> None:
    handle = worker.ok("make", env_id="CartPole-v1")["handle"]
    error = worker.error("reset", handle=handle, options=options)
    assert error["kind"] == "bad_argument" and "reset options" in error["message"], error
    worker.ok("reset", handle=handle, options={"low": -0.01, "high": 0.01})


@pytest.mark.parametrize(
    "kwargs",
    [{"no_such_kwarg": 1}, {"map_name": 123}, {"desc": 5}, {"is_slippery": "x", "max_episode_steps": -3}],
)
def test_make_arguments_the_env_refuses_are_bad_arguments(worker: WorkerClient, kwargs: dict) -> None:
    error = worker.error("make", env_id="FrozenLake-v1", kwargs=kwargs)
    assert error["kind"] == "bad_argument", error


def test_an_env_that_raises_in_a_correct_call_is_env_error_with_its_traceback(worker: WorkerClient) -> None:
    handle = worker.ok("make", env_id="GymBridgeTest/Raising-v0")["handle"]
    worker.ok("reset", handle=handle, options={"any": "thing"})  # the env ignores options: nothing to refuse
    error = worker.error("step", handle=handle, action=1)
    assert error["kind"] == "env_error" and "RuntimeError" in error["traceback"]
