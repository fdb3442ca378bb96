"""In Chromium: a CSV dropped on the Your data page becomes the fitted points table, with the
columns' own names as factors and no exception; the example button does the same."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.browser.conftest import settle

UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
FACTORS = ["Прогулы", "Конфликт в семье", "Есть наставник"]


def table_bytes() -> bytes:
    """Made-up records as a Russian Excel saves them: cp1251, semicolons, да/нет."""
    rng = np.random.default_rng(0)
    n = 1500
    X = (rng.random((n, 3)) < [0.3, 0.4, 0.5]).astype(int)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1.6 + X @ np.array([1.1, 0.7, -0.6]))))).astype(int)
    frame = pd.DataFrame(X, columns=FACTORS).assign(Правонарушение=y)
    frame.insert(0, "Область", rng.choice(["Алматы", "Астана", "Шымкент"], n))
    return frame.replace({1: "да", 0: "нет"}).to_csv(sep=";", index=False).encode("cp1251")


def points_table_cells(page) -> list[str]:
    """The cells of the grid whose header has "Odds ratio" (the points table). The grid draws on
    a canvas; its accessible table copy holds the cell text."""
    header = page.locator('[role="columnheader"]', has_text="Odds ratio")
    grid = page.locator('[data-testid="stDataFrame"]').filter(has=header).first
    grid.wait_for()
    return [c.strip() for c in grid.locator('[role="gridcell"]').all_text_contents()]


def test_uploaded_csv_is_fitted_into_a_points_table(server, page):
    page.goto(f"{server}/your_data?lang=en")
    settle(page)
    assert page.get_by_text("never written to disk").count() == 1
    page.set_input_files(
        UPLOAD_INPUT,
        files=[{"name": "данные.csv", "mimeType": "text/csv", "buffer": table_bytes()}],
    )
    page.get_by_role("heading", name="Points per factor").wait_for(timeout=30_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("encoding cp1251").count() >= 1
    cells = points_table_cells(page)
    for factor in FACTORS:
        assert factor in cells
    assert page.get_by_role("heading", name="How the scorecard does in each group").count() == 1


def test_example_button_fits_without_a_file(server, page):
    page.goto(f"{server}/your_data?lang=en")
    settle(page)
    page.get_by_role("button", name="Try with the example").click()
    page.get_by_role("heading", name="Points per factor").wait_for(timeout=30_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Neither studying nor working" in points_table_cells(page)
