"""Frames over the supervisor's pipe: a 4-byte little-endian length, then one MessagePack value."""

from __future__ import annotations

import os
import select
import socket
import struct

MAX_FRAME = 1 << 30
_HEADER = struct.Struct("<I")


class PipeClosed(Exception):
    """The supervisor closed the pipe: the worker's cue to exit."""


class FrameTooLarge(Exception):
    pass


class Pipe:
    """One connection to the supervisor. Unix domain socket on POSIX, a named pipe file on Windows."""

    def __init__(self, path: str) -> None:
        if os.name == "nt":
            self._file = open(path if path.startswith("\\\\") else rf"\\.\pipe\{path}", "r+b", buffering=0)
            self._sock = None
        else:
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self._sock.connect(path)
            self._file = None
        self._header = bytearray(4)

    def _read_into(self, view: memoryview) -> None:
        while view:
            n = self._sock.recv_into(view) if self._sock else self._file.readinto(view)
            if not n:
                raise PipeClosed()
            view = view[n:]

    def read_frame(self) -> bytes:
        self._read_into(memoryview(self._header))
        (length,) = _HEADER.unpack(self._header)
        if length > MAX_FRAME:
            raise FrameTooLarge(f"frame of {length} bytes exceeds the {MAX_FRAME}-byte limit")
        payload = bytearray(length)
        self._read_into(memoryview(payload))
        return bytes(payload)

    def readable(self) -> bool:
        """True when a read would not block (POSIX; on Windows the lane never polls the pipe)."""
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
