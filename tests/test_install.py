"""The package installs and runs outside the checkout: the wheel carries its data, translations,
pages and Streamlit settings, and needs nothing from the source tree.

The wheel is built from this checkout and installed without dependencies into a fresh virtual
environment in a temporary folder; the dependencies come from the test environment's own
site-packages (added as a plain path, so its editable install of riskexplorer is not seen).
"""

from __future__ import annotations

import csv
import io
import os
import site
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A venv with the wheel installed; returns its bin/ folder."""
    work = tmp_path_factory.mktemp("install")
    wheels = work / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(ROOT)],
        check=True, cwd=work, capture_output=True,
    )  # fmt: skip
    wheel = next(wheels.glob("riskexplorer-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    target = next((venv / "lib").glob("python3*/site-packages"))
    (target / "test-dependencies.pth").write_text(site.getsitepackages()[0] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "--no-deps", "-q", str(wheel)],
        check=True, cwd=work, capture_output=True,
    )  # fmt: skip
    return venv / "bin"


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RISKEXPLORER_DATA")}
    command = [str(bin_dir / args[0]), *args[1:]]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    code = (
        "import riskexplorer.paths as p; from riskexplorer.app import navigation as n; "
        "print(p.__file__); print(p.data_dir()); "
        "print(*[n.page_file(s) for s in n.PAGES if n.page_file(s).is_file()], sep='\\n')"
    )
    out = run(installed, "python", "-c", code, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    module, data, *pages = out.stdout.split()
    venv = str(installed.parent)
    assert module.startswith(venv) and data.startswith(venv) and not module.startswith(str(ROOT))
    # Every page of the navigation is a file inside the install.
    from riskexplorer.app.navigation import PAGES

    assert len(pages) == len(PAGES) and all(page.startswith(venv) for page in pages)


def test_facts_in_kazakh_from_the_install(installed, tmp_path):
    out = run(installed, "riskexplorer", "facts", "--lang", "kk", "--format", "csv", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout.lstrip("\ufeff"))))
    ids = {row[0] for row in rows[1:]}
    assert "teen_crimes_jan_apr_2025" in ids and len(rows) > 100
    assert "Traceback" not in out.stderr
    # Kazakh letters reach the output: the translations shipped with the wheel.
    assert any(ch in out.stdout for ch in "әғқңөұүһі")


def test_score_the_example_file_from_the_install(installed, tmp_path):
    example = tmp_path / "example.csv"
    write = (
        "from riskexplorer.views.your_data import example_csv; import sys; "
        "open(sys.argv[1], 'wb').write(example_csv())"
    )
    assert run(installed, "python", "-c", write, str(example), cwd=tmp_path).returncode == 0
    header = example.read_text(encoding="utf-8-sig").splitlines()[0]
    columns = next(csv.reader([header]))
    factors = [c for c in columns if c not in ("region", "offended", "synthetic")]
    out = run(
        installed, "riskexplorer", "score", str(example), "--outcome", "offended",
        "--factors", ",".join(factors[:4]), "--lang", "en", cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "points" in out.stdout.lower() and factors[0] in out.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_installed_app_serves_its_health_endpoint(installed, tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    server = subprocess.Popen(
        [str(installed / "riskexplorer"), "serve", "--", f"--server.port={port}",
         "--server.address=127.0.0.1"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline, body = time.monotonic() + 60, b""
        while time.monotonic() < deadline and body != b"ok":
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                ) as r:
                    body = r.read()
            except OSError:
                time.sleep(0.3)
        assert body == b"ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
            assert page.status == 200 and b"<html" in page.read().lower()
    finally:
        server.terminate()
        server.wait(timeout=20)
