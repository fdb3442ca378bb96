"""The share link reopens the view: built from the widgets' values (not the address bar),
URL-encoded, one repeated parameter per chosen value, ids rather than translated labels."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from streamlit.testing.v1 import AppTest

from riskexplorer import report
from tests.app.conftest import open_page

SEARCH = "Министерство & «образования»"


def link_of(at: AppTest) -> str:
    return next(c.value for c in at.code)


def params(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query, keep_blank_values=True)


def test_the_link_round_trips_several_choices_cyrillic_and_an_ampersand():
    at = open_page("app_pages/methodology.py", lang="ru")
    at.multiselect(key="mt_topics").set_value(["inclusion", "offending"]).run()
    at.text_input(key="mt_search").set_value(SEARCH).run()
    link = link_of(at)
    assert "&mt_topics=inclusion&mt_topics=offending" in link
    assert "%26" in link and " " not in link and "Министерство" not in link  # encoded
    got = params(link)
    assert got == {"lang": ["ru"], "mt_topics": ["inclusion", "offending"], "mt_search": [SEARCH]}

    # A fresh session opened with that link (in English: ids, not labels) shows the same view.
    fresh = AppTest.from_file(str(at._script_path), default_timeout=30)
    for name, values in got.items():
        fresh.query_params[name] = values if len(values) > 1 else values[0]
    fresh.query_params["lang"] = "en"
    fresh.switch_page("app_pages/methodology.py").run()
    assert not fresh.exception
    assert fresh.multiselect(key="mt_topics").value == ["inclusion", "offending"]
    assert fresh.multiselect(key="mt_topics").format_func("inclusion") == (
        "Inclusive education and support"
    )
    assert fresh.text_input(key="mt_search").value == SEARCH
    assert params(link_of(fresh))["mt_topics"] == ["inclusion", "offending"]


def test_the_link_follows_the_widgets_not_the_address_bar():
    at = open_page("app_pages/methodology.py")
    at.query_params["mt_search"] = "stale"  # what a lagging address bar would say
    at.text_input(key="mt_search").set_value("Ministry").run()
    assert params(link_of(at))["mt_search"] == ["Ministry"]


def test_defaults_stay_out_of_the_link_and_presenting_goes_in():
    at = open_page("app_pages/methodology.py")
    assert params(link_of(at)) == {"lang": ["en"]}
    at = open_page("app_pages/methodology.py", present="true")
    assert params(link_of(at)) == {"lang": ["en"], "present": ["true"]}


def test_the_summary_embeds_the_link_of_what_it_shows():
    at = open_page("app_pages/methodology.py")
    at.multiselect(key="mt_topics").set_value(["context", "inclusion"]).run()
    html = report.render_html(at.session_state["_briefing"])
    assert "mt_topics=context&amp;mt_topics=inclusion" in html


def test_the_link_is_url_encoded_with_repeated_parameters():
    link = report.build_link(
        "http://127.0.0.1:8501/methodology?stale=1", {"q": ["a&b #1"], "t": ["x", "y"]}
    )
    assert link == "http://127.0.0.1:8501/methodology?q=a%26b+%231&t=x&t=y"


def test_a_ui_warning_reaches_the_summary():
    def page():
        from riskexplorer.app import ui

        ui.start_briefing()
        ui.section("Caveats")
        ui.warning("Part of the rise is a change in counting, not in harm.")
        ui.info("The trafficking figures are for all ages.")

    at = AppTest.from_function(page).run()
    html = report.render_html(at.session_state["_briefing"])
    assert at.warning[0].value == "Part of the rise is a change in counting, not in harm."
    assert 'class="note note-warning"' in html
    assert "Part of the rise is a change in counting, not in harm." in html
    assert "The trafficking figures are for all ages." in html
