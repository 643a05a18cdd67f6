"""The env family table: one requirements file per family, and a probe that says what works in this interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gymbridge_worker import families

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements"


def test_every_family_has_its_requirements_file_and_every_file_a_family() -> None:
    extras = {family.extra for family in families.FAMILIES}
    assert extras == {path.stem for path in REQUIREMENTS.glob("*.txt")}
    for family in families.FAMILIES:
        lines = (REQUIREMENTS / f"{family.extra}.txt").read_text().splitlines()
        assert [line for line in lines if line and not line.startswith("#")], family
        assert any(line.startswith(("# debian:", "# no-debian:")) for line in lines), f"{family.extra}: say what Debian has"


def test_the_probe_reports_every_family_and_the_core_ones_work_here() -> None:
    script = Path(families.__file__)
    probe = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True)
    report = {entry["family"]: entry for entry in json.loads(probe.stdout)}
    assert set(report) == {family.name for family in families.FAMILIES}
    assert report["classic_control"]["status"] in ("works", "no_rendering")
    assert report["toy_text"]["status"] in ("works", "no_rendering")
    for entry in report.values():
        assert entry["status"] in ("works", "no_rendering", "missing", "broken")
        assert entry["install"] == f"scripts/bootstrap-python.sh --extras {entry['extra']}"
        assert entry["status"] == "works" or entry["detail"]
