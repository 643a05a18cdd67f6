"""Linux futexes on words of a shared mapping (the supervisor's side: src/GymBridge/SharedMemory/Futex.cs).

Without FUTEX_PRIVATE_FLAG a futex works across processes that map the same file, so the worker and the
supervisor sleep on lane words and wake each other there instead of through the pipe. ``available()`` is
False off Linux or where the syscall number is unknown; the lane then wakes through the pipe.
"""

from __future__ import annotations

import ctypes
import mmap
import platform
import sys
import threading

_WAIT = 0
_WAKE = 1
_SYS_FUTEX = {"x86_64": 202, "amd64": 202, "aarch64": 98, "arm64": 98}.get(platform.machine().lower())


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


def _load_syscall() -> ctypes._CFuncPtr | None:
    if not sys.platform.startswith("linux") or _SYS_FUTEX is None:
        return None
    try:
        syscall = ctypes.CDLL(None, use_errno=True).syscall
    except (OSError, AttributeError):
        return None
    syscall.restype = ctypes.c_long
    syscall.argtypes = [ctypes.c_long, ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint32]
    return syscall


_syscall = _load_syscall()
_fence_lock = threading.Lock()
_acquire, _release = _fence_lock.acquire, _fence_lock.release


def available() -> bool:
    return _syscall is not None


def fence() -> None:
    """A full memory barrier between a store to the mapping and a later load from it.

    Taking an uncontended lock runs a locked instruction, which orders them on x86-64; where it does not
    (weaker architectures), the supervisor's timed futex wait bounds a wake-up lost to the reordering.
    """
    _acquire()
    _release()


class Word:
    """One u32 of a mapping that a futex can sleep on."""

    def __init__(self, buffer: mmap.mmap, offset: int) -> None:
        self._word: ctypes.c_uint32 | None = ctypes.c_uint32.from_buffer(buffer, offset)
        self._address = ctypes.addressof(self._word)

    @property
    def value(self) -> int:
        return self._word.value

    def wait(self, expected: int, timeout_s: float) -> None:
        """Sleeps while the word holds ``expected``, at most ``timeout_s``; a change, a wake or a signal ends it early."""
        spec = _Timespec(int(timeout_s), int(timeout_s % 1 * 1e9))
        _syscall(_SYS_FUTEX, self._address, _WAIT, expected, ctypes.addressof(spec), None, 0)

    def wake(self) -> None:
        _syscall(_SYS_FUTEX, self._address, _WAKE, 0x7FFFFFFF, None, None, 0)

    def release(self) -> None:
        """Drops the export of the mapping, so that it can be closed."""
        self._word = None
