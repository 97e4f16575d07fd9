"""The code base stays `ruff` clean; checked with the tests so CI enforces it."""

from __future__ import annotations

import shutil
import subprocess

from core.config import PROJECT_ROOT


def test_ruff_finds_nothing() -> None:
    ruff = shutil.which("ruff") or str(PROJECT_ROOT / ".venv" / "bin" / "ruff")
    result = subprocess.run(
        [ruff, "check", "--no-cache", str(PROJECT_ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
