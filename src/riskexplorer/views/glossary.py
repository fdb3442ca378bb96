"""One plain sentence for each measure the pages use (RR, PAF, OR, AUC, PPV) and the few terms
a workshop stumbles on; the Methodology page shows them all, and any page can put a measure's
sentence beside its number (``help=glossary.measure("rr", lang)``).

>>> measure("rr", "ru").startswith("Относительный риск (ОР): во сколько раз чаще")
True
"""

from __future__ import annotations

from riskexplorer.i18n import t

#: The measures, in the order a reader meets them.
MEASURES: tuple[str, ...] = ("rr", "paf", "or", "auc", "ppv")
#: Other terms of the glossary.
TERMS: tuple[str, ...] = ("neet", "synthetic", "small_counts")


def measure(name: str, lang: str) -> str:
    """The plain sentence for a measure (``rr``, ``paf``, ``or``, ``auc``, ``ppv``)."""
    if name not in MEASURES:
        raise KeyError(name)
    return t(f"measure.{name}", lang)


def entries(lang: str) -> list[str]:
    """The glossary in ``lang``: each measure, then each term, one sentence each."""
    return [measure(m, lang) for m in MEASURES] + [t(f"glossary.{x}", lang) for x in TERMS]
