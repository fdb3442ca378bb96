"""``riskexplorer serve``: run the installed app with the project's Streamlit settings.

A checkout runs ``streamlit run app.py`` and Streamlit reads ``.streamlit/config.toml`` from the
working folder. An install has no such folder, so the same file ships inside the package
(``riskexplorer.streamlit_config``) and every setting in it is passed on the command line —
``gatherUsageStats = false`` and the server address included, wherever the command is run.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

_CHECKOUT = Path(__file__).resolve().parents[3]


def config() -> dict[str, Any]:
    """The project's Streamlit settings as ``{"section.option": value}``."""
    local = _CHECKOUT / ".streamlit" / "config.toml"
    if (_CHECKOUT / "pyproject.toml").is_file() and local.is_file():
        text = local.read_bytes()
    else:
        text = (resources.files("riskexplorer") / "streamlit_config" / "config.toml").read_bytes()
    table = tomllib.loads(text.decode("utf-8"))
    return {
        f"{section}.{option}": value
        for section, options in table.items()
        if isinstance(options, Mapping)
        for option, value in options.items()
    }


def _flag(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def command(extra: Sequence[str] = ()) -> list[str]:
    """The ``python -m streamlit run …`` command line; ``extra`` (``--server.port 9000``) wins."""
    script = Path(__file__).resolve().parent / "streamlit_app.py"
    flags = [f"--{key}={_flag(value)}" for key, value in config().items()]
    return [sys.executable, "-m", "streamlit", "run", str(script), *flags, *extra]


def serve(extra: Sequence[str] = ()) -> None:  # pragma: no cover - replaces the process
    """Replace this process by the Streamlit server."""
    argv = command(extra)
    os.execv(argv[0], argv)
