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

    def begin(self, microseconds: int) -> None:
        if self._skip:
            self._skip -= 1
            self.until = 0.0
            return
        now = time.perf_counter()
        self.until = now + microseconds * 1e-6 if microseconds > 0 else 0.0
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
        # Per handle, the lane's answerer for its lane steps (Lane.step_answerer), made on the first one.
        self.lane_steps: dict[int, Callable[[int, int], Any]] = {}
        self._info_packer = codec.packer()
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
            "close": self.close,
            "make_vector": self.envs.make_vector,
            "vector_attach": self.envs.vector_attach,
            "vector_reset": self.envs.vector_reset,
            "vector_step": self.envs.vector_step,
            "shutdown": _shutdown,
        }

    def open_lane(self, args: dict[str, Any]) -> dict[str, str]:
        self.lane_steps.clear()
        if self.lane:
            self.lane.close()
        self.lane = Lane(str(args["path"]), int(args["size"]), int(args["request_capacity"]), str(args.get("wake") or "pipe"))
        return {"wake": "futex" if self.lane.uses_futex else "pipe"}

    def lane_step_answerer(self, handle: int) -> Callable[[int, int], Any]:
        action, layout, step = self.envs.lane_spec(handle)
        answer = self.lane_steps[handle] = self.lane.step_answerer(step, action, layout, self._info_packer.pack)
        return answer

    def close(self, args: dict[str, Any]) -> None:
        self.lane_steps.pop(args.get("handle"), None)
        self.envs.close(args)

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


def _answer_on_lane(worker: Worker, lane: Lane, pipe: Pipe, packer: Any, kind: int) -> bool:
    """Answers the lane request just taken, on the lane; returns whether to stop."""
    if kind == lanes.LANE_STEP:
        _answer_lane_step(worker, lane, pipe, packer)
        return False
    reply, stop = worker.handle(lane.payload())
    _put_messagepack(lane, pipe, packer, reply)
    return stop


def _answer_lane_step(worker: Worker, lane: Lane, pipe: Pipe, packer: Any) -> None:
    """A lane step (docs/protocol.md, "Lane steps"), answered in its fixed layout when it can be, else in MessagePack."""
    request_id = 0
    try:  # (a step cannot raise _Shutdown, so this is Worker.answer without its handler call)
        request_id, handle, length = lane.step_request()
        outcome = (worker.lane_steps.get(handle) or worker.lane_step_answerer(handle))(request_id, length)
    except Exception as error:  # noqa: BLE001 - whatever a step raises becomes an error reply
        reply = [request_id, False, errors.reply(error)]
    else:
        if type(outcome) is int:
            if outcome == lanes.WAITING_ON_PIPE:
                pipe.write_frame(LANE_READY)
            return
        observation, reward, terminated, truncated, info = outcome  # the layout cannot carry it
        reply = [request_id, True, [codec.wire(observation), reward, terminated, truncated, info]]
    _put_messagepack(lane, pipe, packer, reply)


def _put_messagepack(lane: Lane, pipe: Pipe, packer: Any, reply: list[Any]) -> None:
    data = _encode(packer, reply)
    if len(data) <= lane.reply_capacity:
        waiting = lane.put_reply(data)
    else:
        # Too large for the lane: the reply travels on the pipe, and the lane says so.
        pipe.write_frame(codec.pack(["lane_reply", data]))
        waiting = lane.put_reply(b"")
    if waiting == lanes.WAITING_ON_PIPE:
        pipe.write_frame(LANE_READY)


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
                kind = lane.take_request()
                if kind is not None:
                    spin.caught()
                    if _answer_on_lane(worker, lane, pipe, packer, kind):
                        return
                    spin.begin(lane.spin_us)
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
