"""The worker's end of the fast lane, driven by hand as the supervisor would."""

from __future__ import annotations

import struct

from gymbridge_worker import lane as layout
from gymbridge_worker.lane import Lane

SIZE = 1 << 16
REQUEST_CAPACITY = 4096


def _client_writes(path, seq: int, payload: bytes, spin_us: int = 0) -> None:
    with open(path, "r+b") as f:
        f.seek(layout.REQUEST_LENGTH)
        f.write(struct.pack("<II", len(payload), spin_us))
        f.seek(layout.AREAS)
        f.write(payload)
        f.seek(layout.REQUEST_SEQ)
        f.write(struct.pack("<I", seq))


def _read_u32(path, offset: int) -> int:
    with open(path, "rb") as f:
        f.seek(offset)
        return struct.unpack("<I", f.read(4))[0]


def test_requests_replies_and_flags(tmp_path) -> None:
    path = tmp_path / "lane"
    path.write_bytes(b"\0" * SIZE)
    lane = Lane(str(path), SIZE, REQUEST_CAPACITY)
    try:
        assert lane.take_request() is None and not lane.has_request()
        _client_writes(path, 1, b"hello", spin_us=150)
        assert lane.has_request()
        assert lane.take_request() == b"hello"
        assert lane.take_request() is None  # taken once
        assert lane.spin_seconds == 150e-6
        assert lane.put_reply(b"world") is False  # the client is not blocked
        assert _read_u32(path, layout.REPLY_SEQ) == 1
        assert _read_u32(path, layout.REPLY_LENGTH) == 5
        with open(path, "rb") as f:
            f.seek(layout.AREAS + REQUEST_CAPACITY)
            assert f.read(5) == b"world"
        lane.set_sleeping(True)
        assert _read_u32(path, layout.WORKER_SLEEPING) == 1
        with open(path, "r+b") as f:
            f.seek(layout.CLIENT_WAITING)
            f.write(struct.pack("<I", 1))
        _client_writes(path, 2, b"again")
        assert lane.take_request() == b"again"
        assert lane.put_reply(b"!") is True  # blocked client: the worker must notify it on the pipe
    finally:
        lane.close()
