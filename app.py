"""riskexplorer's main script in a checkout (``streamlit run app.py``); the app is
:func:`riskexplorer.app.main.run`."""

from riskexplorer.app.main import run

run()
