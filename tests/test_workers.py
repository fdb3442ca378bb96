"""riskexplorer.workers: an upload's fit runs in a memory-capped child and comes back exactly as
it would in the server; a child that runs out of memory or dies costs only its own answer."""

from __future__ import annotations

import io
import os
import sys

import numpy as np
import pandas as pd
import pytest

from riskexplorer import workers
from riskexplorer.errors import InputError
from riskexplorer.views import your_data as upload


def example() -> tuple[pd.DataFrame, upload.Roles]:
    df = pd.read_csv(io.BytesIO(upload.example_csv()))
    return df, upload.read_guess(df)


def allocate(megabytes: int) -> int:
    """Ask for ``megabytes`` of memory at once (a table far larger than the cap)."""
    return len(np.ones(megabytes * 1024 * 1024 // 8))


def blas_threads() -> str | None:
    return os.environ.get("OPENBLAS_NUM_THREADS")


def abort() -> None:
    os.abort()  # what a native crash (Rust, C) does: no exception, the process is gone


@pytest.fixture
def small_workers(monkeypatch):
    """A fresh pool whose children may use 600 MB; the app's pool is left alone."""
    monkeypatch.setattr(workers, "MEMORY_MB", 600)
    monkeypatch.setattr(workers, "WORKERS", 1)
    monkeypatch.setattr(workers, "_pool", None)
    yield
    if workers._pool is not None:
        workers._pool.shutdown(wait=True)


def test_a_fit_in_a_worker_equals_the_fit_in_the_server():
    df, roles = example()
    here = upload.fit_upload(df, roles)
    there = workers.run(upload.fit_upload, df, roles)
    assert there.model.points == here.model.points
    assert there.model.points  # the example's factors got points
    card, same = there.model.scorecard, here.model.scorecard
    assert (card.risk_intercept_, card.risk_slope_) == (same.risk_intercept_, same.risk_slope_)
    pd.testing.assert_frame_equal(card.risk_table_, same.risk_table_)
    pd.testing.assert_frame_equal(card.odds_ratios_, same.odds_ratios_)


def test_an_input_error_comes_back_with_its_code_and_parameters():
    df, roles = example()
    reused = upload.Roles(**{**roles.__dict__, "group": roles.outcome})
    with pytest.raises(InputError) as caught:
        workers.run(upload.fit_upload, df, reused)
    assert caught.value.code == "ingest.column_reused"
    assert caught.value.params == {"column": roles.outcome}
    assert roles.outcome in caught.value.message("ru")


def test_a_table_past_the_memory_cap_is_refused_and_the_next_one_still_fits(small_workers):
    assert workers.run(allocate, 50) == 50 * 1024 * 1024 // 8
    with pytest.raises(InputError) as caught:
        workers.run(allocate, 4_000)
    assert caught.value.code == "worker.memory"
    assert "600" in caught.value.message("kk")
    assert workers.run(allocate, 50) == 50 * 1024 * 1024 // 8


def test_a_crashed_child_is_an_input_error_and_the_pool_is_replaced(small_workers):
    with pytest.raises(InputError) as caught:
        workers.run(abort)
    assert caught.value.code == "worker.crashed"
    df, roles = example()
    assert workers.run(upload.fit_upload, df, roles).model.points


def test_inside_a_worker_or_with_none_configured_it_runs_in_place(monkeypatch):
    monkeypatch.setattr(workers, "WORKERS", 0)
    assert workers.run(os.getpid) == os.getpid()
    monkeypatch.setattr(workers, "WORKERS", 2)
    assert workers.run(os.getpid) != os.getpid()


@pytest.mark.parametrize("script", ["app.py", "src/riskexplorer/app/streamlit_app.py"])
def test_a_worker_importing_the_main_script_does_not_start_the_app(monkeypatch, script):
    """``spawn`` imports the server's main script in each child as ``__mp_main__``; if that
    started the app, every child would warm up and start workers of its own."""
    import runpy
    from pathlib import Path

    from riskexplorer.app import main

    started = []
    monkeypatch.setattr(main, "run", lambda: started.append(True))
    path = str(Path(__file__).resolve().parents[1] / script)
    runpy.run_path(path, run_name="__mp_main__")
    assert started == []
    runpy.run_path(path, run_name="__main__")  # as Streamlit runs it
    assert started == [True]


def test_a_worker_imports_neither_the_main_script_nor_blas_threads(
    small_workers, monkeypatch, tmp_path
):
    """Under Streamlit (and after any AppTest) ``__main__`` is app.py: a spawned child must not
    import it (Streamlit and the whole app, before its first task) — nor start BLAS threads,
    whose reserved memory would count against the cap."""
    import types

    marker = tmp_path / "imported"
    script = tmp_path / "main_script.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert workers.run(blas_threads) == "1"
    assert not marker.exists()
    assert sys.modules["__main__"] is main  # given back after the child started
