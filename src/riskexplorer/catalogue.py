"""The model pages' data tables: the factor catalogue, the assumptions and the actions.

``data/factors.csv`` holds, for every factor, the published estimate its strength rests on —
the measure as published (OR, r, d, Fisher z, percentages), its value and interval, the odds ratio
it converts to (``odds_ratio`` with ``odds_ratio_low``–``odds_ratio_high``, and the conversion
named in ``conversion``), the population, the design and the studies (``source_ids``, which
resolve in ``data/sources.csv``) — or, where no estimate exists, ``source = assumption`` and the
reason in ``note``. ``source`` says what the odds ratio rests on:

- ``estimate``: a published figure of this association (converted where needed);
- ``indirect``: a published figure of a related quantity (a programme's effect, a network
  parameter), used for want of a direct one;
- ``assumption``: no estimate exists.

The odds ratios are **crude** (bivariate) associations, as the studies measured them: the
synthetic cohort (:mod:`riskexplorer.cohort`) calibrates each factor's own log-odds so that the
cohort's crude odds ratios equal them. Prevalences are assumptions for Kazakhstan unless
``prevalence_basis`` names a source.

``data/assumptions.csv`` holds the settings the pages rest on with their basis, range and
reasoning; ``data/actions.csv`` what each stakeholder can do about each factor. Every file is
validated at load with the shared checks of :mod:`riskexplorer.tables` and raises
:class:`~riskexplorer.errors.DataError` on a broken row.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from riskexplorer.errors import DataError
from riskexplorer.i18n import has, t
from riskexplorer.paths import data_dir
from riskexplorer.tables import fail_rows, id_lists, ordered, read_table, to_numbers, unique_ids

__all__ = [
    "load_victim_actions",
    "ACTION_COLUMNS",
    "ACTION_SOURCES",
    "ASSUMPTION_COLUMNS",
    "BASES",
    "DOMAINS",
    "EVIDENCE",
    "FACTOR_COLUMNS",
    "MAX_CORRELATION",
    "MAX_FACTORS",
    "REQUIRED_ASSUMPTIONS",
    "STAKEHOLDERS",
    "cohort_defaults",
    "factor_caveat",
    "factor_label",
    "load_actions",
    "load_assumptions",
    "load_factors",
]

#: Domains of the factor catalogue: those of the YLS/CMI, plus "community" from Communities That
#: Care (whose family, school and peer-individual domains map onto the YLS/CMI ones).
DOMAINS: tuple[str, ...] = (
    "prior_offending", "family", "education_employment", "peers", "substance_use", "leisure",
    "personality_behaviour", "attitudes", "community",
)  # fmt: skip
STAKEHOLDERS: tuple[str, ...] = (
    "schools", "families", "police", "social_services", "health", "local_government",
)  # fmt: skip
ACTION_SOURCES: tuple[str, ...] = ("seed", "practice")
BASES: tuple[str, ...] = ("derived", "assumption")
#: What a factor's odds ratio rests on (the ``source`` column of ``factors.csv``).
EVIDENCE: tuple[str, ...] = ("estimate", "indirect", "assumption")

FACTOR_COLUMNS: tuple[str, ...] = (
    "id", "domain", "label", "prevalence", "prevalence_low", "prevalence_high", "odds_ratio",
    "odds_ratio_low", "odds_ratio_high", "protective", "source", "stakeholders", "note",
    "measure", "measure_value", "measure_low", "measure_high", "conversion", "range_basis",
    "population", "design", "source_ids", "prevalence_basis", "caveat",
)  # fmt: skip
ASSUMPTION_COLUMNS: tuple[str, ...] = (
    "id", "value", "low", "high", "unit", "basis", "source_ids", "note",
)  # fmt: skip
ACTION_COLUMNS: tuple[str, ...] = ("factor", "stakeholder", "action", "source")
REQUIRED_ASSUMPTIONS: tuple[str, ...] = (
    "population_14_17", "offenders_per_year", "base_rate", "crimes_per_year",
    "neet_prevalence_14_17", "neet_share_offenders", "neet_share_local_mark",
    "cohort_correlation", "liable_share_16_17", "neet_prevalence_16_17", "neet_prevalence_14_15",
)  # fmt: skip
MAX_CORRELATION = 0.95
MAX_FACTORS = 20


def _known_source_ids() -> set[str]:
    from riskexplorer.facts import load_facts, load_sources

    return set(load_facts()["id"]) | set(load_sources()["source_id"])


def _known_sources() -> set[str]:
    from riskexplorer.facts import load_sources

    return set(load_sources()["source_id"])


# --- factors.csv ---------------------------------------------------------------------------------


@cache
def _factors_at(directory: str) -> pd.DataFrame:
    file = "factors.csv"
    frame = read_table(file, FACTOR_COLUMNS)
    unique_ids(frame, "id", file)
    fail_rows(frame, ~frame["domain"].isin(DOMAINS), file, f"domain not one of {DOMAINS}")
    fail_rows(frame, frame["label"] == "", file, "no label")
    fail_rows(frame, ~frame["source"].isin(EVIDENCE), file, f"source not one of {EVIDENCE}")
    numeric = FACTOR_COLUMNS[3:9]
    to_numbers(frame, numeric, file)
    to_numbers(frame, ("measure_value", "measure_low", "measure_high"), file, optional=True)
    ordered(frame, "prevalence_low", "prevalence", "prevalence_high", file)
    ordered(frame, "odds_ratio_low", "odds_ratio", "odds_ratio_high", file)
    prevalences = frame[["prevalence_low", "prevalence", "prevalence_high"]]
    fail_rows(frame, ((prevalences <= 0) | (prevalences >= 1)).any(axis=1), file,
              "prevalence not strictly between 0 and 1")  # fmt: skip
    fail_rows(frame, (frame[["odds_ratio_low"]] <= 0).any(axis=1), file, "odds ratio not above 0")
    flag = frame["protective"].str.lower()
    fail_rows(frame, ~flag.isin(("true", "false")), file, "protective is not true or false")
    frame["protective"] = flag == "true"
    fail_rows(frame, frame["protective"] != (frame["odds_ratio"] < 1), file,
              "protective must be true exactly when the odds ratio is below 1")  # fmt: skip
    holders = frame["stakeholders"].str.split(";")
    unknown = holders.map(lambda xs: not xs or any(x not in STAKEHOLDERS for x in xs))
    fail_rows(frame, unknown, file, f"stakeholders not a ;-list of {STAKEHOLDERS}")
    # Provenance: every row says what its strength rests on, in words and by study.
    for column in ("note", "caveat", "range_basis", "prevalence_basis", "conversion"):
        fail_rows(frame, frame[column] == "", file, f"no {column}")
    evidence = frame["source"] != "assumption"
    fail_rows(frame, evidence & frame["measure_value"].isna(), file,
              "estimate without measure_value (write source 'assumption' if none exists)")  # fmt: skip
    fail_rows(frame, evidence & frame["measure"].isin(("", "none")), file,
              "estimate without its measure")  # fmt: skip
    sources = id_lists(frame["source_ids"])
    fail_rows(frame, evidence & (sources.map(len) == 0), file, "estimate without source_ids")
    known = _known_source_ids()
    fail_rows(frame, sources.map(lambda xs: any(x not in known for x in xs)), file,
              "source_ids not in sources.csv")  # fmt: skip
    if not (frame["id"] == "neet").any():
        raise DataError("data.invalid_rows", file=file, problem="no row", rows="neet")
    if len(frame) > MAX_FACTORS:
        raise DataError("data.invalid_rows", file=file, problem="too many factors", rows="")
    return frame.set_index("id", drop=False).rename_axis(None)


def load_factors() -> pd.DataFrame:
    """The factor catalogue from ``data/factors.csv``, validated (public API).

    One row per factor, indexed by ``id``, with columns ``id, domain, label, prevalence,
    prevalence_low, prevalence_high, odds_ratio, odds_ratio_low, odds_ratio_high, protective
    (bool), source (estimate / indirect / assumption), stakeholders (";"-separated), note`` and
    the provenance columns ``measure, measure_value, measure_low, measure_high`` (as published;
    NaN where none), ``conversion, range_basis, population, design, source_ids,
    prevalence_basis, caveat``. Prevalences are fractions. ``odds_ratio`` is the crude
    (bivariate) association the synthetic cohort reproduces. Returns a copy, so callers may
    change it (e.g. a prevalence from a slider).

    Raises
    ------
    DataError
        A row breaks the schema: ranges not ordered ``low ≤ value ≤ high``, a prevalence outside
        (0, 1), an odds ratio ≤ 0, ``protective`` not matching ``odds_ratio < 1``, an unknown
        domain or stakeholder, an estimate without its measure or studies, a study id not in
        ``sources.csv``, or no ``neet`` row.
    """
    return _factors_at(str(data_dir())).copy()


def factor_label(factor_id: str, lang: str = "en") -> str:
    """A factor's name in ``lang``: ``factor.<id>`` in the locale files, else the CSV's English."""
    key = f"factor.{factor_id}"
    return t(key, lang) if has(key, lang) else str(load_factors().at[factor_id, "label"])


def factor_caveat(factor_id: str, lang: str = "en") -> str:
    """What a factor's strength rests on and its limits, in ``lang``: ``factor_caveat.<id>`` in
    the locale files, else the CSV's English ``caveat``."""
    key = f"factor_caveat.{factor_id}"
    return t(key, lang) if has(key, lang) else str(load_factors().at[factor_id, "caveat"])


# --- assumptions.csv -----------------------------------------------------------------------------


@cache
def _assumptions_at(directory: str) -> pd.DataFrame:
    file = "assumptions.csv"
    frame = read_table(file, ASSUMPTION_COLUMNS)
    unique_ids(frame, "id", file)
    missing = [i for i in REQUIRED_ASSUMPTIONS if i not in set(frame["id"])]
    if missing:
        raise DataError(
            "data.invalid_rows", file=file, problem="missing row", rows=", ".join(missing)
        )
    to_numbers(frame, ("value", "low", "high"), file)
    ordered(frame, "low", "value", "high", file)
    fail_rows(frame, frame["unit"] == "", file, "no unit")
    fail_rows(frame, ~frame["basis"].isin(BASES), file, f"basis not one of {BASES}")
    fail_rows(frame, frame["note"] == "", file, "no note (give the formula or the reasoning)")
    percent = frame["unit"] == "%"
    fail_rows(frame, percent & ((frame["low"] < 0) | (frame["high"] > 100)), file,
              "percentage outside 0–100")  # fmt: skip
    share_ids = (
        "neet_prevalence_14_17", "neet_share_offenders", "liable_share_16_17",
        "neet_prevalence_16_17", "neet_prevalence_14_15",
    )  # fmt: skip
    shares = frame["id"].isin(share_ids)
    fail_rows(frame, shares & ((frame["low"] <= 0) | (frame["high"] >= 100)), file,
              "share not strictly between 0% and 100%")  # fmt: skip
    corr = frame["unit"] == "correlation"
    fail_rows(frame, corr & ((frame["low"] < 0) | (frame["high"] > MAX_CORRELATION)), file,
              f"correlation outside 0–{MAX_CORRELATION}")  # fmt: skip
    counts = frame["unit"].isin(("persons", "crimes"))
    fail_rows(frame, counts & (frame["low"] <= 0), file, "count not above 0")
    source_lists = id_lists(frame["source_ids"])
    fail_rows(frame, (frame["basis"] == "derived") & (source_lists.map(len) == 0), file,
              "derived row without source_ids")  # fmt: skip
    known = _known_source_ids()
    fail_rows(frame, source_lists.map(lambda xs: any(x not in known for x in xs)), file,
              "source_ids not in facts.csv or sources.csv")  # fmt: skip
    return frame.set_index("id", drop=False).rename_axis(None)


def load_assumptions() -> pd.DataFrame:
    """Every assumption the model pages rest on, from ``data/assumptions.csv`` (public API).

    Indexed by ``id``; columns ``id, value, low, high`` (floats), ``unit`` (``%`` rows are in
    percent), ``basis`` (``derived`` or ``assumption``), ``source_ids`` (``;``-list of ids in
    ``facts.csv``/``sources.csv``) and ``note`` (the formula or the reasoning). A copy.

    Raises
    ------
    DataError
        A required row is missing, a range is not ordered ``low ≤ value ≤ high``, a share is
        outside (0%, 100%), a derived row cites nothing, or a cited id is unknown.
    """
    return _assumptions_at(str(data_dir())).copy()


# --- actions.csv ---------------------------------------------------------------------------------


def _victim_factor_ids() -> frozenset[str]:
    """The factors of being a victim (``factor`` column of ``data/victim_factors.csv``): their
    actions share ``actions.csv`` but not the offending catalogue's stakeholder lists."""
    return _victim_factor_ids_at(str(data_dir()))


@cache
def _victim_factor_ids_at(directory: str) -> frozenset[str]:
    return frozenset(read_table("victim_factors.csv", ("factor",))["factor"])


@cache
def _all_actions_at(directory: str) -> pd.DataFrame:
    file = "actions.csv"
    frame = read_table(file, ACTION_COLUMNS)
    factors = _factors_at(directory)
    victim = frame["factor"].isin(_victim_factor_ids())
    fail_rows(frame, ~frame["factor"].isin(factors.index) & ~victim, file,
              "factor not in factors.csv or victim_factors.csv")  # fmt: skip
    fail_rows(frame, ~frame["stakeholder"].isin(STAKEHOLDERS), file, "unknown stakeholder")
    fail_rows(frame, ~frame["source"].isin(ACTION_SOURCES), file,
              f"source not one of {ACTION_SOURCES}")  # fmt: skip
    fail_rows(frame, frame["action"] == "", file, "no action")
    fail_rows(frame, frame.duplicated(["factor", "stakeholder"]), file,
              "duplicate factor+stakeholder")  # fmt: skip
    listed = {
        (fid, who) for fid, holders in factors["stakeholders"].items() for who in holders.split(";")
    }
    pairs = list(zip(frame["factor"], frame["stakeholder"], strict=True))
    fail_rows(frame, [p not in listed and not v for p, v in zip(pairs, victim, strict=True)],
              file, "stakeholder not listed for the factor")  # fmt: skip
    lacking = sorted(f"{fid}/{who}" for fid, who in listed - set(pairs))
    if lacking:
        raise DataError(
            "data.invalid_rows", file=file, problem="no action", rows=", ".join(lacking)
        )
    return frame


@cache
def _actions_at(directory: str) -> pd.DataFrame:
    frame = _all_actions_at(directory)
    return frame[frame["factor"].isin(_factors_at(directory).index)].reset_index(drop=True)


def load_victim_actions() -> pd.DataFrame:
    """What each stakeholder can do for children at risk of being victims, from the rows of
    ``data/actions.csv`` whose factor is in ``data/victim_factors.csv``; same columns and
    ``seed``/``practice`` tags as :func:`load_actions`."""
    frame = _all_actions_at(str(data_dir()))
    return frame[frame["factor"].isin(_victim_factor_ids())].reset_index(drop=True)


def load_actions() -> pd.DataFrame:
    """What each stakeholder can do about each factor, from ``data/actions.csv`` (public API).

    Columns ``factor, stakeholder, action, source`` (``seed`` where the seed's stakeholder section
    says it, ``practice`` otherwise). Every stakeholder a factor lists has exactly one action.
    """
    return _actions_at(str(data_dir())).copy()


# --- defaults ------------------------------------------------------------------------------------


def cohort_defaults() -> dict[str, float]:
    """The default settings of :func:`riskexplorer.cohort.make_cohort`, from
    ``data/assumptions.csv``, as fractions.

    Keys: ``n`` and ``population_14_17`` (teenagers aged 14–17), ``offenders_per_year``,
    ``base_rate`` (= offenders_per_year ÷ population_14_17), ``neet_share`` (the local reports'
    mark ``neet_share_local_mark``, ≈ 9.1%, not the briefing's contradicted 50%),
    ``neet_prevalence`` (fractions, not percent) and ``correlation``.
    """
    values = load_assumptions()["value"]
    population = float(values["population_14_17"])
    offenders = float(values["offenders_per_year"])
    return {
        "n": round(population),
        "population_14_17": population,
        "offenders_per_year": offenders,
        "base_rate": offenders / population,
        "neet_share": float(values["neet_share_local_mark"]) / 100,
        "neet_prevalence": float(values["neet_prevalence_14_17"]) / 100,
        "correlation": float(values["cohort_correlation"]),
    }
