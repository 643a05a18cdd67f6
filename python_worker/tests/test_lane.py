"""The worker's end of the fast lane, driven by hand as the supervisor would."""

from __future__ import annotations

import mmap
import struct
import threading
import time

import numpy as np
import pytest

from gymbridge_worker import codec, futex
from gymbridge_worker import lane as layout
from gymbridge_worker.errors import ProtocolError
from gymbridge_worker.lane import Lane

from worker_client import WorkerClient

SIZE = 1 << 16
REQUEST_CAPACITY = 4096
REPLY_AREA = layout.AREAS + REQUEST_CAPACITY
needs_futex = pytest.mark.skipif(not futex.available(), reason="futexes are Linux-only")


def _client_writes(path, seq: int, payload: bytes, spin_us: int = 0, kind: int = layout.MESSAGEPACK) -> None:
    with open(path, "r+b") as f:
        f.seek(layout.REQUEST_LENGTH)
        f.write(struct.pack("<III", len(payload), spin_us, kind))
        f.seek(layout.AREAS)
        f.write(payload)
        f.seek(layout.REQUEST_SEQ)
        f.write(struct.pack("<I", seq))


def _read_u32(path, offset: int) -> int:
    with open(path, "rb") as f:
        f.seek(offset)
        return struct.unpack("<I", f.read(4))[0]


def _write_u32(path, offset: int, value: int) -> None:
    with open(path, "r+b") as f:
        f.seek(offset)
        f.write(struct.pack("<I", value))


@pytest.fixture
def lane_file(tmp_path):
    path = tmp_path / "lane"
    path.write_bytes(b"\0" * SIZE)
    return path


def test_requests_replies_and_flags(lane_file) -> None:
    lane = Lane(str(lane_file), SIZE, REQUEST_CAPACITY)
    try:
        assert lane.take_request() is None and not lane.has_request()
        _client_writes(lane_file, 1, b"hello", spin_us=150)
        assert lane.has_request()
        assert lane.take_request() == layout.MESSAGEPACK and lane.payload() == b"hello"
        assert lane.take_request() is None  # taken once
        assert lane.spin_us == 150
        assert lane.put_reply(b"world") == layout.NOT_WAITING
        assert _read_u32(lane_file, layout.REPLY_SEQ) == 1
        assert _read_u32(lane_file, layout.REPLY_LENGTH) == 5
        assert _read_u32(lane_file, layout.REPLY_KIND) == layout.MESSAGEPACK
        with open(lane_file, "rb") as f:
            f.seek(REPLY_AREA)
            assert f.read(5) == b"world"
        lane.set_sleeping(True)
        assert _read_u32(lane_file, layout.WORKER_SLEEPING) == 1
        _write_u32(lane_file, layout.CLIENT_WAITING, layout.WAITING_ON_PIPE)
        _client_writes(lane_file, 2, b"again")
        assert lane.take_request() == layout.MESSAGEPACK and lane.payload() == b"again"
        assert lane.put_reply(b"!") == layout.WAITING_ON_PIPE  # blocked client: the worker must notify it on the pipe
    finally:
        lane.close()


def test_a_step_reply_has_the_fixed_layout(lane_file) -> None:
    lane = Lane(str(lane_file), SIZE, REQUEST_CAPACITY)
    try:
        _client_writes(lane_file, 7, b"x", kind=layout.LANE_STEP)
        assert lane.take_request() == layout.LANE_STEP
        with pytest.raises(ProtocolError):  # one byte is no step request
            lane.step_request()
        observation = np.arange(4, dtype=np.float32)
        info = codec.pack({"k": 1})
        spec = (np.dtype(np.float32), (4,))
        assert lane.put_step_reply(9, observation, spec, 1.5, True, False, info) == layout.NOT_WAITING
        with open(lane_file, "rb") as f:
            f.seek(REPLY_AREA)
            area = f.read(128)
        request_id, terminated, truncated, reward, observation_length, info_length = layout.STEP_REPLY.unpack_from(area)
        assert (request_id, terminated, truncated, reward, observation_length, info_length) == (9, 1, 0, 1.5, 16, len(info))
        assert np.frombuffer(area[64:80], np.float32).tolist() == [0, 1, 2, 3]
        assert codec.unpack(area[80 : 80 + info_length]) == {"k": 1}
        assert _read_u32(lane_file, layout.REPLY_KIND) == layout.LANE_STEP
        assert _read_u32(lane_file, layout.REPLY_LENGTH) == 80 - 0 + info_length
    finally:
        lane.close()


def test_a_step_off_its_layout_or_too_large_is_not_published(lane_file) -> None:
    lane = Lane(str(lane_file), SIZE, REQUEST_CAPACITY)
    try:
        spec = (np.dtype(np.float32), (4,))
        assert lane.put_step_reply(1, np.zeros(4, np.float64), spec, 0.0, False, False, b"") is None  # wrong dtype
        assert lane.put_step_reply(1, np.zeros(3, np.float32), spec, 0.0, False, False, b"") is None  # wrong shape
        assert lane.put_step_reply(1, [0.0] * 4, spec, 0.0, False, False, b"") is None  # not an ndarray
        big = (np.dtype(np.uint8), (SIZE,))
        assert lane.put_step_reply(1, np.zeros(SIZE, np.uint8), big, 0.0, False, False, b"") is None  # larger than the reply area
        assert lane.put_step_reply(1, True, (np.dtype(np.int64), ()), 0.0, False, False, b"") is None  # a bool is no Discrete value
        assert _read_u32(lane_file, layout.REPLY_SEQ) == 0  # nothing was published
        assert lane.put_step_reply(1, np.int64(5), (np.dtype(np.int64), ()), 0.0, False, False, b"") == layout.NOT_WAITING
        with open(lane_file, "rb") as f:
            f.seek(REPLY_AREA + 64)
            assert struct.unpack("<q", f.read(8))[0] == 5
    finally:
        lane.close()


@needs_futex
def test_the_doorbell_wakes_a_sleeping_worker_and_a_ring_before_the_wait_is_not_lost(lane_file) -> None:
    lane = Lane(str(lane_file), SIZE, REQUEST_CAPACITY, wake="futex")
    with open(lane_file, "r+b") as f:
        mapping = mmap.mmap(f.fileno(), SIZE)
    client_doorbell = futex.Word(mapping, layout.DOORBELL)
    try:
        assert lane.uses_futex
        woke = threading.Event()

        def sleeper() -> None:
            lane.sleep(lambda: False, timeout_s=30)
            woke.set()

        thread = threading.Thread(target=sleeper)
        thread.start()
        deadline = time.monotonic() + 10
        while _read_u32(lane_file, layout.WORKER_SLEEPING) != 1 and time.monotonic() < deadline:
            time.sleep(0.001)
        struct.pack_into("<I", mapping, layout.DOORBELL, client_doorbell.value + 1)
        client_doorbell.wake()
        assert woke.wait(10), "the doorbell did not wake the worker"
        thread.join()
        assert _read_u32(lane_file, layout.WORKER_SLEEPING) == 0

        # A request published before the worker looks: it does not sleep at all.
        _client_writes(lane_file, 1, b"early")
        started = time.monotonic()
        lane.sleep(lambda: False, timeout_s=30)
        assert time.monotonic() - started < 10
    finally:
        client_doorbell.release()
        mapping.close()
        lane.close()


@needs_futex
def test_a_worker_answers_lane_steps_woken_by_its_doorbell(tmp_path) -> None:
    """End to end: lane_open with futexes, steps in the fixed layout, the fallbacks and errors as the protocol says."""
    path = tmp_path / "lane"
    path.write_bytes(b"\0" * SIZE)
    client = WorkerClient("--import", "gymbridge_testenvs").connect()
    with open(path, "r+b") as f:
        mapping = mmap.mmap(f.fileno(), SIZE)
    doorbell = futex.Word(mapping, layout.DOORBELL)
    seq = 0

    def lane_request(kind: int, payload: bytes) -> tuple[int, bytes]:
        nonlocal seq
        seq += 1
        struct.pack_into("<III", mapping, layout.REQUEST_LENGTH, len(payload), 0, kind)
        mapping[layout.AREAS : layout.AREAS + len(payload)] = payload
        struct.pack_into("<I", mapping, layout.REQUEST_SEQ, seq)
        struct.pack_into("<I", mapping, layout.DOORBELL, doorbell.value + 1)
        doorbell.wake()
        deadline = time.monotonic() + 30
        while struct.unpack_from("<I", mapping, layout.REPLY_SEQ)[0] != seq:
            assert time.monotonic() < deadline, "no reply on the lane"
            time.sleep(0.0005)
        length, kind = struct.unpack_from("<II", mapping, layout.REPLY_LENGTH)
        return kind, bytes(mapping[REPLY_AREA : REPLY_AREA + length])

    def step(handle: int, action: bytes) -> tuple[int, bytes]:
        return lane_request(layout.LANE_STEP, layout.STEP_REQUEST.pack(seq + 1, len(action), handle) + action)

    try:
        client.ok("hello", protocol=2)
        assert client.ok("lane_open", path=str(path), size=SIZE, request_capacity=REQUEST_CAPACITY, wake="futex") == {"wake": "futex"}
        cartpole = client.ok("make", env_id="CartPole-v1")["handle"]
        client.ok("reset", handle=cartpole, seed=0)

        kind, reply = step(cartpole, struct.pack("<q", 1))
        assert kind == layout.LANE_STEP
        request_id, terminated, truncated, reward, observation_length, info_length = layout.STEP_REPLY.unpack_from(reply)
        assert (request_id, reward, observation_length, info_length) == (seq, 1.0, 16, 0)
        assert np.frombuffer(reply[64:80], np.float32).shape == (4,)

        kind, reply = step(cartpole, struct.pack("<q", 7))  # out of Discrete(2): an error reply, in MessagePack
        assert kind == layout.MESSAGEPACK
        assert codec.unpack(reply)[1:2] == [False] and codec.unpack(reply)[2]["kind"] == "bad_action"

        kind, reply = step(cartpole, b"\x01")  # not an int64
        assert kind == layout.MESSAGEPACK and codec.unpack(reply)[2]["kind"] == "bad_argument"

        kind, reply = step(12345, struct.pack("<q", 0))
        assert kind == layout.MESSAGEPACK and codec.unpack(reply)[2]["kind"] == "no_such_env"

        kind, reply = lane_request(layout.LANE_STEP, b"short")
        assert kind == layout.MESSAGEPACK and codec.unpack(reply)[:2] == [0, False]

        # An observation off its declared space comes back as the MessagePack step reply.
        off = client.ok("make", env_id="GymBridgeTest/OffSpace-v0")["handle"]
        client.ok("reset", handle=off, seed=0)
        kinds = []
        for _ in range(4):
            kind, reply = step(off, struct.pack("<q", 0))
            kinds.append(kind)
            if kind == layout.MESSAGEPACK:
                request_id, ok, result = codec.unpack(reply)
                assert ok and result[0].dtype == np.float64 and result[0].shape == (3,)
        assert kinds == [layout.MESSAGEPACK, layout.LANE_STEP] * 2

        # An info rides after the observation; an env that raises gives its error reply, and the next step is answered.
        raising = client.ok("make", env_id="GymBridgeTest/Raising-v0")["handle"]
        client.ok("reset", handle=raising, seed=0)
        for expected_steps in (1, 2):
            kind, reply = step(raising, struct.pack("<q", 0))
            assert kind == layout.LANE_STEP
            *_, observation_length, info_length = layout.STEP_REPLY.unpack_from(reply)
            assert codec.unpack(reply[64 + 8 : 64 + 8 + info_length]) == {"steps": expected_steps}
            kind, reply = step(raising, struct.pack("<q", 1))
            assert kind == layout.MESSAGEPACK and codec.unpack(reply)[2]["kind"] == "env_error"

        # A closed handle's lane steps are refused, not answered by the answerer cached for it.
        client.ok("close", handle=cartpole)
        kind, reply = step(cartpole, struct.pack("<q", 1))
        assert kind == layout.MESSAGEPACK and codec.unpack(reply)[2]["kind"] == "no_such_env"

        # Pipe requests still reach a worker that sleeps on its doorbell (the supervisor rings it after each frame).
        client.send_raw(codec.pack([99, "ping", None]))
        struct.pack_into("<I", mapping, layout.DOORBELL, doorbell.value + 1)
        doorbell.wake()
        assert client.receive() == [99, True, "pong"]
    finally:
        doorbell.release()
        mapping.close()
        client.close()
