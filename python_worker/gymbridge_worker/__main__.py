"""Entry point: ``python -m gymbridge_worker --pipe PATH [--parent-pid PID] [--import MODULE ...]``."""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys

EXIT_MISSING_DEPENDENCY = 3
EXIT_IMPORT_FAILED = 4
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gymbridge_worker", description="GymBridge Python worker")
    parser.add_argument("--pipe", required=True, help="path of the supervisor's pipe (a Unix socket on POSIX)")
    parser.add_argument("--parent-pid", type=int, help="exit when this process is gone")
    parser.add_argument("--import", dest="imports", action="append", default=[], help="module to import first (custom envs)")
    args = parser.parse_args(argv)
    # SIGINT is how the supervisor stops a busy worker. A parent started in the background (nohup, `cmd &` in a
    # script) passes it down ignored, and then Python installs no KeyboardInterrupt handler: install it here.
    signal.signal(signal.SIGINT, signal.default_int_handler)

    # Headless: pygame must not look for a display or a sound card.
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

    if args.parent_pid:
        from .watchdog import watch_parent

        watch_parent(args.parent_pid)
    try:
        import gymnasium  # noqa: F401
        import msgpack  # noqa: F401
        import numpy  # noqa: F401
    except ImportError as error:
        print(f"gymbridge-worker: missing-dependency: {error}", file=sys.stderr, flush=True)
        return EXIT_MISSING_DEPENDENCY
    for module in args.imports:
        try:
            importlib.import_module(module)
        except Exception as error:  # noqa: BLE001 - report any failure of user code clearly
            print(f"gymbridge-worker: import-failed: {module}: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
            return EXIT_IMPORT_FAILED

    from .server import serve
    from .transport import Pipe

    serve(Pipe(args.pipe))
    return 0


def run() -> int:
    """``main`` as a process: SIGINT (the supervisor's graceful stop, or Ctrl+C in its terminal) ends it quietly,
    after ``serve`` has closed the envs and the lane."""
    try:
        return main()
    except KeyboardInterrupt:
        try:
            print("gymbridge-worker: interrupted, exiting", file=sys.stderr, flush=True)
        except OSError:
            pass  # stderr was a pipe to a parent that is gone
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(run())
