"""The shared-memory fast lane (docs/protocol.md, "Fast lane").

A memory-mapped file, created by the supervisor, carrying the same request and reply frames as the
pipe. While a client is busy, both sides spin on sequence numbers instead of waking each other
through the kernel; when idle, the worker blocks on the pipe and the client rings it awake there.
"""

from __future__ import annotations

import mmap
import os
import struct

_U32 = struct.Struct("<I")

REQUEST_SEQ = 0
REPLY_SEQ = 64
WORKER_SLEEPING = 128
CLIENT_WAITING = 192
REQUEST_LENGTH = 256
SPIN_MICROSECONDS = 260
REPLY_LENGTH = 320
AREAS = 384


class Lane:
    def __init__(self, path: str, size: int, request_capacity: int) -> None:
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

    def _read(self, offset: int) -> int:
        return _U32.unpack_from(self._map, offset)[0]

    def has_request(self) -> bool:
        return self._read(REQUEST_SEQ) != self._seen

    def take_request(self) -> bytes | None:
        """The pending request's frame payload, or None."""
        seq = self._read(REQUEST_SEQ)
        if seq == self._seen:
            return None
        self._seen = seq
        length = self._read(REQUEST_LENGTH)
        return bytes(self._view[self._request_area : self._request_area + length])

    @property
    def spin_seconds(self) -> float:
        return self._read(SPIN_MICROSECONDS) / 1e6

    def put_reply(self, payload: bytes) -> bool:
        """Publishes the reply; returns True when the client is blocked and must be told on the pipe."""
        end = self._reply_area + len(payload)
        self._view[self._reply_area : end] = payload
        _U32.pack_into(self._map, REPLY_LENGTH, len(payload))
        _U32.pack_into(self._map, REPLY_SEQ, self._seen)  # published last: the client reads the length after seeing it
        return self._read(CLIENT_WAITING) == 1

    def set_sleeping(self, sleeping: bool) -> None:
        _U32.pack_into(self._map, WORKER_SLEEPING, 1 if sleeping else 0)

    def close(self) -> None:
        self._view.release()
        self._map.close()
