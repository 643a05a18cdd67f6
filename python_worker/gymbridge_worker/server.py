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

    def open_lane(self, args: dict[str, Any]) -> None:
        if self.lane:
            self.lane.close()
        self.lane = Lane(str(args["path"]), int(args["size"]), int(args["request_capacity"]))

    def handle(self, frame: bytes) -> tuple[list[Any], bool]:
        """Returns the reply and whether the worker should stop after sending it."""
        try:
            request_id, op, args = _decode_request(frame)
        except ProtocolError as error:
            return [0, False, errors.reply(error)], False
        try:
            handler = self.handlers.get(op)
            if handler is None:
                raise ProtocolError(f"unknown op '{op}'; known: {', '.join(self.handlers)}")
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


def serve(pipe: Pipe) -> None:
    """Answers pipe frames in order; while a lane is open and busy, also spins on it."""
    worker = Worker()
    packer = codec.packer()
    spin_until = 0.0
    polls = 0
    try:
        while True:
            lane = worker.lane
            if lane is not None:
                frame = lane.take_request()
                if frame is not None:
                    reply, stop = worker.handle(frame)
                    data = _encode(packer, reply)
                    if len(data) <= lane.reply_capacity:
                        if lane.put_reply(data):
                            pipe.write_frame(LANE_READY)
                    else:
                        # Too large for the lane: the reply travels on the pipe, and the lane says so.
                        pipe.write_frame(codec.pack(["lane_reply", data]))
                        lane.put_reply(b"")
                    if stop:
                        return
                    spin_until = time.perf_counter() + lane.spin_seconds
                    continue
                if time.perf_counter() < spin_until:
                    polls += 1
                    if polls % _PIPE_POLL_EVERY or not pipe.readable():
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
