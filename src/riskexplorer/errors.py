"""Error types that carry a translatable message: what is wrong, where, and what to do."""

from __future__ import annotations

from typing import Any

from riskexplorer.i18n import t


class RiskExplorerError(Exception):
    """Base error whose text lives in the locale files under ``errors.<code>``."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` (Kazakh, Russian or English)."""
        return t(f"errors.{self.code}", lang, **self.params)


class InputError(RiskExplorerError, ValueError):
    """A user's table or argument cannot be used; the message names the column or row and the fix."""


class DataError(RiskExplorerError):
    """A file in ``data/`` breaks its schema; raised at load so a broken figure never reaches a page."""
