"""Where the package finds its data files.

The checkout's ``data/`` is the source of truth. It is installed as the package
``riskexplorer.data`` (``pyproject.toml`` maps it), so a wheel carries it and
:mod:`importlib.resources` finds it without a checkout; ``RISKEXPLORER_DATA`` overrides both (for
tests of broken data).
"""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]


@cache
def _installed() -> Path:
    # Code imported from a checkout's src/ (PYTHONPATH=src, another worktree) reads that
    # checkout's data/, never the data of whichever copy happens to be installed.
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "data" / "facts.csv").is_file():
        return _CHECKOUT / "data"
    return Path(str(resources.files("riskexplorer"))) / "data"


def data_dir() -> Path:
    """The folder of ``facts.csv``, ``sources.csv``, … and ``locales/``."""
    override = os.environ.get("RISKEXPLORER_DATA")
    return Path(override) if override else _installed()
