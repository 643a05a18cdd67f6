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
from collections.abc import Callable
from typing import Any

import numpy as np

from . import futex
from .errors import ProtocolError

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
STEP_ACTION = AREAS + STEP_REQUEST.size
# A lane step reply: id u32, terminated u8, truncated u8, 2 zero bytes, reward f64, observation length u32,
# info length u32 (0: an empty info); the observation at STEP_OBSERVATION, the info (MessagePack) after it at 8-byte alignment.
STEP_REPLY = struct.Struct("<I??xxdII")
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
        self._request_length = 0
        self._reply_head = (-1, -1)  # the reply length and kind last written
        self.spin_us = 0  # the client's spin time for the next request, as of the taken request
        self.uses_futex = wake == "futex" and futex.available()
        self._doorbell = futex.Word(self._map, DOORBELL) if self.uses_futex else None
        self._reply_word = futex.Word(self._map, REPLY_SEQ) if self.uses_futex else None
        # Per observation layout: an ndarray over its place in the reply area, its size, and where the info goes.
        self._slots: dict[tuple[np.dtype, tuple[int, ...]], tuple[np.ndarray | None, int, int]] = {}

    def _read(self, offset: int) -> int:
        return _U32.unpack_from(self._map, offset)[0]

    def has_request(self) -> bool:
        return self._read(REQUEST_SEQ) != self._seen

    def take_request(self) -> int | None:
        """The pending request's kind (``MESSAGEPACK`` or ``LANE_STEP``), or None; ``payload`` or ``step_request`` reads it."""
        seq = _U32.unpack_from(self._map, REQUEST_SEQ)[0]
        if seq == self._seen:
            return None
        self._seen = seq
        self._request_length, self.spin_us, kind = _REQUEST_HEAD.unpack_from(self._map, REQUEST_LENGTH)
        return kind

    def payload(self) -> bytes:
        """The taken request's bytes."""
        start = self._request_area
        return self._map[start : start + min(self._request_length, self._reply_area - start)]

    def step_request(self) -> tuple[int, int, int]:
        """The taken lane step's request id, handle and action length; the action's bytes are at ``STEP_ACTION`` of ``buffer``."""
        length = self._request_length
        if not STEP_REQUEST.size <= length <= self._reply_area - self._request_area:
            raise ProtocolError(f"a lane step request of {length} bytes")
        request_id, action_length, handle = STEP_REQUEST.unpack_from(self._map, self._request_area)
        if action_length > length - STEP_REQUEST.size:
            raise ProtocolError(f"a lane step request of {length} bytes with an action of {action_length}")
        return request_id, handle, action_length

    @property
    def buffer(self) -> mmap.mmap:
        return self._map

    def put_reply(self, payload: bytes) -> int:
        """Publishes a MessagePack reply; returns how the client waits for it (``NOT_WAITING``, ...)."""
        end = self._reply_area + len(payload)
        self._view[self._reply_area : end] = payload
        return self._publish(len(payload), MESSAGEPACK)

    def put_step_reply(self, request_id: int, observation: Any, spec: tuple[np.dtype, tuple[int, ...]], reward: float,
                       terminated: bool, truncated: bool, info: bytes) -> int | None:
        """Publishes a step in the fixed layout; None (nothing published) when the observation is not of ``spec`` or does not fit."""
        slot = self._slots.get(spec) or self._slot(spec)
        if slot is None:
            return None
        view, size, info_at = slot
        if type(observation) is np.ndarray:
            dtype, shape = spec
            if observation.shape != shape or (observation.dtype is not dtype and observation.dtype != dtype):
                return None
            view[...] = observation
        elif view is None and isinstance(observation, (int, np.integer)) and not isinstance(observation, bool):
            _I64.pack_into(self._map, self._reply_area + STEP_OBSERVATION, int(observation))
        else:
            return None
        if info:
            if info_at + len(info) > len(self._map):
                return None
            self._view[info_at : info_at + len(info)] = info
        STEP_REPLY.pack_into(self._map, self._reply_area, request_id, terminated, truncated, reward, size, len(info))
        return self._publish(info_at + len(info) - self._reply_area, LANE_STEP)

    def step_answerer(self, step: Callable[[Any], Any], action: Callable[[Any, int, int], Any], spec: tuple[np.dtype, tuple[int, ...]],
                      pack_info: Callable[[Any], bytes]) -> Callable[[int, int], Any]:
        """One env's lane steps, with every lookup done once: ``answer(request_id, action_length)`` decodes the action
        with ``action(buffer, STEP_ACTION, length)``, steps with ``step`` and publishes the step in the fixed layout,
        returning how the client waits (``NOT_WAITING``, ...). A step the layout cannot carry is not published: it
        returns the step's five values instead, for a MessagePack reply."""
        buffer, reply_area, publish = self._map, self._reply_area, self._publish
        slot = self._slot(spec)
        view, size, info_at = slot or (None, 0, 0)
        dtype, shape = spec
        pack_reply, length, slow = STEP_REPLY.pack_into, info_at - reply_area, self.put_step_reply

        def answer(request_id: int, action_length: int) -> Any:
            result = step(action(buffer, STEP_ACTION, action_length))
            observation, reward, terminated, truncated, info = result
            try:
                if (view is not None and not info and type(observation) is np.ndarray and observation.shape == shape
                        and (observation.dtype is dtype or observation.dtype == dtype)):
                    view[...] = observation
                    pack_reply(buffer, reply_area, request_id, terminated, truncated, reward, size, 0)
                    return publish(length, LANE_STEP)
                waiting = slow(request_id, observation, spec, reward, terminated, truncated, pack_info(info) if info else b"")
            except Exception:  # noqa: BLE001 - an info or a reward the layout cannot carry: the MessagePack reply says what
                waiting = None
            return result if waiting is None else waiting

        return answer

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
        if (length, kind) != self._reply_head:  # only this side writes it: a step like the last needs no write
            _REPLY_HEAD.pack_into(self._map, REPLY_LENGTH, length, kind)
            self._reply_head = (length, kind)
        _U32.pack_into(self._map, REPLY_SEQ, self._seen)  # published last: the client reads the length after seeing it
        if self._reply_word is None:
            return _U32.unpack_from(self._map, CLIENT_WAITING)[0]
        futex.fence()  # the client's flag must be read after the reply is visible
        waiting = _U32.unpack_from(self._map, CLIENT_WAITING)[0]
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
