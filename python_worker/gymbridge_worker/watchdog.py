"""Exits the worker when its parent process is gone, even while an env hangs in step()."""

from __future__ import annotations

import os
import sys
import threading
import time

_INTERVAL_S = 0.25


def _parent_alive(parent_pid: int) -> bool:
    if os.name == "nt":
        import ctypes  # noqa: PLC0415 - Windows only

        synchronize = 0x00100000
        handle = ctypes.windll.kernel32.OpenProcess(synchronize, False, parent_pid)
        if not handle:
            return False
        still_running = ctypes.windll.kernel32.WaitForSingleObject(handle, 0) == 0x102
        ctypes.windll.kernel32.CloseHandle(handle)
        return still_running
    # Re-parenting (to init or a subreaper) is the reliable sign on POSIX: the pid could be reused.
    return os.getppid() == parent_pid


def watch_parent(parent_pid: int) -> None:
    def run() -> None:
        while _parent_alive(parent_pid):
            time.sleep(_INTERVAL_S)
        try:
            print(f"gymbridge-worker: parent {parent_pid} is gone, exiting", file=sys.stderr, flush=True)
        except OSError:
            pass  # stderr was a pipe to the dead parent; exiting matters more than saying so
        os._exit(2)

    threading.Thread(target=run, name="gymbridge-parent-watchdog", daemon=True).start()
