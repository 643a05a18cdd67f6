from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
import pytest
from gymnasium import spaces

from gymbridge_worker.spaces import BadAction, describe, to_action


def _spaces_of(env_id: str) -> tuple[spaces.Space[Any], spaces.Space[Any]]:
    env = gym.make(env_id)
    try:
        return env.action_space, env.observation_space
    finally:
        env.close()


def _assert_array(actual: Any, expected: np.ndarray) -> None:
    assert isinstance(actual, np.ndarray)
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)


def test_cartpole() -> None:
    action, observation = _spaces_of("CartPole-v1")
    assert describe(action) == {"type": "Discrete", "n": 2, "start": 0}
    described = describe(observation)
    assert list(described) == ["type", "low", "high", "shape", "dtype"]
    assert described["type"] == "Box"
    assert described["shape"] == [4]
    assert described["dtype"] == "<f4"
    inf = np.inf
    _assert_array(described["low"], np.array([-4.8, -inf, -0.41887903, -inf], dtype=np.float32))
    _assert_array(described["high"], np.array([4.8, inf, 0.41887903, inf], dtype=np.float32))


def test_pendulum() -> None:
    action, observation = _spaces_of("Pendulum-v1")
    described = describe(action)
    assert (described["shape"], described["dtype"]) == ([1], "<f4")
    _assert_array(described["low"], np.array([-2.0], dtype=np.float32))
    _assert_array(describe(observation)["high"], np.array([1.0, 1.0, 8.0], dtype=np.float32))


def test_blackjack() -> None:
    action, observation = _spaces_of("Blackjack-v1")
    assert describe(action) == {"type": "Discrete", "n": 2, "start": 0}
    assert describe(observation) == {
        "type": "Tuple",
        "spaces": [
            {"type": "Discrete", "n": 32, "start": 0},
            {"type": "Discrete", "n": 11, "start": 0},
            {"type": "Discrete", "n": 2, "start": 0},
        ],
    }


@pytest.mark.parametrize(("env_id", "actions", "states"), [("FrozenLake-v1", 4, 16), ("Taxi-v4", 6, 500)])
def test_toy_text(env_id: str, actions: int, states: int) -> None:
    action, observation = _spaces_of(env_id)
    assert describe(action) == {"type": "Discrete", "n": actions, "start": 0}
    assert describe(observation) == {"type": "Discrete", "n": states, "start": 0}


def test_discrete_start_is_an_int() -> None:
    described = describe(spaces.Discrete(3, start=-1))
    assert described == {"type": "Discrete", "n": 3, "start": -1}
    assert type(described["n"]) is int and type(described["start"]) is int


def test_int_box() -> None:
    described = describe(spaces.Box(0, 255, (2, 3), dtype=np.uint8))
    assert (described["shape"], described["dtype"]) == ([2, 3], "|u1")
    _assert_array(described["high"], np.full((2, 3), 255, dtype=np.uint8))


def test_multi_binary() -> None:
    assert describe(spaces.MultiBinary(5)) == {"type": "MultiBinary", "shape": [5]}
    assert describe(spaces.MultiBinary([2, 3])) == {"type": "MultiBinary", "shape": [2, 3]}


def test_multi_discrete() -> None:
    described = describe(spaces.MultiDiscrete([5, 2, 2], start=[0, -1, 1], dtype=np.int32))
    assert list(described) == ["type", "nvec", "start", "dtype"]
    assert described["dtype"] == "<i4"
    _assert_array(described["nvec"], np.array([5, 2, 2], dtype=np.int32))
    _assert_array(described["start"], np.array([0, -1, 1], dtype=np.int32))


def test_nested_tuple_and_dict_keep_gymnasium_key_order() -> None:
    space = spaces.Dict(
        {
            "position": spaces.Box(-1, 1, shape=(2,)),
            "inner": spaces.Tuple((spaces.Discrete(3), spaces.Dict({"b": spaces.MultiBinary(2), "a": spaces.Text(4)}))),
        }
    )
    described = describe(space)
    assert list(described["spaces"]) == list(space.spaces) == ["inner", "position"]
    inner = described["spaces"]["inner"]
    assert inner["type"] == "Tuple"
    assert inner["spaces"][0] == {"type": "Discrete", "n": 3, "start": 0}
    assert list(inner["spaces"][1]["spaces"]) == ["a", "b"]


def test_text() -> None:
    assert describe(spaces.Text(5, min_length=2, charset="cab")) == {
        "type": "Text",
        "min_length": 2,
        "max_length": 5,
        "charset": "abc",
    }


def test_graph_is_unsupported() -> None:
    space = spaces.Graph(node_space=spaces.Discrete(3), edge_space=None)
    assert describe(space) == {"type": "Unsupported", "repr": repr(space)}


def test_dict_with_non_string_keys_is_unsupported() -> None:
    space = spaces.Dict({1: spaces.Discrete(2)})  # type: ignore[dict-item]
    assert describe(space)["type"] == "Unsupported"


# to_action: accepted values come back in the form the env expects.

@pytest.mark.parametrize("value", [1, True, np.int64(1), np.uint8(1), np.array(1, dtype=np.int32), 1.0])
def test_discrete_accepts(value: Any) -> None:
    assert to_action(spaces.Discrete(2), value) == 1


def test_discrete_with_start() -> None:
    assert to_action(spaces.Discrete(3, start=-1), -1) == -1
    with pytest.raises(BadAction, match=r"action 2 is not in Discrete\(3, start=-1\)"):
        to_action(spaces.Discrete(3, start=-1), 2)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5, r"^action 5 is not in Discrete\(2\)$"),
        (-1, r"^action -1 is not in Discrete\(2\)$"),
        (1.5, r"^action 1.5 is not a whole number, Discrete\(2\) needs an int$"),
        ("abc", r"^action 'abc' \(str\) is not a number, Discrete\(2\) needs an int$"),
        (None, r"^action None \(NoneType\) is not a number"),
        ([1], r"^action \[1\] is not a number"),
        (np.array([1]), r"^action \[1\] is not a number"),
        (np.array(1.0), r"is not a number"),
        (2**70, r"is not in Discrete\(2\)"),
    ],
)
def test_discrete_rejects(value: Any, message: str) -> None:
    with pytest.raises(BadAction, match=message):
        to_action(spaces.Discrete(2), value)


def test_box_converts_lists_and_numbers() -> None:
    box = spaces.Box(-1.0, 1.0, (1,), np.float32)
    _assert_array(to_action(box, [0.5]), np.array([0.5], dtype=np.float32))
    _assert_array(to_action(box, [1]), np.array([1.0], dtype=np.float32))
    _assert_array(to_action(box, [0.1]), np.array([0.1], dtype=np.float32))
    _assert_array(to_action(spaces.Box(0, 1, (), np.float64), 0.25), np.array(0.25))


def test_box_takes_arrays_as_they_are() -> None:
    box = spaces.Box(-1.0, 1.0, (2, 2), np.float64)
    sent = np.array([[0.5, -0.5], [0, 1]], dtype=np.float32)
    assert to_action(box, sent) is sent


def test_int_box_converts_whole_numbers() -> None:
    box = spaces.Box(0, 10, (2,), np.int32)
    _assert_array(to_action(box, [3, 4.0]), np.array([3, 4], dtype=np.int32))


@pytest.mark.parametrize(
    ("box", "value", "message"),
    [
        (spaces.Box(-1.0, 1.0, (1,)), [0.1, 0.2, 0.3], r"^action has shape \(3,\) but Box\(-1.0, 1.0, \(1,\), float32\) needs \(1,\)$"),
        (spaces.Box(-1.0, 1.0, (1,)), 0.5, r"^action has shape \(\) but"),
        (spaces.Box(-1.0, 1.0, (1,)), [2.0], r"^action \[2.0\] is not in Box"),
        (spaces.Box(-1.0, 1.0, (1,)), [float("nan")], r"is not in Box"),
        (spaces.Box(-1.0, 1.0, (1,)), np.array([0.5]), r"^action has dtype float64, which cannot be cast safely to float32"),
        (spaces.Box(-1.0, 1.0, (1,)), ["a"], r"is not a list of numbers"),
        (spaces.Box(-1.0, 1.0, (1,)), "a", r"^action 'a' \(str\) is not a number"),
        (spaces.Box(-1.0, 1.0, (2,)), [[1.0], [1.0, 2.0]], r"is not a rectangular list of numbers"),
        (spaces.Box(-1.0, 1.0, (1,)), [1e39], r"too large for float32"),
        (spaces.Box(0, 10, (1,), np.int64), [0.5], r"not whole numbers"),
        (spaces.Box(0, 255, (1,), np.uint8), [300], r"do not fit uint8"),
    ],
)
def test_box_rejects(box: spaces.Box, value: Any, message: str) -> None:
    with pytest.raises(BadAction, match=message):
        to_action(box, value)


def test_multi_binary() -> None:
    space = spaces.MultiBinary([2, 2])
    _assert_array(to_action(space, [[1, 0], [True, 0.0]]), np.array([[1, 0], [1, 0]], dtype=np.int8))
    floats = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert to_action(space, floats) is floats  # gymnasium's MultiBinary does not check the dtype
    with pytest.raises(BadAction, match=r"is not in MultiBinary\(\(2, 2\)\)"):
        to_action(space, [[1, 2], [0, 0]])
    with pytest.raises(BadAction, match=r"has shape \(2,\)"):
        to_action(space, [1, 0])
    with pytest.raises(BadAction, match="not whole numbers"):
        to_action(space, [[0.5, 0], [0, 0]])


def test_multi_discrete() -> None:
    space = spaces.MultiDiscrete([3, 2], start=[1, 0], dtype=np.int32)
    _assert_array(to_action(space, [3, 1]), np.array([3, 1], dtype=np.int32))
    _assert_array(to_action(space, np.array([1, 0], dtype=np.uint8)), np.array([1, 0], dtype=np.uint8))
    with pytest.raises(BadAction, match=r"^action \[0, 1\] is not in MultiDiscrete\(\[3 2\], start=\[1 0\]\)$"):
        to_action(space, [0, 1])
    with pytest.raises(BadAction, match="not whole numbers"):
        to_action(space, [0.5, 1])
    with pytest.raises(BadAction, match="cannot be cast safely to int32"):
        to_action(space, np.array([1, 1], dtype=np.int64))
    with pytest.raises(BadAction, match="is not a list of numbers"):
        to_action(space, ["1", "1"])


def test_tuple() -> None:
    space = spaces.Tuple((spaces.Discrete(2), spaces.Box(0, 1, (2,))))
    action = to_action(space, [1, [0.5, 0.25]])
    assert isinstance(action, tuple) and action[0] == 1
    _assert_array(action[1], np.array([0.5, 0.25], dtype=np.float32))
    assert to_action(space, (0, [0, 0]))[0] == 0
    with pytest.raises(BadAction, match=r"^action\[0\] = 2 is not in Discrete\(2\)$"):
        to_action(space, [2, [0, 0]])
    with pytest.raises(BadAction, match=r"^action\[1\] has shape \(3,\)"):
        to_action(space, [1, [0, 0, 0]])
    with pytest.raises(BadAction, match="is not a list of 2 values"):
        to_action(space, [1])
    with pytest.raises(BadAction, match="is not a list of 2 values"):
        to_action(space, 1)


def test_dict() -> None:
    space = spaces.Dict({"b": spaces.Discrete(2), "a": spaces.Dict({"t": spaces.Text(3, charset="xy")})})
    action = to_action(space, {"b": 1, "a": {"t": "xy"}})
    assert action == {"a": {"t": "xy"}, "b": 1}
    assert list(action) == ["a", "b"]
    with pytest.raises(BadAction, match=r"^action\['a'\]\['t'\] = 'xz' \(str\) has characters 'z'"):
        to_action(space, {"b": 1, "a": {"t": "xz"}})
    with pytest.raises(BadAction, match=r"is not a map with the keys \['a', 'b'\]"):
        to_action(space, {"b": 1})
    with pytest.raises(BadAction, match=r"is not a map with the keys"):
        to_action(space, {"b": 1, "a": {"t": "x"}, "c": 0})
    with pytest.raises(BadAction, match=r"is not a map"):
        to_action(space, [1, {"t": "x"}])


def test_text() -> None:
    space = spaces.Text(3, min_length=1, charset="abc")
    assert to_action(space, "cab") == "cab"
    with pytest.raises(BadAction, match=r"has 4 characters but Text\(1, 3, charset=abc\) needs 1 to 3"):
        to_action(space, "abca")
    with pytest.raises(BadAction, match="has 0 characters"):
        to_action(space, "")
    with pytest.raises(BadAction, match=r"has characters 'dz' that are not in the charset"):
        to_action(space, "zad")
    with pytest.raises(BadAction, match="is not a string"):
        to_action(space, 5)


def test_unsupported_space_uses_gymnasium_contains() -> None:
    space = spaces.Sequence(spaces.Discrete(2))
    assert to_action(space, (1, 0)) == (1, 0)
    with pytest.raises(BadAction, match=r"is not in Sequence"):
        to_action(space, (1, 5))


def test_samples_are_accepted() -> None:
    space = spaces.Dict(
        {
            "box": spaces.Box(-np.inf, np.inf, (2, 3), np.float64),
            "ints": spaces.Box(-5, 5, (4,), np.int16),
            "md": spaces.MultiDiscrete([[2, 3], [4, 5]]),
            "mb": spaces.MultiBinary(3),
            "t": spaces.Tuple((spaces.Discrete(4, start=2), spaces.Text(6))),
        },
        seed=3,
    )
    for _ in range(20):
        sample = space.sample()
        assert space.contains(to_action(space, sample))
