"""The short answers: one registry of the sentences the Overview opens with and the presentation
view leaves with the room, each built from the figures (so a sentence cannot drift from the data).

A presenter adds its page's answer with :func:`register`; the Overview shows every registered
answer marked ``overview=True`` in ``order``, and a page's presentation view shows its own by id:

>>> from riskexplorer.views import messages
>>> [m.id for m in messages.overview_messages()][:3]
['offending', 'neet', 'against_children']
>>> "2019" in messages.text("offending", "ru")
True

A new page's presenter (``views/victims.py``, ``views/regions.py``, listed in
:data:`PRESENTERS`) registers its answer::

    @messages.register("victims", order=40, fact_ids=("victims_under_18_2025_10m",))
    def _victims_message(lang: str) -> str:
        return t("victims.key", lang, n=F.format_value(F.fact("victims_under_18_2025_10m"), lang))
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

Builder = Callable[[str], str]


@dataclass(frozen=True)
class Message:
    """One short answer: ``build(lang)`` gives its sentences; ``fact_ids`` are the figures it
    rests on (their sources are the answer's sources); ``order`` is its place on the Overview."""

    id: str
    build: Builder
    order: float
    fact_ids: tuple[str, ...] = ()
    overview: bool = True


_REGISTRY: dict[str, Message] = {}


def register(
    message_id: str, *, order: float, fact_ids: tuple[str, ...] = (), overview: bool = True
) -> Callable[[Builder], Builder]:
    """Decorator: register ``build(lang) -> str`` as the answer ``message_id``."""

    def decorate(build: Builder) -> Builder:
        _REGISTRY[message_id] = Message(message_id, build, order, tuple(fact_ids), overview)
        return build

    return decorate


#: The presenters that register answers, imported on first use (a name not yet written is
#: skipped, so a page being added can list itself before its module lands). Not every presenter:
#: the scorecard's pulls in scikit-learn, which the Overview should not wait for.
PRESENTERS: tuple[str, ...] = ("figures", "victims", "regions")


@cache
def _load_presenters() -> None:
    for name in PRESENTERS:
        module = f"riskexplorer.views.{name}"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)


def get(message_id: str) -> Message:
    """The registered answer ``message_id`` (``KeyError`` when no presenter registered it)."""
    _load_presenters()
    return _REGISTRY[message_id]


def text(message_id: str, lang: str) -> str:
    """The answer ``message_id`` in ``lang``, first letter capitalised."""
    sentence = get(message_id).build(lang)
    return sentence[:1].upper() + sentence[1:]


def overview_messages() -> list[Message]:
    """The answers the Overview opens with, in order."""
    _load_presenters()
    return sorted((m for m in _REGISTRY.values() if m.overview), key=lambda m: (m.order, m.id))


def short_answer(lang: str) -> list[str]:
    """The Overview's short answer in ``lang``: one entry (one or two sentences) per answer."""
    return [text(m.id, lang) for m in overview_messages()]
