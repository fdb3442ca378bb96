"""The main script of an installed riskexplorer (``riskexplorer serve`` runs it)."""

from riskexplorer.app.main import run

# Only as Streamlit's ``__main__``: a ``spawn`` worker imports this file as ``__mp_main__``.
if __name__ == "__main__":
    run()
