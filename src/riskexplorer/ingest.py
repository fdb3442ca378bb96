"""Read a regional office's anonymised table and turn it into 0/1 model inputs.

The public face of two modules, kept so that ``riskexplorer.ingest.read_table`` and
``riskexplorer.ingest.prepare`` keep working:

- :mod:`riskexplorer.read`: bytes → table (:func:`read_table`, :func:`read_table_with_info`,
  :func:`list_sheets`, :class:`TableInfo`) within the limits of :data:`LIMITS`;
- :mod:`riskexplorer.prepare`: table → model inputs (:func:`prepare`, :func:`prepare_grouped`,
  :func:`to_binary`, :func:`row_numbers`, :func:`suggest_columns`).
"""

from __future__ import annotations

from riskexplorer import prepare as _prepare_module
from riskexplorer import read as _read_module
from riskexplorer.prepare import *  # noqa: F403  (re-exported: the public face of both)
from riskexplorer.read import *  # noqa: F403

__all__ = sorted([*_read_module.__all__, *_prepare_module.__all__])
