"""A minimal supervisor for tests: listens on a Unix socket, starts a real worker process, talks frames."""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

from gymbridge_worker import codec

WORKER_ROOT = Path(__file__).resolve().parents[1]


class WorkerClient:
    def __init__(self, *extra_args: str, env: dict[str, str] | None = None, preexec_fn: Callable[[], object] | None = None) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="gbw-")
        self.path = os.path.join(self._dir.name, "w.sock")
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(self.path)
        self._listener.listen(1)
        self._listener.settimeout(30)
        run_env = {**os.environ, "PYTHONPATH": str(WORKER_ROOT), **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gymbridge_worker", "--pipe", self.path, *extra_args],
            env=run_env,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=preexec_fn,
        )
        self.sock: socket.socket | None = None
        self._next_id = 0

    def connect(self) -> WorkerClient:
        self.sock, _ = self._listener.accept()
        self.sock.settimeout(30)
        return self

    def send_raw(self, payload: bytes) -> None:
        assert self.sock
        self.sock.sendall(struct.pack("<I", len(payload)) + payload)

    def receive(self) -> list[Any]:
        header = self._read_exactly(4)
        return codec.unpack(self._read_exactly(struct.unpack("<I", header)[0]))

    def request(self, op: str, **args: Any) -> list[Any]:
        self._next_id += 1
        self.send_raw(codec.pack([self._next_id, op, args]))
        reply = self.receive()
        assert reply[0] == self._next_id
        return reply

    def ok(self, op: str, **args: Any) -> Any:
        _, ok, result = self.request(op, **args)
        assert ok, result
        return result

    def error(self, op: str, **args: Any) -> dict[str, str]:
        _, ok, result = self.request(op, **args)
        assert not ok, result
        return result

    def _read_exactly(self, n: int) -> bytes:
        assert self.sock
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError("worker closed the pipe")
            data += chunk
        return data

    def close(self) -> None:
        if self.sock:
            self.sock.close()
        self._listener.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        if self.process.stderr:
            self.process.stderr.close()
        self._dir.cleanup()
