"""Gymnasium spaces on the wire (docs/protocol.md, "Spaces") and actions coming back from it.

``describe`` turns a space into the protocol's map form. ``to_action`` turns a decoded wire value into
what an env expects: plain numbers and lists are converted to the space's dtype when that keeps their
values, ndarrays are left as they are (gymnasium's own ``contains`` then applies ``np.can_cast``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from gymnasium import spaces

from .errors import BadAction

# dtype.str without its byte-order character, for the types an ndarray can travel as.
_WIRE_DTYPES = frozenset({"b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8"})


def describe(space: spaces.Space[Any]) -> dict[str, Any]:
    if isinstance(space, spaces.Discrete):
        return {"type": "Discrete", "n": int(space.n), "start": int(space.start)}
    if isinstance(space, spaces.Box) and _travels(space.dtype):
        return {
            "type": "Box",
            "low": space.low,
            "high": space.high,
            "shape": list(space.shape),
            "dtype": _wire_dtype(space.dtype),
        }
    if isinstance(space, spaces.MultiBinary):
        return {"type": "MultiBinary", "shape": list(space.shape)}
    if isinstance(space, spaces.MultiDiscrete) and _travels(space.dtype):
        return {
            "type": "MultiDiscrete",
            "nvec": space.nvec,
            "start": space.start,
            "dtype": _wire_dtype(space.dtype),
        }
    if isinstance(space, spaces.Tuple):
        return {"type": "Tuple", "spaces": [describe(s) for s in space.spaces]}
    if isinstance(space, spaces.Dict) and all(isinstance(key, str) for key in space.spaces):
        return {"type": "Dict", "spaces": {key: describe(s) for key, s in space.spaces.items()}}
    if isinstance(space, spaces.Text):
        return {
            "type": "Text",
            "min_length": space.min_length,
            "max_length": space.max_length,
            "charset": space.characters,
        }
    return {"type": "Unsupported", "repr": repr(space)}


def to_action(space: spaces.Space[Any], value: Any) -> Any:
    """Converts ``value`` for ``space`` and checks ``space.contains``; raises BadAction if it is not in it."""
    return _to_action(space, value, "action")


def action_converter(space: spaces.Space[Any]) -> Callable[[Any], Any]:
    """``to_action`` bound to one space, with a shortcut for the hot case: a plain int in a Discrete's range."""
    if isinstance(space, spaces.Discrete):
        low, high = int(space.start), int(space.start + space.n)

        def discrete(value: Any) -> Any:
            if type(value) is int and low <= value < high:
                return value
            return to_action(space, value)

        return discrete
    return lambda value: to_action(space, value)


def _to_action(space: spaces.Space[Any], value: Any, name: str) -> Any:
    """``name`` is how messages call the value: "action", "action[1]", "action['position']"."""
    if isinstance(space, spaces.Tuple):
        if not isinstance(value, (list, tuple)) or len(value) != len(space.spaces):
            raise BadAction(f"{_named(name, value)} is not a list of {len(space.spaces)} values, {space} needs one")
        return tuple(_to_action(s, v, f"{name}[{i}]") for i, (s, v) in enumerate(zip(space.spaces, value)))
    if isinstance(space, spaces.Dict):
        if not isinstance(value, dict) or value.keys() != space.spaces.keys():
            raise BadAction(f"{_named(name, value)} is not a map with the keys {list(space.spaces)}, {space} needs one")
        return {key: _to_action(s, value[key], f"{name}[{key!r}]") for key, s in space.spaces.items()}
    if isinstance(space, spaces.Discrete):
        action: Any = _discrete(space, value, name)
    elif isinstance(space, (spaces.Box, spaces.MultiBinary, spaces.MultiDiscrete)):
        action = _array(space, value, name)
    elif isinstance(space, spaces.Text):
        action = _text(space, value, name)
    else:
        action = value
    if not _contains(space, action):
        raise BadAction(f"{_named(name, value)} is not in {space}")
    return action


def _contains(space: spaces.Space[Any], action: Any) -> bool:
    try:
        return bool(space.contains(action))
    except (OverflowError, ValueError, TypeError):  # Discrete.contains casts ints that may not fit its dtype
        return False


def _discrete(space: spaces.Discrete, value: Any, name: str) -> Any:
    # gymnasium's Discrete.contains takes Python ints (bool included) and integer NumPy scalars or 0-d arrays.
    if isinstance(value, (bool, int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if not float(value).is_integer():
            raise BadAction(f"{_named(name, value)} is not a whole number, {space} needs an int")
        return int(value)
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iu":
        return value
    raise BadAction(f"{_named(name, value)} is not a number, {space} needs an int")


def _array(space: spaces.Box | spaces.MultiBinary | spaces.MultiDiscrete, value: Any, name: str) -> np.ndarray:
    array = value if isinstance(value, np.ndarray) else _converted(space, value, name)
    if array.shape != space.shape:
        raise BadAction(f"{name} has shape {array.shape} but {space} needs {space.shape}")
    # MultiBinary.contains ignores the dtype (any array of 0s and 1s); Box and MultiDiscrete use np.can_cast.
    if not isinstance(space, spaces.MultiBinary) and not np.can_cast(array.dtype, space.dtype):
        raise BadAction(f"{name} has dtype {array.dtype}, which cannot be cast safely to {space.dtype} for {space}")
    return array


def _converted(space: spaces.Box | spaces.MultiBinary | spaces.MultiDiscrete, value: Any, name: str) -> np.ndarray:
    """np.asarray(value, dtype=space.dtype), refused when it would change a value (0.5 to an int, 300 to uint8)."""
    needs = f"{space} needs numbers of shape {space.shape}"
    if isinstance(value, (str, bytes)):
        raise BadAction(f"{_named(name, value)} is not a number, {needs}")
    try:
        raw = np.asarray(value)
    except (ValueError, TypeError):
        raise BadAction(f"{_named(name, value)} is not a rectangular list of numbers, {needs}") from None
    if raw.dtype.kind not in "biuf":
        raise BadAction(f"{_named(name, value)} is not a list of numbers, {needs}")
    target = space.dtype
    with np.errstate(all="ignore"):
        converted = raw.astype(target)
    if target.kind in "biu":
        if raw.dtype.kind == "f" and not np.all(np.isfinite(raw) & (raw == np.floor(raw))):
            raise BadAction(f"{_named(name, value)} has values that are not whole numbers, {space} needs integers")
        if not np.array_equal(converted, raw):
            raise BadAction(f"{_named(name, value)} has values that do not fit {target}, the dtype of {space}")
    elif not np.array_equal(np.isfinite(converted), np.isfinite(raw)):
        raise BadAction(f"{_named(name, value)} has values too large for {target}, the dtype of {space}")
    return converted


def _text(space: spaces.Text, value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise BadAction(f"{_named(name, value)} is not a string, {space} needs one")
    if not space.min_length <= len(value) <= space.max_length:
        raise BadAction(
            f"{_named(name, value)} has {len(value)} characters but {space} needs {space.min_length} to {space.max_length}"
        )
    foreign = "".join(sorted({c for c in value if c not in space.character_set}))
    if foreign:
        raise BadAction(f"{_named(name, value)} has characters {foreign!r} that are not in the charset of {space}")
    return value


def _named(name: str, value: Any) -> str:
    """The value as the user sent it, named: action 5, action[1] = 5, action 'abc' (str)."""
    text = repr(value.tolist()) if isinstance(value, np.ndarray) else repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    if not isinstance(value, (bool, int, float, list, tuple, dict, np.ndarray)):
        text += f" ({type(value).__name__})"
    return f"{name} {text}" if name == "action" else f"{name} = {text}"


def _travels(dtype: np.dtype[Any]) -> bool:
    return dtype.str[1:] in _WIRE_DTYPES


def _wire_dtype(dtype: np.dtype[Any]) -> str:
    return dtype.newbyteorder("<").str if dtype.byteorder == ">" else dtype.str
