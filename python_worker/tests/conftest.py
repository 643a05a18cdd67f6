"""Makes the worker packages importable when pytest runs from python_worker/."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
