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


def ndarray_ext(array: np.ndarray) -> msgpack.ExtType:
    if array.dtype.kind not in _WIRE_KINDS:
        raise TypeError(f"an ndarray of dtype {array.dtype} cannot travel (only bool, int, uint and float)")
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    if not array.flags.c_contiguous:
        array = np.ascontiguousarray(array)  # (it would also turn a 0-d array into shape (1,))
    payload = msgpack.packb([array.dtype.str, list(array.shape), array.tobytes()], use_bin_type=True)
    return msgpack.ExtType(NDARRAY_EXT, payload)


def _default(value: Any) -> Any:
    """msgpack's hook for objects it does not know."""
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
