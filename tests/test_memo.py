"""memo.frame_cache: one build per argument set, a private copy for every caller."""

from __future__ import annotations

import pandas as pd

from riskexplorer.memo import frame_cache


def _counting():
    calls: list[tuple] = []

    @frame_cache
    def build(n: int, lang: str = "en") -> pd.DataFrame:
        """Doc kept."""
        calls.append((n, lang))
        return pd.DataFrame({"x": list(range(n)), "lang": [lang] * n})

    return build, calls


def test_the_builder_runs_once_per_argument_set():
    build, calls = _counting()
    build(3)
    build(3)
    build(3, "ru")
    build(3, "ru")
    build(2)
    assert calls == [(3, "en"), (3, "ru"), (2, "en")]
    assert build(3, "ru")["lang"].tolist() == ["ru", "ru", "ru"]
    assert len(calls) == 3


def test_a_caller_mutating_its_frame_does_not_reach_the_next_caller():
    build, _ = _counting()
    first = build(3)
    first.loc[0, "x"] = 99
    first["extra"] = 1
    first.iloc[1, 1] = "kk"
    second = build(3)
    assert second["x"].tolist() == [0, 1, 2]
    assert second["lang"].tolist() == ["en", "en", "en"]
    assert list(second.columns) == ["x", "lang"]
    assert second is not build(3)


def test_cache_clear_makes_the_next_call_build_again():
    build, calls = _counting()
    build(1)
    build.cache_clear()
    build(1)
    assert calls == [(1, "en"), (1, "en")]


def test_the_wrapper_keeps_name_and_docstring():
    build, _ = _counting()
    assert build.__name__ == "build"
    assert build.__doc__ == "Doc kept."
