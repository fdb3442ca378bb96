"""The thin Streamlit layer shared by the pages: language, badges, figure cards, charts with
their source line and text summary. The only library module that imports streamlit."""

from __future__ import annotations

import contextlib
import functools
import html
import json
import re
import threading
import time
import weakref
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from riskexplorer import charts, drawn, privacy, report
from riskexplorer.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGES,
    fmt_number,
    fmt_percent,
    normalize_language,
    t,
)
from riskexplorer.statuses import style
from riskexplorer.views import figures as views


def lang() -> str:
    """The current language code (``kk``, ``ru`` or ``en``)."""
    return st.session_state.get("lang") or DEFAULT_LANGUAGE


def tr(key: str, /, **params) -> str:
    """:func:`riskexplorer.i18n.t` in the current language."""
    return t(key, lang(), **params)


def _choose_language() -> None:
    st.session_state["lang"] = st.session_state["lang_choice"]


def language_selector() -> str:
    """The sidebar language selector. The language lives in ``?lang=`` so a shared link opens in
    the same language; a first visit without it follows the browser, else Russian."""
    if not st.session_state.get("lang"):
        from_url = normalize_language(st.query_params.get("lang"))
        st.session_state["lang"] = (
            from_url or normalize_language(st.context.locale) or DEFAULT_LANGUAGE
        )
    st.session_state["lang_choice"] = st.session_state["lang"]
    st.sidebar.selectbox(
        "Тіл · Язык · Language",
        LANGUAGES,
        format_func=LANGUAGE_NAMES.get,
        key="lang_choice",
        on_change=_choose_language,
    )
    # Set on every run: a page switch through the sidebar drops the query string.
    st.query_params["lang"] = lang()
    return lang()


def presenting() -> bool:
    """Whether the presentation view (large type, no editing widgets) is on. Before the toggle
    is drawn (``st.set_page_config`` comes first), read from the link's ``?present=``."""
    if "present" in st.session_state:
        return bool(st.session_state["present"])
    return str(st.query_params.get("present", "")).lower() == "true"


def key_message(text: str) -> None:
    """In the presentation view, the one message a section should leave with the room."""
    if presenting():
        st.success(f"### {text}", icon=":material/campaign:")
        _section().add(report.Note("success", text))


# --- What a page shows, captured for the summary ------------------------------------------------
# Pages call these instead of st.subheader/st.warning/st.info/st.caption/st.dataframe, so the
# summary holds every heading, caveat and table the page shows (tests/app/test_capture.py fails
# on a bare call in app_pages/).


def subheader(text: str) -> None:
    """A sub-heading on the page and in the summary."""
    st.subheader(text)
    _section().add(report.Subheading(text))


def _note(kind: str, text: str, icon: str | None) -> None:
    getattr(st, kind)(text, icon=icon)
    _section().add(report.Note(kind, text))


def warning(text: str, *, icon: str | None = ":material/warning:") -> None:
    """A warning box (a caveat the room must not miss), also in the summary."""
    _note("warning", text, icon)


def info(text: str, *, icon: str | None = None) -> None:
    """An information box, also in the summary."""
    _note("info", text, icon)


def success(text: str, *, icon: str | None = None) -> None:
    """A success box, also in the summary."""
    _note("success", text, icon)


def error(text: str, *, icon: str | None = ":material/error:") -> None:
    """An error box, also in the summary."""
    _note("error", text, icon)


def caption(text: str) -> None:
    """Small print under an element (a caveat, a source), also in the summary."""
    st.caption(text)
    _section().add(report.Note("caption", text))


def status_badge(status: str) -> str:
    """Markdown for a status badge: colour, icon and the status in words."""
    look = style(status)
    return f":{look.badge_colour}-badge[{look.icon} {tr(f'status.{status}')}]"


def source_line(rows: pd.DataFrame | pd.Series) -> str:
    """Markdown "Source: …" naming each distinct source of ``rows`` with its link."""
    frame = rows.to_frame().T if isinstance(rows, pd.Series) else rows
    return views.source_line(tuple(dict.fromkeys(frame["source_id"])), lang())


# --- The briefing of the current view -----------------------------------------------------------
# Each run starts an empty briefing; headings, figure cards, charts and tables add themselves to it,
# so the download always holds exactly what the page shows.


def start_briefing() -> None:
    """Begin collecting this run's view (called by app.py before the page runs): its title,
    language, and the link's base — the current page's address, without its query string."""
    base = st.context.url or ""
    briefing = report.Briefing(title=tr("app.name"), lang=lang(), base_url=base)
    briefing.params["lang"] = [lang()]
    st.session_state["_briefing"] = briefing
    st.session_state["_briefing_slot"] = None


def _briefing() -> report.Briefing:
    if "_briefing" not in st.session_state:
        start_briefing()
    return st.session_state["_briefing"]


def _slot() -> list | None:
    return st.session_state.get("_briefing_slot")


def _add_section(section: report.Section) -> report.Section:
    briefing, slot = _briefing(), _slot()
    if slot is None:
        briefing.sections.append(section)
    else:
        path, index, count = slot
        section.slot = path
        briefing.sections.insert(index + count, section)
        slot[2] += 1
    return section


def _section() -> report.Section:
    briefing, slot = _briefing(), _slot()
    if slot is not None:
        key, index, count = slot
        if count == 0:
            return _add_section(report.Section(heading=""))
        return briefing.sections[index + count - 1]
    if not briefing.sections:
        briefing.sections.append(report.Section(heading=briefing.title))
    return briefing.sections[-1]


@contextmanager
def briefing_slot(key: str) -> Iterator[None]:
    """Collect what a fragment shows into its own place in the briefing.

    A fragment reruns without the rest of the page, so whatever it added to the briefing last
    time is replaced where it stood, instead of being appended again. Slots nest (a fragment
    inside a fragment): the outer one's rerun replaces the inner one's sections too, and the
    inner one's own rerun only its own, in place.
    """
    briefing = _briefing()
    outer = _slot()
    paths = st.session_state.setdefault("_briefing_paths", {})
    if outer is not None:
        paths[key] = f"{outer[0]}/{key}"
    path = paths.get(key, key)

    def owned(section: report.Section) -> bool:
        return section.slot == path or section.slot.startswith(f"{path}/")

    if outer is not None:  # the outer slot has just removed ours: go where it inserts next
        index = outer[1] + outer[2]
    else:
        index = next(
            (i for i, s in enumerate(briefing.sections) if owned(s)), len(briefing.sections)
        )
    briefing.sections[:] = [s for s in briefing.sections if not owned(s)]
    slot = [path, index, 0]
    st.session_state["_briefing_slot"] = slot
    try:
        yield
    finally:
        if outer is not None:
            outer[2] += slot[2]
        st.session_state["_briefing_slot"] = outer


def title(text: str) -> None:
    """The page title; it also titles the briefing."""
    st.title(text)
    _briefing().title = text


def section(text: str, *, render: bool = True) -> None:
    """A section heading; the briefing gets a matching section (``render=False`` where a tab
    already names it on screen)."""
    if render:
        st.header(text)
    _add_section(report.Section(heading=text))


def paragraph(text: str) -> None:
    """Markdown text that also goes into the briefing."""
    st.markdown(text)
    _section().add(report.Text(text))


def table(
    frame: pd.DataFrame,
    caption: str,
    *,
    print_columns: Sequence[str] | None = None,
    shared: bool = False,
    **kwargs,
) -> None:
    """A dataframe on the page and in the briefing (callers pass already-suppressed frames);
    ``print_columns``: the ones the printed summary keeps (its file keeps every column).
    ``shared``: ``frame`` is part of a process-wide cached view of built-in data, never mutated
    (never an upload's): its Arrow form is made once (:func:`shared_arrow`), not every rerun."""
    st.dataframe(shared_arrow(frame) if shared else frame, hide_index=True, **kwargs)
    _section().add(report.Table(caption, frame, tuple(print_columns) if print_columns else None))


#: Arrow forms of shared frames, by the frame's identity; an entry goes with its frame.
_ARROW: dict[int, tuple[weakref.ref, pa.Table]] = {}


def shared_arrow(frame: pd.DataFrame) -> pa.Table:
    """The Arrow table ``st.dataframe`` would make of ``frame`` (Streamlit's own conversion),
    made once per frame object: for frames of process-wide cached views, which every rerun of
    every session draws again. Found only through the frame itself (its identity, checked by a
    weak reference), so nothing reaches a session that does not hold the frame."""
    hit = _ARROW.get(id(frame))
    if hit is not None and hit[0]() is frame:
        return hit[1]
    arrow = dataframe_util.convert_pandas_df_to_arrow_table(frame)
    key = id(frame)
    _ARROW[key] = (weakref.ref(frame, lambda _ref, key=key: _ARROW.pop(key, None)), arrow)
    return arrow


# --- Links that reproduce the view -------------------------------------------------------------
# The link is built from the widgets' values (each linked widget records its value in the
# briefing every time it is drawn, fragments included), never from the address bar, which lags
# quick key presses. Values are ids, not translated labels, so a link opens in any language.


def _record(key: str, values: Sequence[str], default: Sequence[str]) -> None:
    """Put a widget's value in the link (left out when it is the default), and remember that
    this page links ``key`` (see :func:`early_link`)."""
    params = _briefing().params
    if list(values) == list(default):
        params.pop(key, None)
    else:
        params[key] = [str(v) for v in values]
    specs = st.session_state.setdefault("_link_specs", {})
    specs.setdefault(_briefing().base_url, {})[key] = [str(v) for v in default]


def _current_values(key: str) -> list[str] | None:
    if f"_{key}_id" in st.session_state:  # tabs keep their open tab's id here
        return [st.session_state[f"_{key}_id"]]
    if key not in st.session_state:
        return None
    value = st.session_state[key]
    if value is None:  # pills or a multiselect with nothing chosen
        return []
    if isinstance(value, list | tuple):
        return [_url_text(v) for v in value]
    return [_url_text(value)]


def early_link() -> str:
    """The link as it stands before the page runs — for a page that stops early (st.stop), whose
    widgets after the stop are never drawn: this page's linked widgets as the last full run
    recorded them, with the values they have now; on a first visit, the link it was opened with.
    """
    briefing = _briefing()
    specs = st.session_state.get("_link_specs", {}).get(briefing.base_url)
    if not specs:
        opened = {k: st.query_params.get_all(k) for k in st.query_params}
        return report.build_link(briefing.base_url, {**opened, **briefing.params})
    params = dict(briefing.params)
    for key, default in specs.items():
        values = _current_values(key)
        if values is not None and values != default:
            params[key] = values
    return report.build_link(briefing.base_url, params)


def _url_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # as Streamlit writes a bound slider's 3.0 into the URL: "3"
    return str(value)


def linked(key: str, value: object, default: object) -> None:
    """Record a ``bind="query-params"`` widget's ``value`` in the share link (for a widget a
    page draws itself; :func:`slider`, :func:`toggle`, … do this for you)."""
    many = isinstance(value, list | tuple)
    _record(
        key,
        [_url_text(v) for v in value] if many else [_url_text(value)],
        [_url_text(v) for v in default]
        if isinstance(default, list | tuple)
        else [_url_text(default)],
    )


#: The decimals of a printf format ("%.1f%%" → 1); an integer format has none.
_PRINTF_DECIMALS = re.compile(r"%[-+ 0#,]*\d*\.(\d+)f")


def _slider_steps(low: float, high: float, step: float, decimals: int) -> list[float]:
    """Every value a decimal slider stops at, rounded so 0.1 steps give 3.0, not 3.0000000004."""
    count = round((float(high) - float(low)) / float(step))
    return [round(float(low) + i * float(step), decimals) for i in range(count + 1)]


def _url_number(value: float) -> str:
    """A slider's number as Streamlit writes it into the URL: a dot, no trailing ``.0``
    (``3.0`` → ``3``, ``5.5`` → ``5.5``), so links made before the decimal sliders still work."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _nearest(options: Sequence[float], text: object) -> float | None:
    """The option a URL's text stands for (``3``, ``3.0`` and ``3.04`` → 3.0), or ``None`` for
    a value that is no number in the slider's range (``inf``, ``NaN``, words, markup)."""
    try:
        number = float(str(text))
    except ValueError:
        return None
    half_step = (options[1] - options[0]) / 2 if len(options) > 1 else 0.0
    if not (options[0] - half_step <= number <= options[-1] + half_step):  # also drops NaN
        return None
    return min(options, key=lambda o: abs(o - number))


def slider(label: str, min_value, max_value, value, *, key: str, **kwargs):
    """``st.slider`` bound to the URL and recorded in the share link.

    A percent slider shows its values as the page language writes them: a whole-number one
    (``format="%d%%"``) as ``10 %`` in Kazakh and Russian, ``10%`` in English; a decimal one
    (``format="%.1f%%"``) as ``3,0 %`` and ``3.0%``. Streamlit's slider formats with
    printf, which knows only the dot, so it is drawn as a ``st.select_slider`` of the same
    values with :func:`riskexplorer.i18n.fmt_number` labels. Its link keeps the dot
    (``?rf_prev=3.5``), so old links open the same view."""
    match = _PRINTF_DECIMALS.search(str(kwargs.get("format") or ""))
    if match is None:
        # A whole-number percent ("%d%%"): Kazakh and Russian put a no-break space before the
        # sign ("10 %"), as fmt_percent does; printf takes the space as it is.
        fmt = str(kwargs.get("format") or "")
        if fmt.endswith("%%") and lang() != "en":
            kwargs["format"] = fmt[:-2].rstrip() + "\u00a0%%"
        chosen = st.slider(
            label, min_value, max_value, value, key=key, bind="query-params", **kwargs
        )
        linked(key, chosen, value)
        return chosen
    decimals = int(match.group(1))
    percent = str(kwargs.pop("format")).endswith("%%")
    options = _slider_steps(min_value, max_value, kwargs.pop("step", None) or 1, decimals)
    default = _nearest(options, value)
    default = options[0] if default is None else default
    language = lang()

    def show(number: float) -> str:
        if percent:
            return fmt_percent(number, language, decimals=decimals)
        return fmt_number(number, language, decimals=decimals)

    if key not in st.session_state:
        from_url = _nearest(options, st.query_params.get(key)) if key in st.query_params else None
        st.session_state[key] = default if from_url is None else from_url
    elif st.session_state[key] not in options:  # the range changed under a kept value
        kept = _nearest(options, st.session_state[key])
        st.session_state[key] = default if kept is None else kept
    chosen = st.select_slider(
        label, options, format_func=show, key=key, persist_state="session", **kwargs
    )
    _sync_url(key, [_url_number(chosen)], [_url_number(default)])
    return chosen


def claim_and_local_buttons(
    slider_key: str,
    *,
    prefix: str,
    claim: float,
    mark: float,
    then: Callable[[], None] | None = None,
) -> None:
    """Two buttons under a NEET-share slider: the briefing's (contradicted) claim and what the
    local reports suggest, one click each — side by side at the desk, stacked when presenting,
    whose larger type would cut the labels. Keys ``{prefix}_set_claim`` and ``{prefix}_set_local``.
    ``then`` runs after the slider is set (e.g. :func:`rerun_with_link` inside a fragment)."""

    def set_share(value: int) -> None:
        st.session_state[slider_key] = value
        if then is not None:
            then()

    buttons = row(stack_when_presenting=True)
    for name, label, value in zip(
        ("claim", "local"),
        (tr("risk_factors.set_claim"), tr("risk_factors.set_local", mark=_pct(round(mark)))),
        (int(claim), round(mark)),
    ):
        buttons.button(
            label,
            key=f"{prefix}_set_{name}",
            on_click=set_share,
            args=(value,),
            help=tr("risk_factors.set_help"),
            width="stretch",
        )


def _pct(value: float) -> str:
    return fmt_percent(value, lang(), decimals=0)


def number_input(label: str, *, value, key: str, **kwargs):
    """``st.number_input`` bound to the URL and recorded in the share link."""
    chosen = st.number_input(label, value=value, key=key, bind="query-params", **kwargs)
    linked(key, chosen, value)
    return chosen


def text_input(label: str, *, key: str, value: str = "", **kwargs) -> str:
    """``st.text_input`` bound to the URL and recorded in the share link (any text: Cyrillic,
    ``&``, ``#`` are URL-encoded)."""
    chosen = st.text_input(label, value=value, key=key, bind="query-params", **kwargs)
    linked(key, chosen or "", value)
    return chosen or ""


def toggle(label: str, *, key: str, value: bool = False, **kwargs) -> bool:
    """``st.toggle`` bound to the URL and recorded in the share link."""
    chosen = st.toggle(label, value=value, key=key, bind="query-params", **kwargs)
    linked(key, bool(chosen), value)
    return bool(chosen)


def _seed_ids(key: str, options: Mapping[str, str], default: Sequence[str]) -> None:
    """Before an id-valued widget is drawn: take its value from the link on first sight, and
    drop ids no longer offered; then keep the address bar in step with it."""
    if key not in st.session_state:
        if key in st.query_params:
            st.session_state[key] = [v for v in st.query_params.get_all(key) if v in options]
        else:
            st.session_state[key] = [v for v in default if v in options]
    else:
        current = st.session_state[key]
        current = [current] if isinstance(current, str) else list(current or [])
        st.session_state[key] = [v for v in current if v in options]


def _sync_url(key: str, values: Sequence[str], default: Sequence[str]) -> None:
    """Put a widget's value in the link and the address bar (for a widget that is not bound
    to the URL by Streamlit itself)."""
    _record(key, values, default)
    st.session_state.setdefault("_url_keys", set()).add(key)
    if list(values) == list(default):
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = list(values)


def multiselect(
    label: str,
    options: Mapping[str, str],
    *,
    key: str,
    default: Sequence[str] = (),
    **kwargs,
) -> list[str]:
    """A multiselect whose options are ids shown as ``options[id]`` (the label in the page
    language); the link holds the ids, one repeated parameter each (``?k=a&k=b``). Returns the
    chosen ids. Its value survives a page switch (``persist_state="session"``)."""
    _seed_ids(key, options, default)
    chosen = st.multiselect(
        label, list(options), format_func=options.get, key=key, persist_state="session", **kwargs
    )
    _sync_url(key, chosen, list(default))
    return list(chosen)


def pills(
    label: str,
    options: Mapping[str, str],
    *,
    key: str,
    default: Sequence[str] = (),
    **kwargs,
) -> list[str]:
    """Multi-select pills with id options, linked like :func:`multiselect`."""
    _seed_ids(key, options, default)
    chosen = st.pills(
        label,
        list(options),
        selection_mode="multi",
        format_func=options.get,
        key=key,
        persist_state="session",
        **kwargs,
    )
    _sync_url(key, chosen or [], list(default))
    return list(chosen or [])


def _forget_other_language(key: str, labels: Sequence[str]) -> None:
    """Before stateful ``st.tabs(labels, key=key)``: a label of another language (the language
    just changed) is not one of these tabs, so the open tab starts again from the default."""
    if st.session_state.get(key) not in labels:
        st.session_state.pop(key, None)


def row(*, stack_when_presenting: bool = False):
    """Elements side by side as one flex block — not a column block each: every block is one
    more element for the browser to redraw on a slider move. ``stack_when_presenting``: one
    under another in the presentation view, whose larger type would cut them."""
    if stack_when_presenting and presenting():
        return st.container()
    return st.container(horizontal=True, gap="small")


def tabs(options: Mapping[str, str], *, key: str) -> list[tuple[str, object]]:
    """Tabs named ``options[id]``, the open one in the link by its id (``?key=inclusion``), so
    a link opens the same tab in any language. Only the open tab's ``.open`` is true. Returns
    ``(id, tab)`` pairs."""
    ids, labels = list(options), list(options.values())
    memo = f"_{key}_id"
    wanted = st.session_state.get(memo)
    if wanted is None and st.query_params.get(key) in options:
        wanted = st.query_params.get(key)
    if wanted not in options:
        wanted = ids[0]
    _forget_other_language(key, labels)
    containers = st.tabs(labels, key=key, default=options[wanted], on_change="rerun")
    open_label = st.session_state.get(key, options[wanted])
    current = ids[labels.index(open_label)] if open_label in labels else wanted
    st.session_state[memo] = current
    _sync_url(key, [current], [ids[0]])
    return list(zip(ids, containers, strict=True))


# --- The file uploader, in the page language ----------------------------------------------------
# Streamlit 1.67's uploader has no parameter for its own texts ("Upload", "50MB per file • CSV",
# "Drag and drop a file here", the file's "8.0KB", "Remove x.csv", "Add files", "Help for …"): they
# are English on every page. A script rewrites them in place, in the DOM, so what is seen and what a
# screen reader says (the buttons' names) are the same translated words (WCAG 2.5.3 Label in Name,
# 3.1.2 Language of Parts); a MutationObserver puts them back whenever Streamlit redraws.

_UPLOADER_SCRIPT = """<script>
(function () {
  var all = window.rxUploaderTexts = window.rxUploaderTexts || {};
  all[%(key)s] = %(texts)s;
  function put(el, attr, value) {
    if (!el || value == null) return;
    if (attr) { if (el.getAttribute(attr) !== value) el.setAttribute(attr, value); }
    else if (el.textContent !== value) el.textContent = value;
  }
  function size(text, c) {
    var m = /^\\s*([0-9.]+)\\s*(B|KB|MB|GB)\\s*$/.exec(text || '');
    return m ? m[1].replace('.', c.decimal) + '\u00a0' + c.units[m[2]] : null;
  }
  function apply() {
    Object.keys(window.rxUploaderTexts).forEach(function (key) {
      var c = window.rxUploaderTexts[key];
      document.querySelectorAll('.st-key-' + key + ' [data-testid="stFileUploader"]').forEach(function (root) {
        var zone = root.querySelector('[data-testid="stFileUploaderDropzone"]');
        put(root.querySelector('[data-testid="stFileUploaderDropzoneInput"]'), 'aria-label', c.input);
        put(root.querySelector('[data-testid="stTooltipHoverTarget"] button'), 'aria-label', c.help);
        if (zone) {
          put(zone.querySelector('[data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p'), null, c.button);
          put(zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span'), null, c.limit);
          zone.querySelectorAll('span, div, p').forEach(function (el) {
            if (el.children.length === 0 && /^Drag and drop/.test(el.textContent)) put(el, null, c.drop);
          });
        }
        root.querySelectorAll('[data-testid="stFileChip"]').forEach(function (chip) {
          var nameEl = chip.querySelector('[data-testid="stFileChipName"]');
          if (!nameEl) return;
          var name = nameEl.getAttribute('title') || nameEl.textContent, sizeEl = nameEl.nextElementSibling;
          var shown = sizeEl && (size(sizeEl.textContent, c) || sizeEl.textContent);
          if (sizeEl) put(sizeEl, null, shown);
          put(chip, 'aria-label', shown ? name + ', ' + shown : name);
          put(chip.querySelector('[data-testid="stFileChipDeleteBtn"] button'), 'aria-label', c.remove.replace('{name}', name));
        });
        var add = root.querySelector('[data-testid="stBaseButton-borderlessIcon"]');
        if (add) {
          put(add, 'aria-label', c.add);
          add.querySelectorAll('span').forEach(function (el) {
            if (el.children.length === 0 && /icon$/.test(el.textContent)) put(el, null, c.add);
          });
        }
      });
    });
  }
  if (!window.rxUploaderObserver) {
    var queued = false;
    window.rxUploaderObserver = new MutationObserver(function () {
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () { queued = false; apply(); });
    });
    window.rxUploaderObserver.observe(document.body, {childList: true, subtree: true, characterData: true});
  }
  apply();
})();
</script>"""


def uploader_texts(label: str, types: Sequence[str], max_mb: float) -> dict:
    """The texts :func:`file_uploader` puts in place of Streamlit's English ones, in the page
    language: the button, the size limit and file types, the drop hint, the buttons' names, and
    how a file's size is written (decimal sign, units)."""
    units = {
        "B": tr("uploader.unit_b"), "KB": tr("uploader.unit_kb"),
        "MB": tr("uploader.unit_mb"), "GB": tr("uploader.unit_gb"),
    }  # fmt: skip
    size = f"{fmt_number(max_mb, lang())}\u00a0{units['MB']}"
    return {
        "button": tr("uploader.button"),
        "limit": tr("uploader.limit", size=size, types=", ".join(t.upper() for t in types)),
        "drop": tr("uploader.drop"),
        "input": tr("uploader.input"),
        "remove": tr("uploader.remove", name="{name}"),
        "add": tr("uploader.add"),
        "help": tr("uploader.help", label=label),
        "decimal": "." if lang() == "en" else ",",
        "units": units,
    }


def file_uploader(label: str, *, type: Sequence[str], key: str, **kwargs):
    """``st.file_uploader`` with its own texts in the page language (see above); every page
    with an uploader uses this one. Returns what ``st.file_uploader`` returns."""
    max_mb = kwargs.get("max_upload_size") or st.get_option("server.maxUploadSize")
    uploaded = st.file_uploader(label, type=list(type), key=key, **kwargs)
    texts = uploader_texts(label, type, max_mb)
    # In a hidden container (BASE_CSS), so the script leaves no gap under the uploader.
    with st.container(key=f"rx_script_{key}"):
        st.html(
            _UPLOADER_SCRIPT % {"key": json.dumps(key), "texts": json.dumps(texts)},
            unsafe_allow_javascript=True,
        )
    return uploaded


def share_link() -> str:
    """The URL that reopens this view: the page's address and every linked widget's value
    (ids for choices), URL-encoded, repeated parameters for multi-values."""
    return _briefing().current_link()


def _copy_button(link: str) -> None:
    """A button that copies ``link`` and says so ("Link copied") where it stood — the Clipboard
    API where the page is secure (https, localhost), a selected text field otherwise."""
    label, done, failed = tr("link.copy"), tr("link.copied"), tr("link.copy_failed")
    st.html(
        f"""<div class="rx-copy"><button type="button" class="rx-copy-button"
data-link="{escape(link)}" data-done="{escape(done)}" data-failed="{escape(failed)}">{escape(label)}</button>
<span class="rx-copy-status" role="status" aria-live="polite"></span></div>"""
        + _COPY_SCRIPT,
        unsafe_allow_javascript=True,
    )


# Inline handlers are stripped from st.html; this script binds each copy button once.
_COPY_SCRIPT = """<script>
document.querySelectorAll('.rx-copy-button:not([data-bound])').forEach(function (b) {
  b.setAttribute('data-bound', '1');
  b.addEventListener('click', function () {
    var s = b.nextElementSibling, l = b.dataset.link;
    function ok() { s.textContent = b.dataset.done; }
    function old() {
      var t = document.createElement('textarea'); t.value = l; document.body.appendChild(t);
      t.select(); var r = false; try { r = document.execCommand('copy'); } catch (e) {}
      t.remove(); s.textContent = r ? b.dataset.done : b.dataset.failed;
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(l).then(ok, old);
    } else { old(); }
  });
});
</script>"""


#: The key of the sidebar's link and summary as a fragment (:func:`share_controls`).
SHARE_FRAGMENT = "rx_share"


def share_controls() -> None:
    """:func:`briefing_controls` after the page, as a keyed fragment (app/main.py), so that a
    widget inside a page's fragment reruns it together with its own fragment
    (:func:`rerun_with_link`): the link and the summary never lag a fragment's rerun."""
    st.session_state["_share_fragment"] = True
    _share_fragment()


@st.fragment(key=SHARE_FRAGMENT)
def _share_fragment() -> None:
    briefing_controls()


def rerun_with_link(*fragments: str) -> Callable[[], None]:
    """An ``on_change`` / ``on_click`` for a linked widget: reruns the keyed fragments
    ``fragments`` (``st.fragment(key=...)``), in the order named, and then the sidebar's link and
    summary (:func:`share_controls`) — the rest of the app does not rerun.

    The widget may stand outside those fragments (a page's sliders above the fragments of their
    results): it is then not drawn again, so its new value goes into the link, and into the
    address bar for a widget that keeps it there itself (:func:`multiselect`, a decimal
    :func:`slider`), here, as drawing it would have done (:func:`_relink`)."""
    queue = list(fragments)

    def rerun() -> None:
        _relink()
        if st.session_state.get("_share_fragment"):
            # Refused (StreamlitAPIException) if the last run stopped before drawing it.
            with contextlib.suppress(st.errors.StreamlitAPIException):
                st.rerun([*queue, SHARE_FRAGMENT])
        st.rerun(queue)

    return rerun


def _relink() -> None:
    """Every linked widget of this page into the link with the value it holds now, and those
    whose address-bar entry this module keeps (:func:`_sync_url`) into the address bar: what
    drawing them records, for a rerun that does not draw them."""
    specs = st.session_state.get("_link_specs", {}).get(_briefing().base_url, {})
    synced = st.session_state.get("_url_keys", set())
    for key, default in specs.items():
        values = _current_values(key)
        if values is None:
            continue
        if key in synced:
            _sync_url(key, values, default)
        else:
            _record(key, values, default)


#: How long a run pauses once a page's changed numbers are drawn (:func:`show_now`).
SHOW_NOW_SECONDS = 0.02


def show_now() -> None:
    """Let the browser draw what this run has drawn so far before the rest of it: call it right
    after the numbers a slider changes.

    While a script runs, its thread holds the GIL, and Streamlit's event loop — which turns
    the queued elements into websocket messages — gets it only in slices: a move's ~80 elements
    used to reach the browser in one batch at the end, and the browser changed the number only
    after it had redrawn them all. Sleeping frees the GIL without using the CPU: the loop sends
    the numbers, the browser draws them while the rest of the page is built, and the rest
    follows. Only in a served app: AppTest draws nothing, so it does not wait."""
    if not st.get_option("global.appTest"):
        time.sleep(SHOW_NOW_SECONDS)


def briefing_controls(*, early: bool = False) -> None:
    """Sidebar: the link to this view (with a copy button) and the summary download. Drawn
    before the page (``early``, so a page that stops still has them) and again after it, so
    the link holds the values the page has just drawn (app/main.py)."""
    briefing = _briefing()
    link = early_link() if early else briefing.current_link()
    share = st.expander(tr("share.heading"), icon=":material/share:")
    with share:
        st.caption(tr("share.help"))
        _copy_button(link)
        st.code(link, language=None, wrap_lines=True)
    st.download_button(
        tr("share.briefing"),
        # Rendered on click, with the link as it is then (a fragment's rerun may have moved a
        # widget since this run).
        data=lambda: report.render_html(briefing).encode("utf-8"),
        file_name=f"riskexplorer-{briefing.created:%Y-%m-%d}-{briefing.lang}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/download:",
        key="download_briefing_early" if early else "download_briefing",
        help=tr("share.briefing_help"),
    )


def figure_grid(fact_ids: Iterable[str]) -> None:
    """Figure cards in rows: four across at a desk, two when projected (large type)."""
    ids = list(fact_ids)
    per_row = 2 if presenting() else 4
    for start in range(0, len(ids), per_row):
        for column, fact_id in zip(st.columns(per_row), ids[start : start + per_row]):
            with column:
                figure_card(fact_id)


def figure_card(fact_id: str) -> None:
    """A key figure as a metric with its period, status in words and colour, source and caveat.
    A corrected briefing figure shows the latest official count large, the change against the
    briefing as the metric's delta, and the briefing's value small ("In the briefing: 492")."""
    _section().add(report.Figures((fact_id,)))
    card = views.card(fact_id, lang())
    with st.container(border=True):
        delta = {}
        if card.briefing:
            delta = {
                "delta": card.change,
                "delta_color": "off",
                "delta_arrow": "off" if card.change_sign == 0 else "auto",
                "delta_description": tr("card.vs_briefing"),
            }
        st.metric(card.label, card.value, help=card.note or None, **delta)
        st.markdown(f"{status_badge(card.status)} · {card.period or tr('facts.period_unknown')}")
        if card.briefing:
            st.caption(card.briefing)
        # Still one click away when projected: the room asks "where is this from?".
        with st.popover(tr("facts.source_button"), width="stretch"):
            st.markdown(card.source)
            if card.note:
                st.caption(card.note)
            for line in card.checks:
                st.markdown(line)


@st.cache_data(show_spinner=False, max_entries=2000)
def _chart_spec(builder: str, data: pd.DataFrame, options: dict) -> dict:
    # Building and validating an Altair chart costs ~50-90 ms; the spec of the same data and
    # options never changes, so each is built once and drawn from the cache afterwards.
    return getattr(charts, builder)(data, **options).to_dict()


@st.cache_data(show_spinner=False, max_entries=2000)
def _localized_spec(builder: str, data: pd.DataFrame, options: dict, lang: str, scale: float):
    # The locale and the presentation scale deep-copy the spec: once per language and view.
    return charts.localized(_chart_spec(builder, data, options), lang, scale=scale)


#: Drawn charts of fixed data, shared by every session of the process (never mutated); the
#: oldest go first past :data:`MAX_DRAWN`. A plain dict: st.cache_resource's own bookkeeping
#: cost ~4 ms a call, more than the look-up it guards.
_DRAWN: dict[tuple, drawn.DrawnChart] = {}
_DRAWN_LOCK = threading.Lock()
MAX_DRAWN = 2000  # Scoring: 66 NEET-share steps x 3 languages x 2 charts, and more


def prime_drawn(key: tuple, chart: drawn.DrawnChart) -> None:
    """Store a chart drawn elsewhere (the start-up's child process) under its
    :func:`riskexplorer.drawn.key`."""
    with _DRAWN_LOCK:
        while len(_DRAWN) >= MAX_DRAWN:
            _DRAWN.pop(next(iter(_DRAWN)))
        _DRAWN[key] = chart


def drawn_chart(
    builder: Callable[..., alt.TopLevelMixin],
    data: pd.DataFrame,
    *,
    data_key: Hashable,
    sources: str,
    table: pd.DataFrame | None = None,
    **options,
) -> drawn.DrawnChart:
    """The process-wide :class:`riskexplorer.drawn.DrawnChart` of ``builder(data, **options)``
    in the current language and view. ``data_key`` must name ``data`` (and ``table``)
    completely — e.g. ``("rr_grid", lang)`` — because the frames themselves are not hashed."""
    # Keyed on the caller's name for the data and on the options as JSON text: a rerun neither
    # hashes the frame nor unpickles the spec. For the heatmap (858 cells) that was ~15 ms a
    # rerun, before Streamlit turned its rows into Arrow again.
    language, scale = lang(), chart_scale()
    key = drawn.key(builder.__name__, data_key, options, language, scale, sources)
    chart = _DRAWN.get(key)
    if chart is None:
        chart = drawn.draw(builder.__name__, data, options, language, scale, sources, table)
        prime_drawn(key, chart)
    return chart


#: Body text in the presentation view is 22 px (PRESENTATION_CSS); chart text follows it.
PRESENT_FONT_PX = 22


def chart_scale() -> float:
    """How much larger chart text is than at the desk: 22 px / 14 px when presenting."""
    return PRESENT_FONT_PX / charts.BASE_FONT if presenting() else 1.0


def chart_table(data: pd.DataFrame, sources: str) -> pd.DataFrame:
    """The data behind a chart as a readable table: translated headers, the figures' own
    columns only, and the chart's sources on every row (OWID's "download the data"). A frame
    with none of :data:`riskexplorer.drawn.DATA_COLUMNS` (a presenter's own reader's table)
    keeps its columns."""
    return drawn.chart_table(data, sources, lang())


def show_chart(
    builder: Callable[..., alt.TopLevelMixin],
    data: pd.DataFrame,
    *,
    summary: str,
    sources: str,
    synthetic: bool = False,
    key: str = "",
    cache: bool = True,
    data_key: Hashable | None = None,
    patch: Callable[[dict, bool], dict] | None = None,
    table: pd.DataFrame | None = None,
    alt: str | None = None,
    **options,
) -> dict:
    """Draw ``builder(data, **options)`` (a function of :mod:`riskexplorer.charts`) with a chart /
    table switch, then its one-line text summary (also the chart's accessible name), its
    source, and downloads: the data behind it as CSV with its sources and statuses, PNG and
    SVG. Numbers follow the page language; when presenting, its text is scaled with the body.
    ``table`` replaces the default data table (:func:`chart_table`); ``cache=False`` for
    anything derived from a user's upload (never cached, its summary escaped); ``data_key``
    names ``data`` (and ``table``) fully — e.g. ``("rr_grid", lang)`` — so the chart, its table
    and their Arrow form are made once per process and a rerun does not even hash the frame
    (:func:`drawn_chart`); ``patch(spec, live)`` changes the cached spec's copy (a point that
    moves with a slider, so the rest is built once): ``live`` is true for the spec the browser
    draws, false for the summary's. Returns the Vega-Lite spec as drawn (with ``data_key``,
    its datasets are Arrow bytes)."""
    # Charts of an upload are never cached: st.cache_data is shared by every session and
    # outlives them, and an uploaded table must not.
    language = lang()
    shown_table: pd.DataFrame | pa.Table
    if cache and data_key is not None:
        chart = drawn_chart(
            builder, data, data_key=data_key, sources=sources, table=table, **options
        )
        raw, spec, frame, shown_table = chart.raw, chart.shown, chart.table, chart.table_arrow
    else:
        if cache:
            raw = _chart_spec(builder.__name__, data, options)
            spec = _localized_spec(builder.__name__, data, options, language, chart_scale())
        else:
            raw = builder(data, **options).to_dict()
            spec = charts.localized(raw, language, scale=chart_scale())
        frame = chart_table(table if table is not None else data, sources)
        shown_table = frame
    if patch is not None:
        raw, spec = patch(raw, False), drawn.with_arrow_datasets(patch(spec, True))
    labels = [tr("chart_tools.chart"), tr("chart_tools.table")]
    if key:
        # The open tab is the only one drawn: the table (a data grid, and its Arrow bytes
        # resent) costs nothing on a slider move while the chart is shown, and opening it
        # reruns the page (or its fragment). A tab of another language is not one of these.
        tab_key = f"view_{key}"
        _forget_other_language(tab_key, labels)
        chart_tab, table_tab = st.tabs(labels, key=tab_key, on_change="rerun")
    else:
        chart_tab, table_tab = st.tabs(labels)
    if chart_tab.open is not False:
        with chart_tab:
            st.vega_lite_chart(spec=spec, width="stretch", alt=summary if alt is None else alt)
    if table_tab.open is not False:
        with table_tab:
            st.dataframe(shown_table, hide_index=True)
            if synthetic:
                st.caption(tr("synthetic.table"))
    prefix = f"**{tr('synthetic.badge')}** " if synthetic else ""
    # An upload's chart (cache=False) names its columns in the summary: inert on screen; raw
    # for alt= and the briefing, which escape it themselves.
    st.markdown(prefix + (summary if cache else plain(summary)))
    st.caption(sources)
    _section().add(report.ChartItem(raw, summary, sources, synthetic))
    if key and not presenting():
        images = (
            ("png", "share.png", "image/png", report.chart_png),
            ("svg", "share.svg", "image/svg+xml", report.chart_svg),
        )
        downloads = row()
        downloads.download_button(
            tr("chart_tools.csv"),
            data=lambda: privacy.to_safe_csv(
                frame, lang=language, sep="," if language == "en" else ";"
            ),
            file_name=f"{key}-{language}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"csv_{key}",
            icon=":material/table:",
            help=tr("chart_tools.csv_help"),
        )
        for ext, label, mime, render in images:
            downloads.download_button(
                tr(label),
                data=lambda render=render: render(raw, language),
                file_name=f"{key}-{language}.{ext}",
                mime=mime,
                on_click="ignore",
                key=f"{ext}_{key}",
                icon=":material/image:",
            )
    return spec


# --- Presentation: sliders beside their results ------------------------------------------------


@dataclass(frozen=True)
class Result:
    """One number a page's sliders move, for :func:`result_strip`: ``value`` as shown,
    ``delta`` its change against a reference (the briefing), described by ``delta_description``."""

    label: str
    value: str
    delta: str | None = None
    delta_description: str | None = None
    help: str | None = None


def controls_and_results(ratio: Sequence[float] = (3, 2)) -> tuple[object, object]:
    """Two containers: the sliders', and their results'. When presenting they stand side by
    side and the results stay in view while the sliders scroll (so the room sees a result move
    with its slider on one 1920×1080 or 1280×720 screen); at the desk the results follow the
    sliders."""
    if presenting():
        left, right = st.columns(list(ratio), gap="large")
        return left.container(), right.container(key="rx_results")
    # At the desk both draw in place, in order: no block of their own for the browser to redraw
    # on every move.
    return contextlib.nullcontext(), contextlib.nullcontext()


def result_strip(results: Sequence[Result], *, caption: str = "") -> None:
    """The results of the sliders above or beside it, as metrics: one under another in the
    presentation view's narrow results column, in one row at the desk; also a table in the
    summary. Call it inside the results container of :func:`controls_and_results`."""
    results = list(results)
    if not results:
        return
    # Columns, not a flex row: a row wraps long (Kazakh) labels into uneven lines of metrics.
    columns = [st.container()] * len(results) if presenting() else st.columns(len(results))
    for column, item in zip(columns, results):
        column.metric(
            item.label,
            item.value,
            delta=item.delta,
            delta_color="off",
            delta_description=item.delta_description,
            help=item.help,
            border=True,
        )
    if caption:
        st.caption(caption)
    _section().add(
        report.Table(caption or tr("chart_tools.results"), _strip_frame(tuple(results), lang()))
    )


@functools.lru_cache(maxsize=4096)
def _strip_frame(results: tuple[Result, ...], language: str) -> pd.DataFrame:
    """The summary's table of a result strip, once per set of results (read-only; a frame was
    ~1.5 ms of every move)."""
    return pd.DataFrame(
        {
            t("table.figure", language): [r.label for r in results],
            t("table.value", language): [r.value for r in results],
            t("card.vs_briefing", language): [r.delta or "" for r in results],
        }
    )


def bullet_list(items: Iterable[str]) -> str:
    """Markdown bullets."""
    return "\n".join(f"- {item}" for item in items)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>:~])")


def plain(text: object) -> str:
    """Text from an upload (a column name, a value, a sheet or file name) made inert for every
    element that renders Markdown (markdown, labels, help, captions, errors, metric labels):
    Markdown, LaTeX (``$``), colour directives (``:red[…]``), links and images and HTML are
    backslash-escaped, and ``&`` becomes ``&amp;`` so no entity is formed. Use it on *every*
    upload-derived string that reaches such an element."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text).replace("&", "&amp;"))


def escape(text: str) -> str:
    """HTML-escape user or data text placed inside ``unsafe_allow_html`` blocks."""
    return html.escape(text, quote=True)


BASE_CSS = """
<style>
/* Long labels and values wrap instead of being cut off with an ellipsis. */
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricValue"] > div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; line-height: 1.15; }
[data-testid="stMetricValue"] { font-size: 1.75rem; max-width: 100%; }
[data-testid="stMetricValue"] * { max-width: 100%; overflow-wrap: break-word; hyphens: auto; white-space: normal !important; }
.rx-copy { display: flex; gap: .6rem; align-items: center; margin: .3rem 0 .5rem; }
.rx-copy-button { font: inherit; padding: .3rem .8rem; border: 1px solid #8A94A3; border-radius: .5rem; background: white; color: #14181F; cursor: pointer; }
.rx-copy-button:hover, .rx-copy-button:focus-visible { border-color: #0B4F8A; color: #0B4F8A; }
.rx-copy-status { color: #00664D; font-weight: 600; }
/* Scripts that only rewrite texts (file_uploader) take no room on the page. */
[class*="st-key-rx_script_"] { display: none !important; }
</style>
"""

PRESENTATION_CSS = """
<style>
/* Type for the back of the room: 22 px body text (charts follow it, see chart_scale). */
html { font-size: 22px; }
[data-testid="stMainBlockContainer"] { padding-top: 2.2rem; padding-bottom: 2rem; max-width: 100%; }
h1 { font-size: 2rem !important; padding-top: 0 !important; }
h2 { font-size: 1.45rem !important; } h3 { font-size: 1.2rem !important; }
[data-testid="stMetricValue"] { font-size: 2.2rem; }
[data-testid="stMetricDelta"] { font-size: 1rem; }
[data-testid="stSidebar"] [data-testid="stWidgetLabel"] { font-size: 1rem; }
/* Slider values as large as the text, not small and blue. */
[data-testid="stSliderThumbValue"], [data-testid="stSliderTickBarMin"],
[data-testid="stSliderTickBarMax"] { font-size: 1rem !important; color: #14181F !important; }
/* The results beside the sliders stay in view while the sliders scroll. */
.st-key-rx_results { position: sticky; top: 3.2rem; z-index: 2; background: white; }
/* Words wrap between syllables rather than anywhere. */
p, li, [data-testid="stMetricLabel"] { hyphens: auto; overflow-wrap: normal; }
</style>
"""


def apply_style() -> None:
    """Wrapping metric text; in the presentation view, larger type for projecting. Also sets
    the document's language, so screen readers pronounce Kazakh and Russian text correctly
    (WCAG 3.1.1); the code is one of three fixed values, never user text."""
    st.html(BASE_CSS + (PRESENTATION_CSS if presenting() else ""))
    code = lang() if lang() in LANGUAGES else DEFAULT_LANGUAGE
    st.html(
        f"<script>document.documentElement.lang = '{code}';</script>", unsafe_allow_javascript=True
    )


# --- Your data: anchors for the error summary, and the preview that stays on screen ------------


def anchor(element_id: str, where=None) -> None:
    """An empty element with ``id=element_id`` just above a widget, so a line of an error summary
    can link to it (``[message](#element_id)``). Ids are fixed names, never upload text."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", element_id):
        raise ValueError(f"not an element id: {element_id!r}")
    (where or st).html(f'<div id="{element_id}" class="rx-anchor"></div>')


def screen_table(data, *, caption: str, **kwargs) -> None:
    """A table and its caption shown on screen only, never put in the briefing: the preview of
    an upload (its column overview and first rows) — records of children must not travel in a
    file that the summary download writes. ``data`` may be a pandas Styler (to highlight a
    column)."""
    st.caption(caption)
    st.dataframe(data, hide_index=True, **kwargs)
