"""Makes the worker packages importable when pytest runs from python_worker/, and starts workers for the tests."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gymbridge_worker import PROTOCOL_VERSION  # noqa: E402
from worker_client import WorkerClient  # noqa: E402


@pytest.fixture()
def worker():
    client = WorkerClient("--import", "gymbridge_testenvs").connect()
    assert client.ok("hello", protocol=PROTOCOL_VERSION)["protocol"] == PROTOCOL_VERSION
    yield client
    client.close()
