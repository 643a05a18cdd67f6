"""The worker process end to end: real process, real socket, real gymnasium."""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import msgpack
import numpy as np
import pytest

from gymbridge_worker import PROTOCOL_VERSION, codec

from worker_client import WORKER_ROOT, WorkerClient


def test_hello_reports_versions(worker: WorkerClient) -> None:
    info = worker.ok("hello", protocol=PROTOCOL_VERSION)
    assert info["worker_pid"] == worker.process.pid
    assert info["gymnasium"].startswith(("0.", "1."))
    assert set(info) >= {"python", "numpy", "msgpack"}


def test_hello_with_another_version_is_refused(worker: WorkerClient) -> None:
    assert worker.error("hello", protocol=99)["kind"] == "version"


def test_cartpole_matches_in_process_gymnasium(worker: WorkerClient) -> None:
    import gymnasium

    made = worker.ok("make", env_id="CartPole-v1")
    assert made["action_space"] == {"type": "Discrete", "n": 2, "start": 0}
    assert made["max_episode_steps"] == 500
    local = gymnasium.make("CartPole-v1")
    remote_obs, _ = worker.ok("reset", handle=made["handle"], seed=7)
    local_obs, _ = local.reset(seed=7)
    assert remote_obs.tobytes() == local_obs.tobytes() and remote_obs.dtype == local_obs.dtype
    for action in [0, 1, 1, 0, 1]:
        remote = worker.ok("step", handle=made["handle"], action=action)
        local_step = local.step(action)
        assert remote[0].tobytes() == local_step[0].tobytes()
        assert remote[1:4] == list(local_step[1:4])


def test_unknown_env_id(worker: WorkerClient) -> None:
    error = worker.error("make", env_id="NoSuchEnv-v0")
    assert error["kind"] == "unknown_env"
    assert "NoSuchEnv" in error["message"]


def test_unsupported_render_mode(worker: WorkerClient) -> None:
    error = worker.error("make", env_id="CartPole-v1", render_mode="hologram")
    assert error["kind"] == "bad_argument" and "rgb_array" in error["message"]


def test_bad_action_leaves_env_usable(worker: WorkerClient) -> None:
    handle = worker.ok("make", env_id="CartPole-v1")["handle"]
    worker.ok("reset", handle=handle, seed=1)
    for action in (5, "left", 1.5, [0, 1]):
        error = worker.error("step", handle=handle, action=action)
        assert error["kind"] == "bad_action", error
    assert worker.ok("step", handle=handle, action=1)[1] == 1.0


def test_env_exception_carries_traceback_and_worker_survives(worker: WorkerClient) -> None:
    handle = worker.ok("make", env_id="GymBridgeTest/Raising-v0")["handle"]
    worker.ok("reset", handle=handle)
    error = worker.error("step", handle=handle, action=1)
    assert error["kind"] == "env_error"
    assert error["message"].startswith("RuntimeError: the env raised on purpose")
    assert "Traceback" in error["traceback"] and "envs.py" in error["traceback"]
    assert worker.ok("step", handle=handle, action=0)[0].tolist() == [1.0]


def test_closed_and_unknown_handles(worker: WorkerClient) -> None:
    handle = worker.ok("make", env_id="CartPole-v1")["handle"]
    worker.ok("close", handle=handle)
    assert worker.error("step", handle=handle, action=0)["kind"] == "no_such_env"
    assert worker.error("reset", handle=12345)["kind"] == "no_such_env"
    assert worker.error("reset", handle="x")["kind"] == "bad_argument"


def test_malformed_frames_get_protocol_errors(worker: WorkerClient) -> None:
    worker.send_raw(b"\xc1")  # never-used MessagePack code
    reply = worker.receive()
    assert reply[0] == 0 and reply[1] is False and reply[2]["kind"] == "protocol"
    worker.send_raw(msgpack.packb({"not": "a request"}))
    assert worker.receive()[2]["kind"] == "protocol"
    assert worker.error("no_such_op")["kind"] == "protocol"
    assert worker.ok("ping") == "pong"


def _frame(request_id: int, op: str, **args) -> bytes:
    payload = codec.pack([request_id, op, args])
    return struct.pack("<I", len(payload)) + payload


def test_requests_sent_together_are_answered_in_order(worker: WorkerClient) -> None:
    handle = worker.ok("make", env_id="CartPole-v1")["handle"]
    worker.ok("reset", handle=handle, seed=1)
    assert worker.sock
    worker.sock.sendall(b"".join(_frame(100 + i, "step", handle=handle, action=i % 2) for i in range(20)))
    replies = [worker.receive() for _ in range(20)]
    assert [reply[0] for reply in replies] == list(range(100, 120))
    assert all(reply[1] for reply in replies)


def test_frames_split_anywhere_are_reassembled(worker: WorkerClient) -> None:
    assert worker.sock
    data = _frame(7, "ping") + _frame(8, "ping", pad="x" * 100)
    for cut in (1, 3, 6, len(data) - 2):
        worker.sock.sendall(data[:cut])
        time.sleep(0.02)
        worker.sock.sendall(data[cut:])
        assert [worker.receive()[0], worker.receive()[0]] == [7, 8]


def test_a_frame_larger_than_the_read_buffer(worker: WorkerClient) -> None:
    assert worker.ok("ping", pad=b"\1" * 300_000) == "pong"
    assert worker.ok("ping") == "pong"


def test_an_earlier_reply_does_not_wait_for_a_slow_request_behind_it(worker: WorkerClient) -> None:
    handle = worker.ok("make", env_id="GymBridgeTest/Hanging-v0")["handle"]
    worker.ok("reset", handle=handle)
    assert worker.sock
    worker.sock.sendall(_frame(50, "ping") + _frame(51, "step", handle=handle, action=1))
    worker.sock.settimeout(5)
    assert worker.receive()[:2] == [50, True]


def test_spaces_sample_contains_render_transitions(worker: WorkerClient) -> None:
    frozen = worker.ok("make", env_id="FrozenLake-v1", render_mode="ansi")["handle"]
    worker.ok("reset", handle=frozen, seed=0)
    assert "S" in worker.ok("render", handle=frozen)
    table = worker.ok("transitions", handle=frozen)
    assert len(table) == 16 and table[0][0][0][0] == pytest.approx(1 / 3)
    assert worker.ok("sample", handle=frozen, space="action", seed=3) in range(4)
    assert worker.ok("contains", handle=frozen, space="observation", value=15) is True
    assert worker.ok("contains", handle=frozen, space="observation", value=16) is False
    cart = worker.ok("make", env_id="CartPole-v1", render_mode="rgb_array")["handle"]
    worker.ok("reset", handle=cart, seed=0)
    frame = worker.ok("render", handle=cart)
    assert frame.shape == (400, 600, 3) and frame.dtype == np.uint8
    assert worker.error("transitions", handle=cart)["kind"] == "not_supported"
    plain = worker.ok("make", env_id="CartPole-v1")["handle"]
    worker.ok("reset", handle=plain)
    assert worker.error("render", handle=plain)["kind"] == "not_supported"


def test_nested_spaces_and_rich_info(worker: WorkerClient) -> None:
    made = worker.ok("make", env_id="GymBridgeTest/AllSpaces-v0")
    assert made["observation_space"]["type"] == "Dict"
    assert list(made["observation_space"]["spaces"]) == ["flags", "grid", "pair", "pixels", "position"]  # gymnasium sorts
    obs, info = worker.ok("reset", handle=made["handle"], seed=3, options={"level": 2})
    assert info == {"options": {"level": 2}, "seeded": True}
    assert obs["position"].dtype == np.float64 and obs["position"].shape == (2, 3)
    step = worker.ok("step", handle=made["handle"], action=[2, [0.5, -0.5]])
    nested = step[4]["nested"]
    assert nested["array"].dtype == np.int16 and nested["none"] is None and nested["text"] == "héllo"
    assert step[4]["tuple"] == [1, 2.5, "three"] and step[4]["numpy_bool"] is True


def test_shutdown_ends_the_process(worker: WorkerClient) -> None:
    assert worker.ok("shutdown") is None
    assert worker.process.wait(10) == 0


def test_pipe_close_ends_the_process(worker: WorkerClient) -> None:
    assert worker.sock
    worker.sock.close()
    worker.sock = None
    assert worker.process.wait(10) == 0


def test_missing_dependency_exits_3_with_a_clear_line(tmp_path) -> None:
    (tmp_path / "gymnasium.py").write_text("raise ImportError('No module named gymnasium (simulated)')\n")
    client = WorkerClient(env={"PYTHONPATH": f"{tmp_path}{os.pathsep}{WORKER_ROOT}"})
    try:
        assert client.process.wait(30) == 3
        assert client.process.stderr and "missing-dependency" in client.process.stderr.read()
    finally:
        client.close()


def test_failing_import_module_exits_4(tmp_path) -> None:
    client = WorkerClient("--import", "no_such_module_for_gymbridge")
    try:
        assert client.process.wait(30) == 4
        assert client.process.stderr and "import-failed: no_such_module_for_gymbridge" in client.process.stderr.read()
    finally:
        client.close()


def test_watchdog_exits_when_the_parent_is_gone() -> None:
    # A middle process starts a worker that watches it, leaves it hanging inside env.step (so the
    # pipe closing goes unnoticed) and exits: only the parent watchdog can end the worker.
    script = (
        "import os; from worker_client import WorkerClient; from gymbridge_worker import codec;"
        "c = WorkerClient('--import', 'gymbridge_testenvs', '--parent-pid', str(os.getpid())).connect();"
        "h = c.ok('make', env_id='GymBridgeTest/Hanging-v0')['handle']; c.ok('reset', handle=h);"
        "c.send_raw(codec.pack([99, 'step', {'handle': h, 'action': 1}]));"
        "print(c.process.pid, flush=True); os._exit(0)"
    )
    tests_dir = Path(__file__).resolve().parent
    middle = subprocess.run(
        [sys.executable, "-c", script], env=dict(os.environ, PYTHONPATH=f"{WORKER_ROOT}{os.pathsep}{tests_dir}"),
        capture_output=True, text=True, timeout=60, check=True,
    )
    worker_pid = int(middle.stdout.strip())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker_pid):
        time.sleep(0.1)
    assert not _alive(worker_pid)


@pytest.mark.parametrize("inherited", [signal.SIG_DFL, signal.SIG_IGN], ids=["sigint-default", "sigint-ignored"])
def test_sigint_ends_a_busy_worker_quietly_even_when_its_parent_ignored_sigint(inherited) -> None:
    # A supervisor started with `nohup` or `&` hands SIGINT down ignored; the supervisor's graceful stop must still work.
    client = WorkerClient("--import", "gymbridge_testenvs", preexec_fn=lambda: signal.signal(signal.SIGINT, inherited)).connect()
    try:
        handle = client.ok("make", env_id="GymBridgeTest/Hanging-v0")["handle"]
        client.ok("reset", handle=handle)
        client.send_raw(_frame(99, "step", handle=handle, action=1))
        time.sleep(0.5)  # let it enter the hanging step; a SIGINT before that ends it the same way
        client.process.send_signal(signal.SIGINT)
        assert client.process.wait(30) == 130
        assert client.process.stderr and "gymbridge-worker: interrupted, exiting" in client.process.stderr.read()
    finally:
        client.close()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"  # a zombie waiting for a reaper has exited
    except FileNotFoundError:
        return False
