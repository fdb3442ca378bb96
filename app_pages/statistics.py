"""Documented statistics by topic: figures with their status, seed claims beside their
corrections, the documented trends, and a filterable table of every figure."""

import streamlit as st

from riskexplorer import charts, privacy
from riskexplorer.app import ui
from riskexplorer.views import figures as views

lang = ui.lang()


def draw(block) -> None:
    """One block of a topic (views.topic_blocks): cards, a note, a heading, a table or a chart."""
    if isinstance(block, views.Cards):
        ui.figure_grid(block.ids)
    elif isinstance(block, views.Heading):
        ui.subheader(block.text)
    elif isinstance(block, views.TableView):
        ui.table(block.frame, block.caption)
    elif isinstance(block, views.ChartView):
        ui.show_chart(
            getattr(charts, block.builder),
            block.data,
            summary=block.summary,
            sources=block.sources,
            key=block.key,
            **block.options,
        )
    else:
        {
            "paragraph": ui.paragraph,
            "caption": ui.caption,
            "warning": ui.warning,
            "info": ui.info,
        }[block.kind](block.text)


ui.title(ui.tr("statistics.title"))
st.markdown(ui.tr("statistics.intro"))

# Ids in the link (?st_topic=inclusion), so it opens the same tab in any language; only the
# open tab runs (a rerun draws one topic, not five).
for topic, tab in ui.tabs(views.topic_names(lang), key="st_topic"):
    if tab.open:
        with tab:
            ui.section(ui.tr(f"topic.{topic}"), render=False)
            ui.key_message(views.key_message(topic, lang))
            for block in views.topic_blocks(topic, lang):
                draw(block)

if not ui.presenting():  # browsing the whole table is for the desk, not the projector
    ui.section(ui.tr("statistics.all_figures"))
    filters = st.columns([2, 2, 3])
    with filters[0]:
        chosen_topics = ui.multiselect(
            ui.tr("table.topic"),
            views.topic_names(lang),
            key="st_topics",
            placeholder=ui.tr("app.choose"),
        )
    with filters[1]:
        chosen_status = ui.multiselect(
            ui.tr("table.status"),
            views.status_names(lang),
            key="st_status",
            placeholder=ui.tr("app.choose"),
        )
    with filters[2]:
        query = ui.text_input(ui.tr("statistics.search"), key="st_search")
    facts = views.facts_table(lang, topics=chosen_topics, statuses=chosen_status, query=query)
    st.dataframe(
        facts.frame,
        hide_index=True,
        column_config={
            facts.link_column: st.column_config.LinkColumn(facts.link_column, display_text="🔗"),
        },
    )
    ui.caption(facts.shown_text)
    st.download_button(
        ui.tr("statistics.download_csv"),
        lambda: privacy.to_safe_csv(facts.frame, lang=lang, sep=facts.csv_separator),
        file_name=facts.file_name,
        mime="text/csv",
        key="download_facts",
        on_click="ignore",
    )
