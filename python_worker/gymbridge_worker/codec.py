"""MessagePack encoding of worker values (docs/protocol.md, "Values").

ndarrays travel as ext type 1 holding ``[dtype.str, shape, bytes]``; NumPy scalars become the
matching plain value (float scalars as float64, which holds a float32 exactly); anything else
msgpack cannot carry travels as its ``repr()``.
"""

from __future__ import annotations

from typing import Any

import msgpack
import numpy as np

NDARRAY_EXT = 1
_WIRE_KINDS = "biuf"


# The payload up to the raw bytes depends only on dtype and shape, which envs repeat on every step;
# only little-endian wire dtypes are cached, so a hit needs no further checks.
_payload_prefixes: dict[tuple[np.dtype, tuple[int, ...]], bytes] = {}


def _payload_prefix(dtype: np.dtype, shape: tuple[int, ...]) -> bytes:
    nbytes = dtype.itemsize * int(np.prod(shape, dtype=np.int64))
    packed = msgpack.packb([dtype.str, list(shape), b"\0" * nbytes], use_bin_type=True)
    prefix = packed[: len(packed) - nbytes]
    if len(_payload_prefixes) < 4096:
        _payload_prefixes[(dtype, shape)] = prefix
    return prefix


def _ext(payload: bytes) -> msgpack.ExtType:
    # ExtType's own __new__ re-validates code and data (a quarter of a step's encoding cost); both are known good here.
    return tuple.__new__(msgpack.ExtType, (NDARRAY_EXT, payload))


def ndarray_ext(array: np.ndarray) -> msgpack.ExtType:
    prefix = _payload_prefixes.get((array.dtype, array.shape))
    if prefix is not None and array.flags.c_contiguous:
        return _ext(prefix + array.tobytes())
    if array.dtype.kind not in _WIRE_KINDS:
        raise TypeError(f"an ndarray of dtype {array.dtype} cannot travel (only bool, int, uint and float)")
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    if not array.flags.c_contiguous:
        array = np.ascontiguousarray(array)  # (it would also turn a 0-d array into shape (1,))
    return _ext(_payload_prefix(array.dtype, array.shape) + array.tobytes())


def wire(value: Any) -> Any:
    """An ndarray as its ext ahead of packing (saves the ``default`` hook on hot paths); anything else as is."""
    return ndarray_ext(value) if type(value) is np.ndarray and value.dtype.kind in _WIRE_KINDS else value


def _default(value: Any) -> Any:
    """msgpack's hook for objects it does not know."""
    if type(value) is np.ndarray and value.dtype.kind in _WIRE_KINDS:
        return ndarray_ext(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in _WIRE_KINDS:
            return ndarray_ext(value)
        return value.tolist() if value.dtype.kind in "UO" else repr(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, (set, frozenset)):
        return list(value)
    return repr(value)


def _ext_hook(code: int, data: bytes) -> Any:
    if code != NDARRAY_EXT:
        return msgpack.ExtType(code, data)
    dtype, shape, raw = msgpack.unpackb(data, raw=False)
    # frombuffer over bytes is read-only; copy so an env may write into the action it gets.
    return np.frombuffer(raw, dtype=np.dtype(dtype)).reshape(shape).copy()


def packer() -> msgpack.Packer:
    return msgpack.Packer(default=_default, use_bin_type=True, datetime=False)


def pack(value: Any) -> bytes:
    return msgpack.packb(value, default=_default, use_bin_type=True)


def unpack(data: bytes) -> Any:
    """Decodes exactly one value; maps keep non-str keys (toy-text states are ints)."""
    return msgpack.unpackb(data, raw=False, ext_hook=_ext_hook, strict_map_key=False, use_list=True)
