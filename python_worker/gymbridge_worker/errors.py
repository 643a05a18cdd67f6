"""Errors a request can end in, and the one place that decides each failure's wire kind by its cause.

A client's mistake gets a kind of its own (docs/protocol.md, "Error kinds"): gymnasium's error types, arguments
checked before the call (``BadArgument`` and friends raised by the handlers), and whatever an env raises while it
consumes the client's make kwargs or reset options (see ``consuming``). Anything else an env raises is
``env_error``, with the traceback: a correct call failed, which is the env's fault.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import gymnasium.error

from . import families


class WorkerError(Exception):
    kind = "env_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownEnv(WorkerError):
    kind = "unknown_env"


class BadArgument(WorkerError):
    kind = "bad_argument"


class BadAction(WorkerError):
    """The value is not an element of the action space; the message says why in the user's terms."""

    kind = "bad_action"


class NoSuchEnv(WorkerError):
    kind = "no_such_env"


class NotSupported(WorkerError):
    kind = "not_supported"


class ResetNeeded(WorkerError):
    kind = "reset_needed"


class DependencyMissing(WorkerError):
    kind = "dependency_missing"


class ProtocolError(WorkerError):
    kind = "protocol"


class VersionMismatch(WorkerError):
    kind = "version"


# gymnasium's own errors, most specific first. RegistrationError and InvalidMetadata are missing on purpose:
# they say a registered env is defective, not that the request was wrong.
_GYMNASIUM: tuple[tuple[type[BaseException], type[WorkerError]], ...] = (
    (gymnasium.error.DependencyNotInstalled, DependencyMissing),
    (gymnasium.error.UnregisteredEnv, UnknownEnv),  # NameNotFound, NamespaceNotFound, VersionNotFound
    (gymnasium.error.DeprecatedEnv, UnknownEnv),
    (gymnasium.error.ResetNeeded, ResetNeeded),
    (gymnasium.error.InvalidAction, BadAction),
    (gymnasium.error.UnsupportedMode, BadArgument),
    (gymnasium.error.MissingArgument, BadArgument),
    (gymnasium.error.InvalidBound, BadArgument),
    (gymnasium.error.InvalidProbability, BadArgument),
    (ImportError, DependencyMissing),  # an env module importing a package this interpreter lacks (jax, shimmy)
)


def _client_kind(error: BaseException) -> type[WorkerError] | None:
    for cause, kind in _GYMNASIUM:
        if isinstance(error, cause):
            return kind
    if type(error) is gymnasium.error.Error:  # the base class, raised for malformed ids and seeds
        return BadArgument
    return None


def _message(error: BaseException, kind: type[WorkerError]) -> str:
    if kind is DependencyMissing:
        return missing_dependency(error)
    return str(error) or type(error).__name__


def missing_dependency(error: BaseException) -> str:
    family = families.of_traceback(error)
    if family is None:
        return (f"{error} (a Python package of this env is not installed in the worker's interpreter; "
                "`gymbridge check` lists every env family and whether it works here)")
    return (f"the {family.name} envs need packages that are not installed in the worker's interpreter: {error}. "
            f"Install them with `{family.install}` (pip: `pip install -r requirements/{family.extra}.txt`); "
            "`gymbridge check` lists every env family and whether it works here.")


@contextmanager
def consuming(what: str, given: Any) -> Iterator[None]:
    """While an env consumes the client's ``what`` (make kwargs, reset options), what it raises is about them."""
    try:
        yield
    except Exception as error:
        if not given or isinstance(error, WorkerError) or _client_kind(error) is not None:
            raise
        raise BadArgument(f"the env refused the {what} {given!r:.200}: {type(error).__name__}: {error}") from error


def reply(error: BaseException) -> dict[str, str]:
    """The error reply (kind, message, traceback) for whatever a request raised."""
    if isinstance(error, WorkerError):
        cause = error.__cause__
        trace = "".join(traceback.format_exception(cause)) if cause and not _client_kind(cause) else ""
        return {"kind": error.kind, "message": error.message, "traceback": trace}
    kind = _client_kind(error)
    if kind is not None:
        return {"kind": kind.kind, "message": _message(error, kind), "traceback": ""}
    return {"kind": "env_error", "message": f"{type(error).__name__}: {error}", "traceback": "".join(traceback.format_exception(error))}
