"""Memoising the frames pages show: built once per (figures, language), copied on the way out."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

import pandas as pd

P = ParamSpec("P")


def frame_cache(fn: Callable[P, pd.DataFrame]) -> Callable[P, pd.DataFrame]:
    """Memoise a frame builder over its (hashable) arguments; callers get their own copy.

    The data files are fixed for the life of the process, so each view is built once instead
    of on every rerun; the copy keeps a caller's change from reaching the next caller.
    """
    memo = functools.cache(fn)

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> pd.DataFrame:
        return memo(*args, **kwargs).copy()

    wrapper.cache_clear = memo.cache_clear  # type: ignore[attr-defined]
    return wrapper
