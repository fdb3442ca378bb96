"""The verification statuses of a figure — their order, colours and icons — from
``data/statuses.csv``: the one owner of how a status looks, for the pages, the charts and the
summary export alike. Status is always also written in words (``status.<name>`` in the locale
files); colour never carries it alone.

>>> STATUSES
('confirmed', 'corrected', 'seed-only', 'contradicted', 'reported')
>>> style("contradicted").badge_colour, style("contradicted").chart_colour
('red', '#C0392B')
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from riskexplorer.errors import DataError
from riskexplorer.paths import data_dir

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
#: Streamlit's badge colours (``:blue-badge[…]``).
_BADGES = frozenset({"blue", "green", "orange", "red", "violet", "gray", "grey", "primary"})


@dataclass(frozen=True)
class StatusStyle:
    status: str
    chart_colour: str  # marks on white (Okabe–Ito, colour-blind safe)
    text_colour: str  # text on white, ≥ 4.5:1 (WCAG 2.1 AA)
    badge_colour: str  # Streamlit badge colour
    icon: str  # Material icon, rendered by Streamlit from its bundled font


@cache
def _styles() -> dict[str, StatusStyle]:
    path = data_dir() / "statuses.csv"
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise DataError("data.unreadable", file="statuses.csv", detail=str(exc)) from exc
    styles = {}
    for row in rows:
        try:
            style = StatusStyle(
                row["status"], row["chart_colour"], row["text_colour"], row["badge_colour"],
                row["icon"],
            )  # fmt: skip
        except KeyError as exc:
            raise DataError("data.missing_columns", file="statuses.csv", columns=str(exc)) from exc
        colours_ok = _COLOUR.fullmatch(style.chart_colour) and _COLOUR.fullmatch(style.text_colour)
        if not colours_ok or style.badge_colour not in _BADGES:
            raise DataError(
                "data.invalid_rows", file="statuses.csv", problem="colour", rows=style.status
            )
        styles[style.status] = style
    return styles


def style(status: str) -> StatusStyle:
    """How ``status`` looks; a ``KeyError`` for a status the file does not have."""
    return _styles()[status]


STATUSES: tuple[str, ...] = tuple(_styles())
