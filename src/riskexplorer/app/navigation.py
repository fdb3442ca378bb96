"""The app's pages in navigation order: one place that app.py and the tests both read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[3]
#: The app's icon: a file that ships with the package (a Material icon name would make the
#: browser fetch it from a fonts host).
FAVICON = str(Path(__file__).resolve().parents[1] / "assets" / "favicon.png")


@cache
def _pages_dir() -> Path:
    # app_pages/ at the checkout's root is installed inside the Streamlit boundary, as the
    # package riskexplorer.app.app_pages (not pages/: see README, Development).
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "app_pages").is_dir():
        return _CHECKOUT / "app_pages"
    return Path(str(resources.files("riskexplorer.app"))) / "app_pages"


@dataclass(frozen=True)
class PageSpec:
    path: str
    url_path: str
    title_key: str
    icon: str
    default: bool = False


# The order a workshop follows: what is documented, what it implies, what a model of it can and
# cannot do, who can act on it; then one's own data, and how all of it was checked.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/overview.py", "overview", "nav.overview", ":material/home:", default=True),
    PageSpec("app_pages/regions.py", "regions", "regions.nav_title", ":material/grid_view:"),
    PageSpec("app_pages/statistics.py", "statistics", "nav.statistics", ":material/bar_chart:"),
    PageSpec(
        "app_pages/children_as_victims.py",
        "children_as_victims",
        "victims.nav_title",
        ":material/child_care:",
    ),
    PageSpec(
        "app_pages/risk_factors.py", "risk_factors", "risk_factors.nav_title", ":material/insights:"
    ),
    PageSpec("app_pages/scoring.py", "scoring", "scoring.nav_title", ":material/calculate:"),
    PageSpec(
        "app_pages/who_can_act.py", "who_can_act", "who_can_act.nav_title", ":material/groups:"
    ),
    PageSpec(
        "app_pages/your_data.py", "your_data", "your_data.nav_title", ":material/upload_file:"
    ),
    PageSpec("app_pages/methodology.py", "methodology", "nav.methodology", ":material/menu_book:"),
)


def page_file(spec: PageSpec) -> Path:
    """The absolute path of a page's script, in a checkout or an install."""
    return _pages_dir() / Path(spec.path).name
