"""Reading, validating and fitting a 1,000,000-row upload: time and peak memory, side by side
with a plain pandas + scikit-learn baseline on the same bytes.

Each pipeline runs in its own fresh Python process that receives the CSV bytes on standard
input (nothing touches the disk, as in the app) and reports its wall time and peak resident
memory (``ru_maxrss``, which includes the interpreter, the libraries and the bytes):

- riskexplorer: ``ingest.read_table`` (encoding and delimiter detection) → ``ingest.prepare``
  (yes/no mapping and checks) → ``Scorecard().fit`` (grouped counts, points, risk table);
- baseline: ``pandas.read_csv`` → map the yes/no words → ``LogisticRegression`` on the raw rows.

    python benchmarks/bench_upload.py                # 1,000,000 rows
    python benchmarks/bench_upload.py --rows 200000

Target: the riskexplorer pipeline peaks under 500 MB.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys

import numpy as np
import pandas as pd

FACTORS = [f"factor_{i}" for i in range(8)]

CHILD = r"""
import json, resource, sys, time
data = sys.stdin.buffer.read()
start = time.perf_counter()
if sys.argv[1] == "riskexplorer":
    from riskexplorer import ingest
    from riskexplorer.scorecard import Scorecard
    frame = ingest.read_table(data, "upload.csv")
    X, y, w = ingest.prepare(frame, "offended", sys.argv[2].split(","))
    model = Scorecard().fit(X, y, sample_weight=w)
    points = model.points_.to_dict()
else:
    import io
    import numpy as np
    import pandas as pd
    from sklearn.linear_model import LogisticRegression
    frame = pd.read_csv(io.BytesIO(data), sep=";")
    factors = sys.argv[2].split(",")
    X = frame[factors].to_numpy(dtype=np.uint8)
    y = frame["offended"].str.strip().str.lower().map({"да": 1, "нет": 0}).to_numpy()
    model = LogisticRegression(C=np.inf, solver="newton-cholesky").fit(X, y)
    points = {}
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "input_mb": len(data) / 2**20, "points": points}))
"""


def make_csv(n_rows: int, seed: int = 1) -> bytes:
    """A semicolon CSV as a Kazakh office exports it: 0/1 factors, «да/нет» outcome, a region."""
    rng = np.random.default_rng(seed)
    latent = rng.standard_normal((n_rows, len(FACTORS))) + 0.5 * rng.standard_normal((n_rows, 1))
    X = (latent > np.linspace(0.4, 1.8, len(FACTORS))).astype(np.uint8)
    eta = -6.0 + X @ np.linspace(1.2, 0.3, len(FACTORS))
    y = rng.random(n_rows) < 1 / (1 + np.exp(-eta))
    frame = pd.DataFrame(X, columns=FACTORS)
    frame["offended"] = np.where(y, "да", "нет")
    frame["region"] = rng.choice(["Алматы", "Астана", "Шымкент", "Туркестанская"], n_rows)
    buffer = io.StringIO()
    frame.to_csv(buffer, sep=";", index=False)
    return buffer.getvalue().encode("utf-8")


def run(kind: str, data: bytes) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, kind, ",".join(FACTORS)],
        input=data,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{result.stderr.decode()[-2000:]}")
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    data = make_csv(args.rows)
    results: dict[str, list[dict]] = {"riskexplorer": [], "baseline": []}
    for i in range(args.repeats):
        order = ["riskexplorer", "baseline"] if i % 2 == 0 else ["baseline", "riskexplorer"]
        for kind in order:
            results[kind].append(run(kind, data))
    summary = {
        kind: (
            float(np.median([r["seconds"] for r in runs])),
            float(np.median([r["peak_mb"] for r in runs])),
        )
        for kind, runs in results.items()
    }
    (ours_s, ours_mb), (base_s, base_mb) = summary["riskexplorer"], summary["baseline"]
    print(
        f"Upload of {args.rows:,} rows ({len(data) / 2**20:.1f} MB CSV, 8 factors), "
        f"median of {args.repeats} fresh processes; target peak < 500 MB\n"
    )
    print("| pipeline | seconds | peak RSS MB |")
    print("|---|---:|---:|")
    print(f"| riskexplorer: read_table → prepare → Scorecard.fit | {ours_s:.2f} | {ours_mb:.0f} |")
    print(
        f"| baseline: pandas.read_csv → LogisticRegression (raw rows) | {base_s:.2f} | {base_mb:.0f} |"
    )
    print(f"| ratio riskexplorer / baseline | {ours_s / base_s:.2f}× | {ours_mb / base_mb:.2f}× |")
    print(f"\ntarget peak < 500 MB: {'met' if ours_mb < 500 else 'NOT met'}")


if __name__ == "__main__":
    main()
