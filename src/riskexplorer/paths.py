"""Where the package finds its data files: ``data/`` beside the source tree, or a bundled copy."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The ``data/`` folder; ``RISKEXPLORER_DATA`` overrides it (for tests of broken data)."""
    override = os.environ.get("RISKEXPLORER_DATA")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "data"
