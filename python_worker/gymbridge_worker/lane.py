"""The shared-memory fast lane (docs/protocol.md, "Fast lane" and "Lane steps").

A memory-mapped file, created by the supervisor, carrying one request and its reply at a time: either the
same MessagePack payloads as the pipe, or a step in a fixed binary layout with the observation written by
numpy straight into the reply area. While a client is busy both sides spin on sequence numbers instead of
waking each other through the kernel; when idle, the worker sleeps on the doorbell futex (or, where futexes
are not available, on the pipe) and the client wakes it there.
"""

from __future__ import annotations

import mmap
import os
import struct
from typing import Any

import numpy as np

from . import futex

_U32 = struct.Struct("<I")
_I64 = struct.Struct("<q")
# request_length, spin_microseconds, request_kind; reply_length, reply_kind.
_REQUEST_HEAD = struct.Struct("<III")
_REPLY_HEAD = struct.Struct("<II")

REQUEST_SEQ = 0
REPLY_SEQ = 64
WORKER_SLEEPING = 128
CLIENT_WAITING = 192
REQUEST_LENGTH = 256
SPIN_MICROSECONDS = 260
REQUEST_KIND = 264
REPLY_LENGTH = 320
REPLY_KIND = 324
DOORBELL = 384
AREAS = 512

# client_waiting: spinning (no wake-up wanted), blocked until a lane_ready frame, blocked on the reply futex.
NOT_WAITING, WAITING_ON_PIPE, WAITING_ON_FUTEX = 0, 1, 2
# request_kind and reply_kind.
MESSAGEPACK, LANE_STEP = 0, 1

# A lane step request: id u32, action length u32, handle i64, then the action's bytes.
STEP_REQUEST = struct.Struct("<IIq")
# A lane step reply: id u32, terminated u8, truncated u8, 2 zero bytes, reward f64, observation length u32,
# info length u32 (0: an empty info); the observation at STEP_OBSERVATION, the info (MessagePack) after it at 8-byte alignment.
STEP_REPLY = struct.Struct("<IBBxxdII")
STEP_OBSERVATION = 64


class Lane:
    def __init__(self, path: str, size: int, request_capacity: int, wake: str = "pipe") -> None:
        if os.name == "nt":
            self._map = mmap.mmap(-1, size, tagname=path)
        else:
            fd = os.open(path, os.O_RDWR)
            try:
                self._map = mmap.mmap(fd, size)
            finally:
                os.close(fd)
        self._view = memoryview(self._map)
        self._request_area = AREAS
        self._reply_area = AREAS + request_capacity
        self.reply_capacity = size - self._reply_area
        self._seen = _U32.unpack_from(self._map, REQUEST_SEQ)[0]
        self.uses_futex = wake == "futex" and futex.available()
        self._doorbell = futex.Word(self._map, DOORBELL) if self.uses_futex else None
        self._reply_word = futex.Word(self._map, REPLY_SEQ) if self.uses_futex else None
        # Per observation layout: an ndarray over its place in the reply area, its size, and where the info goes.
        self._slots: dict[tuple[np.dtype, tuple[int, ...]], tuple[np.ndarray | None, int, int]] = {}

    def _read(self, offset: int) -> int:
        return _U32.unpack_from(self._map, offset)[0]

    def has_request(self) -> bool:
        return self._read(REQUEST_SEQ) != self._seen

    def take_request(self) -> tuple[int, bytes] | None:
        """The pending request's kind and payload, or None."""
        seq = _U32.unpack_from(self._map, REQUEST_SEQ)[0]
        if seq == self._seen:
            return None
        self._seen = seq
        length, _, kind = _REQUEST_HEAD.unpack_from(self._map, REQUEST_LENGTH)
        start = self._request_area
        return kind, self._map[start : start + min(length, self._reply_area - start)]

    @property
    def spin_seconds(self) -> float:
        return self._read(SPIN_MICROSECONDS) / 1e6

    def put_reply(self, payload: bytes) -> int:
        """Publishes a MessagePack reply; returns how the client waits for it (``NOT_WAITING``, ...)."""
        end = self._reply_area + len(payload)
        self._view[self._reply_area : end] = payload
        return self._publish(len(payload), MESSAGEPACK)

    def put_step_reply(self, request_id: int, observation: Any, spec: tuple[np.dtype, tuple[int, ...]], reward: float,
                       terminated: bool, truncated: bool, info: bytes) -> int | None:
        """Publishes a step in the fixed layout; None (nothing published) when the observation is not of ``spec`` or does not fit."""
        dtype, shape = spec
        if type(observation) is np.ndarray:
            if observation.shape != shape or (observation.dtype is not dtype and observation.dtype != dtype):
                return None
            slot = self._slots.get(spec) or self._slot(spec)
            if slot is None:
                return None
            slot[0][...] = observation
        elif not shape and dtype == np.int64 and isinstance(observation, (int, np.integer)) and not isinstance(observation, bool):
            slot = self._slots.get(spec) or self._slot(spec)
            _I64.pack_into(self._map, self._reply_area + STEP_OBSERVATION, int(observation))
        else:
            return None
        _, size, info_at = slot
        if info:
            if info_at + len(info) > len(self._map):
                return None
            self._view[info_at : info_at + len(info)] = info
        STEP_REPLY.pack_into(self._map, self._reply_area, request_id, bool(terminated), bool(truncated), float(reward), size, len(info))
        return self._publish(info_at + len(info) - self._reply_area, LANE_STEP)

    def _slot(self, spec: tuple[np.dtype, tuple[int, ...]]) -> tuple[np.ndarray | None, int, int] | None:
        """Where an observation of ``spec`` goes in the reply area (an ndarray over the mapping), its size and where the info follows it."""
        dtype, shape = spec
        start = self._reply_area + STEP_OBSERVATION
        size = dtype.itemsize * int(np.prod(shape, dtype=np.int64))
        if STEP_OBSERVATION + size + 8 > self.reply_capacity:
            return None
        view = np.ndarray(shape, dtype, buffer=self._map, offset=start) if shape or dtype != np.int64 else None
        slot = (view, size, start + (size + 7) // 8 * 8)
        self._slots[spec] = slot
        return slot

    def _publish(self, length: int, kind: int) -> int:
        _REPLY_HEAD.pack_into(self._map, REPLY_LENGTH, length, kind)
        _U32.pack_into(self._map, REPLY_SEQ, self._seen)  # published last: the client reads the length after seeing it
        if self._reply_word is None:
            return self._read(CLIENT_WAITING)
        futex.fence()  # the client's flag must be read after the reply is visible
        waiting = self._read(CLIENT_WAITING)
        if waiting == WAITING_ON_FUTEX:
            self._reply_word.wake()
        return waiting

    def set_sleeping(self, sleeping: bool) -> None:
        _U32.pack_into(self._map, WORKER_SLEEPING, 1 if sleeping else 0)

    def sleep(self, pipe_readable: Any, timeout_s: float) -> None:
        """With futexes: sleeps on the doorbell until the client rings it (a lane request or a pipe frame) or ``timeout_s`` passes."""
        self.set_sleeping(True)
        rung = self._doorbell.value  # read after raising the flag: a ring after this changes it, and the kernel compares
        if not self.has_request() and not pipe_readable():
            self._doorbell.wait(rung, timeout_s)
        self.set_sleeping(False)

    def close(self) -> None:
        self._slots.clear()  # the ndarrays export the mapping
        for word in (self._doorbell, self._reply_word):
            if word is not None:
                word.release()
        self._view.release()
        self._map.close()
