"""riskexplorer's main script in a checkout (``streamlit run app.py``); the app is
:func:`riskexplorer.app.main.run`."""

from riskexplorer.app.main import run

# Streamlit runs this file as ``__main__``. A worker process started with ``spawn``
# (riskexplorer.workers) imports the parent's main script as ``__mp_main__``: there it must not
# start the app (which would start the workers' warm-up again, in every child).
if __name__ == "__main__":
    run()
