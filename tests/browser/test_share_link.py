"""A shared link restores every widget in a fresh browser, in any language: several chosen
values (repeated parameters), Cyrillic text and an ``&`` survive the round trip."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

from tests.browser.conftest import settle

SEARCH = "Министерство & «образования»"


def fresh(browser, locale: str = "en-US"):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale=locale)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def widgets(page) -> dict:
    """What every widget on the Methodology page shows."""
    return {
        "language": page.locator(
            '[data-testid="stSidebar"] [data-testid="stSelectbox"] input[role="combobox"]'
        ).first.input_value(),
        "present": page.locator(
            '[data-testid="stSidebar"] input[type="checkbox"]'
        ).first.is_checked(),
        "topics": page.locator('[data-testid="stMultiSelect"] [data-tag] > span').all_inner_texts(),
        "search": page.locator('[data-testid="stTextInput"] input').first.input_value(),
    }


def widgets_once_drawn(page, expected_topics: int) -> dict:
    """:func:`widgets`, once the multiselect has drawn its chosen tags: Streamlit draws them
    a moment after the run ends (up to about 2 s on a loaded machine)."""
    page.locator('[data-testid="stMultiSelect"] [data-tag]').nth(expected_topics - 1).wait_for()
    return widgets(page)


def shown_link(page) -> str:
    page.locator('[data-testid="stSidebar"] summary').first.click()
    code = page.locator('[data-testid="stSidebar"] [data-testid="stCode"] code').first
    code.wait_for()
    return code.inner_text().strip()


def test_a_link_with_choices_cyrillic_and_an_ampersand_restores_every_widget(server, browser):
    query = urlencode(
        [("lang", "ru"), ("mt_topics", "offending"), ("mt_topics", "inclusion"),
         ("mt_search", SEARCH)]
    )  # fmt: skip
    context, page = fresh(browser)
    page.goto(f"{server}/methodology?{query}")
    settle(page)
    first = widgets_once_drawn(page, 2)
    from riskexplorer.views.figures import topic_names

    names = topic_names("ru")
    assert first == {
        "language": "Русский",
        "present": False,
        "topics": [names["offending"], names["inclusion"]],
        "search": SEARCH,
    }
    link = shown_link(page)
    assert parse_qs(urlsplit(link).query) == {
        "lang": ["ru"], "mt_topics": ["offending", "inclusion"], "mt_search": [SEARCH],
    }  # fmt: skip
    # The copy button copies the link and says so.
    page.get_by_role("button", name="Копировать ссылку").click()
    page.get_by_text("Ссылка скопирована").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link
    context.close()

    # The shown link, opened in a fresh browser, gives the same view; in Kazakh, the same
    # topics (ids in the link), named in Kazakh.
    context, again = fresh(browser)
    again.goto(link)
    settle(again)
    assert widgets_once_drawn(again, 2) == first
    context.close()
    context, kazakh = fresh(browser)
    kazakh.goto(link.replace("lang=ru", "lang=kk"))
    settle(kazakh)
    names_kk = topic_names("kk")
    assert widgets_once_drawn(kazakh, 2)["topics"] == [names_kk["offending"], names_kk["inclusion"]]
    assert widgets(kazakh)["search"] == SEARCH
    context.close()
