"""Frames over the supervisor's pipe: a 4-byte little-endian length, then one MessagePack value."""

from __future__ import annotations

import os
import select
import socket
import struct

MAX_FRAME = 1 << 30
_HEADER = struct.Struct("<I")
_READ_SIZE = 64 * 1024


class PipeClosed(Exception):
    """The supervisor closed the pipe: the worker's cue to exit."""


class FrameTooLarge(Exception):
    pass


class Pipe:
    """One connection to the supervisor. Unix domain socket on POSIX, a named pipe file on Windows.

    Reads are buffered: one receive takes a frame's header and body together, and every other frame that
    has arrived with it, so queued requests cost no system call at all.
    """

    def __init__(self, path: str) -> None:
        if os.name == "nt":
            self._file = open(path if path.startswith("\\\\") else rf"\\.\pipe\{path}", "r+b", buffering=0)
            self._sock = None
        else:
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self._sock.connect(path)
            self._file = None
        self._buffer = bytearray(_READ_SIZE)
        self._start = 0
        self._end = 0

    def _receive(self) -> None:
        """Blocks until more bytes arrive, making room for at least the frame being assembled."""
        needed = _READ_SIZE
        if self._end - self._start >= _HEADER.size:
            needed = max(needed, _HEADER.size + _HEADER.unpack_from(self._buffer, self._start)[0])
        if len(self._buffer) - self._start < needed:
            pending = self._buffer[self._start : self._end]
            self._buffer = bytearray(max(needed, _READ_SIZE))
            self._buffer[: len(pending)] = pending
            self._start, self._end = 0, len(pending)
        view = memoryview(self._buffer)[self._end :]
        n = self._sock.recv_into(view) if self._sock else self._file.readinto(view)
        if not n:
            raise PipeClosed()
        self._end += n

    def _take_buffered(self) -> bytes | None:
        """The next whole frame already received, if any."""
        available = self._end - self._start
        if available < _HEADER.size:
            return None
        (length,) = _HEADER.unpack_from(self._buffer, self._start)
        if length > MAX_FRAME:
            raise FrameTooLarge(f"frame of {length} bytes exceeds the {MAX_FRAME}-byte limit")
        if available < _HEADER.size + length:
            return None
        begin = self._start + _HEADER.size
        frame = bytes(memoryview(self._buffer)[begin : begin + length])
        self._start = begin + length
        if self._start == self._end:
            self._start = self._end = 0
            if len(self._buffer) > _READ_SIZE:
                self._buffer = bytearray(_READ_SIZE)  # give a huge frame's memory back
        return frame

    def read_frame(self) -> bytes:
        while (frame := self._take_buffered()) is None:
            self._receive()
        return frame

    def readable(self) -> bool:
        """True when a read would not block (on Windows only for buffered frames: the lane never polls the pipe there)."""
        if self._end - self._start >= _HEADER.size:
            return True
        return bool(self._sock) and bool(select.select([self._sock], [], [], 0)[0])

    def write_frame(self, payload: bytes) -> None:
        data = _HEADER.pack(len(payload)) + payload
        if self._sock:
            self._sock.sendall(data)
        else:
            self._file.write(data)

    def close(self) -> None:
        if self._sock:
            self._sock.close()
        if self._file:
            self._file.close()
