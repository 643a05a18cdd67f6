"""The worker loop: read a frame, dispatch it, answer in order. No request can end the loop."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

import gymnasium
import msgpack
import numpy

from . import PROTOCOL_VERSION, codec, errors
from .envs import EnvTable, list_envs
from . import lane as lanes
from .errors import ProtocolError, VersionMismatch
from .lane import Lane
from .transport import Pipe, PipeClosed

Handler = Callable[[dict[str, Any]], Any]


def hello(args: dict[str, Any]) -> dict[str, Any]:
    wanted = args.get("protocol")
    if wanted != PROTOCOL_VERSION:
        raise VersionMismatch(f"supervisor speaks protocol {wanted}, this worker speaks {PROTOCOL_VERSION}")
    return {
        "protocol": PROTOCOL_VERSION,
        "worker_pid": os.getpid(),
        "python": sys.version.split()[0],
        "gymnasium": gymnasium.__version__,
        "numpy": numpy.__version__,
        "msgpack": ".".join(map(str, msgpack.version)),
    }


class _Shutdown(Exception):
    pass


def _shutdown(_: dict[str, Any]) -> None:
    raise _Shutdown()


# Frames on the pipe with no reply: "look at the lane" (docs/protocol.md, "Fast lane").
WAKE_OP = "wake"
LANE_READY = codec.pack(["lane_ready"])
_PIPE_POLL_EVERY = 64
# How long a worker asleep on its doorbell futex goes without looking at its pipe (it notices the pipe's end then).
_DOORBELL_TIMEOUT_S = 0.1
# Yielding while spinning hands the core to the client when both share it (a busy machine).
_yield = getattr(os, "sched_yield", lambda: time.sleep(0))


class _Spin:
    """How long the worker spins for the next lane request: the client's ``spin_us``, unless its spins keep missing.

    A spin misses when no request comes within it, or when a yield gave the core away for longer than
    ``PREEMPTED_S``: other processes want the cores, and the client may be one of those waiting for one.
    After ``MISSES`` misses in a row the worker sleeps straight after the next ``SKIPPED`` replies, then
    probes again (the supervisor's side backs off the same way: src/GymBridge/Workers/WorkerLane.cs).
    """

    PREEMPTED_S = 50e-6
    MISSES = 8
    SKIPPED = 64

    def __init__(self) -> None:
        self.until = 0.0
        self._last = 0.0
        self._misses = 0
        self._skip = 0

    def begin(self, seconds: float) -> None:
        if self._skip:
            self._skip -= 1
            self.until = 0.0
            return
        now = time.perf_counter()
        self.until = now + seconds if seconds > 0 else 0.0
        self._last = now

    def caught(self) -> None:
        """A request came while spinning."""
        if self.until:
            self._misses = 0

    def keep_going(self) -> bool:
        if not self.until:
            return False
        now = time.perf_counter()
        if now < self.until and now - self._last <= self.PREEMPTED_S:
            self._last = now
            return True
        self.until = 0.0
        self._misses += 1
        if self._misses >= self.MISSES:
            self._misses = 0
            self._skip = self.SKIPPED
        return False


class Worker:
    def __init__(self) -> None:
        self.envs = EnvTable()
        self.lane: Lane | None = None
        self.handlers: dict[str, Handler] = {
            "lane_open": self.open_lane,
            "hello": hello,
            "ping": lambda _: "pong",
            "list_envs": list_envs,
            "make": self.envs.make,
            "reset": self.envs.reset,
            "step": self.envs.step,
            "spaces": self.envs.spaces,
            "sample": self.envs.sample,
            "contains": self.envs.contains,
            "render": self.envs.render,
            "transitions": self.envs.transitions,
            "close": self.envs.close,
            "make_vector": self.envs.make_vector,
            "vector_attach": self.envs.vector_attach,
            "vector_reset": self.envs.vector_reset,
            "vector_step": self.envs.vector_step,
            "shutdown": _shutdown,
        }

    def open_lane(self, args: dict[str, Any]) -> dict[str, str]:
        if self.lane:
            self.lane.close()
        self.lane = Lane(str(args["path"]), int(args["size"]), int(args["request_capacity"]), str(args.get("wake") or "pipe"))
        return {"wake": "futex" if self.lane.uses_futex else "pipe"}

    def handle(self, frame: bytes) -> tuple[list[Any], bool]:
        """Returns the reply and whether the worker should stop after sending it."""
        try:
            request_id, op, args = _decode_request(frame)
        except ProtocolError as error:
            return [0, False, errors.reply(error)], False
        handler = self.handlers.get(op)
        if handler is None:
            return [request_id, False, errors.reply(ProtocolError(f"unknown op '{op}'; known: {', '.join(self.handlers)}"))], False
        return self.answer(request_id, handler, args)

    def handle_lane_step(self, payload: bytes) -> list[Any]:
        """A lane step request (docs/protocol.md, "Lane steps"): the reply, whose result on success is the step plus its observation layout."""
        if len(payload) < lanes.STEP_REQUEST.size:
            return [0, False, errors.reply(ProtocolError(f"a lane step request of {len(payload)} bytes"))]
        request_id, length, handle = lanes.STEP_REQUEST.unpack_from(payload)
        action = payload[lanes.STEP_REQUEST.size : lanes.STEP_REQUEST.size + length]
        try:  # (a step cannot raise _Shutdown, so this is answer() without its handler call)
            return [request_id, True, self.envs.lane_step(handle, action)]
        except Exception as error:  # noqa: BLE001 - whatever a step raises becomes an error reply
            return [request_id, False, errors.reply(error)]

    def answer(self, request_id: int, handler: Handler, args: Any) -> tuple[list[Any], bool]:
        """Runs one request: the reply and whether the worker should stop after sending it. No error escapes."""
        try:
            return [request_id, True, handler(args)], False
        except _Shutdown:
            return [request_id, True, None], True
        except Exception as error:  # noqa: BLE001 - whatever a request raises becomes an error reply
            return [request_id, False, errors.reply(error)], False


def _decode_request(frame: bytes) -> tuple[int, str, dict[str, Any]]:
    try:
        request = codec.unpack(frame)
    except Exception as error:  # noqa: BLE001 - msgpack raises several types for bad bytes
        raise ProtocolError(f"undecodable frame: {type(error).__name__}: {error}") from error
    if not (isinstance(request, list) and len(request) == 3 and isinstance(request[0], int) and isinstance(request[1], str)):
        raise ProtocolError(f"a request is [id, op, args], got {request!r:.200}")
    request_id, op, args = request
    if args is None:
        args = {}
    if not isinstance(args, dict):
        raise ProtocolError(f"args of '{op}' must be a map, got {type(args).__name__}")
    return request_id, op, args


def _encode(packer: Any, reply: list[Any]) -> bytes:
    try:
        return packer.pack(reply)
    except Exception as error:  # noqa: BLE001 - e.g. an int wider than 64 bits in an info dict
        packer.reset()
        message = f"the result could not be encoded: {type(error).__name__}: {error}"
        return packer.pack([reply[0], False, {"kind": "env_error", "message": message, "traceback": ""}])


def _is_wake(frame: bytes) -> bool:
    return frame == _WAKE_FRAME


_WAKE_FRAME = codec.pack([0, WAKE_OP, None])


def _answer_on_lane(worker: Worker, lane: Lane, pipe: Pipe, packer: Any, request: tuple[int, bytes]) -> bool:
    """Answers a lane request on the lane (a step in its fixed layout when it can be); returns whether to stop."""
    kind, payload = request
    stop = False
    if kind == lanes.LANE_STEP:
        reply = worker.handle_lane_step(payload)
        if reply[1]:
            observation, reward, terminated, truncated, info, layout = reply[2]
            waiting = _put_step(lane, packer, reply[0], observation, layout, reward, terminated, truncated, info)
            if waiting is not None:
                if waiting == lanes.WAITING_ON_PIPE:
                    pipe.write_frame(LANE_READY)
                return False
            # Not of the observation space's layout, or too large: the step's MessagePack reply.
            reply = [reply[0], True, [codec.wire(observation), reward, terminated, truncated, info]]
    else:
        reply, stop = worker.handle(payload)
    data = _encode(packer, reply)
    if len(data) <= lane.reply_capacity:
        waiting = lane.put_reply(data)
    else:
        # Too large for the lane: the reply travels on the pipe, and the lane says so.
        pipe.write_frame(codec.pack(["lane_reply", data]))
        waiting = lane.put_reply(b"")
    if waiting == lanes.WAITING_ON_PIPE:
        pipe.write_frame(LANE_READY)
    return stop


def _put_step(lane: Lane, packer: Any, request_id: int, observation: Any, layout: Any, reward: Any, terminated: Any, truncated: Any, info: Any) -> int | None:
    try:
        info_bytes = packer.pack(info) if info else b""
    except Exception:  # noqa: BLE001 - the MessagePack reply reports what cannot be encoded
        packer.reset()
        return None
    return lane.put_step_reply(request_id, observation, layout, reward, terminated, truncated, info_bytes)


def serve(pipe: Pipe) -> None:
    """Answers pipe frames in order; while a lane is open and busy, also spins on it."""
    worker = Worker()
    packer = codec.packer()
    spin = _Spin()
    polls = 0
    try:
        while True:
            lane = worker.lane
            if lane is not None:
                request = lane.take_request()
                if request is not None:
                    spin.caught()
                    if _answer_on_lane(worker, lane, pipe, packer, request):
                        return
                    spin.begin(lane.spin_seconds)
                    continue
                if spin.keep_going():
                    polls += 1
                    if polls % _PIPE_POLL_EVERY or not pipe.readable():
                        _yield()
                        continue
                elif lane.uses_futex:
                    lane.sleep(pipe.readable, _DOORBELL_TIMEOUT_S)
                    if not pipe.readable():
                        continue
                else:
                    lane.set_sleeping(True)
                    if lane.has_request():  # a request raced with going to sleep
                        lane.set_sleeping(False)
                        continue
            try:
                frame = pipe.read_frame()
            except PipeClosed:
                return
            if lane is not None:
                lane.set_sleeping(False)
            if _is_wake(frame):
                continue
            # Each reply goes out at once, even when more requests are buffered: the next one may be slow.
            reply, stop = worker.handle(frame)
            pipe.write_frame(_encode(packer, reply))
            if stop:
                return
    finally:
        worker.envs.close_all()
        if worker.lane:
            worker.lane.close()
        pipe.close()
