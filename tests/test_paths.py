"""Where the data files are: the checkout's data/ when imported from a checkout, the installed
copy otherwise, and RISKEXPLORER_DATA over both."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from riskexplorer import paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fresh_install_cache():
    paths._installed.cache_clear()
    yield
    paths._installed.cache_clear()


def test_data_dir_is_this_checkouts_data_folder(monkeypatch, fresh_install_cache):
    monkeypatch.delenv("RISKEXPLORER_DATA", raising=False)
    assert paths._CHECKOUT == ROOT
    assert paths.data_dir() == ROOT / "data"


def test_the_data_folder_holds_facts_and_the_locales(monkeypatch):
    monkeypatch.delenv("RISKEXPLORER_DATA", raising=False)
    folder = paths.data_dir()
    assert (folder / "facts.csv").is_file()
    assert (folder / "locales").is_dir()
    assert {p.name for p in (folder / "locales").glob("*.toml")} >= {
        "kk.toml",
        "ru.toml",
        "en.toml",
    }


def test_riskexplorer_data_overrides_the_checkout(monkeypatch, tmp_path):
    monkeypatch.setenv("RISKEXPLORER_DATA", str(tmp_path))
    assert paths.data_dir() == tmp_path
    monkeypatch.setenv("RISKEXPLORER_DATA", "")  # empty: no override
    assert paths.data_dir() == paths._installed()


def test_outside_a_checkout_the_installed_package_data_is_used(
    monkeypatch, tmp_path, fresh_install_cache
):
    monkeypatch.delenv("RISKEXPLORER_DATA", raising=False)
    # A "checkout" without pyproject.toml is not one: the package's own data folder is used.
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "facts.csv").write_text("id\n", encoding="utf-8")
    monkeypatch.setattr(paths, "_CHECKOUT", tmp_path)
    expected = Path(str(resources.files("riskexplorer"))) / "data"
    assert paths.data_dir() == expected
    assert paths.data_dir() != tmp_path / "data"


def test_a_checkout_without_facts_is_not_used(monkeypatch, tmp_path, fresh_install_cache):
    monkeypatch.delenv("RISKEXPLORER_DATA", raising=False)
    (tmp_path / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    monkeypatch.setattr(paths, "_CHECKOUT", tmp_path)
    assert paths.data_dir() == Path(str(resources.files("riskexplorer"))) / "data"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "facts.csv").write_text("id\n", encoding="utf-8")
    paths._installed.cache_clear()
    assert paths.data_dir() == tmp_path / "data"
