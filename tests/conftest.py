"""Shared fixtures: the repository root, and a clean Streamlit cache between app tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# In CI the property tests draw the same examples every run (a submission is judged on its own
# change, not on a new random draw); locally each run explores new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of data/ that the loaders read instead (``RISKEXPLORER_DATA``), to break on purpose
    (see :func:`tests.datafiles.edit_row`)."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    monkeypatch.setenv("RISKEXPLORER_DATA", str(target))
    return target


@pytest.fixture
def block_writes(tmp_path, monkeypatch):
    """Call it to make every file write fail and be recorded: ``cwd, tmp, attempts = block_writes()``.

    Blocks ``open``/``io.open`` in a writing mode, ``os.open`` with a writing flag and every
    ``tempfile`` constructor, with the working directory and TMPDIR moved to empty folders, so a
    test can prove that reading an upload leaves nothing on disk (uploads may hold records about
    children). Call it after imports and first runs, which may legitimately write caches.
    """
    import builtins
    import io
    import os
    import sys
    import tempfile

    def install():
        cwd, tmp = tmp_path / "cwd", tmp_path / "tmp"
        cwd.mkdir()
        tmp.mkdir()
        attempts: list[str] = []
        real_open, real_os_open = builtins.open, os.open

        def guarded_open(file, mode="r", *args, **kwargs):
            if any(flag in mode for flag in "wax+"):
                attempts.append(f"open({file!r}, {mode!r})")
                raise PermissionError("write blocked by test")
            return real_open(file, mode, *args, **kwargs)

        def guarded_os_open(path, flags, *args, **kwargs):
            if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC):
                attempts.append(f"os.open({path!r})")
                raise PermissionError("write blocked by test")
            return real_os_open(path, flags, *args, **kwargs)

        def no_temp(*args, **kwargs):
            attempts.append("tempfile")
            raise PermissionError("temporary files blocked by test")

        monkeypatch.chdir(cwd)
        monkeypatch.setenv("TMPDIR", str(tmp))
        monkeypatch.setattr(tempfile, "tempdir", str(tmp))
        monkeypatch.setattr(sys, "dont_write_bytecode", True)
        monkeypatch.setattr(builtins, "open", guarded_open)
        monkeypatch.setattr(io, "open", guarded_open)
        monkeypatch.setattr(os, "open", guarded_os_open)
        for name in ("mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryFile",
                     "SpooledTemporaryFile", "TemporaryDirectory"):  # fmt: skip
            monkeypatch.setattr(tempfile, name, no_temp)
        return cwd, tmp, attempts

    return install
