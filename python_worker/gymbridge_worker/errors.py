"""Errors a request can end in; each becomes an error reply with its wire kind."""

from __future__ import annotations


class WorkerError(Exception):
    kind = "env_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownEnv(WorkerError):
    kind = "unknown_env"


class BadArgument(WorkerError):
    kind = "bad_argument"


class NoSuchEnv(WorkerError):
    kind = "no_such_env"


class NotSupported(WorkerError):
    kind = "not_supported"


class ProtocolError(WorkerError):
    kind = "protocol"


class VersionMismatch(WorkerError):
    kind = "version"
