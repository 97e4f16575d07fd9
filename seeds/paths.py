"""Where the seed documents are: in the repository (seeds/documents), unless ANTQ_SEED_DIR says
otherwise."""

from __future__ import annotations

import os
from pathlib import Path

DOCUMENTS = Path(__file__).resolve().parent / "documents"


def seed_dir() -> Path:
    return Path(os.environ.get("ANTQ_SEED_DIR") or DOCUMENTS)


def seed_file(prefix: str) -> Path:
    """The document whose name starts with `prefix` ("000", "001", …)."""
    matches = sorted(seed_dir().glob(f"{prefix}_*.txt"))
    if len(matches) != 1:
        raise FileNotFoundError(f"expected one seed document {prefix}_*.txt in {seed_dir()}")
    return matches[0]
