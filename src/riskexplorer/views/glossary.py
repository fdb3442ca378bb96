"""One plain sentence for each measure the pages use (RR, PAF, OR, AUC, PPV) and the few terms
a workshop stumbles on; the Methodology page shows them all, and any page can put a measure's
sentence beside its number (``help=glossary.measure("rr", lang)``).

>>> measure("rr", "ru").startswith("Относительный риск (RR): во сколько раз чаще")
True
"""

from __future__ import annotations

from riskexplorer.i18n import t

#: The measures, in the order a reader meets them, and their sentence's key.
MEASURES: dict[str, str] = {
    "rr": "measure.rr", "paf": "measure.paf", "or": "measure.or", "auc": "measure.auc",
    "ppv": "measure.ppv",
}  # fmt: skip
#: Other terms of the glossary.
TERMS: dict[str, str] = {
    "neet": "glossary.neet", "synthetic": "glossary.synthetic",
    "small_counts": "glossary.small_counts",
}  # fmt: skip


def measure(name: str, lang: str) -> str:
    """The plain sentence for a measure (``rr``, ``paf``, ``or``, ``auc``, ``ppv``)."""
    return t(MEASURES[name], lang)


def entries(lang: str) -> list[str]:
    """The glossary in ``lang``: each measure, then each term, one sentence each."""
    return [t(key, lang) for key in (*MEASURES.values(), *TERMS.values())]
