"""protocol/test-vectors.json against gymbridge_worker.codec (the C# tests check the same file)."""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from gymbridge_worker import codec

VECTORS_PATH = Path(__file__).resolve().parents[2] / "protocol" / "test-vectors.json"
VECTORS = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
VALUES = [v for v in VECTORS["vectors"] if "value" in v]
ERRORS = [v for v in VECTORS["vectors"] if "error" in v]

# codec.ndarray_ext passes arrays through np.ascontiguousarray, which returns at least 1-d: a 0-d array
# goes out with shape [1]. strict: once the codec is fixed these pass and must leave this set.
class Float32:
    """A float32 vector's meaning: Python decodes it to the float it holds."""

    def __init__(self, value: float) -> None:
        self.value = value


class Map:
    """A map's meaning: its entries in order (a dict would hide the order a decoder produced)."""

    def __init__(self, entries: list[tuple[Any, Any]]) -> None:
        self.entries = entries


def from_notation(typed: dict[str, Any]) -> Any:
    ((kind, x),) = typed.items()
    if kind == "nil":
        return None
    if kind == "bool":
        return x
    if kind == "int":
        return int(x)
    if kind == "float64":
        return struct.unpack(">d", bytes.fromhex(x))[0]
    if kind == "float32":
        return Float32(struct.unpack(">f", bytes.fromhex(x))[0])
    if kind == "str":
        return x
    if kind == "bin":
        return bytes.fromhex(x)
    if kind == "array":
        return [from_notation(item) for item in x]
    if kind == "map":
        return Map([(from_notation(k), from_notation(v)) for k, v in x])
    if kind == "ndarray":
        return np.frombuffer(bytes.fromhex(x["data"]), dtype=np.dtype(x["dtype"])).reshape(x["shape"])
    raise ValueError(f"unknown notation {kind!r}")


def to_python(expected: Any) -> Any:
    """The Python value that the worker would send for this meaning."""
    if isinstance(expected, Map):
        return {to_python(k): to_python(v) for k, v in expected.entries}
    if isinstance(expected, list):
        return [to_python(item) for item in expected]
    assert not isinstance(expected, Float32), "Python sends no float32"
    return expected


def assert_same(actual: Any, expected: Any, path: str = "value") -> None:
    if isinstance(expected, Float32):
        assert type(actual) is float, f"{path}: {actual!r} is not a float"
        assert actual == expected.value or (math.isnan(actual) and math.isnan(expected.value)), path
        assert math.copysign(1, actual) == math.copysign(1, expected.value), f"{path}: sign"
    elif isinstance(expected, float):
        assert type(actual) is float, f"{path}: {actual!r} is not a float"
        assert struct.pack(">d", actual) == struct.pack(">d", expected), f"{path}: {actual!r} != {expected!r}"
    elif isinstance(expected, np.ndarray):
        assert isinstance(actual, np.ndarray), f"{path}: {actual!r} is not an ndarray"
        assert actual.dtype.str == expected.dtype.str, f"{path}: dtype {actual.dtype.str} != {expected.dtype.str}"
        assert actual.shape == expected.shape, f"{path}: shape {actual.shape} != {expected.shape}"
        assert actual.tobytes() == expected.tobytes(), f"{path}: data differs"
    elif isinstance(expected, Map):
        assert type(actual) is dict, f"{path}: {actual!r} is not a dict"
        assert len(actual) == len(expected.entries), f"{path}: {len(actual)} entries, expected {len(expected.entries)}"
        for i, ((key, value), (expected_key, expected_value)) in enumerate(zip(actual.items(), expected.entries)):
            assert_same(key, expected_key, f"{path} key {i}")
            assert_same(value, expected_value, f"{path}[{key!r}]")
    elif isinstance(expected, list):
        assert type(actual) is list, f"{path}: {actual!r} is not a list"
        assert len(actual) == len(expected), f"{path}: {len(actual)} items, expected {len(expected)}"
        for i, (item, expected_item) in enumerate(zip(actual, expected)):
            assert_same(item, expected_item, f"{path}[{i}]")
    else:
        assert type(actual) is type(expected), f"{path}: {actual!r} is a {type(actual).__name__}, expected {expected!r}"
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def test_the_file_has_every_kind_of_entry() -> None:
    assert len(VALUES) > 100 and len(ERRORS) > 20 and VECTORS["frames"]
    assert {e["error"] for e in ERRORS} == {"truncated", "malformed"}


@pytest.mark.parametrize("vector", VALUES, ids=[v["name"] for v in VALUES])
def test_vector_decodes_to_its_value(vector: dict[str, Any]) -> None:
    assert_same(codec.unpack(bytes.fromhex(vector["hex"])), from_notation(vector["value"]))


ENCODED = [v for v in VALUES if "python" in v.get("encode", [])]


@pytest.mark.parametrize("vector", ENCODED, ids=[v["name"] for v in ENCODED])
def test_vector_encodes_to_its_bytes(vector: dict[str, Any]) -> None:
    assert codec.pack(to_python(from_notation(vector["value"]))).hex() == vector["hex"]


@pytest.mark.parametrize("vector", ERRORS, ids=[v["name"] for v in ERRORS])
def test_error_vector_is_rejected(vector: dict[str, Any]) -> None:
    # msgpack raises ValueError subclasses (incomplete input, FormatError, ExtraData, UnicodeDecodeError);
    # the ndarray hook raises ValueError or TypeError from numpy or from unpacking its payload.
    with pytest.raises((ValueError, TypeError)):
        codec.unpack(bytes.fromhex(vector["hex"]))


@pytest.mark.parametrize("frame", VECTORS["frames"], ids=[f["name"] for f in VECTORS["frames"]])
def test_frame_is_a_little_endian_length_and_the_payload(frame: dict[str, Any]) -> None:
    payload = bytes.fromhex(frame["payload_hex"])
    assert bytes.fromhex(frame["frame_hex"]) == struct.pack("<I", len(payload)) + payload
    codec.unpack(payload)
