"""Time ``Scorecard().fit`` (grouped counts) against scikit-learn on the raw rows, side by side.

For each size, both fits run on the same data in the same process, interleaved (the order
alternates between repeats), and the median of the repeats is reported, with the largest
coefficient difference and each fit's peak traced memory (tracemalloc, in a separate run so
tracing does not slow the timed ones).

    python benchmarks/bench_fit.py                 # 10^4, 10^5, 10^6 rows
    python benchmarks/bench_fit.py --max-rows 1e7  # adds 10^7: about 2 GB peak (scikit-learn
                                                   # copies X to float64: 640 MB, plus work arrays)
    python benchmarks/bench_fit.py --blas-threads 1

On a busy 2-core machine, multi-threaded OpenBLAS makes small fits erratic (threads wait for
a core); ``--blas-threads 1`` gives steadier numbers for both fits.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from riskexplorer.scorecard import Scorecard, group_patterns

N_FACTORS = 8
CHUNK = 1_000_000


def make_cohort(n_rows: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``k = 8`` correlated 0/1 factors (uint8) and an outcome at a base rate of about 1%.

    Factors are thresholded correlated normals (a shared component gives correlations of about
    0.2-0.3); generated in chunks so 10^7 rows never hold float64 copies of the whole matrix.
    """
    rng = np.random.default_rng(seed)
    thresholds = np.linspace(0.3, 1.6, N_FACTORS)  # prevalence from about 40% to 8%
    beta = np.array([0.9, 0.6, 0.5, -0.4, 0.7, 0.3, -0.2, 1.1])
    X = np.empty((n_rows, N_FACTORS), dtype=np.uint8)
    y = np.empty(n_rows, dtype=np.uint8)
    for start in range(0, n_rows, CHUNK):
        stop = min(start + CHUNK, n_rows)
        m = stop - start
        latent = rng.standard_normal((m, N_FACTORS)) + 0.6 * rng.standard_normal((m, 1))
        block = latent > thresholds
        X[start:stop] = block
        eta = -5.4 + block @ beta
        y[start:stop] = rng.random(m) < 1.0 / (1.0 + np.exp(-eta))
    return X, y


def raw_sklearn(card: Scorecard) -> LogisticRegression:
    """The same estimator the scorecard uses internally, for the raw rows."""
    return LogisticRegression(C=np.inf, solver=card.solver, tol=card.tol, max_iter=card.max_iter)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def peak_mb(fn: Callable[[], object]) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def bench(n_rows: int, repeats: int, seed: int) -> dict[str, float]:
    X, y = make_cohort(n_rows, seed)
    card_times, sk_times, group_times = [], [], []
    card = sk = None
    for r in range(repeats):
        runs = [
            ("card", lambda: Scorecard().fit(X, y)),
            ("sk", lambda: raw_sklearn(Scorecard()).fit(X, y)),
        ]
        for name, fn in runs if r % 2 == 0 else runs[::-1]:
            seconds, model = timed(fn)
            if name == "card":
                card_times.append(seconds)
                card = model
            else:
                sk_times.append(seconds)
                sk = model
        group_times.append(timed(lambda: group_patterns(X, y))[0])
    coef_diff = max(
        np.abs(card.coef_ - sk.coef_).max(), np.abs(card.intercept_ - sk.intercept_).max()
    )
    return {
        "rows": n_rows,
        "base_rate": float(y.mean()),
        "patterns": len(card.grouped_.cases),
        "card_s": statistics.median(card_times),
        "group_s": statistics.median(group_times),
        "sk_s": statistics.median(sk_times),
        "coef_diff": float(coef_diff),
        "card_mb": peak_mb(lambda: Scorecard().fit(X, y)),
        "sk_mb": peak_mb(lambda: raw_sklearn(Scorecard()).fit(X, y)),
        "input_mb": (X.nbytes + y.nbytes) / 2**20,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--max-rows", type=float, default=1e6, help="largest size (10^7 needs about 2 GB)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats per size (median)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--blas-threads", type=int, default=None, help="limit BLAS/OpenMP threads (default: all)"
    )
    args = parser.parse_args(argv)
    sizes = [n for n in (10**4, 10**5, 10**6, 10**7) if n <= args.max_rows]

    print(
        f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs; k = {N_FACTORS}; "
        f"solver {Scorecard().solver}, tol {Scorecard().tol}; median of {args.repeats}; "
        f"BLAS threads {args.blas_threads or 'default'}\n"
    )
    print(
        "| rows | base rate | patterns | scorecard fit (s) | of which grouping (s) "
        "| sklearn raw rows (s) | speed-up | max abs coef diff | scorecard peak MB "
        "| sklearn peak MB | input MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with warnings.catch_warnings(), threadpool_limits(limits=args.blas_threads):
        # A very tight tol on 10^6+ raw rows can end in a "line search" warning; the
        # coefficient column shows whether the two fits still agree.
        warnings.simplefilter("ignore")
        for n_rows in sizes:
            r = bench(n_rows, args.repeats, args.seed)
            print(
                f"| {r['rows']:,} | {r['base_rate']:.2%} | {r['patterns']} | {r['card_s']:.4f} "
                f"| {r['group_s']:.4f} | {r['sk_s']:.3f} | {r['sk_s'] / r['card_s']:.1f}x "
                f"| {r['coef_diff']:.1e} | {r['card_mb']:.1f} | {r['sk_mb']:.1f} "
                f"| {r['input_mb']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
