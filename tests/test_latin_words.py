"""No English word reaches a Kazakh or Russian page: every kk/ru string, and every data text as
the page shows it in kk/ru, is free of Latin-script words outside a short list of names.

The list holds abbreviations a Kazakh or Russian official text keeps in Latin script (NEET,
YLS/CMI, PDF, CSV, AUC, PPV, RR, PAF …), proper names (programs, authors, software, outlets),
Roman numerals of quarters and half-years and the letters of formulas. Placeholders ``{...}``,
Material icons ``:material/...:``, badge syntax ``:blue-badge[...]``, web addresses, file names
and command-line options are not words. Anything else in Latin script — "Choose options",
"Jan–Sep 2025", "via" — fails the test.
"""

from __future__ import annotations

import re

import pytest

from riskexplorer import cohort, i18n
from riskexplorer import facts as F

OTHER = ("kk", "ru")

ALLOWED_WORDS = frozenset(
    {
        # abbreviations kept in Latin script; n and N: the size of a sample
        "HBSC", "NLSY", "n", "N", "NEET", "YLS/CMI", "PDF", "CSV", "TSV", "TXT", "SVG", "PNG",
        "HTML", "XML", "URL", "zip",
        "AUC", "PPV", "OR", "RR", "HR", "PAF", "ID", "NaN", "UTF", "UNICEF", "OECD", "MICS",
        "XLSX", "XLS", "XLSB", "ODS", "BOM",
        # software, file kinds, programs, authors, organisations that write their name in Latin
        "Excel", "LibreOffice", "OpenDocument", "Word", "Windows", "riskexplorer", "Probilim",
        "Streamlit",
        # a spreadsheet's first cell (A1) and the keys that find its last one (Ctrl+End)
        "A", "Ctrl", "End",
        "Finprom", "SAVRY", "Schwalbe", "Olver", "Stockdale", "Wormith", "Sweeten", "Bushway", "Paternoster", "Bäckman", "Zhang", "Yu",
        # Roman numerals (quarters, half-years, a law's convocation: № 72-VIII) and the letters of
        # the formulas
        "I", "II", "III", "IV", "VIII", "s", "p", "f", "e", "ln", "a", "b",
        # the values a yes/no column may hold, quoted as typed
        "yes/no",
    }
)  # fmt: skip
#: Names of more than one word, removed before the words are checked.
# Study names (cited as published) beside the organisations' names.
ALLOWED_PHRASES = (
    "Communities That Care", "Data Hub", "The Times of Central Asia", "Cambridge Study",
    "Add Health",
)  # fmt: skip
#: Texts that are deliberately in their original language: a news article's own headline (so
#: it can be found on the site), see data/locales/*.toml [source.*].
ORIGINAL_LANGUAGE = frozenset({"source.mia_timesca_2025_07_30.title"})

NOT_WORDS = (
    r"\{[^{}]*\}",  # placeholders
    r":material/[a-z_]+:",  # Material icons
    r":[a-z]+(?:-badge)?\[",  # Markdown badges and colours
    r"https?://\S+",  # web addresses
    r"\b[\w.-]+\.(?:kz|com|media|news|org)\b",  # sites (alau.kz, mgorod.kz …)
    r"\b[\w-]+(?:/[\w-]+)*\.(?:csv|xlsx|xls|ods|txt|tsv|py|toml)\b",  # file names
    r"\.(?:xlsx|xls|csv|ods|txt|tsv)\b",  # file extensions
    r"--[a-z][a-z-]*(?: (?:frequency|survey|table|csv))?",  # command-line options (and values)
    r"\b[A-Z][A-Z_]+=\S*",  # environment variables (RISKEXPLORER_DEBUG=1)
    r"\briskexplorer (?:score|facts|example)\b",  # the CLI's commands
    r"«(?:table|csv|frequency|survey)»",  # the CLI's --format / --weight-kind values, as typed
)
LATIN = "A-Za-zÀ-ÖØ-öø-ɏ"  # Latin letters, not × or ÷
LATIN_WORD = re.compile(rf"[{LATIN}]+(?:[/'’-][{LATIN}]+)*")


def latin_words(text: str) -> list[str]:
    """The Latin-script words of ``text`` that are not in the allow-list."""
    for pattern in NOT_WORDS:
        text = re.sub(pattern, " ", text)
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    words = []
    for word in LATIN_WORD.findall(text):
        if word in ALLOWED_WORDS:
            continue
        # "CSV/TSV/TXT" is three allowed names; "YLS/CMI" and "yes/no" are allowed whole
        words += [part for part in word.split("/") if part not in ALLOWED_WORDS]
    return words


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Choose options", ["Choose", "options"]),
        ("Выберите варианты (Select all)", ["Select", "all"]),
        ("2025 жылғы Jan–Sep", ["Jan", "Sep"]),
        ("МВД РК (via timesca.com)", ["via"]),
        ("Перетащите файл сюда · 50MB per file", ["MB", "per", "file"]),
        # what is not a word: names, placeholders, icons, sites, files, options, formula letters
        ("{n} NEET, YLS/CMI, PDF и CSV; RR = s × (1 − p); ln 2", []),
        (":gray-badge[:material/help: из справки] — alau.kz, data/factors.csv, --help", []),
        ("программа «Communities That Care»; Sweeten, Bushway & Paternoster; Bäckman", []),
    ],
)
def test_the_checker_finds_english_and_only_english(text, found):
    assert latin_words(text) == found


@pytest.mark.parametrize("lang", OTHER)
def test_no_english_word_in_any_kazakh_or_russian_string(lang):
    english = {
        key: words
        for key, text in i18n.catalog(lang).items()
        if key not in ORIGINAL_LANGUAGE and (words := latin_words(text))
    }
    assert english == {}


def _shown_data_texts(lang: str) -> dict[str, str]:
    """Every text of the data files as a kk/ru page shows it, keyed by where it comes from."""
    facts = F.load_facts()
    texts: dict[str, str] = {}
    for fact_id, row in facts.iterrows():
        texts[f"facts.csv {fact_id} label"] = F.label(row, lang)
        texts[f"facts.csv {fact_id} note"] = F.note(row, lang)
        texts[f"facts.csv {fact_id} period"] = F.period(row, lang)
        texts[f"facts.csv {fact_id} geography"] = i18n.t(f"region.{row['geography']}", lang)
        texts[f"facts.csv {fact_id} unit"] = i18n.t(f"unit.{row['unit']}", lang)
    sources = F.load_sources()
    for source_id in sources.index:
        if sources.at[source_id, "cited_as"] == "original":
            continue  # a study cited as published: authors and title in their own language
        texts[f"sources.csv {source_id} publisher"] = F.source_publisher(source_id, lang)
        if f"source.{source_id}.title" not in ORIGINAL_LANGUAGE:
            texts[f"sources.csv {source_id} title"] = F.source_title(source_id, lang)
    example = cohort.example_upload_table(n=200, seed=2, lang=lang)
    texts["example table"] = " ".join(
        map(str, [*example.columns, *set(example.to_numpy().ravel())])
    )
    return texts


@pytest.mark.parametrize("lang", OTHER)
def test_no_english_word_in_the_data_texts_a_page_shows(lang):
    english = {where: latin_words(text) for where, text in _shown_data_texts(lang).items()}
    assert {where: words for where, words in english.items() if words} == {}


def _data_text_keys() -> list[tuple[str, str]]:
    """(key, English) for every row of every data-file text column that a page shows: the CSV
    holds the English, the locale files the Kazakh and Russian under these keys."""
    facts, sources = F.load_facts(), F.load_sources()
    keys = [(f"fact.{i}.label", label) for i, label in zip(facts["id"], facts["label"])]
    keys += [(f"fact.{i}.note", note) for i, note in zip(facts["id"], facts["note"]) if note]
    keys += [(f"period.{p}", p) for p in facts["period"].unique() if re.search("[A-Za-z]", p)]
    keys += [(f"region.{g}", g) for g in {*facts["geography"], *cohort.REGIONS}]
    translated = sources[sources["cited_as"] == "translated"]
    for column in ("publisher", "title"):
        keys += [(f"source.{i}.{column}", text) for i, text in translated[column].items()]
    keys += [(f"source_note.{i}", note) for i, note in sources["note"].items() if note]
    keys += [(f"confidence.{c}", c) for c in sources["confidence"].unique()]
    factors = cohort.load_factors()
    keys += [(f"factor.{i}", label) for i, label in zip(factors["id"], factors["label"])]
    actions = cohort.load_actions()
    keys += [
        (f"action.{f}.{s}", a)
        for f, s, a in zip(actions["factor"], actions["stakeholder"], actions["action"])
    ]
    return keys


@pytest.mark.parametrize("lang", OTHER)
def test_every_shown_data_text_is_translated_for_every_row(lang):
    keys = _data_text_keys()
    assert len(keys) > 150  # facts, sources, factors, regions … all took part
    missing = [key for key, _ in keys if not i18n.catalog(lang).get(key, "").strip()]
    assert missing == []
