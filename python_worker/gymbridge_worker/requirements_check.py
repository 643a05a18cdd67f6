"""Checks that the running interpreter satisfies requirements.txt (``name>=version`` lines).

Run as a script it prints the installed versions and exits 1 with the missing ones on stderr.
Standard library only, so it works before anything is installed.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from pathlib import Path

_LINE = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:>=\s*([0-9][0-9.]*))?")


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def requirements(path: Path) -> list[tuple[str, str | None]]:
    found = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        match = _LINE.match(line)
        if line and match:
            found.append((match.group(1), match.group(2)))
    return found


def problems(path: Path) -> tuple[list[str], list[str]]:
    """Returns (installed "name version" strings, problem descriptions)."""
    installed, missing = [], []
    for name, minimum in requirements(path):
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(f"{name} is not installed")
            continue
        if minimum and _version_tuple(version) < _version_tuple(minimum):
            missing.append(f"{name} {version} is older than {minimum}")
        else:
            installed.append(f"{name} {version}")
    return installed, missing


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2] / "requirements.txt"
    installed, missing = problems(path)
    if missing:
        print("; ".join(missing), file=sys.stderr)
        return 1
    print(f"Python {sys.version.split()[0]}, " + ", ".join(installed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
