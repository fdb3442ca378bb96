"""The main script of an installed riskexplorer (``riskexplorer serve`` runs it)."""

from riskexplorer.app.main import run

run()
